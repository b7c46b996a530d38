package graph_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"relocate/ent"
	"relocate/ent/auditentry"
	"relocate/internal/inquiry"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// TestCompanyContactSeesOnlyTheirSlice: a company contact sees their
// company, its contacts and vacancies, and of the people placed with it
// who agreed to share with their employer only the name, the case status
// and the start date; nothing of another company, never notes, family,
// consents, tasks or contact data; and nothing of a person once the
// consent is withdrawn.
func TestCompanyContactSeesOnlyTheirSlice(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db)
		var d struct {
			Viewer struct {
				Company struct {
					ID, Name  string
					Contacts  []struct{ Name string }
					Vacancies []struct {
						Title string
						Cases []struct {
							Reference, Status string
							StartDate         *string
							Person            struct{ GivenName, FamilyName string }
						}
					}
				}
			}
		}
		const slice = `{ viewer { company { id name contacts { name } vacancies { title cases { reference status startDate person { givenName familyName } } } } } }`
		w.must(t, w.contactA, slice, nil, &d)
		co := d.Viewer.Company
		if co.ID != w.companyA || len(co.Contacts) != 1 || len(co.Vacancies) != 1 || len(co.Vacancies[0].Cases) != 1 {
			t.Fatalf("the company's slice: %+v", co)
		}
		if c := co.Vacancies[0].Cases[0]; c.Reference != w.refP || c.Status != "PLACED" || c.Person.FamilyName != "Ozoliņš" {
			t.Errorf("the placement: %+v", c)
		}
		// The same case by its reference and by its ID; not the other company's.
		var byRef struct{ Case *struct{ Status string } }
		w.must(t, w.contactA, `query($r: String!) { case(reference: $r) { status } }`, map[string]any{"r": w.refP}, &byRef)
		if byRef.Case == nil || byRef.Case.Status != "PLACED" {
			t.Errorf("case by reference: %+v", byRef.Case)
		}
		w.must(t, w.contactA, `query($r: String!) { case(reference: $r) { status } }`, map[string]any{"r": w.refQ}, &byRef)
		if byRef.Case != nil {
			t.Errorf("another company's placement by reference: %+v", byRef.Case)
		}
		// Fields that are not theirs to see, through edges and node(id:).
		for _, tc := range []struct{ field, op string }{
			{"Company.notes", `{ viewer { company { notes } } }`},
			{"Case.notes", `{ viewer { company { vacancies { cases { notes { text } } } } } }`},
			{"Case.tasks", `{ viewer { company { vacancies { cases { tasks { title } } } } } }`},
			{"Case.timeline", `{ viewer { company { vacancies { cases { timeline { totalCount } } } } } }`},
			{"Case.caseworker", `{ viewer { company { vacancies { cases { caseworker { email } } } } } }`},
			{"Case.supportNeeds", `{ viewer { company { vacancies { cases { supportNeeds } } } } }`},
			{"Case.recognitions", `{ viewer { company { vacancies { cases { recognitions { id } } } } } }`},
			{"Person.email", `{ viewer { company { vacancies { cases { person { email } } } } } }`},
			{"Person.phone", `{ viewer { company { vacancies { cases { person { phone } } } } } }`},
			{"Person.dateOfBirth", `{ viewer { company { vacancies { cases { person { dateOfBirth } } } } } }`},
			{"Person.familyMembers", `{ viewer { company { vacancies { cases { person { familyMembers { id } } } } } } }`},
			{"Person.consents", `{ viewer { company { vacancies { cases { person { consents { id } } } } } } }`},
			{"Person.cases", `{ viewer { company { vacancies { cases { person { cases { id } } } } } } }`},
			{"CompanyContact.user", `{ viewer { company { contacts { user { email } } } } }`},
			{"Query.companies", `{ companies { totalCount } }`},
			{"Query.cases", `{ cases { totalCount } }`},
			{"Query.persons", `{ persons { totalCount } }`},
			{"Query.vacancies", `{ vacancies { totalCount } }`},
			{"Case.notes through node", `query($id: ID!) { node(id: $id) { ... on Case { notes { text } } } }`},
		} {
			r := w.as(w.contactA, tc.op, map[string]any{"id": w.caseP})
			if r.Code() != "FORBIDDEN" || strings.Contains(string(r.Data), "Stadtfeld") || strings.Contains(string(r.Data), "@") {
				t.Errorf("%s: %s", tc.field, r.Raw)
			}
		}
		// Without the consent to share with the employer, the placement is gone.
		w.must(t, w.cw, `mutation($id: ID!) { withdrawConsent(input: {id: $id}) { consent { withdrawnAt } } }`, map[string]any{"id": w.consentEmployerP}, nil)
		w.must(t, w.contactA, slice, nil, &d)
		if cases := d.Viewer.Company.Vacancies[0].Cases; len(cases) != 0 {
			t.Errorf("after the consent was withdrawn: %+v", cases)
		}
		w.must(t, w.contactA, `query($r: String!) { case(reference: $r) { status } }`, map[string]any{"r": w.refP}, &byRef)
		if byRef.Case != nil {
			t.Errorf("after the consent was withdrawn, by reference: %+v", byRef.Case)
		}
	})
}

