package agenda

import (
	"context"
	"fmt"
	"time"
	_ "time/tzdata" // Europe/Berlin where the system has no zone data

	"relocate/ent"
	"relocate/ent/appointment"
	"relocate/ent/timelineentry"
	"relocate/internal/apperr"
	"relocate/internal/viewer"

	_ "relocate/ent/runtime" // registers the schema's validators called below
)

// closed is the status of a closed case, as stored.
const closed = "CLOSED"

// NewAppointment is an appointment to schedule.
type NewAppointment struct {
	CaseID   int
	StartsAt time.Time
	// DurationMinutes: nil for an hour.
	DurationMinutes *int
	Kind            appointment.Kind
	// PlaceID is a place of the guide; PlaceText an address written out
	// for anything else. At most one of them.
	PlaceID   *int
	PlaceText string
	Notes     string
}

// allowed answers FORBIDDEN early when the viewer may not manage cases
// (the ent rules would refuse the change anyway).
func allowed(ctx context.Context) error {
	if !viewer.FromContext(ctx).Can(viewer.ManageCases) {
		return apperr.ErrForbidden
	}
	return nil
}

// Schedule schedules an appointment of a case that is not closed and
// writes it on the case's timeline. It starts at most PastDays ago (one
// written down afterwards) and at most FutureYears ahead, and lasts from
// one minute to one day.
func (s *Service) Schedule(ctx context.Context, in NewAppointment) (*ent.Appointment, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	var id int
	err := s.inTx(ctx, func(tx *ent.Client) error {
		var f apperr.Fields
		c, err := tx.CaseFile.Get(ctx, in.CaseID)
		switch {
		case ent.IsNotFound(err):
			f.Check("caseId", errUnknownCase)
		case err != nil:
			return fmt.Errorf("agenda: case %d: %w", in.CaseID, err)
		case string(c.Status) == closed:
			f.Check("caseId", errCaseClosed)
		}
		now := s.now()
		if earliest := now.AddDate(0, 0, -PastDays); in.StartsAt.Before(earliest) {
			f.Check("startsAt", errTooEarly(earliest.In(berlin).Format(time.DateOnly)))
		}
		if latest := now.AddDate(FutureYears, 0, 0); in.StartsAt.After(latest) {
			f.Check("startsAt", errTooLate(latest.In(berlin).Format(time.DateOnly)))
		}
		duration := 60
		if in.DurationMinutes != nil {
			duration = *in.DurationMinutes
		}
		f.Check("durationMinutes", appointment.DurationMinutesValidator(duration))
		if in.PlaceID != nil {
			if in.PlaceText != "" {
				f.Check("placeText", errPlaceTwice)
			}
			switch _, err := tx.Place.Get(ctx, *in.PlaceID); {
			case ent.IsNotFound(err):
				f.Check("placeId", errUnknownPlace)
			case err != nil:
				return fmt.Errorf("agenda: place %d: %w", *in.PlaceID, err)
			}
		}
		f.Check("placeText", appointment.PlaceTextValidator(in.PlaceText))
		f.Check("notes", appointment.NotesValidator(in.Notes))
		if err := f.Err(); err != nil {
			return err
		}
		a, err := tx.Appointment.Create().SetCaseID(in.CaseID).SetStartsAt(in.StartsAt).SetDurationMinutes(duration).
			SetKind(in.Kind).SetNillablePlaceID(in.PlaceID).SetPlaceText(in.PlaceText).SetNotes(in.Notes).Save(ctx)
		if err != nil {
			return fmt.Errorf("agenda: schedule for case %d: %w", in.CaseID, err)
		}
		id = a.ID
		return s.record(ctx, tx, in.CaseID, timelineentry.KindAPPOINTMENT_SCHEDULED, summary(a), a.ID)
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).Appointment.Get(ctx, id)
}

// Cancel cancels an appointment and writes it on the case's timeline. An
// appointment stays on record (calendars show it cancelled); cancelling it
// twice is refused.
func (s *Service) Cancel(ctx context.Context, id int) (*ent.Appointment, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(tx *ent.Client) error {
		a, err := tx.Appointment.Get(ctx, id)
		if ent.IsNotFound(err) {
			return ErrAppointmentNotFound
		}
		if err != nil {
			return fmt.Errorf("agenda: appointment %d: %w", id, err)
		}
		if a.Cancelled {
			return ErrAlreadyCancelled
		}
		if a, err = a.Update().SetCancelled(true).Save(ctx); err != nil {
			return fmt.Errorf("agenda: cancel appointment %d: %w", id, err)
		}
		return s.record(ctx, tx, a.CaseID, timelineentry.KindAPPOINTMENT_CANCELLED, summary(a), a.ID)
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).Appointment.Get(ctx, id)
}

// summary describes an appointment on the timeline, in the API's words:
// "AUTHORITY 2026-12-03 09:30 (60 min)", in Magdeburg's time.
func summary(a *ent.Appointment) string {
	return fmt.Sprintf("%s %s (%d min)", a.Kind, a.StartsAt.In(berlin).Format("2006-01-02 15:04"), a.DurationMinutes)
}

// berlin is Magdeburg's time zone.
var berlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return time.UTC
	}
	return loc
}()
