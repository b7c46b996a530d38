package graph_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"relocate/ent"
	"relocate/ent/auditentry"
	"relocate/ent/user"
	"relocate/graph/generated"
	"relocate/internal/audit"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// notPersonal lists the GraphQL object types that hold no personal data
// of their own, each with the reason. Every other object type must be an
// entity annotated schema.PersonalData in ent/schema, whose reads are
// audited. A new type fails TestEveryTypeIsDecidedPersonalOrNot until
// someone decides which it is.
var notPersonal = map[string]string{
	"Query":    "the root of reads",
	"Mutation": "the root of changes; every change is audited anyway",
	"PageInfo": "paging state",

	"Language":                    "public content",
	"LanguageProgress":            "counts of translations",
	"GuideCategory":               "public content and drafts",
	"GuideArticle":                "public content and drafts",
	"GuideArticleTranslationLink": "public content",
	"TranslationLink":             "public content",
	"GuideSearchHit":              "public content",
	"GuideChanges":                "public content (offline sync)",
	"GuideTombstone":              "public content (offline sync)",
	"Place":                       "public directory of organisations, not people",
	"PlaceCategory":               "public content",
	"OpeningPeriod":               "public content",
	"Source":                      "public content: the sources of an article (authorities, newspapers)",
	"ReviewTask":                  "work lists of the guide's staff",
	"GlossaryTerm":                "public content",
	"TranslationDashboard":        "work lists of the guide's staff",
	"TranslationTask":             "work lists of the guide's staff",
	"GuideArticleRevision": "the guide's text history: it names its author as the staff member " +
		"who wrote it, by design readable by the guide's staff; the author's account is a User",
	"LoginPayload": "wraps the account just signed in to, the reader's own",

	// Case management: organisations and what they offer or ask for. The
	// people (Person, CompanyContact) and everything about a case are
	// marked as personal data in ent/schema.
	"Company":         "an employer, an organisation (a sole trader's name is public in the trade register)",
	"Vacancy":         "a company's demand for workers, not about a person",
	"Training":        "a training session on offer",
	"TrainingBooking": "a company's booking: how many take part, no names",
	"Partner":         "an organisation of the network; its contact is a business address",
	"ChecklistItem":   "a step of a checklist template, the same for every case",
	"LanguageSkill":   "a value of a Person, whose read is audited as the Person's",

	// Pages and edges hold the rows of their type, which are audited
	// one by one where they are personal.
	"GuideCategoryConnection": "a page", "GuideCategoryEdge": "a page",
	"GuideArticleConnection": "a page", "GuideArticleEdge": "a page",
	"GuideArticleRevisionConnection": "a page", "GuideArticleRevisionEdge": "a page",
	"PlaceConnection": "a page", "PlaceEdge": "a page",
	"GlossaryTermConnection": "a page", "GlossaryTermEdge": "a page",
	"UserConnection": "a page", "UserEdge": "a page",
	"AuditEntryConnection": "a page", "AuditEntryEdge": "a page",
	"CompanyConnection": "a page", "CompanyEdge": "a page",
	"VacancyConnection": "a page", "VacancyEdge": "a page",
	"PersonConnection": "a page", "PersonEdge": "a page",
	"CaseConnection": "a page", "CaseEdge": "a page",
	"TaskConnection": "a page", "TaskEdge": "a page",
	"AppointmentConnection": "a page", "AppointmentEdge": "a page",
	"TimelineEntryConnection": "a page", "TimelineEntryEdge": "a page",
	"PartnerConnection": "a page", "PartnerEdge": "a page",
	"TrainingConnection": "a page", "TrainingEdge": "a page",
	"ChecklistItemConnection": "a page", "ChecklistItemEdge": "a page",
	"InquiryConnection": "a page", "InquiryEdge": "a page",

	// Payloads of changes wrap the object changed, audited as its type.
	"CreateCompanyPayload": "a payload", "UpdateCompanyPayload": "a payload",
	"CreateVacancyPayload": "a payload", "UpdateVacancyPayload": "a payload",
	"CreatePersonPayload": "a payload", "UpdatePersonPayload": "a payload",
	"RecordConsentPayload": "a payload", "WithdrawConsentPayload": "a payload",
	"OpenCasePayload": "a payload", "UpdateCasePayload": "a payload", "TransitionCasePayload": "a payload",
	"AssignCaseworkerPayload": "a payload", "AddCaseNotePayload": "a payload",
	"CreateTaskPayload": "a payload", "UpdateTaskPayload": "a payload", "CompleteTaskPayload": "a payload",

	// Checklists, appointments and calendars.
	"ChecklistItemTitle":         "a step's title, the same for every case",
	"ChecklistItemPayload":       "wraps a checklist step",
	"ScheduleAppointmentPayload": "wraps the appointment, audited as the Appointment",
	"CancelAppointmentPayload":   "wraps the appointment, audited as the Appointment",
	"CreateCalendarFeedPayload":  "wraps the feed, audited as the CalendarFeed, and its URL",
	"RevokeCalendarFeedPayload":  "wraps the feed, audited as the CalendarFeed",

	// Statistics of cases: counts and medians of many, no one's data.
	"CaseStatistics":   "counts and medians of cases",
	"CaseStatusCount":  "a number of cases",
	"CaseOutcomeCount": "a number of cases",
	"SupportNeedCount": "a number of cases",
	"CompanyCaseCount": "a number of cases and the company, not personal",
	"NationalityCount": "a number of cases",
	"MonthCount":       "a number of cases",
}

