package graph_test

import (
	"testing"

	"relocate/internal/testenv"
)

// TestEveryChangeIsRecorded runs every kind of change once: each leaves
// one audit entry, and each change of a case (or, for consents, of each
// open case of the person) one timeline entry; the change is there.
func TestEveryChangeIsRecorded(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db)
		var articles struct{ GuideArticle struct{ ID string } }
		w.must(t, "", `{ guideArticle(slug: "wohnsitz-anmelden") { id } }`, nil, &articles)
		var places struct {
			Places struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		w.must(t, "", `{ places(first: 1) { edges { node { id } } } }`, nil, &places)
		var contacts struct {
			Node struct{ Contacts []struct{ ID string } }
		}
		w.must(t, w.cw, `query($id: ID!) { node(id: $id) { ... on Company { contacts { id } } } }`, map[string]any{"id": w.companyA}, &contacts)
		version := func() int { return first(w.version(t, w.caseP)) }
		for _, tc := range []struct {
			name, op string
			vars     func() map[string]any
			timeline int
			check    string // a query whose answer must contain want
			want     string
		}{
			{"updateCompany", `mutation($in: UpdateCompanyInput!) { updateCompany(input: $in) { company { id } } }`,
				func() map[string]any {
					return map[string]any{"in": map[string]any{"id": w.companyA, "sizeClass": nil, "removeContactIds": []string{contacts.Node.Contacts[0].ID},
						"addContacts": []map[string]any{{"name": "Jörg Krüger", "phone": "+49 391 000000"}}}}
				}, 0,
				`query($id: ID!) { node(id: $id) { ... on Company { sizeClass contacts { name } } } }`, `{"node":{"sizeClass":null,"contacts":[{"name":"Jörg Krüger"}]}}`},
			{"updateVacancy", `mutation($in: UpdateVacancyInput!) { updateVacancy(input: $in) { vacancy { status positions } } }`,
				func() map[string]any {
					return map[string]any{"in": map[string]any{"id": w.vacancyA, "status": "FILLED", "positions": 1}}
				}, 0,
				`query($id: ID!) { node(id: $id) { ... on Vacancy { status positions } } }`, `{"node":{"status":"FILLED","positions":1}}`},
			{"updatePerson", `mutation($in: UpdatePersonInput!) { updatePerson(input: $in) { person { id } } }`,
				func() map[string]any {
					return map[string]any{"in": map[string]any{"id": w.personP, "familyName": "Ozols", "dateOfBirth": nil,
						"familyMembers": []map[string]any{{"relation": "SPOUSE", "givenName": "Anna", "needs": []string{"JOB", "LANGUAGE_COURSE"}}}}}
				}, 0,
				`query($id: ID!) { node(id: $id) { ... on Person { familyName dateOfBirth familyMembers { relation needs } } } }`,
				`{"node":{"familyName":"Ozols","dateOfBirth":null,"familyMembers":[{"relation":"SPOUSE","needs":["JOB","LANGUAGE_COURSE"]}]}}`},
			{"recordConsent", recordConsentOp,
				func() map[string]any {
					return map[string]any{"in": map[string]any{"personId": w.personP, "purpose": "ESF_REPORTING", "legalBasis": "PUBLIC_TASK",
						"channel": "OTHER", "note": "Art. 6 (1) e DSGVO i. V. m. ESF+-Verordnung (EU) 2021/1057"}}
				}, 1, "", ""},
			{"updateCase", `mutation($in: UpdateCaseInput!) { updateCase(input: $in) { case { version } } }`,
				func() map[string]any {
					return map[string]any{"in": map[string]any{"id": w.caseP, "version": version(), "startDate": "2026-03-02", "vacancyId": nil}}
				}, 1,
				`query($id: ID!) { node(id: $id) { ... on Case { startDate vacancy { id } } } }`, `{"node":{"startDate":"2026-03-02","vacancy":null}}`},
			{"assignCaseworker", `mutation($in: AssignCaseworkerInput!) { assignCaseworker(input: $in) { case { version } } }`,
				func() map[string]any {
					return map[string]any{"in": map[string]any{"id": w.caseP, "caseworkerId": w.cw2ID, "version": version()}}
				}, 1,
				`query($id: ID!) { node(id: $id) { ... on Case { caseworker { email } timeline(last: 1) { edges { node { kind summary } } } } } }`,
				`{"node":{"caseworker":{"email":"cw2@example.org"},"timeline":{"edges":[{"node":{"kind":"CASEWORKER_CHANGED","summary":"cw2@example.org"}}]}}}`},
			{"createTask", createTaskOp,
				func() map[string]any {
					return map[string]any{"in": map[string]any{"caseId": w.caseP, "title": "Krankenkasse wählen", "topic": "health",
						"dueOn": "2026-02-02", "assigneeId": w.cw2ID, "articleId": articles.GuideArticle.ID, "placeId": places.Places.Edges[0].Node.ID}}
				}, 1,
				// Earlier than every task the case's checklist made: the case's next due day.
				`query($id: ID!) { node(id: $id) { ... on Case { nextDueOn } } }`, `{"node":{"nextDueOn":"2026-02-02"}}`},
			{"updateTask", `mutation($in: UpdateTaskInput!) { updateTask(input: $in) { task { status dueOn } } }`,
				func() map[string]any {
					return map[string]any{"in": map[string]any{"id": w.taskP, "status": "IN_PROGRESS", "dueOn": nil, "title": "Wohnsitz anmelden (Bürgerbüro Mitte)"}}
				}, 1,
				`query($id: ID!) { node(id: $id) { ... on Task { title status dueOn completedAt } } }`,
				`{"node":{"title":"Wohnsitz anmelden (Bürgerbüro Mitte)","status":"IN_PROGRESS","dueOn":null,"completedAt":null}}`},
			{"completeTask", `mutation($id: ID!) { completeTask(input: {id: $id}) { task { status } } }`,
				func() map[string]any { return map[string]any{"id": w.taskP} }, 1,
				`query($id: ID!) { node(id: $id) { ... on Task { status } } }`, `{"node":{"status":"DONE"}}`},
			{"addCaseNote", addNoteOp,
				func() map[string]any {
					return map[string]any{"in": map[string]any{"caseId": w.caseP, "text": "Termin bestätigt."}}
				}, 1, "", ""},
			{"withdrawConsent", `mutation($id: ID!) { withdrawConsent(input: {id: $id}) { consent { withdrawnAt } } }`,
				func() map[string]any { return map[string]any{"id": w.consentEmployerP} }, 1, "", ""},
		} {
			before := w.counts(t)
			r := w.as(w.cw, tc.op, tc.vars())
			if r.Code() != "" {
				t.Errorf("%s: %s", tc.name, r.Raw)
				continue
			}
			after := w.counts(t)
			if after.audits != before.audits+1 || after.timeline != before.timeline+tc.timeline {
				t.Errorf("%s: %d audit and %d timeline entries, want 1 and %d", tc.name,
					after.audits-before.audits, after.timeline-before.timeline, tc.timeline)
			}
			if tc.check == "" {
				continue
			}
			id := map[string]string{"updateCompany": w.companyA, "updateVacancy": w.vacancyA, "updatePerson": w.personP,
				"updateTask": w.taskP, "completeTask": w.taskP}[tc.name]
			if id == "" {
				id = w.caseP
			}
			if got := w.as(w.cw, tc.check, map[string]any{"id": id}); string(got.Data) != tc.want {
				t.Errorf("%s: %s, want %s", tc.name, got.Data, tc.want)
			}
		}
		// A task is completed once, and only by completeTask.
		before := w.counts(t)
		for name, op := range map[string]string{
			"completed twice":   `mutation($id: ID!) { completeTask(input: {id: $id}) { task { id } } }`,
			"done by an update": `mutation($id: ID!) { updateTask(input: {id: $id, status: DONE}) { task { id } } }`,
		} {
			if r := w.as(w.cw, op, map[string]any{"id": w.taskP}); r.Code() != "BAD_USER_INPUT" {
				t.Errorf("%s: %s", name, r.Raw)
			}
		}
		if w.counts(t) != before {
			t.Error("refused task changes changed something")
		}
	})
}

