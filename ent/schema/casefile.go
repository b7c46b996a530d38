package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"relocate/ent/privacy"
	"relocate/ent/schema/schematype"
	"relocate/internal/rule"
	"relocate/internal/viewer"
)

// CaseFile is a case: the accompaniment of one person from the first
// contact until they are settled. The GraphQL type is Case (ent cannot
// name an entity after a Go keyword).
type CaseFile struct{ ent.Schema }

// Mixin of the CaseFile.
func (CaseFile) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the CaseFile.
func (CaseFile) Fields() []ent.Field {
	return []ent.Field{
		field.String("reference").Immutable().Unique().Validate(patterned(referencePattern, msgReference)).
			Comment("RS-<year>-<number>, e.g. RS-2026-0001: unique, given when the case is opened.").
			Annotations(entgql.OrderField("REFERENCE")),
		field.Enum("kind").Values("PLACEMENT", "INTERNSHIP").Annotations(entgql.Type("CaseKind")),
		field.Enum("status").GoType(schematype.CaseStatus("")).Default(string(schematype.CaseInquiry)).
			Annotations(entgql.Type("CaseStatus"), entgql.OrderField("STATUS")),
		field.Enum("resume_status").GoType(schematype.CaseStatus("")).Optional().Nillable().
			Comment("For a case on hold or closed: the status it was held or closed in, and returns to.").
			Annotations(entgql.Type("CaseStatus"), entgql.Skip(entgql.SkipEnumField, entgql.SkipWhereInput)),
		field.Int("caseworker_id").Optional().Nillable(),
		field.Int("person_id").Immutable(),
		field.Int("vacancy_id").Optional().Nillable(),
		field.Strings("support_needs").Optional().
			Comment("Keys of the guide's topics the person needs support with (housing, authorities, childcare …)."),
		field.Time("opened_on").Annotations(entgql.Type("Date"), entgql.OrderField("OPENED_ON")),
		field.Time("start_date").Optional().Nillable().Annotations(entgql.Type("Date")).
			Comment("The first working day with the company (or of the internship)."),
		field.Time("arrived_on").Optional().Nillable().Annotations(entgql.Type("Date")),
		field.Time("closed_on").Optional().Nillable().Annotations(entgql.Type("Date")),
		field.Enum("outcome").Values("SETTLED", "RETURNED_HOME", "PLACEMENT_ENDED", "WITHDRAWN").Optional().Nillable().
			Comment("Why the case was closed; set exactly while it is closed.").
			Annotations(entgql.Type("CaseOutcome")),
		field.Time("next_due_on").Default(schematype.NoDate).
			Comment("The earliest due date of the case's open tasks, NoDate when none: kept by internal/casework's hook on tasks, for ordering and the overdue filter.").
			Annotations(entgql.OrderField("NEXT_DUE_ON"),
				entgql.Skip(entgql.SkipType, entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.String("search_text").Default("").
			Comment("The reference and the person's name folded for search (internal/fold): kept by internal/casesearch's hooks, filled in for older rows when the store migrates.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("support_needs_key").Optional().
			Comment(`The support needs once each, in order, as a JSON array (["authorities","housing"]): cases with the same needs share it, so the statistics count by need from the few distinct keys. Kept by the case's hook (caseDerived).`).
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("person_nationality").Optional().
			Comment("The nationality of the case's person (NULL when not recorded), copied by the case's hook (caseDerived) for the statistics.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("days_to_arrival").Optional().Nillable().
			Comment("Days from opening to arrival; nil without an arrival. Kept by the case's hook (caseDerived).").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("days_arrival_to_closing").Optional().Nillable().
			Comment("Days from arrival to closing of a case closed after its arrival; nil for others. Kept by the case's hook (caseDerived).").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("version").Default(1).
			Comment("Incremented by every change of the case: updates name the version they read and are refused when it changed."),
		field.Bool("demo").Default(false).Immutable().
			Comment("Made up by `relocate demo`, not a real one.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Hooks of the CaseFile: arrival and closing come after opening.
func (CaseFile) Hooks() []ent.Hook {
	return []ent.Hook{checked("case",
		notBefore("arrived_on", "opened_on", "arrivedOn"),
		notBefore("closed_on", "opened_on", "closedOn"),
		notInFuture("opened_on", "openedOn", true),
		notInFuture("closed_on", "closedOn", true),
	), caseDerived}
}

// Edges of the CaseFile.
func (CaseFile) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("caseworker", User.Type).Unique().Field("caseworker_id"),
		edge.From("person", Person.Type).Ref("cases").Unique().Required().Immutable().Field("person_id"),
		edge.From("vacancy", Vacancy.Type).Ref("cases").Unique().Field("vacancy_id"),
		edge.To("tasks", Task.Type),
		edge.To("notes", CaseNote.Type).Annotations(entgql.Skip(entgql.SkipWhereInput)),
		edge.To("appointments", Appointment.Type),
		edge.To("timeline", TimelineEntry.Type).
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipWhereInput)),
		edge.To("recognitions", Recognition.Type),
		edge.To("referrals", Referral.Type),
		edge.From("users", User.Type).Ref("own_case").Annotations(entgql.Skip(entgql.SkipAll)),
		edge.From("inquiries", Inquiry.Type).Ref("case_file").Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Indexes of the CaseFile.
func (CaseFile) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("status", "opened_on"),
		// caseStatistics counts by outcome and status, and the cases the
		// medians are taken of, from this index alone. (Led by status, it
		// would lure SQLite away from the index on opened_on for lists of
		// open cases.) It reads the medians as the middle entries of the
		// indexes on the days, and counts by nationality from that index.
		index.Fields("outcome", "status", "days_to_arrival", "days_arrival_to_closing"),
		index.Fields("days_to_arrival"),
		index.Fields("days_arrival_to_closing"),
		index.Fields("person_nationality"),
		index.Fields("support_needs_key"),
		index.Fields("caseworker_id", "status"),
		index.Fields("vacancy_id"),
		index.Fields("person_id"),
		index.Fields("next_due_on"),
		index.Fields("opened_on"),
		// Free-text search of cases (words anywhere in the text): a
		// trigram index on PostgreSQL; on SQLite an index the count of
		// matches scans instead of the table.
		index.Fields("search_text").Annotations(
			entsql.IndexTypes(map[string]string{dialect.Postgres: "GIN"}), entsql.OpClass("gin_trgm_ops")),
	}
}

// Policy of the CaseFile: staff see every case, a newcomer their own, a
// company contact those placed with the company (rule.CasesVisible).
func (CaseFile) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.CasesVisible()},
		Mutation: casework(),
	}
}

