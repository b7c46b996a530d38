// Package viewer carries who is asking through a request's context. It has
// no dependencies inside the project besides lang, so that ent schema
// policies and every service can ask it. Anonymous is the zero value:
// public content only.
package viewer

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"

	"relocate/internal/lang"
)

// Role is what a signed-in user may do.
type Role string

// The roles.
const (
	// Admin manages users and configuration and reads the audit log.
	Admin Role = "ADMIN"
	// Caseworker accompanies newcomers: cases, inquiries, companies.
	Caseworker Role = "CASEWORKER"
	// Editor writes and publishes the guide in every language.
	Editor Role = "EDITOR"
	// Translator writes translations in the languages assigned to them.
	Translator Role = "TRANSLATOR"
	// CompanyContact sees their own company's vacancies and placements.
	CompanyContact Role = "COMPANY_CONTACT"
	// Newcomer sees their own checklist and appointments.
	Newcomer Role = "NEWCOMER"
)

// Roles lists every role.
var Roles = []Role{Admin, Caseworker, Editor, Translator, CompanyContact, Newcomer}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Values lists the stored values.
func (Role) Values() []string {
	v := make([]string, len(Roles))
	for i, r := range Roles {
		v[i] = string(r)
	}
	return v
}

// MarshalGQL writes r as a Role enum value.
func (r Role) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(r))) }

// UnmarshalGQL reads a Role enum value.
func (r *Role) UnmarshalGQL(v any) error {
	s, _ := v.(string)
	if !Role(s).Valid() {
		return fmt.Errorf("viewer: unknown role %v", v)
	}
	*r = Role(s)
	return nil
}

// Viewer is the identity behind one request.
type Viewer struct {
	// System marks work the process does on its own behalf (loading demo
	// content, the command line): it sees and may change everything.
	System bool
	// UserID is the signed-in user; 0 for anonymous readers.
	UserID int
	// Email names the user in logs and the audit trail.
	Email string
	// Name is the user's display name.
	Name  string
	Roles []Role
	// Languages are the languages a translator may write.
	Languages []lang.Code
	// CompanyID binds a company contact to their company (User.company):
	// OwnCompany lets them see that company's slice, nothing without it.
	CompanyID *int
	// CaseID binds a newcomer to their own case (User.case): OwnCase lets
	// them see that case's slice, nothing without it.
	CaseID *int
	// Language is the language the user reads in (their account's
	// preferred language).
	Language lang.Code
	// SessionID is the session the request was signed in with.
	SessionID int
}

// Anonymous reports whether nobody is signed in.
func (v Viewer) Anonymous() bool { return !v.System && v.UserID == 0 }

// Has reports whether the viewer holds any of roles; the system holds all.
func (v Viewer) Has(roles ...Role) bool {
	if v.System {
		return true
	}
	for _, r := range roles {
		if slices.Contains(v.Roles, r) {
			return true
		}
	}
	return false
}

type ctxKey struct{}

// held is a viewer carried by a context, with the capabilities it holds
// (in any language) worked out once: the access table asks for them on
// every field of an operation.
type held struct {
	v   Viewer
	can map[Capability]bool
}

// NewContext returns ctx carrying v.
func NewContext(ctx context.Context, v Viewer) context.Context {
	v.Roles, v.Languages = slices.Clone(v.Roles), slices.Clone(v.Languages)
	h := &held{v: v}
	if !v.System {
		h.can = make(map[Capability]bool, len(capabilities))
		for _, c := range capabilities {
			if v.Can(c) {
				h.can[c] = true
			}
		}
	}
	return context.WithValue(ctx, ctxKey{}, h)
}

// FromContext returns the viewer of ctx; anonymous when none is set.
func FromContext(ctx context.Context) Viewer {
	if h, _ := ctx.Value(ctxKey{}).(*held); h != nil {
		return h.v
	}
	return Viewer{}
}

// CanAny reports whether the viewer of ctx holds any of cs (in any
// language), as FromContext(ctx).Can would for each, from what
// NewContext worked out.
func CanAny(ctx context.Context, cs ...Capability) bool {
	h, _ := ctx.Value(ctxKey{}).(*held)
	if h == nil {
		return false
	}
	if h.v.System {
		return true
	}
	for _, c := range cs {
		if h.can[c] {
			return true
		}
	}
	return false
}

// SystemContext returns ctx acting as the system itself.
func SystemContext(ctx context.Context) context.Context {
	return NewContext(ctx, Viewer{System: true})
}