// TestContactAccounts: a company's contact is linked to the account of a
// company contact acting for that company, once; no other account.
func TestContactAccounts(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db)
		var me struct{ Viewer struct{ ID string } }
		w.must(t, w.contactA, `{ viewer { id } }`, nil, &me)
		const op = `mutation($id: ID!, $u: ID!) { updateCompany(input: {id: $id, addContacts: [{name: "Petra Schulz", userId: $u}]}) { company { contacts { name user { email } } } } }`
		before := w.counts(t)
		for name, vars := range map[string]map[string]any{
			"a newcomer's account":       {"id": w.companyA, "u": w.newcomerUserID(t)},
			"an account of another firm": {"id": w.companyB, "u": me.Viewer.ID},
			"no account":                 {"id": w.companyA, "u": w.personP},
		} {
			r := w.as(w.cw, op, vars)
			if fields, _ := r.Errors[0].Extensions["fields"].(map[string]any); r.Code() != "BAD_USER_INPUT" || fields["input.addContacts[0].userId"] == nil {
				t.Errorf("%s: %s", name, r.Raw)
			}
		}
		if w.counts(t) != before {
			t.Error("refused links changed something")
		}
		var d struct {
			UpdateCompany struct {
				Company struct {
					Contacts []struct{ User *struct{ Email string } }
				}
			}
		}
		w.must(t, w.cw, op, map[string]any{"id": w.companyA, "u": me.Viewer.ID}, &d)
		linked := 0
		for _, c := range d.UpdateCompany.Company.Contacts {
			if c.User != nil && c.User.Email == "hr@elbe-stahlbau.example" {
				linked++
			}
		}
		if linked != 1 {
			t.Errorf("contacts: %+v", d)
		}
		if r := w.as(w.cw, op, map[string]any{"id": w.companyA, "u": me.Viewer.ID}); r.Code() != "BAD_USER_INPUT" {
			t.Errorf("the same account twice: %s", r.Raw)
		}
	})
}
