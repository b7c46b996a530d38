package graph_test

import (
	"strings"
	"testing"

	"relocate/internal/testenv"
)

// TestCaseInputErrors sends wrong input to every kind of change: each
// answers BAD_USER_INPUT (or CONFLICT) in the reader's language, names
// every wrong field in extensions.fields, and changes nothing.
func TestCaseInputErrors(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db)
		var np struct {
			CreatePerson struct{ Person struct{ ID string } }
		}
		w.must(t, w.cw, createPersonOp, map[string]any{"in": map[string]any{"givenName": "Olga", "familyName": "Kalniņa"}}, &np)
		noConsent := np.CreatePerson.Person.ID
		long := strings.Repeat("ā", 201)
		for _, tc := range []struct {
			name, op string
			in       map[string]any
			code     string
			fields   []string
		}{
			{"person: several fields at once", createPersonOp, map[string]any{
				"givenName": long, "familyName": "Ozola", "email": "not-an-address", "nationality": "XX", "iscedLevel": 9, "phone": "call me",
			}, "BAD_USER_INPUT", []string{"input.givenName", "input.email", "input.nationality", "input.iscedLevel", "input.phone"}},
			{"person: born in the future", createPersonOp, map[string]any{"givenName": "A", "familyName": "B", "dateOfBirth": "2999-01-01"},
				"BAD_USER_INPUT", []string{"input.dateOfBirth"}},
			{"person: a language that is none", createPersonOp, map[string]any{"givenName": "A", "familyName": "B",
				"languages": []map[string]any{{"language": "Latvian", "level": "B1"}}}, "BAD_USER_INPUT", []string{"input.languages[0].language"}},
			{"person: a family member born in 1800", createPersonOp, map[string]any{"givenName": "A", "familyName": "B",
				"familyMembers": []map[string]any{{"relation": "CHILD", "birthYear": 1800}}}, "BAD_USER_INPUT", []string{"input.familyMembers[0].birthYear"}},
			{"person: not a date", createPersonOp, map[string]any{"givenName": "A", "familyName": "B", "dateOfBirth": "2026-13-01"},
				"BAD_USER_INPUT", nil},
			{"company: sector and contact", createCompanyOp, map[string]any{"name": "X GmbH", "sectorCode": "metal",
				"contacts": []map[string]any{{"name": "", "email": "x@"}}}, "BAD_USER_INPUT",
				[]string{"input.sectorCode", "input.contacts[0].name", "input.contacts[0].email"}},
			{"vacancy: internship without an end", createVacancyOp, map[string]any{"companyId": w.companyA, "title": "Praktikum",
				"kind": "INTERNSHIP", "startDate": "2026-04-01"}, "BAD_USER_INPUT", []string{"input.endDate"}},
			{"vacancy: ending before it starts", createVacancyOp, map[string]any{"companyId": w.companyA, "title": "Praktikum",
				"kind": "INTERNSHIP", "startDate": "2026-04-01", "endDate": "2026-03-31"}, "BAD_USER_INPUT", []string{"input.endDate"}},
			{"vacancy: codes and numbers", createVacancyOp, map[string]any{"companyId": w.companyA, "title": "T", "kind": "EMPLOYMENT",
				"startDate": "2026-04-01", "occupationCode": "123", "positions": 0, "otherLanguages": []string{"LV"}}, "BAD_USER_INPUT",
				[]string{"input.occupationCode", "input.positions"}},
			{"case: no legal basis", openCaseOp, map[string]any{"personId": noConsent, "kind": "PLACEMENT"}, "BAD_USER_INPUT", []string{"input.personId"}},
			{"case: unknown support need", openCaseOp, map[string]any{"personId": w.personP, "kind": "PLACEMENT",
				"supportNeeds": []string{"housing", "astrology"}}, "BAD_USER_INPUT", []string{"input.supportNeeds[1]"}},
			{"case: opened in the future", openCaseOp, map[string]any{"personId": w.personP, "kind": "PLACEMENT", "openedOn": "2999-01-01"},
				"BAD_USER_INPUT", []string{"input.openedOn"}},
			{"case: an unknown kind", openCaseOp, map[string]any{"personId": w.personP, "kind": "WIZARD"}, "", nil},
			{"case: arrived before opened", `mutation($in: UpdateCaseInput!) { updateCase(input: $in) { case { id } } }`,
				map[string]any{"id": w.caseP, "version": 4, "arrivedOn": "2025-01-01"}, "BAD_USER_INPUT", []string{"input.arrivedOn"}},
			{"case: a stale version", `mutation($in: UpdateCaseInput!) { updateCase(input: $in) { case { id } } }`,
				map[string]any{"id": w.caseP, "version": 3, "kind": "INTERNSHIP"}, "CONFLICT", nil},
			{"note: too long", addNoteOp, map[string]any{"caseId": w.caseP, "text": strings.Repeat("x", 10_001)}, "BAD_USER_INPUT", []string{"input.text"}},
			{"note: empty", addNoteOp, map[string]any{"caseId": w.caseP, "text": "  "}, "BAD_USER_INPUT", []string{"input.text"}},
			{"consent: another basis without saying which", recordConsentOp, map[string]any{"personId": w.personQ, "purpose": "ESF_REPORTING",
				"legalBasis": "PUBLIC_TASK", "channel": "OTHER"}, "BAD_USER_INPUT", []string{"input.note"}},
			{"consent: given in the future", recordConsentOp, map[string]any{"personId": w.personQ, "purpose": "ESF_REPORTING",
				"channel": "PAPER", "givenAt": "2999-01-01T10:00:00Z"}, "BAD_USER_INPUT", []string{"input.givenAt"}},
			{"task: a newcomer as assignee, an unknown topic", createTaskOp, map[string]any{"caseId": w.caseP, "title": "T",
				"assigneeId": w.personP, "topic": "astrology"}, "BAD_USER_INPUT", []string{"input.assigneeId", "input.topic"}},
			{"task: no title", createTaskOp, map[string]any{"caseId": w.caseP, "title": ""}, "BAD_USER_INPUT", []string{"input.title"}},
		} {
			before := w.counts(t)
			r := w.as(w.cw, tc.op, map[string]any{"in": tc.in}, "Accept-Language", "lv")
			if len(r.Errors) == 0 {
				t.Errorf("%s: accepted: %s", tc.name, r.Raw)
				continue
			}
			if tc.code != "" && r.Code() != tc.code {
				t.Errorf("%s: %s, want %s", tc.name, r.Raw, tc.code)
			}
			if r.Code() == "INTERNAL_SERVER_ERROR" || r.Status >= 500 {
				t.Errorf("%s: %d %s", tc.name, r.Status, r.Raw)
			}
			if r.Language() != "LV" || !strings.ContainsAny(r.Errors[0].Message, "āēīūšžņļķģč") {
				t.Errorf("%s: the message is not Latvian: %s", tc.name, r.Errors[0].Message)
			}
			fields, _ := r.Errors[0].Extensions["fields"].(map[string]any)
			for _, f := range tc.fields {
				if fields[f] == nil {
					t.Errorf("%s: no problem named for %s: %s", tc.name, f, r.Raw)
				}
			}
			if after := w.counts(t); after != before {
				t.Errorf("%s: refused but changed something: %+v → %+v", tc.name, before, after)
			}
		}
	})
}

