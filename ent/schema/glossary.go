package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// GlossaryTerm is a German word newcomers meet (Anmeldung, Steuer-ID …).
type GlossaryTerm struct{ ent.Schema }

// Mixin of the GlossaryTerm.
func (GlossaryTerm) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, ContentMixin{}} }

// Fields of the GlossaryTerm.
func (GlossaryTerm) Fields() []ent.Field {
	return []ent.Field{
		field.String("term").Validate(requiredLine(maxName)).
			Comment("The German word with its article, e.g. \"die Anmeldung\"."),
		field.String("sort_key").Validate(requiredLine(maxName)).
			Comment("The word without article, folded for A–Z order.").
			Annotations(
				entgql.OrderField("TERM"),
				entgql.Skip(entgql.SkipType, entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
			),
	}
}

// Edges of the GlossaryTerm.
func (GlossaryTerm) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("translations", GlossaryTermTranslation.Type).
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Annotations of the GlossaryTerm.
func (GlossaryTerm) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// GlossaryTermTranslation explains a glossary term in one language.
type GlossaryTermTranslation struct{ ent.Schema }

// Mixin of the GlossaryTermTranslation.
func (GlossaryTermTranslation) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TranslationMixin{}}
}

// Fields of the GlossaryTermTranslation.
func (GlossaryTermTranslation) Fields() []ent.Field {
	return []ent.Field{
		field.Int("term_id"),
		field.String("translation").Default("").Validate(line(maxName)).
			Comment("The word in this language; empty for German."),
		field.Text("explanation").Validate(required(maxExplanation)),
	}
}

// Edges of the GlossaryTermTranslation.
func (GlossaryTermTranslation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("term", GlossaryTerm.Type).Ref("translations").
			Unique().Required().Field("term_id"),
	}
}

// Indexes of the GlossaryTermTranslation.
func (GlossaryTermTranslation) Indexes() []ent.Index { return translationIndexes("term") }

// Annotations of the GlossaryTermTranslation.
func (GlossaryTermTranslation) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
