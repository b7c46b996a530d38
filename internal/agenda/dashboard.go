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
// cases: one statement for the open tasks and one for the upcoming
// appointments of all the cases the query finds. The statements read all
// of those (a case has some ten tasks and a few appointments); OpenTasks
// and NextAppointment pick the first of each case. (A subquery per case
// that reads only the first would cost more than it saves: SQLite runs it
// once per row.)
func (s *Service) Preload(x Extras) func(*ent.CaseFileQuery) {
	return func(q *ent.CaseFileQuery) {
		if x.OpenTasks > 0 {
			q.WithNamedTasks(openTasksEdge, func(tq *ent.TaskQuery) { tq.Where(openTask()).Order(byDue()...) })
		}
		if x.NextAppointment {
			now := s.now()
			q.WithNamedAppointments(nextAppointmentEdge, func(aq *ent.AppointmentQuery) { aq.Where(upcoming(now)) })
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
		// Without a due date last on both databases (PostgreSQL sorts
		// NULL last, SQLite first).
		func(s *sql.Selector) { s.OrderExpr(sql.Expr(s.C(task.FieldDueOn) + " IS NULL")) },
		task.ByDueOn(), task.ByID(),
	}
}

// upcoming is the condition on appointments not cancelled that begin
// after now.
func upcoming(now time.Time) predicate.Appointment {
	return appointment.And(appointment.Cancelled(false), appointment.StartsAtGT(now))
}
