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

// Language is one of the languages content is served in.
type Language struct{ ent.Schema }

// Fields of the Language.
func (Language) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("code").GoType(lang.Code("")).Immutable().
			Annotations(entgql.Type("LanguageCode"), entgql.Skip(entgql.SkipEnumField)),
		field.String("native_name").NotEmpty(),
		field.String("english_name").NotEmpty(),
		field.Bool("is_source").Default(false),
		field.Int("position").Default(0),
	}
}

// Indexes of the Language.
func (Language) Indexes() []ent.Index { return []ent.Index{index.Fields("code").Unique()} }

// Policy of the Language: the languages are public; only editors change them.
func (Language) Policy() ent.Policy {
	return privacy.Policy{Mutation: privacy.MutationPolicy{rule.AllowSystem(), rule.Require(viewer.EditSource)}}
}

// Annotations of the Language.
func (Language) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipWhereInput, entgql.SkipOrderField)}
}
