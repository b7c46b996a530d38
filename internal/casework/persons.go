package casework

import (
	"context"
	"fmt"
	"time"

	"entgo.io/ent/dialect/sql"

	"relocate/ent"
	"relocate/ent/casefile"
	"relocate/ent/consent"
	"relocate/ent/familymember"
	"relocate/ent/person"
	"relocate/ent/predicate"
	"relocate/ent/schema/schematype"
	"relocate/ent/timelineentry"
	"relocate/internal/apperr"
	"relocate/internal/fold"
	"relocate/internal/lang"
	"relocate/internal/paging"
	"relocate/internal/viewer"
)

var (
	personValidators = validators{
		person.FieldGivenName: person.GivenNameValidator, person.FieldFamilyName: person.FamilyNameValidator,
		person.FieldNationality: person.NationalityValidator, person.FieldCountryOfResidence: person.CountryOfResidenceValidator,
		person.FieldEmail: person.EmailValidator, person.FieldPhone: person.PhoneValidator,
		person.FieldQualificationTitle:   person.QualificationTitleValidator,
		person.FieldQualificationCountry: person.QualificationCountryValidator,
		person.FieldIscedLevel:           person.IscedLevelValidator,
	}
	familyValidators = validators{
		familymember.FieldGivenName: familymember.GivenNameValidator, familymember.FieldBirthYear: familymember.BirthYearValidator,
	}
)

// FamilyMemberInput is a family member of a person.
type FamilyMemberInput struct {
	Relation  familymember.Relation
	GivenName string
	BirthYear *int
	Needs     []schematype.FamilyNeed
}

// PersonInput is a person to create or a change of one; nil fields are
// left as they are, an empty country clears it.
type PersonInput struct {
	GivenName, FamilyName *string
	DateOfBirth           Edit[time.Time]
	Gender                *person.Gender
	Nationality           *string
	CountryOfResidence    *string
	PreferredLanguage     *lang.Code
	Languages             schematype.LanguageSkills // nil: unchanged
	Email, Phone          *string
	QualificationTitle    *string
	QualificationCountry  *string
	IscedLevel            Edit[int]
	LabourMarketStatus    Edit[person.LabourMarketStatus]
	// FamilyMembers replace the person's family when not nil.
	FamilyMembers []FamilyMemberInput
}

