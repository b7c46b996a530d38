package checklist

import (
	"context"
	"fmt"
	"time"

	"relocate/ent"
	"relocate/ent/intercept"
)

// Service manages the checklist templates and makes tasks of them.
type Service struct {
	client *ent.Client
	now    func() time.Time
}

// New returns the service over client; now tells the time (nil:
// time.Now). It registers on client the hook that makes and dates the
// tasks of a case's support needs (see the package documentation), and
// interceptors that load the titles of steps with every query of steps
// and of tasks, one statement each per query, so that titles cost no
// statement per task.
func New(client *ent.Client, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	s := &Service{client: client, now: now}
	client.CaseFile.Use(s.generate)
	client.ChecklistItem.Intercept(intercept.TraverseChecklistItem(func(_ context.Context, q *ent.ChecklistItemQuery) error {
		q.WithTranslations()
		return nil
	}))
	client.Task.Intercept(intercept.TraverseTask(func(_ context.Context, q *ent.TaskQuery) error {
		q.WithChecklistItem()
		return nil
	}))
	return s
}

// ent is the client for ctx: the transaction of a GraphQL mutation when
// there is one, so that reads see the mutation's writes.
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
		return fmt.Errorf("checklist: begin: %w", err)
	}
	if err := fn(tx.Client()); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("checklist: commit: %w", err)
	}
	return nil
}
