package network

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"relocate/ent"
	"relocate/ent/partner"
	"relocate/ent/place"
	"relocate/ent/recognition"
	"relocate/ent/timelineentry"
	"relocate/internal/apperr"
	"relocate/internal/viewer"
)

// recognitionMoves is the one table of how a recognition procedure moves
// on: from each status, the statuses it may take next (staying where it is
// is always allowed). A procedure may skip steps (the decision may come
// without documents being requested), documents requested and supplied
// move it back and forth, and a decision is final: a new application after
// a compensation measure is a new procedure.
var recognitionMoves = map[recognition.Status][]recognition.Status{
	recognition.StatusCOUNSELLING: {
		recognition.StatusAPPLICATION_SUBMITTED, recognition.StatusDOCUMENTS_REQUESTED, recognition.StatusDECIDED,
	},
	recognition.StatusAPPLICATION_SUBMITTED: {recognition.StatusDOCUMENTS_REQUESTED, recognition.StatusDECIDED},
	recognition.StatusDOCUMENTS_REQUESTED:   {recognition.StatusAPPLICATION_SUBMITTED, recognition.StatusDECIDED},
	recognition.StatusDECIDED:               {},
}

// RecognitionMoves returns the statuses a procedure in status st may move
// to, in the order of the procedure.
func RecognitionMoves(st recognition.Status) []recognition.Status {
	return slices.Clone(recognitionMoves[st])
}

// RecognitionInput records a recognition procedure: a new one for a case
// (CaseID), or a change of one (ID). Nil leaves a field as it is (on
// creation: its default).
type RecognitionInput struct {
	ID, CaseID                            *int
	ReferenceOccupation                   *string
	Regulated                             *bool
	AuthorityPlaceID, AuthorityPartnerID  *int
	Status                                *recognition.Status
	Outcome                               *recognition.Outcome
	CompensationMeasure                   *string
	CounsellingOn, SubmittedOn, DecidedOn *time.Time
}

// procedure is a recognition procedure as it will be once recorded.
type procedure struct {
	occupation                     string
	regulated                      bool
	place, partner                 *int
	status                         recognition.Status
	outcome                        *recognition.Outcome
	measure                        string
	counselled, submitted, decided *time.Time
}

func procedureOf(r *ent.Recognition) procedure {
	return procedure{
		occupation: r.ReferenceOccupation, regulated: r.Regulated, place: r.AuthorityPlaceID, partner: r.AuthorityPartnerID,
		status: r.Status, outcome: r.Outcome, measure: r.CompensationMeasure,
		counselled: r.CounsellingOn, submitted: r.SubmittedOn, decided: r.DecidedOn,
	}
}

// apply returns p changed by in. An authority given replaces the other
// kind of authority.
func (p procedure) apply(in RecognitionInput) procedure {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = strings.TrimSpace(*v)
		}
	}
	set(&p.occupation, in.ReferenceOccupation)
	set(&p.measure, in.CompensationMeasure)
	if in.Regulated != nil {
		p.regulated = *in.Regulated
	}
	switch {
	case in.AuthorityPlaceID != nil && in.AuthorityPartnerID != nil:
		p.place, p.partner = in.AuthorityPlaceID, in.AuthorityPartnerID // refused by check
	case in.AuthorityPlaceID != nil:
		p.place, p.partner = in.AuthorityPlaceID, nil
	case in.AuthorityPartnerID != nil:
		p.place, p.partner = nil, in.AuthorityPartnerID
	}
	if in.Status != nil {
		p.status = *in.Status
	}
	if in.Outcome != nil {
		p.outcome = in.Outcome
	}
	for _, d := range []struct {
		dst **time.Time
		v   *time.Time
	}{
		{&p.counselled, in.CounsellingOn}, {&p.submitted, in.SubmittedOn}, {&p.decided, in.DecidedOn},
	} {
		if d.v != nil {
			*d.dst = d.v
		}
	}
	return p
}

