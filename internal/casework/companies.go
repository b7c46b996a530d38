package casework

import (
	"context"
	"fmt"
	"slices"
	"time"

	"relocate/ent"
	"relocate/ent/company"
	"relocate/ent/companycontact"
	"relocate/ent/schema/schematype"
	"relocate/ent/user"
	"relocate/ent/vacancy"
	"relocate/internal/apperr"
	"relocate/internal/paging"
	"relocate/internal/viewer"
)

var (
	companyValidators = validators{
		company.FieldName: company.NameValidator, company.FieldLegalForm: company.LegalFormValidator,
		company.FieldSectorCode: company.SectorCodeValidator, company.FieldSectorName: company.SectorNameValidator,
		company.FieldStreet: company.StreetValidator, company.FieldPostalCode: company.PostalCodeValidator,
		company.FieldCity: company.CityValidator, company.FieldMunicipality: company.MunicipalityValidator,
		company.FieldNotes: company.NotesValidator,
	}
	contactValidators = validators{
		companycontact.FieldName: companycontact.NameValidator, companycontact.FieldPosition: companycontact.PositionValidator,
		companycontact.FieldEmail: companycontact.EmailValidator, companycontact.FieldPhone: companycontact.PhoneValidator,
	}
	vacancyValidators = validators{
		vacancy.FieldTitle: vacancy.TitleValidator, vacancy.FieldOccupationCode: vacancy.OccupationCodeValidator,
		vacancy.FieldOccupationTitle: vacancy.OccupationTitleValidator, vacancy.FieldPositions: vacancy.PositionsValidator,
	}
)

// Contact is a person at a company, to add to it.
type Contact struct {
	Name, Position, Email, Phone string
	// UserID links the contact's own account: a COMPANY_CONTACT user of
	// the same company.
	UserID *int
}

// CompanyInput is a company to create, or (nil and empty fields left as
// they are) a change of one.
type CompanyInput struct {
	Name, LegalForm, SectorCode, SectorName *string
	Street, PostalCode, City, Municipality  *string
	Notes                                   *string
	SizeClass                               Edit[company.SizeClass]
	AddContacts                             []Contact
	RemoveContactIDs                        []int
}