func TestEveryTypeIsDecidedPersonalOrNot(t *testing.T) {
	personal := ent.PersonalDataTypes()
	for _, want := range []string{"User", "AuditEntry", "Inquiry", "Session", "Person", "FamilyMember", "Consent",
		"CompanyContact", "Case", "Task", "CaseNote", "Appointment", "TimelineEntry", "Recognition", "Referral"} {
		if !slices.Contains(personal, want) {
			t.Errorf("%s is not marked as personal data", want)
		}
	}
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	for name, def := range schema.Types {
		if def.Kind != ast.Object || strings.HasPrefix(name, "__") {
			continue
		}
		isPersonal := slices.Contains(personal, name)
		_, listed := notPersonal[name]
		switch {
		case isPersonal && listed:
			t.Errorf("%s is marked as personal data and listed as not personal", name)
		case !isPersonal && !listed:
			t.Errorf("%s is neither marked as personal data (ent/schema: PersonalData annotation) nor listed in notPersonal: decide", name)
		}
	}
	for name := range notPersonal {
		if def, ok := schema.Types[name]; !ok || def.Kind != ast.Object {
			t.Errorf("notPersonal lists %s, which is no object type of the schema", name)
		}
	}
}

// TestReadsOfPersonalDataAreAudited reads other people's accounts and the
// audit log through root fields, edges, node and nodes: each operation
// leaves one READ entry listing the rows read; reading one's own account
// leaves none.
func TestReadsOfPersonalDataAreAudited(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		s := newStaff(t, db)
		sys := viewer.SystemContext(context.Background())
		c := s.app.Store.Client
		editorID := c.User.Query().Where(user.Email("editor@example.org")).OnlyIDX(sys)
		entryID := c.AuditEntry.Query().Where(auditentry.ActorID(editorID)).FirstIDX(sys)
		lastRead := func() *ent.AuditEntry {
			e, err := c.AuditEntry.Query().Where(auditentry.Action(audit.Read)).Order(ent.Desc(auditentry.FieldID)).First(sys)
			if ent.IsNotFound(err) {
				return nil
			}
			if err != nil {
				t.Fatal(err)
			}
			return e
		}
		id := strconv.Itoa
		for _, tc := range []struct {
			name, op string
			vars     map[string]any
			want     []string // IDs in the READ entry
		}{
			{"root field", `{ users(where: {email: "editor@example.org"}) { edges { node { email } } } }`, nil, []string{id(editorID)}},
			{"node", `query($id: ID!) { node(id: $id) { ... on User { email } } }`, map[string]any{"id": id(editorID)}, []string{id(editorID)}},
			{"nodes", `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": []string{id(editorID), id(entryID)}}, []string{id(editorID), id(entryID)}},
			{"node, another type", `query($id: ID!) { node(id: $id) { ... on AuditEntry { operation } } }`, map[string]any{"id": id(entryID)}, []string{id(entryID)}},
			{"edge", `{ auditLog(first: 100, where: {actorID: "` + id(editorID) + `"}) { edges { node { actor { email } } } } }`, nil, nil},
		} {
			before := lastRead()
			s.as(s.admin, tc.op, tc.vars).MustData(&struct{}{})
			e := lastRead()
			if e == nil || (before != nil && e.ID == before.ID) {
				t.Errorf("%s: no READ entry", tc.name)
				continue
			}
			if e.ActorID == nil || e.ActorEmail != "admin@example.org" {
				t.Errorf("%s: the READ entry does not name the reader: %+v", tc.name, e)
			}
			for _, w := range tc.want {
				if !slices.Contains(e.ObjectIds, w) {
					t.Errorf("%s: READ entry lists %v, want %s among them", tc.name, e.ObjectIds, w)
				}
			}
			if tc.name == "edge" && !slices.Contains(e.ObjectIds, id(editorID)) {
				t.Errorf("edge: the actor read through the log is not listed: %v", e.ObjectIds)
			}
		}
		// Reading one's own account is not audited.
		before := lastRead()
		s.as(s.editor, `{ viewer { email } }`, nil).MustData(&struct{}{})
		if e := lastRead(); e.ID != before.ID {
			t.Errorf("reading one's own account is audited: %+v", e)
		}
	})
}