// TestNewcomerSeesOnlyTheirCase: a newcomer sees their own case: status,
// dates, support needs, tasks, SHARED notes and appointments, and their
// own name; nothing of other cases, no internal note, no timeline.
func TestNewcomerSeesOnlyTheirCase(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db)
		var d struct {
			Viewer struct {
				Case struct {
					Reference, Status, Kind, OpenedOn string
					SupportNeeds                      []string
					Tasks                             []struct{ Title, Status string }
					Notes                             []struct{ Text, Visibility string }
					Appointments                      []struct{ ID string }
					Person                            struct{ GivenName, FamilyName string }
				}
			}
		}
		w.must(t, w.newcomerP, `{ viewer { case { reference status kind openedOn supportNeeds tasks { title status } notes { text visibility } appointments { id } person { givenName familyName } } } }`, nil, &d)
		c := d.Viewer.Case
		// The task written by hand and those made of the checklists of the
		// support needs (internal/checklist).
		if c.Reference != w.refP || c.Status != "PLACED" || c.Person.GivenName != "Sergejs" || len(c.Tasks) != 1+stepsOf(t, "housing", "authorities") ||
			!slices.Equal(c.SupportNeeds, []string{"housing", "authorities"}) {
			t.Errorf("own case: %+v", c)
		}
		if len(c.Notes) != 1 || c.Notes[0].Visibility != "SHARED" {
			t.Errorf("notes: %+v", c.Notes)
		}
		var other struct {
			Viewer struct{ Case struct{ Reference string } }
		}
		w.must(t, w.newcomerQ, `{ viewer { case { reference } } }`, nil, &other)
		if other.Viewer.Case.Reference != w.refQ {
			t.Errorf("the other newcomer: %+v", other)
		}
		var byRef struct{ Case *struct{ Status string } }
		w.must(t, w.newcomerP, `query($r: String!) { case(reference: $r) { status } }`, map[string]any{"r": w.refQ}, &byRef)
		if byRef.Case != nil {
			t.Errorf("someone else's case by reference: %+v", byRef.Case)
		}
		for _, tc := range []struct{ field, op string }{
			{"Case.caseworker", `{ viewer { case { caseworker { email } } } }`},
			{"Case.timeline", `{ viewer { case { timeline { totalCount } } } }`},
			{"Case.vacancy", `{ viewer { case { vacancy { title } } } }`},
			{"Case.version", `{ viewer { case { version } } }`},
			{"Case.allowedTransitions", `{ viewer { case { allowedTransitions } } }`},
			{"Case.recognitions", `{ viewer { case { recognitions { id } } } }`},
			{"Person.email", `{ viewer { case { person { email } } } }`},
			{"Person.familyMembers", `{ viewer { case { person { familyMembers { id } } } } }`},
			{"Task.assignee", `{ viewer { case { tasks { assignee { email } } } } }`},
			{"CaseNote.author", `{ viewer { case { notes { author { email } } } } }`},
			{"Query.cases", `{ cases { totalCount } }`},
			{"Mutation.addCaseNote", `mutation($id: ID!) { addCaseNote(input: {caseId: $id, text: "Hallo"}) { note { id } } }`},
			{"Mutation.completeTask", `mutation($t: ID!) { completeTask(input: {id: $t}) { task { id } } }`},
		} {
			r := w.as(w.newcomerP, tc.op, map[string]any{"id": w.caseP, "t": w.taskP})
			if r.Code() != "FORBIDDEN" {
				t.Errorf("%s: %s", tc.field, r.Raw)
			}
		}
	})
}