// Annotations of the CaseFile.
func (CaseFile) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Type("Case"), entgql.RelayConnection(), PersonalData{}}
}

// Task is one step of a case: register the address, apply for
// recognition, find a Kita place … optionally explained by a guide
// article and a place, and made from a checklist template or written by
// hand.
type Task struct{ ent.Schema }

// Mixin of the Task.
func (Task) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Task.
func (Task) Fields() []ent.Field {
	return []ent.Field{
		field.Int("case_id").Immutable(),
		field.String("title").Validate(requiredLine(maxName)).
			Comment("As written by staff; tasks from a checklist template are titled by the template in the reader's language."),
		field.String("topic").Optional().Validate(optional(shaped(maxKey, msgKey))).
			Comment("The key of the guide topic the step belongs to."),
		field.Enum("status").Values("OPEN", "IN_PROGRESS", "DONE", "NOT_NEEDED").Default("OPEN").
			Annotations(entgql.Type("TaskStatus"), entgql.OrderField("STATUS")),
		field.Time("due_on").Optional().Nillable().Annotations(entgql.Type("Date")),
		field.Time("completed_at").Optional().Nillable().
			Comment("When the task was done or found not needed."),
		field.Int("assignee_id").Optional().Nillable(),
		field.Int("article_id").Optional().Nillable(),
		field.Int("place_id").Optional().Nillable(),
		field.Int("checklist_item_id").Optional().Nillable().Immutable(),
	}
}

// Edges of the Task.
func (Task) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("case_file", CaseFile.Type).Ref("tasks").Unique().Required().Immutable().Field("case_id").
			Annotations(entgql.MapsTo("case")),
		edge.To("assignee", User.Type).Unique().Field("assignee_id"),
		edge.To("article", GuideArticle.Type).Unique().Field("article_id"),
		edge.To("place", Place.Type).Unique().Field("place_id"),
		edge.To("checklist_item", ChecklistItem.Type).Unique().Immutable().Field("checklist_item_id"),
	}
}

// Indexes of the Task.
func (Task) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("case_id", "status", "due_on"),
		index.Fields("assignee_id", "status", "due_on"),
		index.Fields("case_id", "checklist_item_id"),
	}
}

// Policy of the Task: staff see all, a newcomer those of their own case.
func (Task) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.OfOwnCase(false)},
		Mutation: casework(),
	}
}

// Annotations of the Task.
func (Task) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), PersonalData{}}
}

// CaseNote is a note of staff on a case: INTERNAL for staff, or SHARED
// with the newcomer.
type CaseNote struct{ ent.Schema }

// Fields of the CaseNote.
func (CaseNote) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").Default(time.Now).Immutable().Annotations(entgql.OrderField("CREATED_AT")),
		field.Int("case_id").Immutable(),
		field.Int("author_id").Optional().Nillable().Immutable(),
		field.Enum("visibility").Values("INTERNAL", "SHARED").Default("INTERNAL").
			Annotations(entgql.Type("NoteVisibility")),
		field.Text("text").Immutable().Validate(required(maxNote)),
	}
}

// Edges of the CaseNote.
func (CaseNote) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("case_file", CaseFile.Type).Ref("notes").Unique().Required().Immutable().Field("case_id").
			Annotations(entgql.MapsTo("case")),
		edge.To("author", User.Type).Unique().Immutable().Field("author_id").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
	}
}

// Indexes of the CaseNote.
func (CaseNote) Indexes() []ent.Index { return []ent.Index{index.Fields("case_id", "created_at")} }

