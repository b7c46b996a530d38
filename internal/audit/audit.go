// Package audit writes the append-only audit log: sign-ins, changes and
// reads of personal data, each with who, when, what and from where. An
// entry about a change is written in the change's own transaction, so a
// change that fails leaves no entry and an entry never lacks its change.
// Refusals that repeat (throttled sign-ins, fields a viewer may not use)
// are summed up per window, so that no client can flood the log.
package audit

import (
	"context"
	"fmt"
	"sync"
	"time"

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
	// Refused is an attempt the field gate or a row rule refused
	// (FORBIDDEN or UNAUTHENTICATED).
	Refused = "REFUSED"
)

// Entry is one event to record.
type Entry struct {
	Action    string
	Operation string
	ObjectIDs []string
	// ActorEmail names the actor when no user is signed in (a failed
	// sign-in: the account tried); otherwise the viewer is the actor.
	ActorEmail string
	ActorID    *int
	// Count is how many events of the kind the entry stands for; 0 means 1.
	Count int
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

// RequestFrom returns the origin of the request in ctx.
func RequestFrom(ctx context.Context) Request {
	r, _ := ctx.Value(requestKey{}).(Request)
	return r
}

// Options configure a Recorder.
type Options struct {
	// Window is how long repeated refusals of one kind are summed up into
	// one entry.
	Window time.Duration
	// Now tells the time of repeated refusals; nil: time.Now.
	Now func() time.Time
}

// Recorder writes audit entries.
type Recorder struct {
	client *ent.Client
	window time.Duration
	now    func() time.Time

	mu      sync.Mutex
	tallies map[tallyKey]*tally
	swept   time.Time
}

// New returns a recorder writing through client.
func New(client *ent.Client, o Options) (*Recorder, error) {
	if o.Window <= 0 {
		return nil, fmt.Errorf("audit: no window for repeated refusals: %+v", o)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Recorder{client: client, window: o.Window, now: o.Now, tallies: map[tallyKey]*tally{}}, nil
}

// row is an entry as it is stored: with its actor and origin worked out.
type row struct {
	Entry
	req        Request
	actorID    *int
	actorEmail string
	count      int
	at         time.Time // zero: now, by the database default
}

// resolve works out who acted and from where: the entry's actor, else
// the signed-in viewer, else the address an anonymous actor gave.
func resolve(ctx context.Context, e Entry) row {
	w := row{Entry: e, req: RequestFrom(ctx), count: max(e.Count, 1)}
	v := viewer.FromContext(ctx)
	switch {
	case e.ActorID != nil:
		id := *e.ActorID
		w.actorID, w.actorEmail = &id, e.ActorEmail
	case v.UserID != 0:
		id := v.UserID
		w.actorID, w.actorEmail = &id, v.Email
	default:
		w.actorEmail = e.ActorEmail
	}
	return w
}

// Record writes e, in the transaction of ctx when there is one.
func (r *Recorder) Record(ctx context.Context, e Entry) error {
	client := ent.FromContext(ctx)
	if client == nil {
		client = r.client
	}
	return write(ctx, client, resolve(ctx, e))
}

func write(ctx context.Context, client *ent.Client, w row) error {
	c := client.AuditEntry.Create().SetAction(w.Action).SetOperation(w.Operation).
		SetObjectIds(w.ObjectIDs).SetIP(w.req.IP).SetRequestID(w.req.ID).SetActorEmail(w.actorEmail).
		SetNillableActorID(w.actorID).SetCount(max(w.count, 1))
	if !w.at.IsZero() {
		c.SetCreatedAt(w.at)
	}
	// The log is the system's own record: written whatever the viewer may read.
	if err := c.Exec(viewer.NewContext(ctx, viewer.Viewer{System: true})); err != nil {
		return fmt.Errorf("audit: record %s %s: %w", w.Action, w.Operation, err)
	}
	return nil
}

// Log returns one page of the audit log, newest first unless order says
// otherwise. Administrators only. Repeated refusals still being summed up
// are written first, so the page shows them.
func (r *Recorder) Log(ctx context.Context, p paging.Page, order *ent.AuditEntryOrder, where *ent.AuditEntryWhereInput) (*ent.AuditEntryConnection, error) {
	if !viewer.FromContext(ctx).Can(viewer.ReadAuditLog) {
		return nil, apperr.ErrForbidden
	}
	p, err := p.Normalize()
	if err != nil {
		return nil, err
	}
	if err := r.Flush(ctx); err != nil {
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
