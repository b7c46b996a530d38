// Package audit writes the append-only audit log: sign-ins, changes and
// reads of personal data, each with who, when, what and from where. An
// entry about a change is written in the change's own transaction, so a
// change that fails leaves no entry and an entry never lacks its change.
package audit

import (
	"context"
	"fmt"

	"entgo.io/contrib/entgql"

	"relocate/ent"
	"relocate/internal/apperr"
	"relocate/internal/paging"
	"relocate/internal/viewer"
)

// Actions recorded.
const (
	Login       = "LOGIN"
	LoginFailed = "LOGIN_FAILED"
	Mutation    = "MUTATION"
	Read        = "READ"
)

// Entry is one event to record.
type Entry struct {
	Action    string
	Operation string
	ObjectIDs []string
	// ActorEmail names the actor when no user is signed in (a failed
	// sign-in: the address tried); otherwise the viewer is the actor.
	ActorEmail string
	ActorID    *int
}

// Request is where a request came from, for the log.
type Request struct {
	IP, ID string
}

type requestKey struct{}

// WithRequest returns ctx carrying the request's origin.
func WithRequest(ctx context.Context, r Request) context.Context {
	return context.WithValue(ctx, requestKey{}, r)
}

// Recorder writes audit entries.
type Recorder struct{ client *ent.Client }

// New returns a recorder writing through client.
func New(client *ent.Client) *Recorder { return &Recorder{client: client} }

// Record writes e, in the transaction of ctx when there is one.
func (r *Recorder) Record(ctx context.Context, e Entry) error {
	client := ent.FromContext(ctx)
	if client == nil {
		client = r.client
	}
	v := viewer.FromContext(ctx)
	req, _ := ctx.Value(requestKey{}).(Request)
	c := client.AuditEntry.Create().SetAction(e.Action).SetOperation(e.Operation).
		SetObjectIds(e.ObjectIDs).SetIP(req.IP).SetRequestID(req.ID)
	switch {
	case e.ActorID != nil:
		c.SetActorID(*e.ActorID).SetActorEmail(e.ActorEmail)
	case v.UserID != 0:
		c.SetActorID(v.UserID).SetActorEmail(v.Email)
	default:
		c.SetActorEmail(e.ActorEmail)
	}
	// The log is the system's own record: written whatever the viewer may read.
	if err := c.Exec(viewer.NewContext(ctx, viewer.Viewer{System: true})); err != nil {
		return fmt.Errorf("audit: record %s %s: %w", e.Action, e.Operation, err)
	}
	return nil
}

// RequestFrom returns the origin of the request in ctx.
func RequestFrom(ctx context.Context) Request {
	r, _ := ctx.Value(requestKey{}).(Request)
	return r
}

// Log returns one page of the audit log, newest first unless order says
// otherwise. Administrators only.
func (r *Recorder) Log(ctx context.Context, p paging.Page, order *ent.AuditEntryOrder, where *ent.AuditEntryWhereInput) (*ent.AuditEntryConnection, error) {
	if !viewer.FromContext(ctx).Can(viewer.ReadAuditLog) {
		return nil, apperr.ErrForbidden
	}
	p, err := p.Normalize()
	if err != nil {
		return nil, err
	}
	if order == nil {
		order = &ent.AuditEntryOrder{Field: ent.AuditEntryOrderFieldCreatedAt, Direction: entgql.OrderDirectionDesc}
	}
	opts := []ent.AuditEntryPaginateOption{ent.WithAuditEntryOrder(order)}
	if where != nil {
		opts = append(opts, ent.WithAuditEntryFilter(where.Filter))
	}
	return r.client.AuditEntry.Query().Paginate(ctx, p.After, p.First, p.Before, p.Last, opts...)
}
