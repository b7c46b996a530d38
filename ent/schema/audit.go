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
	"relocate/internal/rule"
	"relocate/internal/viewer"
)

// AuditEntry records one sign-in, change or read of personal data, or a
// refused attempt. The log is append-only: nothing updates or deletes an
// entry. Repeated refusals (throttled sign-ins, fields a viewer may not
// use) are summed up per window instead of written one by one: the first of
// a window is an entry of its own, the rest one entry with their count.
type AuditEntry struct{ ent.Schema }

// Fields of the AuditEntry.
func (AuditEntry) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").Default(time.Now).Immutable().Annotations(entgql.OrderField("CREATED_AT")),
		field.String("action").NotEmpty().Immutable().
			Comment("LOGIN, LOGIN_FAILED, MUTATION (sign-outs included), READ or REFUSED."),
		field.String("operation").Default("").Immutable().
			Comment("The GraphQL field (mutation), what was read, the field refused (Type.field), or why a sign-in failed."),
		field.Int("actor_id").Optional().Nillable().Immutable(),
		field.String("actor_email").Default("").Immutable().
			Comment("Who acted, as known at the time; for failed sign-ins the account tried, empty when no such account exists (what was typed is not kept)."),
		field.Strings("object_ids").Optional().Immutable().
			Comment("Global IDs of the objects concerned."),
		field.String("ip").Default("").Immutable(),
		field.String("request_id").Default("").Immutable(),
		field.Int("count").Default(1).Positive().Immutable().
			Comment("How many events the entry stands for: 1, or for repeated refusals summed up, how many of them came after the previous entry of the same kind, up to created_at."),
	}
}

// Edges of the AuditEntry.
func (AuditEntry) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("actor", User.Type).Unique().Immutable().Field("actor_id"),
	}
}

// Indexes of the AuditEntry.
func (AuditEntry) Indexes() []ent.Index {
	return []ent.Index{index.Fields("created_at"), index.Fields("actor_id", "created_at")}
}

// Policy of the AuditEntry: read by those who may read the audit log;
// append-only for everyone (the system writes it, whoever acts).
func (AuditEntry) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.VisibleWith(viewer.ReadAuditLog)},
		Mutation: privacy.MutationPolicy{rule.AppendOnly()},
	}
}

// Annotations of the AuditEntry.
func (AuditEntry) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
		// Addresses and e-mail addresses of the people who acted.
		PersonalData{Subject: "actor_id"},
	}
}
