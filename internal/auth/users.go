package auth

import (
	"context"
	"time"

	"relocate/ent"
	"relocate/ent/user"
	"relocate/internal/apperr"
	"relocate/internal/paging"
	"relocate/internal/viewer"
)

// Users returns one page of the accounts. Administrators only.
func (s *Service) Users(ctx context.Context, p paging.Page, order *ent.UserOrder, where *ent.UserWhereInput) (*ent.UserConnection, error) {
	if !viewer.FromContext(ctx).Can(viewer.ManageUsers) {
		return nil, apperr.ErrForbidden
	}
	p, err := p.Normalize()
	if err != nil {
		return nil, err
	}
	opts := []ent.UserPaginateOption{ent.WithUserOrder(order)}
	if where != nil {
		opts = append(opts, ent.WithUserFilter(where.Filter))
	}
	return s.clientOf(ctx).User.Query().Paginate(ctx, p.After, p.First, p.Before, p.Last, opts...)
}

// Viewer returns the account of the signed-in user; nil for anonymous
// readers.
func (s *Service) Viewer(ctx context.Context) (*ent.User, error) {
	v := viewer.FromContext(ctx)
	if v.UserID == 0 {
		return nil, nil
	}
	q, err := s.clientOf(ctx).User.Query().Where(user.ID(v.UserID)).CollectFields(ctx)
	if err != nil {
		return nil, err
	}
	return q.Only(ctx)
}

// CookieJar keeps a session token in the browser: an empty value removes it.
type CookieJar func(value string, expires time.Time)

type jarKey struct{}

// WithCookieJar returns ctx carrying the request's cookie jar.
func WithCookieJar(ctx context.Context, jar CookieJar) context.Context {
	return context.WithValue(ctx, jarKey{}, jar)
}

// cookieJar returns the jar of ctx; nil outside an HTTP request.
func cookieJar(ctx context.Context) CookieJar {
	jar, _ := ctx.Value(jarKey{}).(CookieJar)
	return jar
}

// ErrNoCookies answers a cookie sign-in where no cookie can be set.
var ErrNoCookies = apperr.New(apperr.BadUserInput, "error.no_cookies", nil)

// KeepInCookie stores the token of s in the browser's session cookie
// instead of handing it to the client.
func KeepInCookie(ctx context.Context, s *Session) error {
	jar := cookieJar(ctx)
	if jar == nil {
		return ErrNoCookies
	}
	jar(s.Token, s.ExpiresAt)
	return nil
}

// ForgetCookie removes the session cookie, if the request has a jar.
func ForgetCookie(ctx context.Context) {
	if jar := cookieJar(ctx); jar != nil {
		jar("", time.Time{})
	}
}
