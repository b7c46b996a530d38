package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"relocate/ent/privacy"
	"relocate/internal/lang"
	"relocate/internal/rule"
	"relocate/internal/viewer"
)

// ChecklistItem is one step of a topic's checklist template: when a case
// gets that topic as a support need, a task is made of it, due a number
// of days after the arrival (or the first working day), explained by a
// guide article and a place. Templates are data in four languages, kept
// as reviewable files beside the guide content.
type ChecklistItem struct{ ent.Schema }

// Mixin of the ChecklistItem.
func (ChecklistItem) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the ChecklistItem.
func (ChecklistItem) Fields() []ent.Field {
	return []ent.Field{
		field.String("key").Unique().Immutable().Validate(shaped(maxKey, msgKey)).
			Comment("Stable identifier of the step, e.g. \"register-address\"."),
		field.String("topic").Validate(shaped(maxKey, msgKey)).
			Comment("The key of the guide topic whose template the step belongs to."),
		field.Int("position").Default(0).Annotations(entgql.OrderField("POSITION")),
		field.Int("due_offset_days").Default(0).Validate(within(-365, 365)).
			Comment("Days after the anchor date the task is due; negative: before it."),
		field.Enum("due_anchor").Values("ARRIVAL", "START_OF_WORK").Default("ARRIVAL").
			Comment("The date the offset counts from: the arrival, or the first working day.").
			Annotations(entgql.Type("ChecklistAnchor")),
		field.String("article_key").Optional().Validate(optional(shaped(maxKey, msgKey))).
			Comment("The key of the guide article that explains the step."),
		field.String("place_key").Optional().Validate(optional(shaped(maxKey, msgKey))).
			Comment("The key of the place where it is done."),
		field.Bool("archived").Default(false).
			Comment("An archived step makes no new tasks; the tasks made of it keep it as their title."),
	}
}

// Edges of the ChecklistItem.
func (ChecklistItem) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("translations", ChecklistItemTranslation.Type).Annotations(entgql.Skip(entgql.SkipAll)),
		edge.From("tasks", Task.Type).Ref("checklist_item").Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Indexes of the ChecklistItem.
func (ChecklistItem) Indexes() []ent.Index { return []ent.Index{index.Fields("topic", "position")} }

// Policy of the ChecklistItem: read by staff, changed by those who manage
// checklists. A newcomer's tasks are titled by their steps, so newcomers
// read them too (the API's access table shows them no field of a step).
func (ChecklistItem) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{rule.AllowSystem(),
			rule.VisibleWith(viewer.ManageCases, viewer.ManageChecklists, viewer.OwnCase)},
		Mutation: privacy.MutationPolicy{rule.AllowSystem(), rule.Require(viewer.ManageChecklists)},
	}
}

// Annotations of the ChecklistItem.
func (ChecklistItem) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// ChecklistItemTranslation is a checklist step's title in one language.
type ChecklistItemTranslation struct{ ent.Schema }

// Fields of the ChecklistItemTranslation.
func (ChecklistItemTranslation) Fields() []ent.Field {
	return []ent.Field{
		field.Int("item_id"),
		field.Enum("language").GoType(lang.Code("")),
		field.String("title").Validate(requiredLine(maxName)),
	}
}

// Edges of the ChecklistItemTranslation.
func (ChecklistItemTranslation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("item", ChecklistItem.Type).Ref("translations").Unique().Required().Field("item_id"),
	}
}

// Indexes of the ChecklistItemTranslation.
func (ChecklistItemTranslation) Indexes() []ent.Index { return translationIndexes("item") }

// Policy of the ChecklistItemTranslation: as its step's. Tasks made of a
// step are titled by it, also for the newcomer whose task it is.
func (ChecklistItemTranslation) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{rule.AllowSystem(),
			rule.VisibleWith(viewer.ManageCases, viewer.ManageChecklists, viewer.OwnCase)},
		Mutation: privacy.MutationPolicy{rule.AllowSystem(), rule.Require(viewer.ManageChecklists)},
	}
}

// Annotations of the ChecklistItemTranslation.
func (ChecklistItemTranslation) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
