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
// Tasks and Appointments, when set, narrow the queries of those (to the
// columns and edges an operation asks for).
type Extras struct {
	OpenTasks       int
	NextAppointment bool
	Tasks           func(*ent.TaskQuery)
	Appointments    func(*ent.AppointmentQuery)
}

// Names of the edges Preload loads.
const (
	openTasksEdge       = "dashboard-open-tasks"
	nextAppointmentEdge = "dashboard-next-appointment"
)

// Preload returns the option of a query of cases that loads x with the
// cases: one statement for the open tasks and one for the upcoming
// appointments of all the cases the query finds. Each statement ranks the
// rows of each case (a window over the index of its case) and hands out
// only the first OpenTasks open tasks and the next appointment of each:
// the rest (a case has some ten tasks and a few appointments) is never
// sent, scanned or parsed.
func (s *Service) Preload(x Extras) func(*ent.CaseFileQuery) {
	return func(q *ent.CaseFileQuery) {
		if x.OpenTasks > 0 {
			q.WithNamedTasks(openTasksEdge, func(tq *ent.TaskQuery) {
				tq.Where(openTask()).Order(byDue()...)
				if x.Tasks != nil {
					x.Tasks(tq)
				}
				tq.Modify(firstOfEachCase(task.Table, task.FieldID, task.FieldCaseID, x.OpenTasks, dueOrder))
			})
		}
		if x.NextAppointment {
			now := s.now()
			q.WithNamedAppointments(nextAppointmentEdge, func(aq *ent.AppointmentQuery) {
				aq.Where(upcoming(now))
				if x.Appointments != nil {
					x.Appointments(aq)
				}
				aq.Modify(firstOfEachCase(appointment.Table, appointment.FieldID, appointment.FieldCaseID, 1, startOrder))
			})
		}
	}
}

// firstOfEachCase returns the modifier of a query of rows of table (with
// primary key id and the case in caseColumn) that keeps, of the rows it
// finds, only the first n of each case in the order orderBy writes (on
// the table's name): rows whose id is among those ranked first by a window
// over the query's own condition. It runs after the condition is set, as
// ent runs modifiers last.
func firstOfEachCase(table, id, caseColumn string, n int, orderBy func(t *sql.SelectTable) string) func(*sql.Selector) {
	return func(s *sql.Selector) {
		b := sql.Dialect(s.Dialect())
		t := b.Table(table)
		ranked := b.Select(t.C(id)).
			AppendSelectExpr(sql.Expr(fmt.Sprintf("ROW_NUMBER() OVER (PARTITION BY %s ORDER BY %s) AS dashboard_rank", t.C(caseColumn), orderBy(t)))).
			From(t).SetP(s.P()).As("dashboard_ranked")
		first := b.Select(ranked.C(id)).From(ranked).Where(sql.LTE(ranked.C("dashboard_rank"), n))
		s.Where(sql.In(s.C(id), first))
	}
}

// dueOrder writes the order of byDue.
func dueOrder(t *sql.SelectTable) string {
	return fmt.Sprintf("%s IS NULL, %s, %s", t.C(task.FieldDueOn), t.C(task.FieldDueOn), t.C(task.FieldID))
}

// startOrder writes the order of appointments by start, then ID.
func startOrder(t *sql.SelectTable) string {
	return fmt.Sprintf("%s, %s", t.C(appointment.FieldStartsAt), t.C(appointment.FieldID))
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
