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
	"relocate/internal/lang"
	"relocate/internal/rule"
	"relocate/internal/viewer"
)

// Recognition is the procedure for recognising a person's foreign
// qualification: the German reference occupation, the competent
// authority, where it stands and how it ended.
type Recognition struct{ ent.Schema }

// Mixin of the Recognition.
func (Recognition) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Recognition.
func (Recognition) Fields() []ent.Field {
	return []ent.Field{
		field.Int("case_id").Immutable(),
		field.String("reference_occupation").Validate(requiredLine(maxName)).
			Comment("The German occupation the qualification is compared with (Referenzberuf)."),
		field.Bool("regulated").Default(false).Comment("Whether the occupation is regulated in Germany."),
		field.Int("authority_place_id").Optional().Nillable(),
		field.Int("authority_partner_id").Optional().Nillable(),
		field.Enum("status").Values("COUNSELLING", "APPLICATION_SUBMITTED", "DOCUMENTS_REQUESTED", "DECIDED").
			Default("COUNSELLING").Annotations(entgql.Type("RecognitionStatus")),
		field.Enum("outcome").Values("FULL", "PARTIAL", "NONE").Optional().Nillable().
			Annotations(entgql.Type("RecognitionOutcome")),
		field.String("compensation_measure").Default("").Validate(line(maxName)).
			Comment("For a partial recognition: the adaptation period or aptitude test required."),
		field.Time("counselling_on").Optional().Nillable().Annotations(entgql.Type("Date")),
		field.Time("submitted_on").Optional().Nillable().Annotations(entgql.Type("Date")),
		field.Time("decided_on").Optional().Nillable().Annotations(entgql.Type("Date")),
	}
}

// Hooks of the Recognition: the dates follow one another.
func (Recognition) Hooks() []ent.Hook {
	return []ent.Hook{checked("recognition",
		notBefore("submitted_on", "counselling_on", "submittedOn"),
		notBefore("decided_on", "submitted_on", "decidedOn"),
	)}
}

// Edges of the Recognition.
func (Recognition) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("case_file", CaseFile.Type).Ref("recognitions").Unique().Required().Immutable().Field("case_id").
			Annotations(entgql.MapsTo("case")),
		edge.To("authority_place", Place.Type).Unique().Field("authority_place_id"),
		edge.To("authority_partner", Partner.Type).Unique().Field("authority_partner_id"),
	}
}

// Indexes of the Recognition.
func (Recognition) Indexes() []ent.Index { return []ent.Index{index.Fields("case_id")} }

// Policy of the Recognition: staff only.
func (Recognition) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.VisibleWith(viewer.ManageCases)},
		Mutation: casework(),
	}
}

// Annotations of the Recognition.
func (Recognition) Annotations() []schema.Annotation {
	return []schema.Annotation{PersonalData{}}
}

// Partner is an organisation of the service's network: a ministry, a
// city administration, a school or university, a counselling network, a
// chamber.
type Partner struct{ ent.Schema }

// Mixin of the Partner.
func (Partner) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Partner.
func (Partner) Fields() []ent.Field {
	return []ent.Field{
		field.String("key").Optional().Nillable().Unique().Immutable().Validate(shaped(maxKey, msgKey)).
			Comment("The stable key of a partner named in the content files (internal/seed/content/partners.toml); null for partners staff added."),
		field.String("name").Validate(requiredLine(maxName)).Annotations(entgql.OrderField("NAME")),
		field.String("country").Validate(country).Comment("ISO 3166-1 alpha-2 (\"DE\", \"LV\")."),
		field.Enum("kind").Values("MINISTRY", "MUNICIPALITY", "EMPLOYMENT_AGENCY", "CHAMBER", "VOCATIONAL_SCHOOL",
			"UNIVERSITY", "COUNSELLING", "ASSOCIATION", "OTHER").Annotations(entgql.Type("PartnerKind")),
		field.String("contact_name").Default("").Validate(line(maxName)).Comment("Whom to address there."),
		field.String("email").Default("").Validate(optional(email)),
		field.String("phone").Default("").Validate(optional(phone)),
		field.String("website").Default("").Validate(optional(httpsURL)),
		field.Text("notes").Default("").Validate(text(maxNote)),
	}
}

// Edges of the Partner.
func (Partner) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("referrals", Referral.Type).Ref("partner").Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Policy of the Partner: staff only.
func (Partner) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.VisibleWith(viewer.ManageCases)},
		Mutation: casework(),
	}
}

// Annotations of the Partner.
func (Partner) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// Referral hands a case to a partner for one service (e.g. recognition
// counselling at the IQ network): SENT, then ACCEPTED or DECLINED, then
// DONE.
type Referral struct{ ent.Schema }