// check collects every rule p breaks, the move from status from (nil for
// a new procedure) included.
func (p procedure) check(ctx context.Context, tx *ent.Client, in RecognitionInput, from *recognition.Status, today time.Time) error {
	var f apperr.Fields
	if from == nil && in.ReferenceOccupation == nil {
		f.Check("referenceOccupation", errRequired)
	} else {
		f.Check("referenceOccupation", recognition.ReferenceOccupationValidator(p.occupation))
	}
	f.Check("compensationMeasure", recognition.CompensationMeasureValidator(p.measure))
	if from != nil && *from != p.status && !slices.Contains(recognitionMoves[*from], p.status) {
		f.Check("status", errMove("recognition", string(*from), names(recognitionMoves[*from])))
	}
	switch {
	case p.status == recognition.StatusDECIDED && p.outcome == nil:
		f.Check("outcome", errOutcomeRequired)
	case p.status != recognition.StatusDECIDED && p.outcome != nil:
		f.Check("outcome", errOutcomeUndecided)
	}
	switch {
	case p.outcome != nil && *p.outcome == recognition.OutcomePARTIAL && p.measure == "":
		f.Check("compensationMeasure", errMeasureRequired)
	case (p.outcome == nil || *p.outcome != recognition.OutcomePARTIAL) && p.measure != "":
		f.Check("compensationMeasure", errMeasurePartial)
	}
	if p.status != recognition.StatusCOUNSELLING && p.submitted == nil {
		f.Check("submittedOn", errDateRequired)
	}
	if p.status == recognition.StatusDECIDED && p.decided == nil {
		f.Check("decidedOn", errDateRequired)
	}
	for _, d := range []struct {
		path string
		t    *time.Time
	}{{"submittedOn", p.submitted}, {"decidedOn", p.decided}} {
		if d.t != nil && d.t.After(today) {
			f.Check(d.path, errDateFuture)
		}
	}
	order := []struct {
		path string
		t    *time.Time
	}{{"counsellingOn", p.counselled}, {"submittedOn", p.submitted}, {"decidedOn", p.decided}}
	for i, later := range order {
		for _, earlier := range order[:i] {
			if later.t != nil && earlier.t != nil && later.t.Before(*earlier.t) && !f.Has(later.path) {
				f.Check(later.path, apperr.Invalid("error.field.date_too_early", map[string]any{"Date": earlier.t.Format(time.DateOnly)}))
			}
		}
	}
	if p.place != nil && p.partner != nil {
		f.Check("authorityPartnerId", errPlaceOrPartner)
	}
	if p.place != nil && in.AuthorityPlaceID != nil {
		if ok, err := tx.Place.Query().Where(place.ID(*p.place)).Exist(ctx); err != nil {
			return fmt.Errorf("network: authority place: %w", err)
		} else if !ok {
			f.Check("authorityPlaceId", errUnknown)
		}
	}
	if p.partner != nil && in.AuthorityPartnerID != nil {
		if ok, err := tx.Partner.Query().Where(partner.ID(*p.partner)).Exist(ctx); err != nil {
			return fmt.Errorf("network: authority partner: %w", err)
		} else if !ok {
			f.Check("authorityPartnerId", errUnknown)
		}
	}
	if err := f.Err(); err != nil {
		if from != nil && f.Has("status") {
			return withAllowed(err, names(recognitionMoves[*from]))
		}
		return err
	}
	return nil
}

// names lists statuses as the API writes them.
func names[S ~string](ss []S) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}

// RecordRecognition creates or changes a recognition procedure of a case,
// with one entry on the case's timeline.
func (s *Service) RecordRecognition(ctx context.Context, in RecognitionInput) (*ent.Recognition, error) {
	if err := require(ctx, viewer.ManageCases); err != nil {
		return nil, err
	}
	var out *ent.Recognition
	err := s.inTx(ctx, func(tx *ent.Client) error {
		var cur *ent.Recognition
		caseID := 0
		switch {
		case in.ID != nil:
			r, err := tx.Recognition.Get(ctx, *in.ID)
			if err != nil {
				return notFound(err, ErrRecognitionNotFound)
			}
			if in.CaseID != nil && *in.CaseID != r.CaseID {
				return apperr.OnField("caseId", errUnknown)
			}
			cur, caseID = r, r.CaseID
		case in.CaseID != nil:
			caseID = *in.CaseID
		default:
			return apperr.OnField("caseId", errRequired)
		}
		if _, err := s.openCase(ctx, tx, caseID); err != nil {
			return err
		}
		var p procedure
		var from *recognition.Status
		if cur != nil {
			p, from = procedureOf(cur), &cur.Status
		} else {
			p = procedure{status: recognition.StatusCOUNSELLING}
		}
		p = p.apply(in)
		if err := p.check(ctx, tx, in, from, s.today()); err != nil {
			return err
		}
		var err error
		if cur == nil {
			out, err = tx.Recognition.Create().SetCaseID(caseID).SetReferenceOccupation(p.occupation).
				SetRegulated(p.regulated).SetNillableAuthorityPlaceID(p.place).SetNillableAuthorityPartnerID(p.partner).
				SetStatus(p.status).SetNillableOutcome(p.outcome).SetCompensationMeasure(p.measure).
				SetNillableCounsellingOn(p.counselled).SetNillableSubmittedOn(p.submitted).SetNillableDecidedOn(p.decided).
				Save(ctx)
		} else {
			u := cur.Update().SetReferenceOccupation(p.occupation).SetRegulated(p.regulated).
				SetStatus(p.status).SetNillableOutcome(p.outcome).SetCompensationMeasure(p.measure).
				SetNillableCounsellingOn(p.counselled).SetNillableSubmittedOn(p.submitted).SetNillableDecidedOn(p.decided)
			if p.place == nil {
				u.ClearAuthorityPlaceID()
			} else {
				u.SetAuthorityPlaceID(*p.place)
			}
			if p.partner == nil {
				u.ClearAuthorityPartnerID()
			} else {
				u.SetAuthorityPartnerID(*p.partner)
			}
			out, err = u.Save(ctx)
		}
		if err != nil {
			return fmt.Errorf("network: record recognition of case %d: %w", caseID, err)
		}
		return s.record(ctx, tx, caseID, timelineentry.KindRECOGNITION_RECORDED, recognitionSummary(p, from), out.ID)
	})
	return out, err
}

// recognitionSummary says on the timeline what was recorded:
// "Elektroniker/in: APPLICATION_SUBMITTED → DECIDED (PARTIAL)".
func recognitionSummary(p procedure, from *recognition.Status) string {
	st := string(p.status)
	if from != nil && *from != p.status {
		st = string(*from) + " → " + st
	}
	if p.outcome != nil {
		st += " (" + string(*p.outcome) + ")"
	}
	return p.occupation + ": " + st
}
