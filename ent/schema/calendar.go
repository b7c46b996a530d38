package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"relocate/ent/privacy"
	"relocate/internal/rule"
)

// CalendarFeed lets a calendar app, which cannot sign in, subscribe to
// appointments in iCalendar format: an unguessable token, stored only as
// its SHA-256 hash, that reads one calendar as its user would — a case's
// appointments, or (without a case) the user's own calendar. A revoked
// feed answers nothing; the user's rights are checked on every read.
type CalendarFeed struct{ ent.Schema }

// Fields of the CalendarFeed.
func (CalendarFeed) Fields() []ent.Field {
	return []ent.Field{
		field.String("token_hash").NotEmpty().Unique().Immutable().Sensitive(),
		field.Int("user_id").Immutable(),
		field.Int("case_id").Optional().Nillable().Immutable().
			Comment("The case whose appointments the feed shows; none: the user's own calendar."),
		field.Time("created_at").Default(time.Now).Immutable(),
		field.Time("revoked_at").Optional().Nillable(),
	}
}

// Edges of the CalendarFeed: it goes with its user and its case.
func (CalendarFeed) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("user", User.Type).Unique().Required().Immutable().Field("user_id").
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("case_file", CaseFile.Type).Unique().Immutable().Field("case_id").
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the CalendarFeed.
func (CalendarFeed) Indexes() []ent.Index {
	return []ent.Index{index.Fields("user_id", "case_id")}
}

// Policy of the CalendarFeed: the system's business only; the calendar
// service checks who may create, list and revoke feeds.
func (CalendarFeed) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.Hidden()},
		Mutation: privacy.MutationPolicy{rule.AllowSystem(), rule.Refused()},
	}
}

// Annotations of the CalendarFeed.
func (CalendarFeed) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll), PersonalData{Subject: "user_id"}}
}