// CreateCompany creates a company with its contacts.
func (s *Service) CreateCompany(ctx context.Context, in CompanyInput) (*ent.Company, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	var id int
	err := s.inTx(ctx, func(tx *ent.Client) error {
		c := tx.Company.Create()
		if in.Name == nil {
			c.SetName("") // required: the validator names it
		}
		setCompany(c.Mutation(), in)
		var f apperr.Fields
		companyValidators.check(&f, "", c.Mutation())
		s.checkContacts(ctx, &f, "contacts", in.AddContacts, 0)
		if err := f.Err(); err != nil {
			return err
		}
		co, err := c.Save(ctx)
		if err != nil {
			return fmt.Errorf("casework: create company: %w", err)
		}
		id = co.ID
		return s.addContacts(ctx, tx, co.ID, in.AddContacts)
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).Company.Get(ctx, id)
}

// UpdateCompany changes company id: the fields given, contacts added and
// removed.
func (s *Service) UpdateCompany(ctx context.Context, id int, in CompanyInput) (*ent.Company, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(tx *ent.Client) error {
		co, err := tx.Company.Get(ctx, id)
		if err != nil {
			return notFound(err, missing("id", ErrCompanyNotFound))
		}
		u := co.Update()
		setCompany(u.Mutation(), in)
		var f apperr.Fields
		companyValidators.check(&f, "", u.Mutation())
		s.checkContacts(ctx, &f, "addContacts", in.AddContacts, id)
		if len(in.RemoveContactIDs) > 0 {
			found, err := tx.CompanyContact.Query().Where(companycontact.CompanyID(id), companycontact.IDIn(in.RemoveContactIDs...)).IDs(ctx)
			if err != nil {
				return fmt.Errorf("casework: contacts of company %d: %w", id, err)
			}
			for i, c := range in.RemoveContactIDs {
				if !slices.Contains(found, c) {
					f.Check(fmt.Sprintf("removeContactIds[%d]", i), errUnknown)
				}
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		if err := u.Exec(ctx); err != nil {
			return fmt.Errorf("casework: update company %d: %w", id, err)
		}
		if len(in.RemoveContactIDs) > 0 {
			if _, err := tx.CompanyContact.Delete().Where(companycontact.IDIn(in.RemoveContactIDs...)).Exec(ctx); err != nil {
				return fmt.Errorf("casework: remove contacts: %w", err)
			}
		}
		return s.addContacts(ctx, tx, id, in.AddContacts)
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).Company.Get(ctx, id)
}

// setCompany sets the fields of in that are given on m.
func setCompany(m *ent.CompanyMutation, in CompanyInput) {
	for _, f := range []struct {
		v   *string
		set func(string)
	}{
		{in.Name, m.SetName}, {in.LegalForm, m.SetLegalForm}, {in.SectorCode, m.SetSectorCode},
		{in.SectorName, m.SetSectorName}, {in.Street, m.SetStreet}, {in.PostalCode, m.SetPostalCode},
		{in.City, m.SetCity}, {in.Municipality, m.SetMunicipality}, {in.Notes, m.SetNotes},
	} {
		if f.v != nil {
			f.set(*f.v)
		}
	}
	if in.SizeClass.Set {
		if in.SizeClass.Value == nil {
			m.ClearSizeClass()
		} else {
			m.SetSizeClass(*in.SizeClass.Value)
		}
	}
}

// checkContacts checks contacts to add to company (0: a new one) under
// the input field at path.
func (s *Service) checkContacts(ctx context.Context, f *apperr.Fields, path string, contacts []Contact, companyID int) {
	for i, c := range contacts {
		at := fmt.Sprintf("%s[%d]", path, i)
		m := s.client.CompanyContact.Create().SetName(c.Name).SetPosition(c.Position).SetEmail(c.Email).SetPhone(c.Phone)
		contactValidators.check(f, at, m.Mutation())
		if c.UserID == nil {
			continue
		}
		// Accounts of company contacts are not the caseworkers' to see:
		// the system checks the link.
		u, err := s.client.User.Query().Where(user.ID(*c.UserID)).Only(viewer.SystemContext(ctx))
		if err != nil || !slices.Contains(u.Roles, viewer.CompanyContact) || u.CompanyID == nil || *u.CompanyID != companyID {
			f.Check(at+".userId", apperr.Invalid("error.field.not_company_account", nil))
		}
	}
}

// addContacts adds contacts to company id.
func (s *Service) addContacts(ctx context.Context, tx *ent.Client, id int, contacts []Contact) error {
	for _, c := range contacts {
		if err := tx.CompanyContact.Create().SetCompanyID(id).SetName(c.Name).SetPosition(c.Position).
			SetEmail(c.Email).SetPhone(c.Phone).SetNillableUserID(c.UserID).Exec(ctx); err != nil {
			if ent.IsConstraintError(err) {
				return apperr.OnField("contacts", apperr.Invalid("error.field.account_linked", nil))
			}
			return fmt.Errorf("casework: add contact to company %d: %w", id, err)
		}
	}
	return nil
}

// Companies returns one page of the companies, by name unless ordered
// otherwise.
func (s *Service) Companies(ctx context.Context, p paging.Page, order *ent.CompanyOrder, where *ent.CompanyWhereInput) (*ent.CompanyConnection, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	p, err := p.Normalize()
	if err != nil {
		return nil, err
	}
	if order == nil {
		order = &ent.CompanyOrder{Direction: "ASC", Field: ent.CompanyOrderFieldName}
	}
	opts := []ent.CompanyPaginateOption{ent.WithCompanyOrder(order)}
	if where != nil {
		opts = append(opts, ent.WithCompanyFilter(where.Filter))
	}
	return s.ent(ctx).Company.Query().Paginate(ctx, p.After, p.First, p.Before, p.Last, opts...)
}

// VacancyInput is a vacancy to create or a change of one; nil fields are
// left as they are.
type VacancyInput struct {
	CompanyID       *int // creation only
	Title           *string
	Kind            *vacancy.Kind
	OccupationCode  *string
	OccupationTitle *string
	Positions       *int
	GermanLevel     Edit[schematype.CEFR]
	OtherLanguages  []string // nil: unchanged
	StartDate       *time.Time
	EndDate         Edit[time.Time]
	Status          *vacancy.Status
}

// CreateVacancy registers a demand of a company.
func (s *Service) CreateVacancy(ctx context.Context, in VacancyInput) (*ent.Vacancy, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	var id int
	err := s.inTx(ctx, func(tx *ent.Client) error {
		c := tx.Vacancy.Create()
		var f apperr.Fields
		if in.CompanyID == nil {
			f.Check("companyId", apperr.Invalid("error.field.required", nil))
		} else if ok, err := tx.Company.Query().Where(company.ID(*in.CompanyID)).Exist(ctx); err != nil {
			return fmt.Errorf("casework: find company: %w", err)
		} else if !ok {
			f.Check("companyId", errUnknown)
		} else {
			c.SetCompanyID(*in.CompanyID)
		}
		if in.Title == nil {
			c.SetTitle("")
		}
		if in.StartDate == nil {
			f.Check("startDate", apperr.Invalid("error.field.required", nil))
		}
		setVacancy(c.Mutation(), in)
		vacancyValidators.check(&f, "", c.Mutation())
		if err := f.Err(); err != nil {
			return err
		}
		v, err := c.Save(ctx)
		if err != nil {
			return fmt.Errorf("casework: create vacancy: %w", err)
		}
		id = v.ID
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).Vacancy.Get(ctx, id)
}

// UpdateVacancy changes vacancy id.
func (s *Service) UpdateVacancy(ctx context.Context, id int, in VacancyInput) (*ent.Vacancy, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(tx *ent.Client) error {
		v, err := tx.Vacancy.Get(ctx, id)
		if err != nil {
			return notFound(err, missing("id", ErrVacancyNotFound))
		}
		u := v.Update()
		setVacancy(u.Mutation(), in)
		var f apperr.Fields
		vacancyValidators.check(&f, "", u.Mutation())
		if err := f.Err(); err != nil {
			return err
		}
		if err := u.Exec(ctx); err != nil {
			return fmt.Errorf("casework: update vacancy %d: %w", id, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).Vacancy.Get(ctx, id)
}

// setVacancy sets the fields of in that are given on m.
func setVacancy(m *ent.VacancyMutation, in VacancyInput) {
	if in.Title != nil {
		m.SetTitle(*in.Title)
	}
	if in.Kind != nil {
		m.SetKind(*in.Kind)
	}
	if in.OccupationCode != nil {
		m.SetOccupationCode(*in.OccupationCode)
	}
	if in.OccupationTitle != nil {
		m.SetOccupationTitle(*in.OccupationTitle)
	}
	if in.Positions != nil {
		m.SetPositions(*in.Positions)
	}
	if in.GermanLevel.Set {
		if in.GermanLevel.Value == nil {
			m.ClearGermanLevel()
		} else {
			m.SetGermanLevel(*in.GermanLevel.Value)
		}
	}
	if in.OtherLanguages != nil {
		m.SetOtherLanguages(in.OtherLanguages)
	}
	if in.StartDate != nil {
		m.SetStartDate(schematype.DateOf(*in.StartDate))
	}
	if in.EndDate.Set {
		if in.EndDate.Value == nil {
			m.ClearEndDate()
		} else {
			m.SetEndDate(schematype.DateOf(*in.EndDate.Value))
		}
	}
	if in.Status != nil {
		m.SetStatus(*in.Status)
	}
}

// Vacancies returns one page of the vacancies, by start date unless
// ordered otherwise.
func (s *Service) Vacancies(ctx context.Context, p paging.Page, order *ent.VacancyOrder, where *ent.VacancyWhereInput) (*ent.VacancyConnection, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	p, err := p.Normalize()
	if err != nil {
		return nil, err
	}
	if order == nil {
		order = &ent.VacancyOrder{Direction: "ASC", Field: ent.VacancyOrderFieldStartDate}
	}
	opts := []ent.VacancyPaginateOption{ent.WithVacancyOrder(order)}
	if where != nil {
		opts = append(opts, ent.WithVacancyFilter(where.Filter))
	}
	return s.ent(ctx).Vacancy.Query().Paginate(ctx, p.After, p.First, p.Before, p.Last, opts...)
}
