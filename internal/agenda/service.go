package agenda

import (
	"context"
	"fmt"
	"time"

	"relocate/ent"
	"relocate/ent/timelineentry"
	"relocate/internal/viewer"
)

// Service schedules appointments and reads the start page.
type Service struct {
	client *ent.Client
	now    func() time.Time
}

// New returns the service over client; now tells the time (nil: time.Now).
func New(client *ent.Client, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{client: client, now: now}
}

// ent is the client for ctx: the transaction of a GraphQL mutation when
// there is one.
func (s *Service) ent(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return s.client
}

// inTx runs fn in the transaction of ctx (a GraphQL mutation runs in one)
// or in a new one, committed when fn returns nil.
func (s *Service) inTx(ctx context.Context, fn func(*ent.Client) error) error {
	if c := ent.FromContext(ctx); c != nil {
		return fn(c)
	}
	tx, err := s.client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("agenda: begin: %w", err)
	}
	if err := fn(tx.Client()); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("agenda: commit: %w", err)
	}
	return nil
}

// record writes one entry on the timeline of case caseID: who, what kind,
// what, about which object.
func (s *Service) record(ctx context.Context, tx *ent.Client, caseID int, kind timelineentry.Kind, summary string, subject int) error {
	v := viewer.FromContext(ctx)
	c := tx.TimelineEntry.Create().SetCaseID(caseID).SetKind(kind).SetSummary(summary).SetCreatedAt(s.now()).
		SetSubjectID(subject)
	if v.UserID != 0 {
		c.SetActorID(v.UserID).SetActorName(v.Name)
	}
	if err := c.Exec(ctx); err != nil {
		return fmt.Errorf("agenda: timeline of case %d: %w", caseID, err)
	}
	return nil
}