// TestProcessingNeedsALegalBasis: once the consent to case processing is
// withdrawn (on the timeline), the case cannot be changed any more, only
// closed.
func TestProcessingNeedsALegalBasis(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db)
		var c struct {
			RecordConsent struct{ Consent struct{ ID string } }
		}
		w.must(t, w.cw, recordConsentOp, map[string]any{"in": map[string]any{"personId": w.personQ, "purpose": "ESF_REPORTING", "channel": "PAPER"}}, &c)
		before := w.counts(t)
		w.must(t, w.cw, `mutation($id: ID!) { withdrawConsent(input: {id: $id}) { consent { withdrawnAt } } }`, map[string]any{"id": w.consentQ}, nil)
		if after := w.counts(t); after.timeline != before.timeline+1 || after.audits != before.audits+1 {
			t.Errorf("withdrawing: %d timeline and %d audit entries", after.timeline-before.timeline, after.audits-before.audits)
		}
		var tl struct {
			Case struct {
				Timeline struct {
					Edges []struct {
						Node struct{ Kind, Summary string }
					}
				}
			}
		}
		w.must(t, w.cw, `query($r: String!) { case(reference: $r) { timeline(last: 1) { edges { node { kind summary } } } } }`, map[string]any{"r": w.refQ}, &tl)
		if e := tl.Case.Timeline.Edges; len(e) != 1 || e[0].Node.Kind != "CONSENT_WITHDRAWN" || e[0].Node.Summary != "CASE_PROCESSING" {
			t.Errorf("timeline: %+v", e)
		}
		// Withdrawn once is withdrawn.
		if r := w.as(w.cw, `mutation($id: ID!) { withdrawConsent(input: {id: $id}) { consent { id } } }`, map[string]any{"id": w.consentQ}); r.Code() != "BAD_USER_INPUT" {
			t.Errorf("withdrawn twice: %s", r.Raw)
		}
		v, _ := w.version(t, w.caseQ)
		before = w.counts(t)
		for name, op := range map[string]string{
			"update":     `mutation($id: ID!, $v: Int!) { updateCase(input: {id: $id, version: $v, kind: PLACEMENT}) { case { id } } }`,
			"transition": `mutation($id: ID!, $v: Int!) { transitionCase(input: {id: $id, version: $v, to: ARRIVING}) { case { id } } }`,
			"note":       `mutation($id: ID!) { addCaseNote(input: {caseId: $id, text: "x"}) { note { id } } }`,
			"task":       `mutation($id: ID!) { createTask(input: {caseId: $id, title: "x"}) { task { id } } }`,
		} {
			r := w.as(w.cw, op, map[string]any{"id": w.caseQ, "v": v}, "Accept-Language", "en")
			if r.Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "legal basis") {
				t.Errorf("%s without a legal basis: %s", name, r.Raw)
			}
		}
		if w.counts(t) != before {
			t.Error("changes without a legal basis were made")
		}
		w.must(t, w.cw, transitionOp, map[string]any{"in": map[string]any{"id": w.caseQ, "version": v, "to": "CLOSED", "outcome": "WITHDRAWN"}}, nil)
		// A new consent does not reopen the case; opening another one needs it.
		if r := w.as(w.cw, openCaseOp, map[string]any{"in": map[string]any{"personId": w.personQ, "kind": "PLACEMENT"}}); r.Code() != "BAD_USER_INPUT" {
			t.Errorf("a case without consent: %s", r.Raw)
		}
	})
}
