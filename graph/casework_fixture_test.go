package graph_test

import (
	"context"
	"log/slog"
	"os"
	"testing"

	"relocate/ent"
	"relocate/ent/auditentry"
	"relocate/ent/session"
	"relocate/internal/app"
	"relocate/internal/auth"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// world is a small case management fixture made through the API: two
// companies (A, B) with a vacancy each; Sergejs Ozoliņš placed with A
// (consents to case processing and to sharing with the employer) and
// Андрей Скворцов placed with B (consents to case processing only); a
// company contact of A, and a newcomer account for each of the two.
type world struct {
	app *app.App
	gql *testenv.GraphQL

	admin, cw, cw2, editor, translator string // tokens
	contactA, newcomerP, newcomerQ     string
	companyA, companyB                 string // IDs
	vacancyA, vacancyB                 string
	personP, personQ                   string
	caseP, caseQ, refP, refQ           string
	internalNoteP, sharedNoteP, taskP  string
	consentEmployerP, consentQ, childP string
	cwID, cw2ID                        string
}

func (w *world) as(token, op string, vars map[string]any, header ...string) *testenv.Response {
	if token == "" {
		return w.gql.Post(op, vars, header...)
	}
	return w.gql.Post(op, vars, append([]string{"Authorization", "Bearer " + token}, header...)...)
}

// must runs op as token and decodes its data into v (nil: discarded).
func (w *world) must(t testing.TB, token, op string, vars map[string]any, v any) {
	t.Helper()
	if v == nil {
		v = &map[string]any{}
	}
	w.as(token, op, vars).MustData(v)
}

// signInLinked creates an account linked to a company or a case and signs
// it in.
func signInLinked(t testing.TB, a *app.App, email string, role viewer.Role, companyID, caseID *int) string {
	t.Helper()
	ctx := viewer.SystemContext(context.Background())
	const password = "a password for tests"
	if _, err := a.Auth.CreateUser(ctx, auth.NewUser{Email: email, DisplayName: email, Password: password,
		Roles: []viewer.Role{role}, CompanyID: companyID, CaseID: caseID}); err != nil {
		t.Fatalf("create %s: %v", email, err)
	}
	s, err := a.Auth.Login(context.Background(), email, password, "192.0.2.201", session.KindBEARER)
	if err != nil {
		t.Fatal(err)
	}
	return s.Token
}

const (
	createCompanyOp = `mutation($in: CreateCompanyInput!) { createCompany(input: $in) { company { id } } }`
	createVacancyOp = `mutation($in: CreateVacancyInput!) { createVacancy(input: $in) { vacancy { id } } }`
	createPersonOp  = `mutation($in: CreatePersonInput!) { createPerson(input: $in) { person { id familyMembers { id } } } }`
	recordConsentOp = `mutation($in: RecordConsentInput!) { recordConsent(input: $in) { consent { id } } }`
	openCaseOp      = `mutation($in: OpenCaseInput!) { openCase(input: $in) { case { id reference version status } } }`
	transitionOp    = `mutation($in: TransitionCaseInput!) { transitionCase(input: $in) { case { id version status } } }`
	addNoteOp       = `mutation($in: AddCaseNoteInput!) { addCaseNote(input: $in) { note { id } } }`
	createTaskOp    = `mutation($in: CreateTaskInput!) { createTask(input: $in) { task { id } } }`
	caseVersionOp   = `query($id: ID!) { node(id: $id) { ... on Case { version status } } }`
)

func newWorld(t *testing.T, db testenv.DB) *world {
	t.Helper()
	var opts []testenv.Option
	if os.Getenv("RELOCATE_TEST_LOG") != "" {
		opts = append(opts, testenv.WithLogger(slog.New(slog.NewTextHandler(os.Stderr, nil))))
	}
	a := testenv.NewApp(t, db, opts...)
	w := &world{app: a, gql: testenv.NewGraphQL(t, a.Handler)}
	w.admin = testenv.SignIn(t, a, "admin@example.org", []viewer.Role{viewer.Admin})
	w.cw = testenv.SignIn(t, a, "cw@example.org", []viewer.Role{viewer.Caseworker})
	w.cw2 = testenv.SignIn(t, a, "cw2@example.org", []viewer.Role{viewer.Caseworker})
	w.editor = testenv.SignIn(t, a, "editor@example.org", []viewer.Role{viewer.Editor})
	w.translator = testenv.SignIn(t, a, "lv@example.org", []viewer.Role{viewer.Translator}, "lv")
	var me struct{ Viewer struct{ ID string } }
	w.must(t, w.cw, `{ viewer { id } }`, nil, &me)
	w.cwID = me.Viewer.ID
	w.must(t, w.cw2, `{ viewer { id } }`, nil, &me)
	w.cw2ID = me.Viewer.ID

	var co struct {
		CreateCompany struct{ Company struct{ ID string } }
	}
	w.must(t, w.cw, createCompanyOp, map[string]any{"in": map[string]any{
		"name": "Elbe Stahlbau GmbH", "legalForm": "GmbH", "sectorCode": "25.11", "sectorName": "Herstellung von Metallkonstruktionen",
		"street": "Am Hafen 1", "postalCode": "39126", "municipality": "Magdeburg", "sizeClass": "MEDIUM",
		"notes": "Zahlt pünktlich.", "contacts": []map[string]any{{"name": "Petra Schulz", "position": "Personal", "email": "p.schulz@elbe-stahlbau.example"}},
	}}, &co)
	w.companyA = co.CreateCompany.Company.ID
	w.must(t, w.cw, createCompanyOp, map[string]any{"in": map[string]any{"name": "Börde Pflege gGmbH", "municipality": "Barleben", "sizeClass": "SMALL"}}, &co)
	w.companyB = co.CreateCompany.Company.ID

	var v struct {
		CreateVacancy struct{ Vacancy struct{ ID string } }
	}
	w.must(t, w.cw, createVacancyOp, map[string]any{"in": map[string]any{
		"companyId": w.companyA, "title": "Schweißer (m/w/d)", "kind": "EMPLOYMENT", "occupationCode": "24422",
		"occupationTitle": "Berufe in der Schweiß- und Verbindungstechnik", "positions": 3, "germanLevel": "B1",
		"otherLanguages": []string{"lv", "ru"}, "startDate": "2026-03-01",
	}}, &v)
	w.vacancyA = v.CreateVacancy.Vacancy.ID
	w.must(t, w.cw, createVacancyOp, map[string]any{"in": map[string]any{
		"companyId": w.companyB, "title": "Praktikum Pflege", "kind": "INTERNSHIP", "startDate": "2026-04-01", "endDate": "2026-06-30",
	}}, &v)
	w.vacancyB = v.CreateVacancy.Vacancy.ID

	var p struct {
		CreatePerson struct {
			Person struct {
				ID            string
				FamilyMembers []struct{ ID string }
			}
		}
	}
	w.must(t, w.cw, createPersonOp, map[string]any{"in": map[string]any{
		"givenName": "Sergejs", "familyName": "Ozoliņš", "dateOfBirth": "1991-05-17", "gender": "MALE",
		"nationality": "LV", "countryOfResidence": "LV", "preferredLanguage": "LV",
		"languages": []map[string]any{{"language": "lv", "level": "C2", "native": true}, {"language": "de", "level": "A2"}},
		"email":     "sergejs.ozolins@example.lv", "phone": "+371 2000 0000", "qualificationTitle": "Metinātājs", "qualificationCountry": "LV",
		"iscedLevel": 3, "labourMarketStatus": "UNEMPLOYED",
		"familyMembers": []map[string]any{{"relation": "CHILD", "givenName": "Līva", "birthYear": 2021, "needs": []string{"KITA_PLACE"}}},
	}}, &p)
	w.personP, w.childP = p.CreatePerson.Person.ID, p.CreatePerson.Person.FamilyMembers[0].ID
	w.must(t, w.cw, createPersonOp, map[string]any{"in": map[string]any{
		"givenName": "Андрей", "familyName": "Скворцов", "nationality": "LV", "preferredLanguage": "RU", "email": "andrej@example.lv",
	}}, &p)
	w.personQ = p.CreatePerson.Person.ID

	var c struct {
		RecordConsent struct{ Consent struct{ ID string } }
	}
	consent := func(person, purpose string) string {
		w.must(t, w.cw, recordConsentOp, map[string]any{"in": map[string]any{"personId": person, "purpose": purpose, "channel": "PAPER"}}, &c)
		return c.RecordConsent.Consent.ID
	}
	consent(w.personP, "CASE_PROCESSING")
	w.consentEmployerP = consent(w.personP, "SHARE_WITH_EMPLOYER")
	w.consentQ = consent(w.personQ, "CASE_PROCESSING")

	w.caseP, w.refP = w.openCase(t, w.personP, w.vacancyA, "PLACEMENT")
	w.caseQ, w.refQ = w.openCase(t, w.personQ, w.vacancyB, "INTERNSHIP")
	for _, id := range []string{w.caseP, w.caseQ} {
		w.walk(t, id, "INTAKE", "MATCHING", "PLACED")
	}
	var n struct {
		AddCaseNote struct{ Note struct{ ID string } }
	}
	w.must(t, w.cw, addNoteOp, map[string]any{"in": map[string]any{"caseId": w.caseP, "text": "Sucht eine Wohnung in Stadtfeld."}}, &n)
	w.internalNoteP = n.AddCaseNote.Note.ID
	w.must(t, w.cw, addNoteOp, map[string]any{"in": map[string]any{"caseId": w.caseP, "text": "Willkommen! Ihr Termin im Bürgerbüro ist am Montag.", "visibility": "SHARED"}}, &n)
	w.sharedNoteP = n.AddCaseNote.Note.ID
	var tk struct {
		CreateTask struct{ Task struct{ ID string } }
	}
	w.must(t, w.cw, createTaskOp, map[string]any{"in": map[string]any{"caseId": w.caseP, "title": "Wohnsitz anmelden", "topic": "authorities", "dueOn": "2026-03-14"}}, &tk)
	w.taskP = tk.CreateTask.Task.ID

	w.contactA = signInLinked(t, a, "hr@elbe-stahlbau.example", viewer.CompanyContact, ptr(atoi(t, w.companyA)), nil)
	w.newcomerP = signInLinked(t, a, "sergejs@example.lv", viewer.Newcomer, nil, ptr(atoi(t, w.caseP)))
	w.newcomerQ = signInLinked(t, a, "andrej@example.lv", viewer.Newcomer, nil, ptr(atoi(t, w.caseQ)))
	return w
}

// openCase opens a case of kind for person with vacancy and returns its
// ID and reference.
func (w *world) openCase(t testing.TB, person, vacancy, kind string) (string, string) {
	t.Helper()
	var o struct {
		OpenCase struct {
			Case struct{ ID, Reference string }
		}
	}
	in := map[string]any{"personId": person, "kind": kind, "supportNeeds": []string{"housing", "authorities"}, "openedOn": "2026-01-05"}
	if vacancy != "" {
		in["vacancyId"] = vacancy
	}
	w.must(t, w.cw, openCaseOp, map[string]any{"in": in}, &o)
	return o.OpenCase.Case.ID, o.OpenCase.Case.Reference
}

// version returns the version and status of case id.
func (w *world) version(t testing.TB, id string) (int, string) {
	t.Helper()
	var d struct {
		Node struct {
			Version int
			Status  string
		}
	}
	w.must(t, w.cw, caseVersionOp, map[string]any{"id": id}, &d)
	return d.Node.Version, d.Node.Status
}

// walk moves case id through statuses, one transition each.
func (w *world) walk(t testing.TB, id string, statuses ...string) {
	t.Helper()
	for _, s := range statuses {
		v, _ := w.version(t, id)
		in := map[string]any{"id": id, "version": v, "to": s}
		if s == "CLOSED" {
			in["outcome"] = "WITHDRAWN"
		}
		w.must(t, w.cw, transitionOp, map[string]any{"in": in}, nil)
	}
}

// counts are the rows that each change adds to.
type counts struct{ timeline, audits, cases, persons, companies, vacancies, tasks, notes, consents int }

func (w *world) counts(t testing.TB) counts {
	t.Helper()
	ctx := viewer.SystemContext(context.Background())
	c := w.app.Store.Client
	n := func(k int, err error) int {
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	return counts{
		timeline:  n(c.TimelineEntry.Query().Count(ctx)),
		audits:    n(c.AuditEntry.Query().Where(auditentry.Action("MUTATION")).Count(ctx)),
		cases:     n(c.CaseFile.Query().Count(ctx)),
		persons:   n(c.Person.Query().Count(ctx)),
		companies: n(c.Company.Query().Count(ctx)),
		vacancies: n(c.Vacancy.Query().Count(ctx)),
		tasks:     n(c.Task.Query().Count(ctx)),
		notes:     n(c.CaseNote.Query().Count(ctx)),
		consents:  n(c.Consent.Query().Count(ctx)),
	}
}

func ptr[T any](v T) *T { return &v }

func atoi(t testing.TB, s string) int {
	t.Helper()
	var n int
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("not an ID: %q", s)
		}
		n = n*10 + int(c-'0')
	}
	return n
}

var _ = ent.IsNotFound
