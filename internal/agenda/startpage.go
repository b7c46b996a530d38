package agenda

import (
	"context"
	"fmt"
	"time"

	"entgo.io/ent/dialect/sql"

	"relocate/ent"
	"relocate/ent/appointment"
	"relocate/ent/casefile"
	"relocate/ent/predicate"
	"relocate/ent/schema/schematype"
	"relocate/ent/task"
	"relocate/internal/apperr"
)

// The start page of a user: the open cases, overdue tasks and upcoming
// appointments that are theirs — for a caseworker the cases they work on
// (and tasks assigned to them), for a newcomer their own case. Which of
// these the reader may see is decided by the ent rules as for every read,
// so a newcomer reading their own start page sees their own case's, and
// nobody sees through another user's start page what they could not see
// otherwise.

// listSize checks the size a start-page list was asked for.
func listSize(first *int) (int, error) {
	switch {
	case first == nil:
		return DefaultList, nil
	case *first < 0 || *first > MaxList:
		return 0, errListSize
	}
	return *first, nil
}

// notClosed is the condition on cases that are open (also on hold).
func notClosed() predicate.CaseFile {
	return predicate.CaseFile(sql.FieldNEQ(casefile.FieldStatus, closed))
}

// casesOf is the condition on the cases of user u: those they work on and
// their own.
func casesOf(u *ent.User) predicate.CaseFile {
	p := casefile.CaseworkerID(u.ID)
	if u.CaseID != nil {
		p = casefile.Or(p, casefile.ID(*u.CaseID))
	}
	return p
}

// OpenCases returns the open cases of u, the one with the earliest due
// task first, at most first (default DefaultList), with x.
func (s *Service) OpenCases(ctx context.Context, u *ent.User, first *int, x Extras) ([]*ent.CaseFile, error) {
	n, err := listSize(first)
	if err != nil {
		return nil, apperr.OnField("first", err)
	}
	if n == 0 {
		return nil, nil
	}
	q, err := s.ent(ctx).CaseFile.Query().Where(casesOf(u), notClosed()).
		Order(casefile.ByNextDueOn(), casefile.ByOpenedOn(), casefile.ByID()).Limit(n).CollectFields(ctx)
	if err != nil {
		return nil, err
	}
	s.Preload(x)(q)
	cases, err := q.All(ctx)
	if err != nil {
		return nil, fmt.Errorf("agenda: open cases of user %d: %w", u.ID, err)
	}
	return cases, nil
}

// OverdueTasks returns the tasks of u's open cases (and those assigned to
// u) that are not done and were due before today, the longest overdue
// first, at most first (default DefaultList).
func (s *Service) OverdueTasks(ctx context.Context, u *ent.User, first *int) ([]*ent.Task, error) {
	n, err := listSize(first)
	if err != nil {
		return nil, apperr.OnField("first", err)
	}
	if n == 0 {
		return nil, nil
	}
	today := schematype.Today(s.now())
	q, err := s.ent(ctx).Task.Query().Where(
		task.StatusIn(task.StatusOPEN, task.StatusIN_PROGRESS),
		task.DueOnLT(today),
		task.HasCaseFileWith(notClosed()),
		task.Or(task.HasCaseFileWith(casesOf(u)), task.AssigneeID(u.ID)),
	).Order(task.ByDueOn(), task.ByID()).Limit(n).CollectFields(ctx)
	if err != nil {
		return nil, err
	}
	tasks, err := q.All(ctx)
	if err != nil {
		return nil, fmt.Errorf("agenda: overdue tasks of user %d: %w", u.ID, err)
	}
	return tasks, nil
}

// UpcomingAppointments returns the appointments of u's open cases that are
// not cancelled, from the start of today (Magdeburg's time) until days
// ahead, the earliest first, at most first (default DefaultList).
func (s *Service) UpcomingAppointments(ctx context.Context, u *ent.User, days int, first *int) ([]*ent.Appointment, error) {
	var f apperr.Fields
	if days < 1 || days > MaxDays {
		f.Check("days", errDays)
	}
	n, err := listSize(first)
	f.Check("first", err)
	if err := f.Err(); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, nil
	}
	now := s.now().In(berlin)
	from := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, berlin)
	q, err := s.ent(ctx).Appointment.Query().Where(
		appointment.Cancelled(false),
		appointment.StartsAtGTE(from),
		appointment.StartsAtLT(now.AddDate(0, 0, days)),
		appointment.HasCaseFileWith(casesOf(u), notClosed()),
	).Order(appointment.ByStartsAt(), appointment.ByID()).Limit(n).CollectFields(ctx)
	if err != nil {
		return nil, err
	}
	appts, err := q.All(ctx)
	if err != nil {
		return nil, fmt.Errorf("agenda: upcoming appointments of user %d: %w", u.ID, err)
	}
	return appts, nil
}
