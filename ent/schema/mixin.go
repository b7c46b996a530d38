package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"entgo.io/ent/schema/mixin"

	"relocate/ent/privacy"
	"relocate/ent/schema/schematype"
	"relocate/internal/lang"
	"relocate/internal/rule"
	"relocate/internal/viewer"
)

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
		field.String("key").Unique().Immutable().Validate(shaped(maxKey, msgKey)).
			Comment("Stable identifier, never shown to readers and never changed."),
		field.Enum("status").GoType(schematype.Published).Default(string(schematype.Draft)).
			Annotations(entgql.Type("PublicationStatus")),
		field.Int("source_revision").Default(1).Positive().
			Comment("Incremented by every major change of the German source.").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
	}
}

// Policy of the ContentMixin: anyone who may not read drafts sees
// published rows only, on every query, edge and count; only the guide's
// editors and translators change content (the services check the finer
// rules: German source and structure for editors, each translator's
// languages).
func (ContentMixin) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.PublishedOnly()},
		Mutation: privacy.MutationPolicy{rule.AllowSystem(), rule.Require(viewer.EditSource, viewer.Translate)},
	}
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

// Policy of the TranslationMixin: published texts for everyone, drafts
// for those who may read drafts in their language; texts are written only
// by those who may write their language.
func (TranslationMixin) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{rule.AllowSystem(), rule.TranslationsVisible()},
		Mutation: privacy.MutationPolicy{rule.AllowSystem(),
			rule.Require(viewer.EditSource, viewer.Translate), rule.TranslateInLanguage()},
	}
}

// translationIndexes returns the indexes every translation table has: one
// row per owner and language.
func translationIndexes(owner string) []ent.Index {
	return []ent.Index{
		index.Fields("language").Edges(owner).Unique(),
		// All texts of one object, as loading an object with its texts
		// asks (the unique index above leads with the language).
		index.Edges(owner),
	}
}
