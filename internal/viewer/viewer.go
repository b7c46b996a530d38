// Package viewer carries who is asking through a request's context. It has
// no dependencies inside the project so that ent schema policies and every
// service can ask it. Anonymous is the zero value: public content only.
package viewer

import "context"

// Viewer is the identity behind one request.
type Viewer struct {
	// System marks work the process does on its own behalf (loading demo
	// content, migrations): it sees and may change everything.
	System bool
}

// CanSeeUnpublished reports whether drafts and archived content are visible.
func (v Viewer) CanSeeUnpublished() bool { return v.System }

type ctxKey struct{}

// NewContext returns ctx carrying v.
func NewContext(ctx context.Context, v Viewer) context.Context {
	return context.WithValue(ctx, ctxKey{}, v)
}

// FromContext returns the viewer of ctx; anonymous when none is set.
func FromContext(ctx context.Context) Viewer {
	v, _ := ctx.Value(ctxKey{}).(Viewer)
	return v
}

// SystemContext returns ctx acting as the system itself.
func SystemContext(ctx context.Context) context.Context {
	return NewContext(ctx, Viewer{System: true})
}
