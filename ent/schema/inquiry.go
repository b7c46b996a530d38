package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"relocate/ent/privacy"
	"relocate/internal/lang"
	"relocate/internal/rule"
	"relocate/internal/viewer"
)

// Inquiry is a message sent through the public site by a newcomer or a
// company, kept for staff to triage: NEW, IN_PROGRESS, then CONVERTED
// into a person and a case (newcomers) or a company and a vacancy
// (companies), keeping the links, or CLOSED. Personal data, shown only to
// those who handle inquiries.
type Inquiry struct{ ent.Schema }

// Mixin of the Inquiry.
func (Inquiry) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Inquiry.
func (Inquiry) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").Values("NEWCOMER", "COMPANY").Immutable().Annotations(entgql.Type("InquiryKind")),
		field.String("name").Validate(requiredLine(maxName)).Comment("The sender's name; for companies, the contact person."),
		field.String("email").Validate(email),
		field.String("phone").Default("").Validate(optional(phone)),
		field.String("company_name").Default("").Validate(line(maxName)),
		field.Enum("language").GoType(lang.Code("")).Immutable().
			Comment("The language the inquiry was written in (the page's language).").
			Annotations(entgql.Type("LanguageCode"), entgql.Skip(entgql.SkipEnumField)),
		field.Enum("preferred_language").GoType(lang.Code("")).
			Comment("The language the sender wants to be answered in.").
			Annotations(entgql.Type("LanguageCode"), entgql.Skip(entgql.SkipEnumField)),
		field.Strings("topics").Optional().
			Comment("Topic keys (newcomers) or interests (companies) chosen on the form."),
		field.Text("message").NotEmpty(),
		field.Time("consented_at").Immutable().
			Comment("When the sender consented to the processing of the data."),
		field.Enum("status").Values("NEW", "IN_PROGRESS", "CONVERTED", "CLOSED").Default("NEW").
			Annotations(entgql.Type("InquiryStatus"), entgql.OrderField("STATUS")),
		field.Text("notes").Default("").Validate(text(maxNote)).
			Comment("The staff's notes on the inquiry; never shown to its sender."),
		field.Time("converted_at").Optional().Nillable(),
		field.Int("person_id").Optional().Nillable().Comment("The person a newcomer's inquiry was converted into."),
		field.Int("case_id").Optional().Nillable().Comment("The case a newcomer's inquiry was converted into."),
		field.Int("company_id").Optional().Nillable().Comment("The company a company's inquiry was converted into."),
		field.Int("vacancy_id").Optional().Nillable().Comment("The vacancy a company's inquiry was converted into."),
	}
}

// Edges of the Inquiry: what it was converted into.
func (Inquiry) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("person", Person.Type).Unique().Field("person_id").Annotations(entgql.Skip(entgql.SkipWhereInput)),
		edge.To("case_file", CaseFile.Type).Unique().Field("case_id").
			Annotations(entgql.MapsTo("case"), entgql.Skip(entgql.SkipWhereInput)),
		edge.To("company", Company.Type).Unique().Field("company_id").Annotations(entgql.Skip(entgql.SkipWhereInput)),
		edge.To("vacancy", Vacancy.Type).Unique().Field("vacancy_id").Annotations(entgql.Skip(entgql.SkipWhereInput)),
	}
}

// Indexes of the Inquiry.
func (Inquiry) Indexes() []ent.Index {
	return []ent.Index{index.Fields("status", "created_at")}
}

// Policy of the Inquiry: anyone may send one (the public forms); only
// those who handle inquiries read or change them.
func (Inquiry) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.VisibleWith(viewer.HandleInquiries)},
		Mutation: privacy.MutationPolicy{rule.AllowSystem(), rule.ExceptCreate(rule.Require(viewer.HandleInquiries))},
	}
}

// Annotations of the Inquiry.
func (Inquiry) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput), PersonalData{},
	}
}
