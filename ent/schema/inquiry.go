package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"relocate/ent/privacy"
	"relocate/internal/lang"
	"relocate/internal/rule"
	"relocate/internal/viewer"
)

// Inquiry is a message sent through the public site by a newcomer or a
// company, kept for staff to triage. It is personal data: it is not part of
// the GraphQL schema until staff sign-in and roles protect it.
type Inquiry struct{ ent.Schema }

// Mixin of the Inquiry.
func (Inquiry) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Inquiry.
func (Inquiry) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").Values("NEWCOMER", "COMPANY").Immutable(),
		field.String("name").Validate(requiredLine(maxName)).Comment("The sender's name; for companies, the contact person."),
		field.String("email").Validate(email),
		field.String("phone").Default("").Validate(optional(phone)),
		field.String("company_name").Default("").Validate(line(maxName)),
		field.Enum("language").GoType(lang.Code("")).Immutable().
			Comment("The language the inquiry was written in (the page's language)."),
		field.Enum("preferred_language").GoType(lang.Code("")).
			Comment("The language the sender wants to be answered in."),
		field.Strings("topics").Optional().
			Comment("Topic keys (newcomers) or interests (companies) chosen on the form."),
		field.Text("message").NotEmpty(),
		field.Time("consented_at").Immutable().
			Comment("When the sender consented to the processing of the data."),
		field.Enum("status").Values("NEW", "IN_PROGRESS", "CLOSED").Default("NEW"),
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
	return []schema.Annotation{entgql.Skip(entgql.SkipAll), PersonalData{}}
}
