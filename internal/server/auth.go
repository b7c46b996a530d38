package server

import (
	"context"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"relocate/internal/apperr"
	"relocate/internal/audit"
	"relocate/internal/auth"
	"relocate/internal/store"
	"relocate/internal/viewer"
	"relocate/locales"
)

// SessionCookie is the name of the browser session cookie.
const SessionCookie = "relocate_session"

// Authenticator turns a session token into the viewer it belongs to.
type Authenticator interface {
	Authenticate(ctx context.Context, token string) (viewer.Viewer, error)
}

// authenticate puts the viewer of the request's token (Authorization:
// Bearer, or the session cookie) into its context, with a cookie jar for
// signing in and out. A request with a token that is not (or no longer)
// valid is refused with 401, so a client knows to sign in again. Requests
// signed in by cookie must come from this site if they can change anything.
func authenticate(next http.Handler, a Authenticator, catalog *locales.Catalog, crossOrigin *http.CrossOriginProtection) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		secure := r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
		ctx = auth.WithCookieJar(ctx, func(value string, expires time.Time) {
			c := &http.Cookie{Name: SessionCookie, Value: value, Path: "/graphql", HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode}
			if value == "" {
				c.MaxAge = -1
			} else {
				c.Expires = expires
			}
			http.SetCookie(w, c)
		})
		token, byCookie := "", false
		if h := r.Header.Get("Authorization"); h != "" {
			scheme, t, ok := strings.Cut(h, " ")
			if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(t) == "" {
				writeError(w, r, catalog, http.StatusUnauthorized, string(apperr.Unauthenticated), "error.session_expired")
				return
			}
			token = strings.TrimSpace(t)
		} else if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			token, byCookie = c.Value, true
		}
		if token != "" {
			if byCookie && r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodOptions {
				if err := crossOrigin.Check(r); err != nil {
					writeError(w, r, catalog, http.StatusForbidden, string(apperr.Forbidden), "error.cross_site")
					return
				}
			}
			v, err := a.Authenticate(ctx, token)
			if e, ok := apperr.As(err); ok && e.Code == apperr.Unauthenticated {
				if byCookie {
					auth.ForgetCookie(ctx)
				}
				w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
				writeError(w, r, catalog, http.StatusUnauthorized, string(e.Code), e.MessageID)
				return
			}
			if store.Unavailable(err) {
				w.Header().Set("Retry-After", strconv.Itoa(store.RetryAfterSeconds))
				writeError(w, r, catalog, http.StatusServiceUnavailable, string(apperr.ServiceUnavailable), store.MessageUnavailable)
				return
			}
			if err != nil {
				writeError(w, r, catalog, http.StatusInternalServerError, string(apperr.Internal), "error.internal")
				return
			}
			ctx = viewer.NewContext(ctx, v)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// withRequestInfo records where a request came from, for the audit log
// and the throttles of both faces.
func withRequestInfo(next http.Handler, trusted []netip.Prefix) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := audit.WithRequest(r.Context(), audit.Request{IP: clientIP(r, trusted), ID: RequestID(r.Context())})
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// clientIP is the address a request came from. Behind trusted proxies (a
// load balancer) it is the last address in X-Forwarded-For that is not one
// of theirs; otherwise the connection's.
func clientIP(r *http.Request, trusted []netip.Prefix) string {
	addr, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	ip := addr.Addr().Unmap()
	isTrusted := func(a netip.Addr) bool {
		for _, p := range trusted {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
	if !isTrusted(ip) {
		return ip.String()
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if ip = hop.Unmap(); !isTrusted(ip) {
			break
		}
	}
	return ip.String()
}
