package network

import (
	"context"
	"fmt"
	"time"

	"relocate/ent"
	"relocate/ent/consent"
	"relocate/ent/schema/schematype"
	"relocate/ent/timelineentry"
	"relocate/internal/apperr"
	"relocate/internal/casework"
	"relocate/internal/paging"
	"relocate/internal/viewer"
)

// Service is the network's domain layer.
type Service struct {
	client *ent.Client
	now    func() time.Time
}

// New returns the service over client; now tells the time (nil:
// time.Now).
func New(client *ent.Client, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{client: client, now: now}
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
		return fmt.Errorf("network: begin: %w", err)
	}
	if err := fn(tx.Client()); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("network: commit: %w", err)
	}
	return nil
}

// require answers FORBIDDEN early when the viewer holds none of
// capabilities (the ent rules would refuse the change anyway).
func require(ctx context.Context, capabilities ...viewer.Capability) error {
	v := viewer.FromContext(ctx)
	for _, c := range capabilities {
		if v.Can(c) {
			return nil
		}
	}
	if v.Anonymous() {
		return apperr.ErrUnauthenticated
	}
	return apperr.ErrForbidden
}

// notFound turns ent's not-found error into the user error nf.
func notFound(err, nf error) error {
	if ent.IsNotFound(err) {
		return nf
	}
	return err
}

// openCase returns the case with id as the viewer sees it, for work on
// it: a closed case is refused, and so is one whose person's data may not
// be processed (no CASE_PROCESSING consent or other basis holds), as
// casework refuses changes of such cases.
func (s *Service) openCase(ctx context.Context, tx *ent.Client, id int) (*ent.CaseFile, error) {
	c, err := tx.CaseFile.Get(ctx, id)
	if err != nil {
		return nil, notFound(err, casework.ErrCaseNotFound)
	}
	if c.Status == schematype.CaseClosed {
		return nil, ErrCaseClosed
	}
	ok, err := s.consentHolds(ctx, tx, c.PersonID, consent.PurposeCASE_PROCESSING)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrNoLegalBasis
	}
	return c, nil
}

// consentHolds reports whether the person has a consent (or another
// recorded legal basis) for purpose that is given and not withdrawn.
func (s *Service) consentHolds(ctx context.Context, tx *ent.Client, person int, purpose consent.Purpose) (bool, error) {
	ok, err := tx.Consent.Query().Where(
		consent.PersonID(person), consent.PurposeEQ(purpose),
		consent.WithdrawnAtIsNil(), consent.GivenAtLTE(s.now()),
	).Exist(ctx)
	if err != nil {
		return false, fmt.Errorf("network: consent of person %d to %s: %w", person, purpose, err)
	}
	return ok, nil
}

// record writes one entry on the timeline of case caseID: who, what kind,
// what, about which object.
func (s *Service) record(ctx context.Context, tx *ent.Client, caseID int, kind timelineentry.Kind, summary string, subject int) error {
	v := viewer.FromContext(ctx)
	c := tx.TimelineEntry.Create().SetCaseID(caseID).SetKind(kind).SetSummary(summary).SetCreatedAt(s.now()).
		SetSubjectID(subject)
	if v.UserID != 0 {
		c.SetActorID(v.UserID).SetActorName(v.Name)
	}
	if err := c.Exec(ctx); err != nil {
		return fmt.Errorf("network: timeline of case %d: %w", caseID, err)
	}
	return nil
}

// check records the problem validate finds with the value at path, when
// a value is given.
func check(f *apperr.Fields, path string, validate func(string) error, value *string) {
	if value != nil {
		f.Check(path, validate(*value))
	}
}

// Page is the Relay paging arguments of a connection.
type Page = paging.Page
