package network

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"relocate/ent"
	"relocate/ent/consent"
	"relocate/ent/referral"
	"relocate/ent/timelineentry"
	"relocate/internal/apperr"
	"relocate/internal/viewer"
)

// referralMoves is the one table of how a referral moves on: the partner
// accepts or declines it, and an accepted one is done when the partner
// has provided the service. A declined referral stays declined: refer the
// case again, to another partner if need be.
var referralMoves = map[referral.Status][]referral.Status{
	referral.StatusSENT:     {referral.StatusACCEPTED, referral.StatusDECLINED},
	referral.StatusACCEPTED: {referral.StatusDONE},
	referral.StatusDECLINED: {},
	referral.StatusDONE:     {},
}

// ReferralMoves returns the statuses a referral in status st may move to.
func ReferralMoves(st referral.Status) []referral.Status {
	return slices.Clone(referralMoves[st])
}

// Referral is a case handed to a partner for one service.
type Referral struct {
	CaseID, PartnerID int
	// Service is what the partner is asked for ("Anerkennungsberatung").
	Service string
	Note    *string
}

// ReferCase hands a case to a partner for one service. It shares the
// person's data with the partner, so it is refused (CONSENT_MISSING)
// while the person's consent to share with partners is missing or
// withdrawn. The case's timeline says who referred it, to whom, for what.
func (s *Service) ReferCase(ctx context.Context, in Referral) (*ent.Referral, error) {
	if err := require(ctx, viewer.ManageCases); err != nil {
		return nil, err
	}
	in.Service = strings.TrimSpace(in.Service)
	var out *ent.Referral
	err := s.inTx(ctx, func(tx *ent.Client) error {
		c, err := s.openCase(ctx, tx, in.CaseID)
		if err != nil {
			return err
		}
		p, err := tx.Partner.Get(ctx, in.PartnerID)
		if err != nil {
			return notFound(err, ErrPartnerNotFound)
		}
		var f apperr.Fields
		f.Check("service", referral.ServiceValidator(in.Service))
		check(&f, "note", referral.NoteValidator, in.Note)
		if err := f.Err(); err != nil {
			return err
		}
		ok, err := s.consentHolds(ctx, tx, c.PersonID, consent.PurposeSHARE_WITH_PARTNERS)
		if err != nil {
			return err
		}
		if !ok {
			return ErrConsentMissing
		}
		out, err = tx.Referral.Create().SetCaseID(c.ID).SetPartnerID(p.ID).SetService(in.Service).
			SetNillableNote(in.Note).SetSentAt(s.now()).Save(ctx)
		if err != nil {
			return fmt.Errorf("network: refer case %d to partner %d: %w", c.ID, p.ID, err)
		}
		return s.record(ctx, tx, c.ID, timelineentry.KindREFERRAL_SENT, p.Name+": "+in.Service, out.ID)
	})
	return out, err
}

// AnswerReferral records the partner's answer or that the service was
// provided: the referral moves to status if the table allows it, else
// nothing changes and the error names the statuses that may follow. The
// case's timeline records the move.
func (s *Service) AnswerReferral(ctx context.Context, id int, status referral.Status, note *string) (*ent.Referral, error) {
	if err := require(ctx, viewer.ManageCases); err != nil {
		return nil, err
	}
	var out *ent.Referral
	err := s.inTx(ctx, func(tx *ent.Client) error {
		r, err := tx.Referral.Query().Where(referral.ID(id)).WithPartner().Only(ctx)
		if err != nil {
			return notFound(err, ErrReferralNotFound)
		}
		var f apperr.Fields
		allowed := names(referralMoves[r.Status])
		if !slices.Contains(referralMoves[r.Status], status) {
			f.Check("status", errMove("referral", string(r.Status), allowed))
		}
		check(&f, "note", referral.NoteValidator, note)
		if err := f.Err(); err != nil {
			if f.Has("status") {
				return withAllowed(err, allowed)
			}
			return err
		}
		u := r.Update().SetStatus(status).SetNillableNote(note)
		if status == referral.StatusDONE {
			u.SetDoneAt(s.now())
		} else {
			u.SetAnsweredAt(s.now())
		}
		if out, err = u.Save(ctx); err != nil {
			return fmt.Errorf("network: answer referral %d: %w", id, err)
		}
		summary := fmt.Sprintf("%s: %s → %s", r.Edges.Partner.Name, r.Status, status)
		return s.record(ctx, tx, r.CaseID, timelineentry.KindREFERRAL_ANSWERED, summary, r.ID)
	})
	return out, err
}