// TestForgedCaseIDsAnswerLikeMissingOnes asks node(id:) and nodes(ids:)
// for every kind of case management object as each viewer who may not
// see it: the answer is exactly that for an ID that exists nowhere.
func TestForgedCaseIDsAnswerLikeMissingOnes(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db)
		ctx := viewer.SystemContext(context.Background())
		timeline := w.app.Store.Client.TimelineEntry.Query().FirstIDX(ctx)
		contact := w.app.Store.Client.CompanyContact.Query().FirstIDX(ctx)
		ask := func(token, id string) string {
			r := w.as(token, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id})
			rs := w.as(token, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": []string{id}})
			msg := ""
			if len(r.Errors) > 0 {
				msg = r.Errors[0].Message
			}
			return r.Code() + " " + msg + " " + string(r.Data) + " | " + rs.Code() + " " + string(rs.Data)
		}
		missing := ask("", "9999999999999")
		if !strings.HasPrefix(missing, "NOT_FOUND") {
			t.Fatalf("a missing ID: %s", missing)
		}
		outsiders := map[string]string{"anonymous": "", "editor": w.editor, "translator": w.translator}
		for _, tc := range []struct {
			kind, id string
			also     map[string]string // who else may not see it
			seenBy   map[string]string // who may
		}{
			{"company B", w.companyB, map[string]string{"contact of A": w.contactA, "newcomer": w.newcomerP}, map[string]string{"caseworker": w.cw}},
			{"company A", w.companyA, map[string]string{"newcomer": w.newcomerP}, map[string]string{"contact of A": w.contactA}},
			{"vacancy B", w.vacancyB, map[string]string{"contact of A": w.contactA, "newcomer": w.newcomerP}, map[string]string{"admin": w.admin}},
			{"contact", fmtID(contact), map[string]string{"newcomer": w.newcomerP}, map[string]string{"contact of A": w.contactA}},
			{"person Q", w.personQ, map[string]string{"contact of A": w.contactA, "newcomer P": w.newcomerP}, map[string]string{"newcomer Q": w.newcomerQ}},
			{"case Q", w.caseQ, map[string]string{"contact of A": w.contactA, "newcomer P": w.newcomerP}, map[string]string{"newcomer Q": w.newcomerQ}},
			{"case P", w.caseP, map[string]string{"newcomer Q": w.newcomerQ}, map[string]string{"contact of A": w.contactA, "newcomer P": w.newcomerP}},
			{"internal note", w.internalNoteP, map[string]string{"contact of A": w.contactA, "newcomer P": w.newcomerP}, map[string]string{"caseworker": w.cw}},
			{"shared note", w.sharedNoteP, map[string]string{"contact of A": w.contactA, "newcomer Q": w.newcomerQ}, map[string]string{"newcomer P": w.newcomerP}},
			{"task", w.taskP, map[string]string{"contact of A": w.contactA, "newcomer Q": w.newcomerQ}, map[string]string{"newcomer P": w.newcomerP}},
			{"consent", w.consentQ, map[string]string{"contact of A": w.contactA, "newcomer Q": w.newcomerQ}, map[string]string{"caseworker": w.cw}},
			{"family member", w.childP, map[string]string{"contact of A": w.contactA, "newcomer P": w.newcomerP}, map[string]string{"caseworker": w.cw}},
			{"timeline entry", fmtID(timeline), map[string]string{"contact of A": w.contactA, "newcomer P": w.newcomerP}, map[string]string{"admin": w.admin}},
		} {
			for who, token := range merge(outsiders, tc.also) {
				// Compared with a missing ID asked by the same reader: a
				// newcomer reads the answer in their own language.
				if got, want := ask(token, tc.id), ask(token, "9999999999999"); got != want {
					t.Errorf("%s as %s: %s, want %s", tc.kind, who, got, want)
				}
			}
			for who, token := range tc.seenBy {
				if r := w.as(token, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": tc.id}); r.Code() != "" {
					t.Errorf("%s as %s, who may see it: %s", tc.kind, who, r.Raw)
				}
			}
		}
		// IDs of other objects in inputs are refused like unknown ones.
		for _, tc := range []struct{ name, op, field string }{
			{"a company as the person", `mutation($x: ID!) { openCase(input: {personId: $x, kind: PLACEMENT}) { case { id } } }`, "input.personId"},
			{"a person as the vacancy", `mutation($x: ID!, $p: ID!) { openCase(input: {personId: $p, kind: PLACEMENT, vacancyId: $x}) { case { id } } }`, "input.vacancyId"},
			{"a person as the company", `mutation($x: ID!) { createVacancy(input: {companyId: $x, title: "T", kind: EMPLOYMENT, startDate: "2026-01-01"}) { vacancy { id } } }`, "input.companyId"},
			{"a newcomer as caseworker", `mutation($x: ID!, $c: ID!) { assignCaseworker(input: {id: $c, caseworkerId: $x}) { case { id } } }`, "input.caseworkerId"},
		} {
			x := map[string]string{"input.personId": w.companyA, "input.vacancyId": w.personP, "input.companyId": w.personP, "input.caseworkerId": w.personP}[tc.field]
			before := w.counts(t)
			r := w.as(w.cw, tc.op, map[string]any{"x": x, "p": w.personP, "c": w.caseP})
			fields, _ := r.Errors[0].Extensions["fields"].(map[string]any)
			if r.Code() != "BAD_USER_INPUT" || fields[tc.field] == nil {
				t.Errorf("%s: %s", tc.name, r.Raw)
			}
			if w.counts(t) != before {
				t.Errorf("%s: something changed", tc.name)
			}
		}
		// Changing an object of another kind by its ID: NOT_FOUND, naming the field.
		r := w.as(w.cw, `mutation($id: ID!) { updateCompany(input: {id: $id, name: "X"}) { company { id } } }`, map[string]any{"id": w.personP})
		if fields, _ := r.Errors[0].Extensions["fields"].(map[string]any); r.Code() != "NOT_FOUND" || fields["input.id"] == nil {
			t.Errorf("updateCompany with a person's ID: %s", r.Raw)
		}
	})
}