// CreatePerson records a newcomer with their family.
func (s *Service) CreatePerson(ctx context.Context, in PersonInput) (*ent.Person, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	var id int
	err := s.inTx(ctx, func(tx *ent.Client) error {
		c := tx.Person.Create()
		if in.GivenName == nil {
			c.SetGivenName("")
		}
		if in.FamilyName == nil {
			c.SetFamilyName("")
		}
		setPerson(c.Mutation(), in)
		var f apperr.Fields
		personValidators.check(&f, "", c.Mutation())
		s.checkFamily(&f, in.FamilyMembers)
		if err := f.Err(); err != nil {
			return err
		}
		p, err := c.Save(ctx)
		if err != nil {
			return fmt.Errorf("casework: create person: %w", err)
		}
		id = p.ID
		return saveFamily(ctx, tx, id, in.FamilyMembers)
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).Person.Get(ctx, id)
}

// UpdatePerson changes person id.
func (s *Service) UpdatePerson(ctx context.Context, id int, in PersonInput) (*ent.Person, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(tx *ent.Client) error {
		p, err := tx.Person.Get(ctx, id)
		if err != nil {
			return notFound(err, missing("id", ErrPersonNotFound))
		}
		u := p.Update()
		setPerson(u.Mutation(), in)
		var f apperr.Fields
		personValidators.check(&f, "", u.Mutation())
		s.checkFamily(&f, in.FamilyMembers)
		if err := f.Err(); err != nil {
			return err
		}
		if err := u.Exec(ctx); err != nil {
			return fmt.Errorf("casework: update person %d: %w", id, err)
		}
		if in.FamilyMembers == nil {
			return nil
		}
		if _, err := tx.FamilyMember.Delete().Where(familymember.PersonID(id)).Exec(ctx); err != nil {
			return fmt.Errorf("casework: family of person %d: %w", id, err)
		}
		return saveFamily(ctx, tx, id, in.FamilyMembers)
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).Person.Get(ctx, id)
}

// setPerson sets the fields of in that are given on m.
func setPerson(m *ent.PersonMutation, in PersonInput) {
	for _, f := range []struct {
		v   *string
		set func(string)
	}{
		{in.GivenName, m.SetGivenName}, {in.FamilyName, m.SetFamilyName}, {in.Email, m.SetEmail},
		{in.Phone, m.SetPhone}, {in.QualificationTitle, m.SetQualificationTitle},
	} {
		if f.v != nil {
			f.set(*f.v)
		}
	}
	for _, f := range []struct {
		v          *string
		set        func(string)
		clearValue func()
	}{
		{in.Nationality, m.SetNationality, m.ClearNationality},
		{in.CountryOfResidence, m.SetCountryOfResidence, m.ClearCountryOfResidence},
		{in.QualificationCountry, m.SetQualificationCountry, m.ClearQualificationCountry},
	} {
		switch {
		case f.v == nil:
		case *f.v == "":
			f.clearValue()
		default:
			f.set(*f.v)
		}
	}
	if in.DateOfBirth.Set {
		if in.DateOfBirth.Value == nil {
			m.ClearDateOfBirth()
		} else {
			m.SetDateOfBirth(schematype.DateOf(*in.DateOfBirth.Value))
		}
	}
	if in.Gender != nil {
		m.SetGender(*in.Gender)
	}
	if in.PreferredLanguage != nil {
		m.SetPreferredLanguage(*in.PreferredLanguage)
	}
	if in.Languages != nil {
		m.SetLanguages(in.Languages)
	}
	if in.IscedLevel.Set {
		if in.IscedLevel.Value == nil {
			m.ClearIscedLevel()
		} else {
			m.SetIscedLevel(*in.IscedLevel.Value)
		}
	}
	if in.LabourMarketStatus.Set {
		if in.LabourMarketStatus.Value == nil {
			m.ClearLabourMarketStatus()
		} else {
			m.SetLabourMarketStatus(*in.LabourMarketStatus.Value)
		}
	}
}

// checkFamily checks the family members of an input.
func (s *Service) checkFamily(f *apperr.Fields, family []FamilyMemberInput) {
	for i, fm := range family {
		m := s.client.FamilyMember.Create().SetGivenName(fm.GivenName).SetNillableBirthYear(fm.BirthYear).Mutation()
		familyValidators.check(f, fmt.Sprintf("familyMembers[%d]", i), m)
	}
}

// saveFamily adds family members to person id.
func saveFamily(ctx context.Context, tx *ent.Client, id int, family []FamilyMemberInput) error {
	for i, fm := range family {
		err := tx.FamilyMember.Create().SetPersonID(id).SetRelation(fm.Relation).SetGivenName(fm.GivenName).
			SetNillableBirthYear(fm.BirthYear).SetNeeds(fm.Needs).Exec(ctx)
		if err != nil {
			if e, ok := apperr.As(err); ok && e.Code == apperr.BadUserInput {
				var f apperr.Fields
				f.Check(fmt.Sprintf("familyMembers[%d]", i), err)
				return f.Err()
			}
			return fmt.Errorf("casework: family member of person %d: %w", id, err)
		}
	}
	return nil
}

// Persons returns one page of the people, by family name unless ordered
// otherwise.
func (s *Service) Persons(ctx context.Context, p paging.Page, order *ent.PersonOrder, where *ent.PersonWhereInput) (*ent.PersonConnection, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	p, err := p.Normalize()
	if err != nil {
		return nil, err
	}
	if order == nil {
		order = &ent.PersonOrder{Direction: "ASC", Field: ent.PersonOrderFieldFamilyName}
	}
	opts := []ent.PersonPaginateOption{ent.WithPersonOrder(order)}
	if where != nil {
		opts = append(opts, ent.WithPersonFilter(where.Filter))
	}
	return s.ent(ctx).Person.Query().Paginate(ctx, p.After, p.First, p.Before, p.Last, opts...)
}

// PersonSearch returns the filter for people whose name contains every
// word of text, whatever the case and diacritics (see fold.Words).
func PersonSearch(text string) (predicate.Person, error) {
	words, err := searchWords(text)
	if err != nil {
		return nil, err
	}
	return func(s *sql.Selector) {
		for _, w := range words {
			s.Where(sql.Contains(s.C(person.FieldSearchName), w))
		}
	}, nil
}

// searchWords returns the folded words of a search text.
func searchWords(text string) ([]string, error) {
	if len([]rune(text)) > MaxSearchLength {
		return nil, ErrSearchTooLong
	}
	return fold.Words(text), nil
}

// ConsentInput is a consent (or another legal basis) to record.
type ConsentInput struct {
	PersonID   int
	Purpose    consent.Purpose
	LegalBasis consent.LegalBasis
	// GivenAt is when it was given; nil: now.
	GivenAt *time.Time
	Channel consent.Channel
	Note    string
}

// RecordConsent records a consent of a person or another legal basis for
// processing their data for a purpose. It goes on the timeline of each of
// their open cases.
func (s *Service) RecordConsent(ctx context.Context, in ConsentInput) (*ent.Consent, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	var id int
	err := s.inTx(ctx, func(tx *ent.Client) error {
		if ok, err := tx.Person.Query().Where(person.ID(in.PersonID)).Exist(ctx); err != nil {
			return fmt.Errorf("casework: find person: %w", err)
		} else if !ok {
			return apperr.OnField("personId", errUnknown)
		}
		var f apperr.Fields
		f.Check("note", consent.NoteValidator(in.Note))
		if err := f.Err(); err != nil {
			return err
		}
		at := s.now()
		if in.GivenAt != nil {
			at = *in.GivenAt
		}
		if in.LegalBasis == "" {
			in.LegalBasis = consent.LegalBasisCONSENT
		}
		c := tx.Consent.Create().SetPersonID(in.PersonID).SetPurpose(in.Purpose).SetLegalBasis(in.LegalBasis).
			SetGivenAt(at).SetChannel(in.Channel).SetNote(in.Note)
		if v := viewer.FromContext(ctx); v.UserID != 0 {
			c.SetRecordedByID(v.UserID)
		}
		co, err := c.Save(ctx)
		if err != nil {
			return fmt.Errorf("casework: record consent: %w", err)
		}
		id = co.ID
		return s.recordOnOpenCases(ctx, tx, in.PersonID, timelineentry.KindCONSENT_RECORDED,
			string(in.Purpose)+" ("+string(in.LegalBasis)+")", co.ID)
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).Consent.Get(ctx, id)
}

// WithdrawConsent ends consent id at at (nil: now). Processing for its
// purpose stops unless another record covers it.
func (s *Service) WithdrawConsent(ctx context.Context, id int, at *time.Time) (*ent.Consent, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(tx *ent.Client) error {
		c, err := tx.Consent.Get(ctx, id)
		if err != nil {
			return notFound(err, missing("id", ErrConsentNotFound))
		}
		if c.WithdrawnAt != nil {
			return apperr.OnField("id", errAlreadyWithdrawn)
		}
		when := s.now()
		if at != nil {
			when = *at
		}
		var f apperr.Fields
		if when.After(s.now()) {
			f.Check("withdrawnAt", apperr.Invalid("error.field.date_future", nil))
		}
		if err := f.Err(); err != nil {
			return err
		}
		if err := c.Update().SetWithdrawnAt(when).Exec(ctx); err != nil {
			return fmt.Errorf("casework: withdraw consent %d: %w", id, err)
		}
		return s.recordOnOpenCases(ctx, tx, c.PersonID, timelineentry.KindCONSENT_WITHDRAWN, string(c.Purpose), id)
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).Consent.Get(ctx, id)
}

// recordOnOpenCases writes a timeline entry on every open case of person.
func (s *Service) recordOnOpenCases(ctx context.Context, tx *ent.Client, personID int, kind timelineentry.Kind, summary string, subject int) error {
	cases, err := tx.CaseFile.Query().Where(casefile.PersonID(personID), casefile.StatusNEQ(Closed)).IDs(ctx)
	if err != nil {
		return fmt.Errorf("casework: cases of person %d: %w", personID, err)
	}
	for _, c := range cases {
		if err := s.record(ctx, tx, c, kind, summary, subject); err != nil {
			return err
		}
	}
	return nil
}

// covered reports whether a consent or another legal basis for purpose
// holds for person now.
func covered(ctx context.Context, tx *ent.Client, personID int, purpose consent.Purpose) (bool, error) {
	ok, err := tx.Consent.Query().Where(consent.PersonID(personID), consent.PurposeEQ(purpose), consent.WithdrawnAtIsNil()).Exist(ctx)
	if err != nil {
		return false, fmt.Errorf("casework: legal basis of person %d: %w", personID, err)
	}
	return ok, nil
}
