package schema

import (
	"context"
	"fmt"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"relocate/ent/privacy"
	"relocate/ent/schema/schematype"
	"relocate/internal/apperr"
	"relocate/internal/rule"
)

// PlaceCategory groups the local directory (authorities, Kitas, churches …).
type PlaceCategory struct{ ent.Schema }

// Mixin of the PlaceCategory.
func (PlaceCategory) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, ContentMixin{}} }

// Fields of the PlaceCategory.
func (PlaceCategory) Fields() []ent.Field {
	return []ent.Field{
		field.String("icon").Optional().Validate(optional(shaped(maxIcon, msgIcon))),
		field.Int("position").Default(0).Annotations(entgql.OrderField("POSITION")),
	}
}

// Edges of the PlaceCategory.
func (PlaceCategory) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("places", Place.Type).Annotations(entgql.RelayConnection()),
		edge.To("translations", PlaceCategoryTranslation.Type).
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// PlaceCategoryTranslation is a place category's name in one language.
type PlaceCategoryTranslation struct{ ent.Schema }

// Mixin of the PlaceCategoryTranslation.
func (PlaceCategoryTranslation) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, TranslationMixin{}}
}

// Fields of the PlaceCategoryTranslation.
func (PlaceCategoryTranslation) Fields() []ent.Field {
	return []ent.Field{
		field.Int("category_id"),
		field.String("name").Validate(requiredLine(maxName)),
	}
}

// Edges of the PlaceCategoryTranslation.
func (PlaceCategoryTranslation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("category", PlaceCategory.Type).Ref("translations").
			Unique().Required().Field("category_id"),
	}
}

// Indexes of the PlaceCategoryTranslation.
func (PlaceCategoryTranslation) Indexes() []ent.Index { return translationIndexes("category") }

// Annotations of the PlaceCategoryTranslation.
func (PlaceCategoryTranslation) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// Place is an entry of the local directory of Magdeburg. Fields that are not
// known for certain stay empty.
type Place struct{ ent.Schema }

// Mixin of the Place.
func (Place) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, ContentMixin{}} }

// Fields of the Place.
func (Place) Fields() []ent.Field {
	return []ent.Field{
		field.Int("category_id").Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("name").Validate(requiredLine(maxName)).
			Comment("The official name, as written on the door (German).").
			Annotations(entgql.OrderField("NAME")),
		field.String("street").Default("").Validate(line(maxStreet)),
		field.String("postal_code").Default("").Validate(line(maxPostalCode)),
		field.String("city").Default("Magdeburg").Validate(line(maxCity)),
		field.Float("latitude").Optional().Nillable().Validate(between(-90, 90)),
		field.Float("longitude").Optional().Nillable().Validate(between(-180, 180)),
		field.String("phone").Default("").Validate(optional(phone)),
		field.String("email").Default("").Validate(optional(email)),
		field.String("website").Default("").Validate(optional(httpsURL)).Comment("An https:// URL."),
		field.JSON("opening_hours", schematype.OpeningHours{}).Optional().
			Annotations(entgql.Type("[OpeningPeriod!]")),
		field.Strings("spoken_languages").Optional().
			Comment("ISO 639-1 codes of the languages spoken there."),
		field.Bool("wheelchair_accessible").Optional().Nillable().
			Comment("Unknown when null."),
	}
}

// Hooks of the Place: ent validates no JSON field, so the opening hours
// and the spoken languages are checked here, on every create and update.
func (Place) Hooks() []ent.Hook {
	return []ent.Hook{func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			var f apperr.Fields
			if v, ok := m.Field("opening_hours"); ok {
				if h, ok := v.(schematype.OpeningHours); ok {
					f.Check("openingHours", h.Validate())
				}
			}
			if v, ok := m.Field("spoken_languages"); ok {
				if codes, ok := v.([]string); ok {
					f.Check("spokenLanguages", schematype.CheckLanguageCodes(codes))
				}
			}
			if err := f.Err(); err != nil {
				return nil, fmt.Errorf("schema: place: %w", err)
			}
			return next.Mutate(ctx, m)
		})
	}}
}

// Edges of the Place.
func (Place) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("category", PlaceCategory.Type).Ref("places").
			Unique().Required().Field("category_id"),
		edge.To("translations", PlaceTranslation.Type).
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Policy of the Place: a place is public only while its category is.
func (Place) Policy() ent.Policy {
	return privacy.Policy{Query: privacy.QueryPolicy{rule.AllowSystem(), rule.ParentPublished("category_id", "place_categories")}}
}

// Annotations of the Place.
func (Place) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// PlaceTranslation is a place's description (and an explanatory name) in one
// language.
type PlaceTranslation struct{ ent.Schema }

// Mixin of the PlaceTranslation.
func (PlaceTranslation) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, TranslationMixin{}} }

// Fields of the PlaceTranslation.
func (PlaceTranslation) Fields() []ent.Field {
	return []ent.Field{
		field.Int("place_id"),
		field.String("name").Default("").Validate(line(maxName)).
			Comment("The name explained in this language; empty to show the official name only."),
		field.Text("description").Default("").Validate(required(maxDescription)),
	}
}

// Edges of the PlaceTranslation.
func (PlaceTranslation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("place", Place.Type).Ref("translations").
			Unique().Required().Field("place_id"),
	}
}

// Indexes of the PlaceTranslation.
func (PlaceTranslation) Indexes() []ent.Index { return translationIndexes("place") }

// Annotations of the PlaceTranslation.
func (PlaceTranslation) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
