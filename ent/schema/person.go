package schema

import (
	"context"
	"fmt"
	"strings"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"relocate/ent/privacy"
	"relocate/ent/schema/schematype"
	"relocate/internal/apperr"
	"relocate/internal/fold"
	"relocate/internal/lang"
	"relocate/internal/rule"
	"relocate/internal/viewer"
)

// Person is a newcomer the service accompanies: a recruited worker or
// intern. Everything about them is personal data; every read is audited.
type Person struct{ ent.Schema }

// Mixin of the Person.
func (Person) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Person.
func (Person) Fields() []ent.Field {
	return []ent.Field{
		field.String("given_name").Validate(requiredLine(maxName)),
		field.String("family_name").Validate(requiredLine(maxName)).Annotations(entgql.OrderField("FAMILY_NAME")),
		field.String("search_name").Default("").
			Comment("The name folded for search (lower case, no diacritics): set by the schema's hook.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("date_of_birth").Optional().Nillable().Annotations(entgql.Type("Date")),
		field.Enum("gender").Values("FEMALE", "MALE", "DIVERSE", "NOT_STATED").Default("NOT_STATED").
			Annotations(entgql.Type("Gender")),
		field.String("nationality").Optional().Validate(country).Comment("ISO 3166-1 alpha-2 (\"LV\")."),
		field.String("country_of_residence").Optional().Validate(country).Comment("ISO 3166-1 alpha-2 (\"LV\")."),
		field.Enum("preferred_language").GoType(lang.Code("")).Default(string(lang.DE)).
			Comment("The language the person reads best of the service's four.").
			Annotations(entgql.Type("LanguageCode"), entgql.Skip(entgql.SkipEnumField)),
		field.JSON("languages", schematype.LanguageSkills{}).Optional().
			Comment("The languages the person speaks, with CEFR levels.").
			Annotations(entgql.Type("[LanguageSkill!]")),
		field.String("email").Default("").Validate(optional(email)),
		field.String("phone").Default("").Validate(optional(phone)),
		field.String("qualification_title").Default("").Validate(line(maxName)).
			Comment("The highest vocational or academic qualification, as named in its country."),
		field.String("qualification_country").Optional().Validate(country).Comment("ISO 3166-1 alpha-2."),
		field.Int("isced_level").Optional().Nillable().Validate(within(0, 8)).
			Comment("ISCED 2011 level of the highest qualification, 0 to 8 (ESF+ reporting)."),
		field.Enum("labour_market_status").
			Values("EMPLOYED", "SELF_EMPLOYED", "UNEMPLOYED", "LONG_TERM_UNEMPLOYED", "INACTIVE", "IN_EDUCATION").
			Optional().Nillable().
			Comment("Labour-market status when the accompaniment began, as ESF+ participant indicators count it.").
			Annotations(entgql.Type("LabourMarketStatus")),
		field.Bool("demo").Default(false).Immutable().
			Comment("Made up by `relocate demo`, not a real one.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Hooks of the Person: the folded search name follows the name; a date of
// birth is not in the future; the languages are checked.
func (Person) Hooks() []ent.Hook {
	return []ent.Hook{
		checked("person", notInFuture("date_of_birth", "dateOfBirth", true), validJSON("languages", "languages")),
		func(next ent.Mutator) ent.Mutator {
			return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
				_, g := m.Field("given_name")
				_, f := m.Field("family_name")
				if !g && !f {
					return next.Mutate(ctx, m)
				}
				if !m.Op().Is(ent.OpCreate) && !m.Op().Is(ent.OpUpdateOne) {
					return nil, fmt.Errorf("schema: person: names are changed one person at a time")
				}
				given, err := valueAfter(ctx, m, "given_name")
				if err != nil {
					return nil, err
				}
				family, err := valueAfter(ctx, m, "family_name")
				if err != nil {
					return nil, err
				}
				if err := m.SetField("search_name", fold.String(fmt.Sprint(given)+" "+fmt.Sprint(family))); err != nil {
					return nil, err
				}
				return next.Mutate(ctx, m)
			})
		},
		personNationality,
	}
}

// Edges of the Person.
func (Person) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("family_members", FamilyMember.Type).Annotations(entgql.Skip(entgql.SkipWhereInput)),
		edge.To("consents", Consent.Type).Annotations(entgql.Skip(entgql.SkipWhereInput)),
		edge.To("cases", CaseFile.Type),
	}
}

// Indexes of the Person.
func (Person) Indexes() []ent.Index {
	return []ent.Index{index.Fields("family_name", "given_name"), index.Fields("search_name")}
}

// Policy of the Person: staff see everyone; a newcomer themselves; a
// company contact the people placed with the company who agreed to
// share with their employer.
func (Person) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.PersonsVisible()},
		Mutation: casework(),
	}
}

// Annotations of the Person.
func (Person) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), PersonalData{}}
}

// FamilyMember is someone who moves with a newcomer; their needs (a Kita
// place, a school place …) are part of the accompaniment.
type FamilyMember struct{ ent.Schema }

