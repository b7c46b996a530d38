package schema

import (
	"context"
	"fmt"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"relocate/ent/privacy"
	"relocate/ent/schema/schematype"
	"relocate/internal/apperr"
	"relocate/internal/rule"
)

// dateColumn is the column type of a calendar day: PostgreSQL's date.
// SQLite keeps it as the time at midnight UTC.
func dateColumn() map[string]string { return map[string]string{dialect.Postgres: "date"} }

// GuideCategory is a topic of the welcome guide (housing, authorities …);
// topics form an ordered tree.
type GuideCategory struct{ ent.Schema }

// Mixin of the GuideCategory.
func (GuideCategory) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, ContentMixin{}} }

// Fields of the GuideCategory.
func (GuideCategory) Fields() []ent.Field {
	return []ent.Field{
		field.String("icon").Optional().Validate(optional(shaped(maxIcon, msgIcon))).
			Comment("Symbolic icon name for clients."),
		field.Int("position").Default(0).Annotations(entgql.OrderField("POSITION")),
		field.Int("parent_id").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of the GuideCategory.
func (GuideCategory) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("children", GuideCategory.Type).
			From("parent").Unique().Field("parent_id"),
		edge.To("articles", GuideArticle.Type).
			Annotations(entgql.Skip(entgql.SkipAll)), // graph/guide.graphqls: ordered, paged

		edge.To("translations", GuideCategoryTranslation.Type).
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Indexes of the GuideCategory.
func (GuideCategory) Indexes() []ent.Index {
	return []ent.Index{index.Fields("parent_id", "position")}
}

// Annotations of the GuideCategory.
func (GuideCategory) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// GuideCategoryTranslation is a topic's name and description in one language.
type GuideCategoryTranslation struct{ ent.Schema }

// Mixin of the GuideCategoryTranslation.
func (GuideCategoryTranslation) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TranslationMixin{}}
}

// Fields of the GuideCategoryTranslation.
func (GuideCategoryTranslation) Fields() []ent.Field {
	return []ent.Field{
		field.Int("category_id"),
		field.String("slug").Validate(shaped(maxSlug, msgSlug)),
		field.String("name").Validate(requiredLine(maxName)),
		field.Text("description").Default("").Validate(text(maxTopicText)),
	}
}

// Edges of the GuideCategoryTranslation.
func (GuideCategoryTranslation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("category", GuideCategory.Type).Ref("translations").
			Unique().Required().Field("category_id"),
	}
}

// Indexes of the GuideCategoryTranslation.
func (GuideCategoryTranslation) Indexes() []ent.Index {
	return append(translationIndexes("category"), index.Fields("language", "slug").Unique())
}

// Annotations of the GuideCategoryTranslation.
func (GuideCategoryTranslation) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// GuideArticle is one page of the welcome guide. Its texts live in
// GuideArticleTranslation rows, German first.
type GuideArticle struct{ ent.Schema }

// Mixin of the GuideArticle.
func (GuideArticle) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, ContentMixin{}} }

// Fields of the GuideArticle.
func (GuideArticle) Fields() []ent.Field {
	return []ent.Field{
		field.Int("category_id").Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("position").Default(0).Annotations(entgql.OrderField("POSITION")),
		// Freshness, of the German source: graph/guide.graphqls shows it
		// (as dates, not times) and says whether a review is due.
		field.Time("reviewed_at").Optional().Nillable().SchemaType(dateColumn()).
			Comment("The day the German text was last checked against its sources.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("figures_for").Optional().Nillable().Validate(year).
			Comment("The year the article's figures (amounts, thresholds, fees) are for.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("valid_until").Optional().Nillable().SchemaType(dateColumn()).
			Comment("The last day a rule the article states is known to hold.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.JSON("sources", schematype.Sources{}).Optional().
			Comment("The public sources the facts were checked against (CheckSources).").
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Hooks of the GuideArticle: ent validates no JSON field, so the sources
// are checked here, on every create and update.
func (GuideArticle) Hooks() []ent.Hook {
	return []ent.Hook{func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if v, ok := m.Field("sources"); ok {
				if s, ok := v.(schematype.Sources); ok {
					var f apperr.Fields
					f.Check("sources", CheckSources(s))
					if err := f.Err(); err != nil {
						return nil, fmt.Errorf("schema: guide article: %w", err)
					}
				}
			}
			return next.Mutate(ctx, m)
		})
	}}
}

// Edges of the GuideArticle.
func (GuideArticle) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("category", GuideCategory.Type).Ref("articles").
			Unique().Required().Field("category_id"),
		edge.To("translations", GuideArticleTranslation.Type).
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("related", GuideArticle.Type).
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		edge.To("revisions", GuideArticleRevision.Type).
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipWhereInput)),
	}
}

// Indexes of the GuideArticle.
func (GuideArticle) Indexes() []ent.Index {
	return []ent.Index{index.Fields("category_id", "position")}
}

// Policy of the GuideArticle: an article is public only while its topic
// is published.
func (GuideArticle) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{rule.AllowSystem(), rule.ParentPublished("category_id", "guide_categories")}}
}

// Annotations of the GuideArticle.
func (GuideArticle) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// GuideArticleTranslation is an article's text in one language, with a slug
// unique within that language.
type GuideArticleTranslation struct{ ent.Schema }

// Mixin of the GuideArticleTranslation.
func (GuideArticleTranslation) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TranslationMixin{}}
}

// Fields of the GuideArticleTranslation.
func (GuideArticleTranslation) Fields() []ent.Field {
	return []ent.Field{
		field.Int("article_id"),
		field.String("slug").Validate(shaped(maxSlug, msgSlug)),
		field.String("title").Validate(requiredLine(maxName)),
		field.Text("summary").Default("").Validate(required(maxSummary)),
		field.Text("body").Default("").Validate(required(maxBody)).Comment("Markdown."),
	}
}

// Edges of the GuideArticleTranslation.
func (GuideArticleTranslation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("article", GuideArticle.Type).Ref("translations").
			Unique().Required().Field("article_id"),
	}
}

// Indexes of the GuideArticleTranslation.
func (GuideArticleTranslation) Indexes() []ent.Index {
	return append(translationIndexes("article"), index.Fields("language", "slug").Unique())
}

// Annotations of the GuideArticleTranslation.
func (GuideArticleTranslation) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
