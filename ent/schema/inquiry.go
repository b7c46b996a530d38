package schema

import (
	"context"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"relocate/internal/lang"
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
		field.String("name").NotEmpty().MaxLen(200).Comment("The sender's name; for companies, the contact person."),
		field.String("email").NotEmpty().MaxLen(254),
		field.String("phone").Default("").MaxLen(50),
		field.String("company_name").Default("").MaxLen(200),
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

// Interceptors of the Inquiry: caseworkers and administrators only.
func (Inquiry) Interceptors() []ent.Interceptor {
	return []ent.Interceptor{visibleTo(func(v viewer.Viewer) bool { return v.Has(viewer.Caseworker, viewer.Admin) })}
}

// Hooks of the Inquiry: anyone may send one (the public forms); only
// caseworkers and administrators change them.
func (Inquiry) Hooks() []ent.Hook {
	return []ent.Hook{func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if !m.Op().Is(ent.OpCreate) && !viewer.FromContext(ctx).Has(viewer.Caseworker, viewer.Admin) {
				return nil, errForbidden
			}
			return next.Mutate(ctx, m)
		})
	}}
}

// Annotations of the Inquiry.
func (Inquiry) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll), PersonalData{}}
}
