package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"relocate/ent/privacy"
	"relocate/ent/schema/schematype"
	"relocate/internal/rule"
)

// PlaceCategory groups the local directory (authorities, Kitas, churches …).
type PlaceCategory struct{ ent.Schema }

// Mixin of the PlaceCategory.
func (PlaceCategory) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, ContentMixin{}} }

// Fields of the PlaceCategory.
func (PlaceCategory) Fields() []ent.Field {
	return []ent.Field{
		field.String("icon").Optional(),
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
		field.String("name").NotEmpty().MaxLen(200),
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
		field.String("name").NotEmpty().MaxLen(200).
			Comment("The official name, as written on the door (German).").
			Annotations(entgql.OrderField("NAME")),
		field.String("street").Default(""),
		field.String("postal_code").Default(""),
		field.String("city").Default("Magdeburg"),
		field.Float("latitude").Optional().Nillable().Min(-90).Max(90),
		field.Float("longitude").Optional().Nillable().Min(-180).Max(180),
		field.String("phone").Default(""),
		field.String("email").Default(""),
		field.String("website").Default(""),
		field.JSON("opening_hours", schematype.OpeningHours{}).Optional().
			Annotations(entgql.Type("[OpeningPeriod!]")),
		field.Strings("spoken_languages").Optional().
			Comment("ISO 639-1 codes of the languages spoken there."),
		field.Bool("wheelchair_accessible").Optional().Nillable().
			Comment("Unknown when null."),
	}
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
		field.String("name").Default("").MaxLen(200).
			Comment("The name explained in this language; empty to show the official name only."),
		field.Text("description").Default(""),
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