// Policy of the CaseNote: staff see all, a newcomer the SHARED notes of
// their own case.
func (CaseNote) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.OfOwnCase(true)},
		Mutation: casework(),
	}
}

// Annotations of the CaseNote.
func (CaseNote) Annotations() []schema.Annotation {
	return []schema.Annotation{PersonalData{}}
}

// TimelineEntry is one event in the life of a case, written by the
// service with every change (status, caseworker, tasks, notes, consents,
// appointments, referrals …): who, when, what. Append-only.
type TimelineEntry struct{ ent.Schema }

// Fields of the TimelineEntry.
func (TimelineEntry) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").Default(time.Now).Immutable().Annotations(entgql.OrderField("CREATED_AT")),
		field.Int("case_id").Immutable(),
		field.Int("actor_id").Optional().Nillable().Immutable(),
		field.String("actor_name").Default("").Immutable().
			Comment("Who acted, as named at the time."),
		field.Enum("kind").Values(
			"OPENED", "UPDATED", "STATUS_CHANGED", "CASEWORKER_CHANGED", "NOTE_ADDED",
			"TASK_CREATED", "TASK_UPDATED", "TASK_COMPLETED",
			"CONSENT_RECORDED", "CONSENT_WITHDRAWN",
			"APPOINTMENT_SCHEDULED", "APPOINTMENT_CANCELLED",
			"REFERRAL_SENT", "REFERRAL_ANSWERED", "RECOGNITION_RECORDED",
		).Immutable().Annotations(entgql.Type("TimelineKind")),
		field.String("summary").Default("").Immutable().
			Comment("What changed, in the API's words: \"INTAKE → MATCHING\", a task's title, the fields changed …"),
		field.Int("subject_id").Optional().Nillable().Immutable().
			Comment("The global ID of the object concerned (a task, a note, a consent …)."),
	}
}

// Edges of the TimelineEntry.
func (TimelineEntry) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("case_file", CaseFile.Type).Ref("timeline").Unique().Required().Immutable().Field("case_id").
			Annotations(entgql.MapsTo("case")),
		edge.To("actor", User.Type).Unique().Immutable().Field("actor_id").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
	}
}

// Indexes of the TimelineEntry.
func (TimelineEntry) Indexes() []ent.Index { return []ent.Index{index.Fields("case_id", "created_at")} }

// Policy of the TimelineEntry: staff only; append-only for everyone but
// the system (erasure on request).
func (TimelineEntry) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.VisibleWith(viewer.ManageCases)},
		Mutation: privacy.MutationPolicy{rule.AllowSystem(), rule.AppendOnly(), rule.Require(viewer.ManageCases)},
	}
}

// Annotations of the TimelineEntry.
func (TimelineEntry) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), PersonalData{}}
}

// Appointment is a date of a case: at an authority, a flat viewing, a
// language course, the employer …, at a place of the guide or an address
// written out.
type Appointment struct{ ent.Schema }

// Mixin of the Appointment.
func (Appointment) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Appointment.
func (Appointment) Fields() []ent.Field {
	return []ent.Field{
		field.Int("case_id").Immutable(),
		field.Time("starts_at").Annotations(entgql.OrderField("STARTS_AT")),
		field.Int("duration_minutes").Default(60).Validate(within(1, 24*60)),
		field.Enum("kind").Values("AUTHORITY", "FLAT_VIEWING", "LANGUAGE_COURSE", "EMPLOYER", "OTHER").
			Annotations(entgql.Type("AppointmentKind")),
		field.Int("place_id").Optional().Nillable(),
		field.String("place_text").Default("").Validate(line(maxName)).
			Comment("Where, written out, when it is no place of the guide."),
		field.Text("notes").Default("").Validate(text(maxDescription)),
		field.Bool("cancelled").Default(false),
	}
}

// Edges of the Appointment.
func (Appointment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("case_file", CaseFile.Type).Ref("appointments").Unique().Required().Immutable().Field("case_id").
			Annotations(entgql.MapsTo("case")),
		edge.To("place", Place.Type).Unique().Field("place_id"),
	}
}

// Indexes of the Appointment.
func (Appointment) Indexes() []ent.Index {
	return []ent.Index{index.Fields("case_id", "starts_at"), index.Fields("starts_at")}
}

// Policy of the Appointment: staff see all, a newcomer those of their own
// case.
func (Appointment) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.OfOwnCase(false)},
		Mutation: casework(),
	}
}

// Annotations of the Appointment.
func (Appointment) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), PersonalData{}}
}

// Counter hands out numbers in sequence, one row per sequence (the case
// references of a year: "case-reference-2026"). Incremented with an
// upsert in the transaction that uses the number, so that concurrent
// transactions take turns and never get the same one.
type Counter struct{ ent.Schema }

// Fields of the Counter.
func (Counter) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Unique().Immutable().NotEmpty(),
		field.Int("value").Default(0),
	}
}

// Policy of the Counter: the system's business only.
func (Counter) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.Hidden()},
		Mutation: privacy.MutationPolicy{rule.AllowSystem(), rule.Refused()},
	}
}

// Annotations of the Counter.
func (Counter) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
