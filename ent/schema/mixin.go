package schema

import (
	"context"
	"regexp"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"entgo.io/ent/schema/mixin"

	"relocate/ent/intercept"
	"relocate/ent/schema/schematype"
	"relocate/internal/apperr"
	"relocate/internal/lang"
	"relocate/internal/viewer"
)

// keyPattern is the shape of stable keys and slugs: lower-case ASCII words
// joined by hyphens.
var keyPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// TimeMixin records when a row was created and last changed.
type TimeMixin struct{ mixin.Schema }

// Fields of the TimeMixin.
func (TimeMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").Default(time.Now).Immutable().
			Annotations(entgql.OrderField("CREATED_AT"), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Time("updated_at").Default(time.Now).UpdateDefault(time.Now).
			Annotations(entgql.OrderField("UPDATED_AT"), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// ContentMixin is shared by every piece of guide content that has a German
// source and translations: a stable key, a publication status and the
// revision of the German source, which translations are compared against.
type ContentMixin struct{ mixin.Schema }

// Fields of the ContentMixin.
func (ContentMixin) Fields() []ent.Field {
	return []ent.Field{
		field.String("key").Unique().Immutable().Match(keyPattern).MaxLen(100).
			Comment("Stable identifier, never shown to readers and never changed."),
		field.Enum("status").GoType(schematype.Published).Default(string(schematype.Draft)).
			Annotations(entgql.Type("PublicationStatus")),
		field.Int("source_revision").Default(1).Positive().
			Comment("Incremented by every major change of the German source.").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
	}
}

// Interceptors of the ContentMixin: anyone who may not see drafts sees
// published rows only, on every query, edge and count.
func (ContentMixin) Interceptors() []ent.Interceptor {
	return []ent.Interceptor{publishedOnly()}
}

// TranslationMixin is shared by the per-language rows of localized content.
type TranslationMixin struct{ mixin.Schema }

// Fields of the TranslationMixin.
func (TranslationMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("language").GoType(lang.Code("")).
			Annotations(entgql.Type("LanguageCode"), entgql.Skip(entgql.SkipEnumField)),
		field.Enum("status").GoType(schematype.Published).Default(string(schematype.Published)).
			Annotations(entgql.Type("PublicationStatus")),
		field.Int("source_revision").Default(1).Positive().
			Comment("The revision of the German source this text was translated from."),
		field.Bool("machine_translated").Default(false),
	}
}

// Interceptors of the TranslationMixin: drafts are visible to editors,
// and to translators in the German source and their own languages.
func (TranslationMixin) Interceptors() []ent.Interceptor {
	return []ent.Interceptor{intercept.TraverseFunc(func(ctx context.Context, q intercept.Query) error {
		v := viewer.FromContext(ctx)
		if v.Has(viewer.Admin, viewer.Editor) {
			return nil
		}
		langs := []any{}
		if v.Has(viewer.Translator) {
			for _, l := range lang.All {
				if v.SeesLanguage(l) {
					langs = append(langs, string(l))
				}
			}
		}
		q.WhereP(func(s *sql.Selector) {
			published := sql.EQ(s.C("status"), string(schematype.Published))
			if len(langs) == 0 {
				s.Where(published)
				return
			}
			s.Where(sql.Or(published, sql.In(s.C("language"), langs...)))
		})
		return nil
	})}
}

// Hooks of the TranslationMixin.
func (TranslationMixin) Hooks() []ent.Hook { return []ent.Hook{editorsOnly()} }

// Hooks of the ContentMixin: only the guide's editors and translators
// change content; the services check the finer rules.
func (ContentMixin) Hooks() []ent.Hook { return []ent.Hook{editorsOnly()} }

func editorsOnly() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if !viewer.FromContext(ctx).CanEditContent() {
				return nil, errForbidden
			}
			return next.Mutate(ctx, m)
		})
	}
}

// errForbidden is what the schema's hooks answer to a change the viewer
// may not make.
var errForbidden = apperr.ErrForbidden

// appendOnly refuses every update and deletion: for the audit log and
// revision history.
func appendOnly() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if !m.Op().Is(ent.OpCreate) {
				return nil, errForbidden
			}
			return next.Mutate(ctx, m)
		})
	}
}

// visibleTo restricts every query of its schema to viewers allowed by ok;
// others get no rows, exactly as if there were none.
func visibleTo(ok func(viewer.Viewer) bool) ent.Interceptor {
	return intercept.TraverseFunc(func(ctx context.Context, q intercept.Query) error {
		if !ok(viewer.FromContext(ctx)) {
			q.WhereP(func(s *sql.Selector) { s.Where(sql.False()) })
		}
		return nil
	})
}

// translationIndexes returns the indexes every translation table has: one
// row per owner and language.
func translationIndexes(owner string) []ent.Index {
	return []ent.Index{
		index.Fields("language").Edges(owner).Unique(),
	}
}

// publishedOnly restricts every query of its schema, including eager
// loads, edges and counts, to published rows unless the viewer may see
// drafts.
func publishedOnly() ent.Interceptor {
	return intercept.TraverseFunc(func(ctx context.Context, q intercept.Query) error {
		if !viewer.FromContext(ctx).CanSeeUnpublished() {
			q.WhereP(sql.FieldEQ("status", string(schematype.Published)))
		}
		return nil
	})
}

// parentPublished hides, from viewers who may not see drafts, rows whose
// parent (column fk in table) is not published: the articles of a topic
// taken back, the places of a hidden category.
func parentPublished(fk, table string) ent.Interceptor {
	return intercept.TraverseFunc(func(ctx context.Context, q intercept.Query) error {
		if !viewer.FromContext(ctx).CanSeeUnpublished() {
			q.WhereP(func(s *sql.Selector) {
				t := sql.Table(table)
				s.Where(sql.In(s.C(fk), sql.Select(t.C("id")).From(t).Where(sql.EQ(t.C("status"), string(schematype.Published)))))
			})
		}
		return nil
	})
}
