package agenda

import (
	"context"
	"fmt"
	"slices"
	"time"

	"entgo.io/ent/dialect/sql"

	"relocate/ent"
	"relocate/ent/appointment"
	"relocate/ent/predicate"
	"relocate/ent/task"
	"relocate/internal/apperr"
)

// What a dashboard shows of each case of a list beside the case itself:
// its next open tasks and its next appointment. A list of cases loads them
// for all its cases at once (Preload: one statement each, whatever the
// number of cases); a case read alone loads them when asked.

// DefaultOpenTasks is how many open tasks Case.openTasks gives when not
// told.
const DefaultOpenTasks = 3

// Extras are what a list of cases is asked for beside the cases: the first
// OpenTasks open tasks of each (0: none) and the next appointment.
type Extras struct {
	OpenTasks       int
	NextAppointment bool
}

// Names of the edges Preload loads.
const (
	openTasksEdge       = "dashboard-open-tasks"
	nextAppointmentEdge = "dashboard-next-appointment"
)

// Preload returns the option of a query of cases that loads x with the
// cases: one statement for the tasks and one for the appointments of all
// the cases the query finds.
func (s *Service) Preload(x Extras) func(*ent.CaseFileQuery) {
	return func(q *ent.CaseFileQuery) {
		if n := min(x.OpenTasks, MaxList); n > 0 {
			q.WithNamedTasks(openTasksEdge, func(tq *ent.TaskQuery) {
				tq.Where(openTask(), firstOpenOfCase(n)).Order(byDue()...)
			})
		}
		if x.NextAppointment {
			now := s.now()
			q.WithNamedAppointments(nextAppointmentEdge, func(aq *ent.AppointmentQuery) {
				aq.Where(upcoming(now), nextOfCase(now))
			})
		}
	}
}

// OpenTasks returns the first open tasks of case c (OPEN or IN_PROGRESS),
// the earliest due first and those without a due date last: first of them
// (default DefaultOpenTasks, at most MaxList).
func (s *Service) OpenTasks(ctx context.Context, c *ent.CaseFile, first *int) ([]*ent.Task, error) {
	n := DefaultOpenTasks
	if first != nil {
		n = *first
	}
	if n < 0 || n > MaxList {
		return nil, apperr.OnField("first", errListSize)
	}
	tasks, err := c.NamedTasks(openTasksEdge)
	if err != nil { // not preloaded: the case is read alone
		tasks, err = s.ent(ctx).Task.Query().Where(task.CaseID(c.ID), openTask()).Order(byDue()...).Limit(n).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("agenda: open tasks of case %d: %w", c.ID, err)
		}
	}
	return tasks[:min(n, len(tasks))], nil
}

// NextAppointment returns the appointment of case c that begins next and
// is not cancelled; nil when there is none.
func (s *Service) NextAppointment(ctx context.Context, c *ent.CaseFile) (*ent.Appointment, error) {
	appts, err := c.NamedAppointments(nextAppointmentEdge)
	if err != nil { // not preloaded: the case is read alone
		appts, err = s.ent(ctx).Appointment.Query().Where(appointment.CaseID(c.ID), upcoming(s.now())).
			Order(appointment.ByStartsAt(), appointment.ByID()).Limit(1).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("agenda: next appointment of case %d: %w", c.ID, err)
		}
	}
	if len(appts) == 0 {
		return nil, nil
	}
	return slices.MinFunc(appts, func(a, b *ent.Appointment) int {
		if c := a.StartsAt.Compare(b.StartsAt); c != 0 {
			return c
		}
		return a.ID - b.ID
	}), nil
}

// openTask is the condition on tasks still to do.
func openTask() predicate.Task { return task.StatusIn(task.StatusOPEN, task.StatusIN_PROGRESS) }

// byDue orders tasks by due date, those without one last, then by ID.
func byDue() []task.OrderOption {
	return []task.OrderOption{
		func(s *sql.Selector) { s.OrderExpr(isNull(s.C(task.FieldDueOn))) },
		task.ByDueOn(), task.ByID(),
	}
}

// isNull is the expression "column IS NULL", for ordering rows without a
// value last on both databases (PostgreSQL sorts nulls last, SQLite
// first).
func isNull(column string) sql.Querier {
	return sql.ExprFunc(func(b *sql.Builder) { b.Ident(column).WriteString(" IS NULL") })
}

// firstOpenOfCase is the condition on tasks that are among the first n
// open tasks of their case (in the order of byDue): a subquery per case
// that reads n rows of the index on case, status and due date.
func firstOpenOfCase(n int) predicate.Task {
	return func(s *sql.Selector) {
		t := sql.Table(task.Table).As("first_open")
		due := t.C(task.FieldDueOn)
		sub := sql.Select(t.C(task.FieldID)).From(t).Where(sql.And(
			sql.ColumnsEQ(t.C(task.FieldCaseID), s.C(task.FieldCaseID)),
			sql.In(t.C(task.FieldStatus), string(task.StatusOPEN), string(task.StatusIN_PROGRESS)),
		)).OrderExpr(isNull(due)).OrderBy(due, t.C(task.FieldID)).Limit(n)
		s.Where(sql.In(s.C(task.FieldID), sub))
	}
}

// upcoming is the condition on appointments not cancelled that begin
// after now.
func upcoming(now time.Time) predicate.Appointment {
	return appointment.And(appointment.Cancelled(false), appointment.StartsAtGT(now))
}

// nextOfCase is the condition on the appointment of its case that begins
// next after now and is not cancelled.
func nextOfCase(now time.Time) predicate.Appointment {
	return func(s *sql.Selector) {
		a := sql.Table(appointment.Table).As("next_appointment")
		sub := sql.Select(a.C(appointment.FieldID)).From(a).Where(sql.And(
			sql.ColumnsEQ(a.C(appointment.FieldCaseID), s.C(appointment.FieldCaseID)),
			sql.EQ(a.C(appointment.FieldCancelled), false),
			sql.GT(a.C(appointment.FieldStartsAt), now),
		)).OrderBy(a.C(appointment.FieldStartsAt), a.C(appointment.FieldID)).Limit(1)
		s.Where(sql.In(s.C(appointment.FieldID), sub))
	}
}