// Mixin of the FamilyMember.
func (FamilyMember) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the FamilyMember.
func (FamilyMember) Fields() []ent.Field {
	return []ent.Field{
		field.Int("person_id").Immutable(),
		field.Enum("relation").Values("SPOUSE", "PARTNER", "CHILD", "PARENT", "OTHER").
			Annotations(entgql.Type("FamilyRelation")),
		field.String("given_name").Default("").Validate(line(maxName)),
		field.Int("birth_year").Optional().Nillable().Validate(within(1900, 2200)),
		field.JSON("needs", []schematype.FamilyNeed{}).Optional().
			Annotations(entgql.Type("[FamilyNeed!]")),
	}
}

// Hooks of the FamilyMember: a birth year is not in the future; needs are
// known ones.
func (FamilyMember) Hooks() []ent.Hook {
	return []ent.Hook{checked("family member", func(_ context.Context, m ent.Mutation, f *apperr.Fields) error {
		if v, ok := m.Field("birth_year"); ok {
			if y, ok := v.(int); ok && y > time.Now().Year() {
				f.Check("birthYear", apperr.Invalid(msgDateFuture, nil))
			}
		}
		if v, ok := m.Field("needs"); ok {
			needs, _ := v.([]schematype.FamilyNeed)
			for i, n := range needs {
				if !n.Valid() {
					f.Check(fmt.Sprintf("needs[%d]", i), apperr.Invalid("error.field.invalid", nil))
				}
			}
		}
		return nil
	})}
}

// Edges of the FamilyMember.
func (FamilyMember) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("person", Person.Type).Ref("family_members").Unique().Required().Immutable().Field("person_id"),
	}
}

// Policy of the FamilyMember: staff only.
func (FamilyMember) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.VisibleWith(viewer.ManageCases)},
		Mutation: casework(),
	}
}

// Annotations of the FamilyMember.
func (FamilyMember) Annotations() []schema.Annotation {
	return []schema.Annotation{PersonalData{}}
}

// Consent records that a person agreed to the processing of their data
// for one purpose, or another legal basis that covers it (GDPR Art. 6),
// and when it ended. Processing for a purpose is allowed only while a
// record for it is not withdrawn.
type Consent struct{ ent.Schema }

// Fields of the Consent.
func (Consent) Fields() []ent.Field {
	return []ent.Field{
		field.Int("person_id").Immutable(),
		field.Enum("purpose").Values("CASE_PROCESSING", "SHARE_WITH_PARTNERS", "SHARE_WITH_EMPLOYER", "ESF_REPORTING").
			Immutable().Annotations(entgql.Type("ConsentPurpose")),
		field.Enum("legal_basis").
			Values("CONSENT", "CONTRACT", "LEGAL_OBLIGATION", "VITAL_INTERESTS", "PUBLIC_TASK", "LEGITIMATE_INTERESTS").
			Default("CONSENT").Immutable().
			Comment("GDPR Art. 6(1): (a) consent, (b) contract, (c) legal obligation, (d) vital interests, (e) public task, (f) legitimate interests.").
			Annotations(entgql.Type("LegalBasis")),
		field.Time("given_at").Immutable().Annotations(entgql.OrderField("GIVEN_AT")).
			Comment("When the consent was given or the basis recorded."),
		field.Enum("channel").Values("IN_PERSON", "PAPER", "EMAIL", "WEB_FORM", "PHONE", "OTHER").Immutable().
			Annotations(entgql.Type("ConsentChannel")),
		field.Text("note").Default("").Immutable().Validate(text(maxDescription)).
			Comment("What the record rests on: the form signed, or for another basis the provision (required then)."),
		field.Time("withdrawn_at").Optional().Nillable(),
		field.Int("recorded_by_id").Optional().Nillable().Immutable(),
	}
}

// Hooks of the Consent: given not in the future, withdrawn after given;
// another basis than consent says what it rests on.
func (Consent) Hooks() []ent.Hook {
	return []ent.Hook{checked("consent",
		notInFuture("given_at", "givenAt", false),
		notBefore("withdrawn_at", "given_at", "withdrawnAt"),
		func(ctx context.Context, m ent.Mutation, f *apperr.Fields) error {
			if !m.Op().Is(ent.OpCreate) {
				return nil
			}
			basis, _ := m.Field("legal_basis")
			note, _ := m.Field("note")
			if basis != nil && fmt.Sprint(basis) != "CONSENT" && strings.TrimSpace(fmt.Sprint(note)) == "" {
				f.Check("note", apperr.Invalid(msgRequired, nil))
			}
			return nil
		},
	)}
}

// Edges of the Consent.
func (Consent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("person", Person.Type).Ref("consents").Unique().Required().Immutable().Field("person_id"),
		edge.To("recorded_by", User.Type).Unique().Immutable().Field("recorded_by_id").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
	}
}

// Indexes of the Consent.
func (Consent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("person_id", "purpose", "withdrawn_at")}
}

// Policy of the Consent: staff only.
func (Consent) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.VisibleWith(viewer.ManageCases)},
		Mutation: casework(),
	}
}

// Annotations of the Consent.
func (Consent) Annotations() []schema.Annotation {
	return []schema.Annotation{PersonalData{}}
}
