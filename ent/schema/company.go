package schema

import (
	"context"
	"fmt"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"relocate/ent/privacy"
	"relocate/ent/schema/schematype"
	"relocate/internal/apperr"
	"relocate/internal/rule"
	"relocate/internal/viewer"
)

// casework is the mutation policy of case management data: those who
// manage cases change it (and the system, e.g. demo data).
func casework() privacy.MutationPolicy {
	return privacy.MutationPolicy{rule.AllowSystem(), rule.Require(viewer.ManageCases)}
}

// Company is an employer of the Magdeburg economic region that asked the
// service for skilled workers or interns.
type Company struct{ ent.Schema }

// Mixin of the Company.
func (Company) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Company.
func (Company) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Validate(requiredLine(maxName)).Annotations(entgql.OrderField("NAME")),
		field.String("legal_form").Default("").Validate(line(maxLegalForm)).
			Comment("GmbH, GmbH & Co. KG, e. K. …"),
		field.String("sector_code").Optional().Validate(optional(patterned(wzPattern, msgWZ))).
			Comment("Economic activity by WZ 2008: division, group, class or subclass (\"25.62\")."),
		field.String("sector_name").Default("").Validate(line(maxName)).
			Comment("The WZ 2008 title of the sector, readable."),
		field.String("street").Default("").Validate(line(maxStreet)),
		field.String("postal_code").Default("").Validate(line(maxPostalCode)),
		field.String("city").Default("Magdeburg").Validate(line(maxCity)),
		field.String("municipality").Default("").Validate(line(maxCity)).
			Comment("The municipality of the Magdeburg economic region the company is in.").
			Annotations(entgql.OrderField("MUNICIPALITY")),
		field.Enum("size_class").Values("MICRO", "SMALL", "MEDIUM", "LARGE").Optional().Nillable().
			Comment("EU SME size class (fewer than 10, 50, 250 employees, or more); ESF+ reports SMEs.").
			Annotations(entgql.Type("CompanySize")),
		field.Text("notes").Default("").Validate(text(maxNote)).
			Comment("The staff's notes; never shown to the company."),
		field.Bool("demo").Default(false).Immutable().
			Comment("Made up by `relocate demo`, not a real one.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Edges of the Company.
func (Company) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("contacts", CompanyContact.Type).Annotations(entgql.Skip(entgql.SkipWhereInput)),
		edge.To("vacancies", Vacancy.Type).Annotations(entgql.Skip(entgql.SkipWhereInput)),
		edge.To("training_bookings", TrainingBooking.Type).Annotations(entgql.Skip(entgql.SkipWhereInput)),
		edge.From("users", User.Type).Ref("company").Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Indexes of the Company.
func (Company) Indexes() []ent.Index { return []ent.Index{index.Fields("name")} }

// Policy of the Company: staff see all, a company contact their own.
func (Company) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.OfOwnCompany("id")},
		Mutation: casework(),
	}
}

// Annotations of the Company.
func (Company) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// CompanyContact is a person at a company the service deals with,
// optionally with an account of their own (a COMPANY_CONTACT user of the
// same company).
type CompanyContact struct{ ent.Schema }

// Mixin of the CompanyContact.
func (CompanyContact) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the CompanyContact.
func (CompanyContact) Fields() []ent.Field {
	return []ent.Field{
		field.Int("company_id").Immutable(),
		field.String("name").Validate(requiredLine(maxName)).Annotations(entgql.OrderField("NAME")),
		field.String("position").Default("").Validate(line(maxName)).Comment("Job title or role, e.g. HR manager."),
		field.String("email").Default("").Validate(optional(email)),
		field.String("phone").Default("").Validate(optional(phone)),
		field.Int("user_id").Optional().Nillable(),
	}
}

// Edges of the CompanyContact.
func (CompanyContact) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("company", Company.Type).Ref("contacts").Unique().Required().Immutable().Field("company_id"),
		edge.To("user", User.Type).Unique().Field("user_id").Annotations(entgql.Skip(entgql.SkipWhereInput)),
	}
}

