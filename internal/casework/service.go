package casework

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"entgo.io/ent/dialect/sql"

	"relocate/ent"
	"relocate/ent/casefile"
	"relocate/ent/hook"
	"relocate/ent/schema/schematype"
	"relocate/ent/task"
	"relocate/ent/timelineentry"
	"relocate/internal/apperr"
	"relocate/internal/viewer"
)

// Service is case management's domain layer.
type Service struct {
	client *ent.Client
	now    func() time.Time
}

// New returns the service over client; now tells the time (nil:
// time.Now). It registers a hook on client that keeps each case's
// next_due_on (the earliest due date of its open tasks, for ordering and
// the overdue filter) in step with its tasks, whoever changes them.
func New(client *ent.Client, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	s := &Service{client: client, now: now}
	client.Task.Use(nextDueHook)
	return s
}

// today is the current date in Magdeburg, as dates are stored.
func (s *Service) today() time.Time { return schematype.Today(s.now()) }

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
		return fmt.Errorf("casework: begin: %w", err)
	}
	if err := fn(tx.Client()); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("casework: commit: %w", err)
	}
	return nil
}

// allowed answers FORBIDDEN early when the viewer may not manage cases
// (the ent rules would refuse the change anyway).
func allowed(ctx context.Context) error {
	if !viewer.FromContext(ctx).Can(viewer.ManageCases) {
		return apperr.ErrForbidden
	}
	return nil
}

// notFound turns ent's not-found error into the user error nf.
func notFound(err, nf error) error {
	if ent.IsNotFound(err) {
		return nf
	}
	return err
}

// record writes one entry on the timeline of case caseID: who, what kind,
// what, about which object (0: the case itself).
func (s *Service) record(ctx context.Context, tx *ent.Client, caseID int, kind timelineentry.Kind, summary string, subject int) error {
	v := viewer.FromContext(ctx)
	c := tx.TimelineEntry.Create().SetCaseID(caseID).SetKind(kind).SetSummary(summary).SetCreatedAt(s.now())
	if v.UserID != 0 {
		c.SetActorID(v.UserID).SetActorName(v.Name)
	}
	if subject != 0 {
		c.SetSubjectID(subject)
	}
	if err := c.Exec(ctx); err != nil {
		return fmt.Errorf("casework: timeline of case %d: %w", caseID, err)
	}
	return nil
}

// nextDueHook keeps next_due_on of the cases whose tasks a mutation
// creates, changes or deletes: one statement per case after the change.
func nextDueHook(next ent.Mutator) ent.Mutator {
	return hook.TaskFunc(func(ctx context.Context, m *ent.TaskMutation) (ent.Value, error) {
		_, status := m.Status()
		_, due := m.DueOn()
		if !m.Op().Is(ent.OpCreate) && !m.Op().Is(ent.OpDelete|ent.OpDeleteOne) && !status && !due && !m.DueOnCleared() {
			return next.Mutate(ctx, m)
		}
		var cases []int
		sys := viewer.SystemContext(ctx)
		if id, ok := m.CaseID(); ok {
			cases = append(cases, id)
		} else {
			ids, err := m.IDs(sys)
			if err != nil {
				return nil, fmt.Errorf("casework: tasks changed: %w", err)
			}
			if err := m.Client().Task.Query().Where(task.IDIn(ids...)).Unique(true).
				Select(task.FieldCaseID).Scan(sys, &cases); err != nil {
				return nil, fmt.Errorf("casework: cases of tasks: %w", err)
			}
		}
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return nil, err
		}
		if err := refreshNextDue(sys, m.Client(), cases); err != nil {
			return nil, err
		}
		return v, nil
	})
}

// refreshNextDue sets next_due_on of cases to the earliest due date of
// their open tasks (schematype.NoDate when there is none).
func refreshNextDue(ctx context.Context, c *ent.Client, cases []int) error {
	if len(cases) == 0 {
		return nil
	}
	err := c.CaseFile.Update().Where(casefile.IDIn(cases...)).Modify(func(u *sql.UpdateBuilder) {
		u.Set(casefile.FieldNextDueOn, sql.ExprFunc(func(b *sql.Builder) {
			b.WriteString("COALESCE((SELECT MIN(").WriteString(task.FieldDueOn).WriteString(") FROM ").
				WriteString(task.Table).WriteString(" WHERE ").WriteString(task.Table + "." + task.FieldCaseID).
				WriteString(" = ").WriteString(casefile.Table + "." + casefile.FieldID).
				WriteString(" AND ").WriteString(task.FieldStatus).WriteString(" IN (")
			b.Arg(string(task.StatusOPEN)).Comma().Arg(string(task.StatusIN_PROGRESS))
			b.WriteString(")), ")
			b.Arg(schematype.NoDate)
			b.WriteString(")")
		}))
	}).Exec(ctx)
	if err != nil {
		return fmt.Errorf("casework: next due date of cases %v: %w", cases, err)
	}
	return nil
}

// gid is a global ID as the API shows it, for timeline summaries.
func gid(id int) string { return strconv.Itoa(id) }
