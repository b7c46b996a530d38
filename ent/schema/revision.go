package schema

import (
	"context"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"relocate/ent/intercept"
	"relocate/internal/lang"
	"relocate/internal/viewer"
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

// Interceptors of the GuideArticleRevision: the guide's editors, and
// translators in the source and their languages.
func (GuideArticleRevision) Interceptors() []ent.Interceptor {
	return []ent.Interceptor{intercept.TraverseFunc(func(ctx context.Context, q intercept.Query) error {
		v := viewer.FromContext(ctx)
		var langs []any
		for _, l := range lang.All {
			if v.SeesLanguage(l) {
				langs = append(langs, string(l))
			}
		}
		if !v.System {
			q.WhereP(func(s *sql.Selector) { s.Where(sql.In(s.C("language"), langs...)) })
		}
		return nil
	})}
}

// Hooks of the GuideArticleRevision: append-only.
func (GuideArticleRevision) Hooks() []ent.Hook { return []ent.Hook{appendOnly()} }

// Annotations of the GuideArticleRevision.
func (GuideArticleRevision) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}