// Indexes of the CompanyContact.
func (CompanyContact) Indexes() []ent.Index {
	return []ent.Index{index.Fields("company_id"), index.Fields("user_id").Unique()}
}

// Policy of the CompanyContact: staff see all, a company contact those of
// their company.
func (CompanyContact) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.OfOwnCompany("company_id")},
		Mutation: casework(),
	}
}

// Annotations of the CompanyContact.
func (CompanyContact) Annotations() []schema.Annotation {
	return []schema.Annotation{PersonalData{Subject: "user_id"}}
}

// Vacancy is one demand of a company: a skilled-worker position, an
// internship or an apprenticeship.
type Vacancy struct{ ent.Schema }

// Mixin of the Vacancy.
func (Vacancy) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Vacancy.
func (Vacancy) Fields() []ent.Field {
	return []ent.Field{
		field.Int("company_id").Immutable(),
		field.String("title").Validate(requiredLine(maxName)).Annotations(entgql.OrderField("TITLE")),
		field.Enum("kind").Values("EMPLOYMENT", "INTERNSHIP", "APPRENTICESHIP").
			Annotations(entgql.Type("VacancyKind")),
		field.String("occupation_code").Optional().Validate(optional(patterned(kldbPattern, msgKldB))).
			Comment("The occupation by KldB 2010: five digits (\"25212\")."),
		field.String("occupation_title").Default("").Validate(line(maxName)).
			Comment("The KldB 2010 title of the occupation."),
		field.Int("positions").Default(1).Validate(within(1, 1000)).Comment("How many people are sought."),
		field.Enum("german_level").GoType(schematype.CEFR("")).Optional().Nillable().
			Comment("The German the job needs (CEFR).").
			Annotations(entgql.Type("CefrLevel"), entgql.Skip(entgql.SkipEnumField)),
		field.Strings("other_languages").Optional().
			Comment("Other useful languages: ISO 639-1 codes (\"lv\", \"ru\")."),
		field.Time("start_date").Annotations(entgql.Type("Date"), entgql.OrderField("START_DATE")).
			Comment("When the job or internship starts."),
		field.Time("end_date").Optional().Nillable().Annotations(entgql.Type("Date")).
			Comment("When the internship ends; required for internships."),
		field.Enum("status").Values("OPEN", "FILLED", "CANCELLED").Default("OPEN").
			Annotations(entgql.Type("VacancyStatus"), entgql.OrderField("STATUS")),
	}
}

// Hooks of the Vacancy: an internship has an end, and the end comes after
// the start; the other languages are language codes.
func (Vacancy) Hooks() []ent.Hook {
	return []ent.Hook{checked("vacancy",
		notBefore("end_date", "start_date", "endDate"),
		func(ctx context.Context, m ent.Mutation, f *apperr.Fields) error {
			kind, err := valueAfter(ctx, m, "kind")
			if err != nil || fmt.Sprint(kind) != "INTERNSHIP" {
				return err
			}
			end, err := timeAfter(ctx, m, "end_date")
			if err == nil && end == nil {
				f.Check("endDate", apperr.Invalid(msgRequired, nil))
			}
			return err
		},
		func(_ context.Context, m ent.Mutation, f *apperr.Fields) error {
			if v, ok := m.Field("other_languages"); ok {
				if codes, ok := v.([]string); ok {
					f.Check("otherLanguages", schematype.CheckLanguageCodes(codes))
				}
			}
			return nil
		},
	)}
}

// Edges of the Vacancy.
func (Vacancy) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("company", Company.Type).Ref("vacancies").Unique().Required().Immutable().Field("company_id"),
		edge.To("cases", CaseFile.Type).Annotations(entgql.Skip(entgql.SkipWhereInput)),
	}
}

// Indexes of the Vacancy.
func (Vacancy) Indexes() []ent.Index {
	return []ent.Index{index.Fields("company_id", "status"), index.Fields("status", "start_date")}
}

// Policy of the Vacancy: staff see all, a company contact their company's.
func (Vacancy) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.OfOwnCompany("company_id")},
		Mutation: casework(),
	}
}

// Annotations of the Vacancy.
func (Vacancy) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}
