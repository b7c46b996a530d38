package inquiry

import (
	"context"
	"fmt"
	"strings"
	"time"

	"relocate/ent"
	"relocate/ent/casefile"
	"relocate/ent/consent"
	"relocate/ent/inquiry"
	"relocate/ent/schema/schematype"
	"relocate/ent/timelineentry"
	"relocate/ent/vacancy"
	"relocate/internal/apperr"
	"relocate/internal/casework"
	"relocate/internal/viewer"
)

// Problems of converting an inquiry.
var (
	errNameSplit  = apperr.Invalid("error.inquiry.name_split", nil)
	errOtherKind  = apperr.Invalid("error.inquiry.other_kind", nil)
	errUnknownOne = apperr.Invalid("error.field.unknown", nil)
)

// Conversion says what an inquiry becomes. For a newcomer's inquiry: a
// person (named by GivenName and FamilyName, else by the inquiry's name
// split at its last space) with a case of CaseKind (PLACEMENT when nil)
// for CaseworkerID (the reader, when a caseworker, when nil). For a
// company's inquiry: a new company with the sender as its contact, or the
// known CompanyID, and the Vacancy it asks for, if any.
type Conversion struct {
	GivenName, FamilyName *string
	CaseKind              *casefile.Kind
	CaseworkerID          *int

	CompanyID *int
	Vacancy   *Vacancy
}

// Vacancy is the demand a company's inquiry is converted into.
type Vacancy struct {
	Title                           string
	Kind                            vacancy.Kind
	OccupationCode, OccupationTitle *string
	Positions                       *int
	GermanLevel                     *schematype.CEFR
	OtherLanguages                  []string
	StartDate                       time.Time
	EndDate                         *time.Time
}

// Converted is what an inquiry became.
type Converted struct {
	Inquiry *ent.Inquiry
	Person  *ent.Person
	Case    *ent.CaseFile
	Company *ent.Company
	Vacancy *ent.Vacancy
}

