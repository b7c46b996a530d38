package network

import (
	"context"
	"fmt"
	"strings"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"relocate/ent"
	"relocate/ent/company"
	"relocate/ent/place"
	"relocate/ent/training"
	"relocate/ent/trainingbooking"
	"relocate/internal/apperr"
	"relocate/internal/casework"
	"relocate/internal/lang"
	"relocate/internal/paging"
	"relocate/internal/viewer"
)

// TrainingInput is a training session staff offer.
type TrainingInput struct {
	Title           string
	StartsAt        time.Time
	DurationMinutes *int
	Trainer         *string
	Language        *lang.Code
	// Capacity is how many participants the session takes in all.
	Capacity int
	// PlaceID is a place of the guide; PlaceText an address written out
	// instead. At most one of them.
	PlaceID     *int
	PlaceText   *string
	Description *string
}

// CreateTraining offers a new intercultural training session. It starts
// in the future.
func (s *Service) CreateTraining(ctx context.Context, in TrainingInput) (*ent.Training, error) {
	if err := require(ctx, viewer.ManageCases); err != nil {
		return nil, err
	}
	in.Title = strings.TrimSpace(in.Title)
	var out *ent.Training
	err := s.inTx(ctx, func(tx *ent.Client) error {
		var f apperr.Fields
		f.Check("title", training.TitleValidator(in.Title))
		if !in.StartsAt.After(s.now()) {
			f.Check("startsAt", errStartsInPast)
		}
		if in.DurationMinutes != nil {
			f.Check("durationMinutes", training.DurationMinutesValidator(*in.DurationMinutes))
		}
		check(&f, "trainer", training.TrainerValidator, in.Trainer)
		f.Check("capacity", training.CapacityValidator(in.Capacity))
		check(&f, "placeText", training.PlaceTextValidator, in.PlaceText)
		check(&f, "description", training.DescriptionValidator, in.Description)
		if in.PlaceID != nil {
			if in.PlaceText != nil && strings.TrimSpace(*in.PlaceText) != "" {
				f.Check("placeText", errPlaceOrText)
			}
			ok, err := tx.Place.Query().Where(place.ID(*in.PlaceID)).Exist(ctx)
			if err != nil {
				return fmt.Errorf("network: place of a training: %w", err)
			}
			if !ok {
				f.Check("placeId", errUnknown)
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		var err error
		out, err = tx.Training.Create().SetTitle(in.Title).SetStartsAt(in.StartsAt).
			SetNillableDurationMinutes(in.DurationMinutes).SetNillableTrainer(in.Trainer).
			SetNillableLanguage(in.Language).SetCapacity(in.Capacity).SetNillablePlaceID(in.PlaceID).
			SetNillablePlaceText(in.PlaceText).SetNillableDescription(in.Description).Save(ctx)
		if err != nil {
			return fmt.Errorf("network: create training: %w", err)
		}
		return nil
	})
	return out, err
}

// Trainings returns a page of the training sessions; without order, the
// earliest first. Staff and company contacts (who book them) see them.
func (s *Service) Trainings(ctx context.Context, p paging.Page, order *ent.TrainingOrder, where *ent.TrainingWhereInput) (*ent.TrainingConnection, error) {
	if err := require(ctx, viewer.ManageCases, viewer.OwnCompany); err != nil {
		return nil, err
	}
	p, err := p.Normalize()
	if err != nil {
		return nil, err
	}
	if order == nil {
		order = &ent.TrainingOrder{Field: ent.TrainingOrderFieldStartsAt, Direction: entgql.OrderDirectionAsc}
	}
	opts := []ent.TrainingPaginateOption{ent.WithTrainingOrder(order)}
	if where != nil {
		opts = append(opts, ent.WithTrainingFilter(where.Filter))
	}
	return s.ent(ctx).Training.Query().Paginate(ctx, p.After, p.First, p.Before, p.Last, opts...)
}

// booked returns how many participants all companies but except have
// booked for training id (except 0: all companies), whoever asks.
func booked(ctx context.Context, tx *ent.Client, id, except int) (int, error) {
	n, err := tx.TrainingBooking.Query().
		Where(trainingbooking.TrainingID(id), trainingbooking.CompanyIDNEQ(except)).
		Select(trainingbooking.FieldParticipants).Ints(viewer.SystemContext(ctx))
	if err != nil {
		return 0, fmt.Errorf("network: bookings of training %d: %w", id, err)
	}
	sum := 0
	for _, v := range n {
		sum += v
	}
	return sum, nil
}

// PlacesLeft returns how many participants training t can still take.
func (s *Service) PlacesLeft(ctx context.Context, t *ent.Training) (int, error) {
	n, err := booked(ctx, s.ent(ctx), t.ID, 0)
	if err != nil {
		return 0, err
	}
	return max(t.Capacity-n, 0), nil
}

// Booking is a company's booking of a training.
type Booking struct {
	TrainingID int
	// CompanyID is the company that books; a company contact's own when
	// nil.
	CompanyID    *int
	Participants int
}

// lockRow makes the statement take the row's lock until the transaction
// ends (PostgreSQL; SQLite transactions hold the database's write lock
// from their start).
func lockRow(s *sql.Selector) {
	if s.Dialect() == dialect.Postgres {
		s.ForUpdate()
	}
}

// BookTraining books participants of a company for a training, or
// changes the number its booking has. Staff book for any company, a
// company contact for their own. A booking beyond the places left is
// refused, also when companies book at the same moment: bookings of one
// training take turns on its row. Once the training has begun, bookings
// are closed.
func (s *Service) BookTraining(ctx context.Context, in Booking) (*ent.TrainingBooking, error) {
	if err := require(ctx, viewer.ManageCases, viewer.OwnCompany); err != nil {
		return nil, err
	}
	v := viewer.FromContext(ctx)
	companyID := in.CompanyID
	if companyID == nil && !v.Can(viewer.ManageCases) {
		companyID = v.CompanyID
	}
	var out *ent.TrainingBooking
	err := s.inTx(ctx, func(tx *ent.Client) error {
		if _, err := tx.Training.Query().Where(training.ID(in.TrainingID)).Select(training.FieldID).Modify(lockRow).Ints(ctx); err != nil {
			return fmt.Errorf("network: lock training %d: %w", in.TrainingID, err)
		}
		t, err := tx.Training.Get(ctx, in.TrainingID)
		if err != nil {
			return notFound(err, ErrTrainingNotFound)
		}
		if companyID == nil {
			return apperr.OnField("companyId", errCompanyRequired)
		}
		// The company as the viewer sees it: a company contact sees only
		// their own.
		if ok, err := tx.Company.Query().Where(company.ID(*companyID)).Exist(ctx); err != nil {
			return fmt.Errorf("network: company %d: %w", *companyID, err)
		} else if !ok {
			return casework.ErrCompanyNotFound
		}
		var f apperr.Fields
		if !t.StartsAt.After(s.now()) {
			f.Check("trainingId", errBookingClosed)
		}
		f.Check("participants", trainingbooking.ParticipantsValidator(in.Participants))
		if err := f.Err(); err != nil {
			return err
		}
		others, err := booked(ctx, tx, t.ID, *companyID)
		if err != nil {
			return err
		}
		if left := max(t.Capacity-others, 0); in.Participants > left {
			return apperr.OnField("participants", errPlacesLeft(left))
		}
		cur, err := tx.TrainingBooking.Query().
			Where(trainingbooking.TrainingID(t.ID), trainingbooking.CompanyID(*companyID)).Only(ctx)
		switch {
		case ent.IsNotFound(err):
			out, err = tx.TrainingBooking.Create().SetTrainingID(t.ID).SetCompanyID(*companyID).
				SetParticipants(in.Participants).Save(ctx)
		case err == nil:
			out, err = cur.Update().SetParticipants(in.Participants).Save(ctx)
		}
		if err != nil {
			return fmt.Errorf("network: book training %d for company %d: %w", t.ID, *companyID, err)
		}
		return nil
	})
	return out, err
}

// RecordAttendance records how many of a booking's participants came;
// not more than were booked, and only once the training has begun.
func (s *Service) RecordAttendance(ctx context.Context, bookingID, attended int) (*ent.TrainingBooking, error) {
	if err := require(ctx, viewer.ManageCases); err != nil {
		return nil, err
	}
	var out *ent.TrainingBooking
	err := s.inTx(ctx, func(tx *ent.Client) error {
		b, err := tx.TrainingBooking.Query().Where(trainingbooking.ID(bookingID)).WithTraining().Only(ctx)
		if err != nil {
			return notFound(err, ErrBookingNotFound)
		}
		var f apperr.Fields
		switch {
		case b.Edges.Training.StartsAt.After(s.now()):
			f.Check("bookingId", errNotYetHeld)
		case attended > b.Participants:
			f.Check("attended", errAttendedTooMany(b.Participants))
		default:
			f.Check("attended", trainingbooking.AttendedValidator(attended))
		}
		if err := f.Err(); err != nil {
			return err
		}
		if out, err = b.Update().SetAttended(attended).Save(ctx); err != nil {
			return fmt.Errorf("network: attendance of booking %d: %w", bookingID, err)
		}
		return nil
	})
	return out, err
}
