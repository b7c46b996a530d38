package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"

	"relocate/ent/privacy"
	"relocate/internal/rule"
)

// GuideChange is one entry of the guide's change log: an object of the
// published guide (a topic, article, place or glossary term, by its key)
// that changed. Entries are appended by one hook (internal/guide,
// changelog.go) in the transaction of the change itself; the largest ID
// is the version of the published guide, which the in-memory snapshot
// and the offline sync tokens name.
type GuideChange struct{ ent.Schema }

// Fields of the GuideChange.
func (GuideChange) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").Values("TOPIC", "ARTICLE", "PLACE", "TERM").Immutable(),
		field.String("key").Immutable(),
		field.Enum("op").Values("UPSERT", "REMOVE").Immutable().
			Comment("REMOVE when the object was deleted or taken out of publication by this change."),
		field.Time("at").Default(time.Now).Immutable(),
	}
}

// Policy of the GuideChange: written and read by the process itself only.
func (GuideChange) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.Hidden()},
		Mutation: privacy.MutationPolicy{rule.AllowSystem(), rule.Refused()},
	}
}

// Annotations of the GuideChange: not part of the GraphQL schema.
func (GuideChange) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