// ConvertInquiry turns an inquiry in one step, in one transaction, into
// what it asks for, through the rules of case management (casework): a
// newcomer's into a person in their preferred language with their name
// and e-mail address, their consent to case processing as given on the
// form (its time, channel WEB_FORM) and a case whose support needs are the
// inquiry's topics, with the next reference of the year; a company's into
// a company with the sender as contact and a vacancy. The inquiry keeps
// the links and is CONVERTED; converting it again is refused.
func (t *Triage) ConvertInquiry(ctx context.Context, id int, in Conversion) (*Converted, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	if !viewer.FromContext(ctx).Can(viewer.ManageCases) {
		return nil, apperr.ErrForbidden
	}
	out := &Converted{}
	err := t.inTx(ctx, func(ctx context.Context, tx *ent.Client) error {
		q, err := tx.Inquiry.Get(ctx, id)
		if err != nil {
			return notFound(err)
		}
		if err := checkKind(q.Kind, in); err != nil {
			return err
		}
		// Claim the inquiry first: of two conversions at the same time,
		// the second waits for the first and then finds it converted.
		n, err := tx.Inquiry.Update().Where(inquiry.ID(q.ID), inquiry.StatusNEQ(inquiry.StatusCONVERTED)).
			SetStatus(inquiry.StatusCONVERTED).SetConvertedAt(t.now()).Save(ctx)
		if err != nil {
			return fmt.Errorf("inquiry: claim %d: %w", id, err)
		}
		if n == 0 {
			return errAlreadyConverted
		}
		links := tx.Inquiry.UpdateOneID(q.ID)
		if q.Kind == inquiry.KindNEWCOMER {
			if err := t.newcomer(ctx, tx, q, in, out); err != nil {
				return err
			}
			links.SetPersonID(out.Person.ID).SetCaseID(out.Case.ID)
		} else {
			if err := t.company(ctx, q, in, out); err != nil {
				return err
			}
			links.SetCompanyID(out.Company.ID)
			if out.Vacancy != nil {
				links.SetVacancyID(out.Vacancy.ID)
			}
		}
		if out.Inquiry, err = links.Save(ctx); err != nil {
			return fmt.Errorf("inquiry: link %d: %w", id, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkKind refuses what does not fit the kind of inquiry.
func checkKind(kind inquiry.Kind, in Conversion) error {
	var f apperr.Fields
	other := func(path string, given bool) {
		if given {
			f.Check(path, errOtherKind)
		}
	}
	if kind == inquiry.KindNEWCOMER {
		other("companyId", in.CompanyID != nil)
		other("vacancy", in.Vacancy != nil)
	} else {
		other("givenName", in.GivenName != nil)
		other("familyName", in.FamilyName != nil)
		other("caseKind", in.CaseKind != nil)
		other("caseworkerId", in.CaseworkerID != nil)
	}
	return f.Err()
}

// newcomer makes the person, their consent and their case.
func (t *Triage) newcomer(ctx context.Context, tx *ent.Client, q *ent.Inquiry, in Conversion, out *Converted) error {
	given, family := in.GivenName, in.FamilyName
	if given == nil && family == nil {
		g, f, ok := splitName(q.Name)
		if !ok {
			return apperr.OnField("familyName", errNameSplit)
		}
		given, family = &g, &f
	}
	p, err := t.casework.CreatePerson(ctx, casework.PersonInput{
		GivenName: given, FamilyName: family, PreferredLanguage: &q.PreferredLanguage, Email: &q.Email,
	})
	if err != nil {
		return err
	}
	out.Person = p
	c, err := t.casework.RecordConsent(ctx, casework.ConsentInput{
		PersonID: p.ID, Purpose: consent.PurposeCASE_PROCESSING, LegalBasis: consent.LegalBasisCONSENT,
		GivenAt: &q.ConsentedAt, Channel: consent.ChannelWEB_FORM,
		Note: fmt.Sprintf("Einwilligung im Kontaktformular der Website (Anfrage %d)", q.ID),
	})
	if err != nil {
		return err
	}
	kind := casefile.KindPLACEMENT
	if in.CaseKind != nil {
		kind = *in.CaseKind
	}
	cf, err := t.casework.OpenCase(ctx, casework.OpenCaseInput{
		PersonID: p.ID, Kind: kind, CaseworkerID: in.CaseworkerID, SupportNeeds: q.Topics,
	})
	if err != nil {
		return err
	}
	out.Case = cf
	// The consent came before the case: its timeline says so after the
	// opening, as for consents recorded later.
	v := viewer.FromContext(ctx)
	e := tx.TimelineEntry.Create().SetCaseID(cf.ID).SetKind(timelineentry.KindCONSENT_RECORDED).
		SetSummary(string(c.Purpose) + " (" + string(c.LegalBasis) + ")").SetSubjectID(c.ID).SetCreatedAt(t.now())
	if v.UserID != 0 {
		e.SetActorID(v.UserID).SetActorName(v.Name)
	}
	if err := e.Exec(ctx); err != nil {
		return fmt.Errorf("inquiry: timeline of case %d: %w", cf.ID, err)
	}
	return nil
}

// company makes (or finds) the company and makes its vacancy.
func (t *Triage) company(ctx context.Context, q *ent.Inquiry, in Conversion, out *Converted) error {
	if in.CompanyID != nil {
		c, err := t.ent(ctx).Company.Get(ctx, *in.CompanyID)
		if ent.IsNotFound(err) {
			return apperr.OnField("companyId", errUnknownOne)
		}
		if err != nil {
			return fmt.Errorf("inquiry: company %d: %w", *in.CompanyID, err)
		}
		out.Company = c
	} else {
		c, err := t.casework.CreateCompany(ctx, casework.CompanyInput{
			Name:        &q.CompanyName,
			AddContacts: []casework.Contact{{Name: q.Name, Email: q.Email, Phone: q.Phone}},
		})
		if err != nil {
			return err
		}
		out.Company = c
	}
	if in.Vacancy == nil {
		return nil
	}
	v := in.Vacancy
	in2 := casework.VacancyInput{
		CompanyID: &out.Company.ID, Title: &v.Title, Kind: &v.Kind, OccupationCode: v.OccupationCode,
		OccupationTitle: v.OccupationTitle, Positions: v.Positions, OtherLanguages: v.OtherLanguages,
		StartDate: &v.StartDate,
	}
	if v.GermanLevel != nil {
		in2.GermanLevel = casework.To(*v.GermanLevel)
	}
	if v.EndDate != nil {
		in2.EndDate = casework.To(*v.EndDate)
	}
	vac, err := t.casework.CreateVacancy(ctx, in2)
	if err != nil {
		return under("vacancy", err)
	}
	out.Vacancy = vac
	return nil
}

// splitName splits a name as written on a form into given and family
// name at its last space: "Anna Marija Ozola" is Anna Marija, Ozola.
func splitName(name string) (given, family string, ok bool) {
	words := strings.Fields(name)
	if len(words) < 2 {
		return "", "", false
	}
	return strings.Join(words[:len(words)-1], " "), words[len(words)-1], true
}

// under moves the wrong fields of err below path (the vacancy of the
// conversion's input), so that they name the fields as the client sent
// them.
func under(path string, err error) error {
	e, ok := apperr.As(err)
	if !ok || len(e.Fields) == 0 || path == "" {
		return err
	}
	c := *e
	c.Fields = make(apperr.Fields, len(e.Fields))
	for i, f := range e.Fields {
		f.Path = apperr.Join(path, f.Path)
		c.Fields[i] = f
	}
	return &c
}