// TestReadsOfPeopleAreAudited: a caseworker's read of people leaves a
// READ entry naming each person read.
func TestReadsOfPeopleAreAudited(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db)
		w.must(t, w.cw, `{ persons { edges { node { givenName familyName } } } }`, nil, nil)
		ctx := viewer.SystemContext(context.Background())
		e, err := w.app.Store.Client.AuditEntry.Query().Where(auditentry.Action("READ")).Order(ent.Desc(auditentry.FieldID)).First(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if e.ActorEmail != "cw@example.org" || e.Operation != "persons" || !slices.Contains(e.ObjectIds, w.personP) || !slices.Contains(e.ObjectIds, w.personQ) {
			t.Errorf("READ entry %+v", e)
		}
	})
}

func merge(a, b map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

func fmtID(id int) string { return strconv.Itoa(id) }

// TestInquiriesForStaff: the site's inquiries are a GraphQL type for those
// who triage them, and nobody else.
func TestInquiriesForStaff(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db)
		topics := []string{"housing", "childcare"}
		if _, err := w.app.Inquiry.Submit(context.Background(), inquiry.Submission{Kind: inquiry.Newcomer, Name: "Līga Kalniņa",
			Email: "liga@example.lv", Language: "lv", PreferredLanguage: "lv", Topics: topics, Message: "Labdien!", Consent: true}, topics); err != nil {
			t.Fatal(err)
		}
		const op = `{ inquiries(where: {status: NEW}) { totalCount edges { node { id kind name language preferredLanguage topics status case { id } person { id } } } } }`
		var d struct {
			Inquiries struct {
				TotalCount int
				Edges      []struct {
					Node struct{ Name, Kind, Language, Status string }
				}
			}
		}
		for _, token := range []string{w.cw, w.admin} {
			w.must(t, token, op, nil, &d)
			if d.Inquiries.TotalCount != 1 || d.Inquiries.Edges[0].Node.Name != "Līga Kalniņa" || d.Inquiries.Edges[0].Node.Language != "LV" {
				t.Errorf("inquiries: %+v", d)
			}
		}
		for who, token := range map[string]string{"editor": w.editor, "contact": w.contactA, "newcomer": w.newcomerP, "anonymous": ""} {
			if r := w.as(token, op, nil); r.Code() != "FORBIDDEN" && r.Code() != "UNAUTHENTICATED" {
				t.Errorf("inquiries as %s: %s", who, r.Raw)
			}
		}
		// Colleagues' names on notes and cases: a caseworker sees the
		// accounts of case management (staff, company contacts,
		// newcomers), not those of the guide's editors.
		w.must(t, w.admin, addNoteOp, map[string]any{"in": map[string]any{"caseId": w.caseP, "text": "Vom Amt bestätigt."}}, nil)
		var n struct {
			Case struct {
				Notes []struct{ Author *struct{ Email string } }
			}
		}
		w.must(t, w.cw2, `query($r: String!) { case(reference: $r) { notes { author { email } } } }`, map[string]any{"r": w.refP}, &n)
		for _, note := range n.Case.Notes {
			if note.Author == nil {
				t.Errorf("a note's author is not shown to a caseworker: %+v", n)
			}
		}
		var cw struct{ Caseworkers []struct{ Email string } }
		w.must(t, w.cw, `{ caseworkers { email } }`, nil, &cw)
		if len(cw.Caseworkers) != 2 {
			t.Errorf("caseworkers: %+v", cw)
		}
		if r := w.as(w.cw, `query($id: ID!) { node(id: $id) { ... on User { email case { reference } } } }`, map[string]any{"id": w.newcomerUserID(t)}); r.Code() != "" || !strings.Contains(string(r.Data), w.refP) {
			t.Errorf("a caseworker does not see a newcomer's account: %s", r.Raw)
		}
		var ed struct{ Viewer struct{ ID string } }
		w.must(t, w.editor, `{ viewer { id } }`, nil, &ed)
		if r := w.as(w.cw, `query($id: ID!) { node(id: $id) { ... on User { email } } }`, map[string]any{"id": ed.Viewer.ID}); r.Code() != "NOT_FOUND" {
			t.Errorf("a caseworker sees an editor's account: %s", r.Raw)
		}
	})
}

// newcomerUserID is the ID of newcomer P's account.
func (w *world) newcomerUserID(t testing.TB) string {
	var me struct{ Viewer struct{ ID string } }
	w.must(t, w.newcomerP, `{ viewer { id } }`, nil, &me)
	return me.Viewer.ID
}