// Mixin of the Referral.
func (Referral) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Referral.
func (Referral) Fields() []ent.Field {
	return []ent.Field{
		field.Int("case_id").Immutable(),
		field.Int("partner_id").Immutable(),
		field.String("service").Validate(requiredLine(maxName)).Comment("What the partner is asked for."),
		field.Enum("status").Values("SENT", "ACCEPTED", "DECLINED", "DONE").Default("SENT").
			Annotations(entgql.Type("ReferralStatus")),
		field.Time("sent_at").Default(time.Now).Immutable().Annotations(entgql.OrderField("SENT_AT")),
		field.Time("answered_at").Optional().Nillable(),
		field.Time("done_at").Optional().Nillable(),
		field.Text("note").Default("").Validate(text(maxDescription)),
	}
}

// Hooks of the Referral: answered after sent, done after answered.
func (Referral) Hooks() []ent.Hook {
	return []ent.Hook{checked("referral",
		notBefore("answered_at", "sent_at", "answeredAt"),
		notBefore("done_at", "answered_at", "doneAt"),
	)}
}

// Edges of the Referral.
func (Referral) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("case_file", CaseFile.Type).Ref("referrals").Unique().Required().Immutable().Field("case_id").
			Annotations(entgql.MapsTo("case")),
		edge.To("partner", Partner.Type).Unique().Required().Immutable().Field("partner_id"),
	}
}

// Indexes of the Referral.
func (Referral) Indexes() []ent.Index {
	return []ent.Index{index.Fields("case_id"), index.Fields("partner_id", "status")}
}

// Policy of the Referral: staff only.
func (Referral) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.VisibleWith(viewer.ManageCases)},
		Mutation: casework(),
	}
}

// Annotations of the Referral.
func (Referral) Annotations() []schema.Annotation {
	return []schema.Annotation{PersonalData{}}
}

// Training is an intercultural training session that companies book.
type Training struct{ ent.Schema }

// Mixin of the Training.
func (Training) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Training.
func (Training) Fields() []ent.Field {
	return []ent.Field{
		field.String("title").Validate(requiredLine(maxName)),
		field.Time("starts_at").Annotations(entgql.OrderField("STARTS_AT")),
		field.Int("duration_minutes").Default(180).Validate(within(1, 24*60)),
		field.String("trainer").Default("").Validate(line(maxName)),
		field.Enum("language").GoType(lang.Code("")).Default(string(lang.DE)).
			Annotations(entgql.Type("LanguageCode"), entgql.Skip(entgql.SkipEnumField)),
		field.Int("capacity").Validate(within(1, 1000)).Comment("Participants the session takes in all."),
		field.Int("place_id").Optional().Nillable(),
		field.String("place_text").Default("").Validate(line(maxName)),
		field.Text("description").Default("").Validate(text(maxDescription)),
		field.Bool("demo").Default(false).Immutable().
			Comment("Made up by `relocate demo`, not a real one.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Edges of the Training.
func (Training) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("place", Place.Type).Unique().Field("place_id"),
		edge.To("bookings", TrainingBooking.Type).Annotations(entgql.Skip(entgql.SkipWhereInput)),
	}
}

// Indexes of the Training.
func (Training) Indexes() []ent.Index { return []ent.Index{index.Fields("starts_at")} }

// Policy of the Training: the sessions on offer are seen by staff and by
// company contacts, who book them; staff change them.
func (Training) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.VisibleWith(viewer.ManageCases, viewer.OwnCompany)},
		Mutation: casework(),
	}
}

// Annotations of the Training.
func (Training) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// TrainingBooking is a company's booking of a training: how many take
// part, and how many came.
type TrainingBooking struct{ ent.Schema }

// Mixin of the TrainingBooking.
func (TrainingBooking) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the TrainingBooking.
func (TrainingBooking) Fields() []ent.Field {
	return []ent.Field{
		field.Int("training_id").Immutable(),
		field.Int("company_id").Immutable(),
		field.Int("participants").Validate(within(1, 1000)),
		field.Int("attended").Optional().Nillable().Validate(within(0, 1000)).
			Comment("How many took part; unknown until recorded."),
	}
}

// Edges of the TrainingBooking.
func (TrainingBooking) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("training", Training.Type).Ref("bookings").Unique().Required().Immutable().Field("training_id"),
		edge.From("company", Company.Type).Ref("training_bookings").Unique().Required().Immutable().Field("company_id"),
	}
}

// Indexes of the TrainingBooking.
func (TrainingBooking) Indexes() []ent.Index {
	return []ent.Index{index.Fields("training_id", "company_id").Unique(), index.Fields("company_id")}
}

// Policy of the TrainingBooking: staff see and change all, a company
// contact sees their company's and books for it (the number of
// participants, never the attendance).
func (TrainingBooking) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.OfOwnCompany("company_id")},
		Mutation: privacy.MutationPolicy{rule.AllowSystem(), rule.BookForOwnCompany(), rule.Require(viewer.ManageCases)},
	}
}
