package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"relocate/ent/privacy"
	"relocate/internal/lang"
	"relocate/internal/rule"
)

// GuideArticleRevision is a saved state of an article's text in one
// language: who wrote it, when, and which fields changed. Revisions are
// never changed; restoring one writes a new one.
type GuideArticleRevision struct{ ent.Schema }

// Fields of the GuideArticleRevision.
func (GuideArticleRevision) Fields() []ent.Field {
	return []ent.Field{
		field.Int("article_id").Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Enum("language").GoType(lang.Code("")).Immutable().
			Annotations(entgql.Type("LanguageCode"), entgql.Skip(entgql.SkipEnumField)),
		field.String("title").Immutable(),
		field.String("slug").Immutable(),
		field.Text("summary").Immutable(),
		field.Text("body").Immutable(),
		field.Int("source_revision").Immutable().
			Comment("The German source revision the text belongs to."),
		field.Enum("change").Values("CREATED", "MINOR", "MAJOR", "TRANSLATION", "RESTORED").Immutable().
			Annotations(entgql.Type("RevisionChange")),
		field.Strings("changed_fields").Optional().Immutable(),
		field.Int("author_id").Optional().Nillable().Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("author_name").Default("").Immutable().Annotations(entgql.Skip(entgql.SkipWhereInput)).
			Comment("Who wrote it, as named at the time: readable by everyone who may read the revision."),
		field.Time("created_at").Default(time.Now).Immutable().Annotations(entgql.OrderField("CREATED_AT")),
	}
}

// Edges of the GuideArticleRevision.
func (GuideArticleRevision) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("article", GuideArticle.Type).Ref("revisions").Unique().Required().Immutable().Field("article_id"),
		edge.To("author", User.Type).Unique().Immutable().Field("author_id"),
	}
}

// Indexes of the GuideArticleRevision.
func (GuideArticleRevision) Indexes() []ent.Index {
	return []ent.Index{index.Fields("article_id", "language", "created_at")}
}

// Policy of the GuideArticleRevision: visible to those who may read drafts
// in its language (the guide's editors; translators in the source and
// their languages); append-only.
func (GuideArticleRevision) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.InDraftLanguages()},
		Mutation: privacy.MutationPolicy{rule.AppendOnly()},
	}
}

// Annotations of the GuideArticleRevision.
func (GuideArticleRevision) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}
