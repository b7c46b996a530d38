package graph_test

import (
	"slices"
	"strings"
	"testing"

	"relocate/graph/generated"
	"relocate/internal/lang"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// Who asks, in the matrix: anonymous, then one user per role. The
// translator writes Latvian.
var asking = []string{"anonymous", "ADMIN", "CASEWORKER", "EDITOR", "TRANSLATOR", "COMPANY_CONTACT", "NEWCOMER"}

var (
	everyone   = asking
	signedIn   = asking[1:]
	admin      = []string{"ADMIN"}
	editors    = []string{"ADMIN", "EDITOR"}
	guideStaff = []string{"ADMIN", "EDITOR", "TRANSLATOR"}
	caseStaff  = []string{"ADMIN", "CASEWORKER"}
	caseSlice  = []string{"ADMIN", "CASEWORKER", "COMPANY_CONTACT", "NEWCOMER"}
)

// matrix has one operation per root field and mutation of the schema (the
// test checks that none is missing) and for the restricted fields below
// the root, with who may use it. Arguments pass authorization but name
// nothing that exists, so allowed calls fail harmlessly with NOT_FOUND or
// BAD_USER_INPUT and change nothing.
var matrix = []struct {
	field, op string
	allowed   []string
}{
	{"Query.node", `{ node(id: "1") { id } }`, everyone},
	{"Query.nodes", `{ nodes(ids: ["1"]) { id } }`, everyone},
	{"Query.languages", `{ languages { code } }`, everyone},
	{"Query.guideCategories", `{ guideCategories { slug } }`, everyone},
	{"Query.guideCategory", `{ guideCategory(slug: "ankommen") { name } }`, everyone},
	{"Query.guideArticle", `{ guideArticle(slug: "wohnsitz-anmelden") { title } }`, everyone},
	{"Query.guideArticles", `{ guideArticles(first: 1) { totalCount } }`, everyone},
	{"Query.searchGuide", `{ searchGuide(query: "Kita") { snippet } }`, everyone},
	{"Query.guideChanges", `{ guideChanges(language: LV) { nextToken } }`, everyone},
	{"Query.places", `{ places(first: 1) { totalCount } }`, everyone},
	{"Query.placeCategories", `{ placeCategories { name } }`, everyone},
	{"Query.place", `{ place(key: "rathaus") { name } }`, everyone},
	{"Query.glossaryTerms", `{ glossaryTerms(first: 1) { totalCount } }`, everyone},
	{"Query.viewer", `{ viewer { email } }`, everyone},
	{"Query.users", `{ users { totalCount } }`, admin},
	{"Query.auditLog", `{ auditLog(first: 1) { totalCount } }`, admin},
	{"Query.translationDashboard", `{ translationDashboard { languages { language } } }`, guideStaff},
	{"GuideArticle.revisions", `{ guideArticles(first: 1) { edges { node { revisions { totalCount } } } } }`, guideStaff},

	{"Mutation.login", `mutation { login(input: {email: "nobody@example.org", password: "x"}) { token } }`, everyone},
	{"Mutation.logout", `mutation { logout }`, signedIn},
	{"Mutation.createUser", `mutation { createUser(input: {email: "x", displayName: "X", password: "x", roles: [ADMIN]}) { id } }`, admin},
	{"Mutation.updateUser", `mutation { updateUser(id: "99999999", input: {}) { id } }`, admin},
	{"Mutation.disableUser", `mutation { disableUser(id: "99999999") { id } }`, admin},
	{"Mutation.createGuideArticle", `mutation { createGuideArticle(input: {categoryId: "99999999", key: "x", title: "x", slug: "x", summary: "x", body: "x"}) { id } }`, editors},
	{"Mutation.updateGuideArticle", `mutation { updateGuideArticle(id: "99999999", input: {}) { id } }`, editors},
	{"Mutation.editGuideArticleSource", `mutation { editGuideArticleSource(id: "99999999", change: MINOR, input: {}) { id } }`, editors},
	{"Mutation.writeGuideArticleTranslation", `mutation { writeGuideArticleTranslation(id: "99999999", language: LV, input: {}) { id } }`, guideStaff},
	{"Mutation.restoreGuideArticleRevision", `mutation { restoreGuideArticleRevision(id: "99999999") { id } }`, guideStaff},
	{"Mutation.createGuideCategory", `mutation { createGuideCategory(input: {key: "X", name: "x", slug: "x"}) { id } }`, editors},
	{"Mutation.updateGuideCategory", `mutation { updateGuideCategory(id: "99999999", input: {}) { id } }`, editors},
	{"Mutation.writeGuideCategoryText", `mutation { writeGuideCategoryText(id: "99999999", language: LV, input: {name: "x", slug: "x"}) { id } }`, guideStaff},
	{"Mutation.createPlace", `mutation { createPlace(key: "X", input: {}, description: "x") { id } }`, editors},
	{"Mutation.updatePlace", `mutation { updatePlace(id: "99999999", input: {}) { id } }`, editors},
	{"Mutation.writePlaceText", `mutation { writePlaceText(id: "99999999", language: LV, input: {description: "x"}) { id } }`, guideStaff},
	{"Mutation.createGlossaryTerm", `mutation { createGlossaryTerm(key: "X", term: "x", explanation: "x") { id } }`, editors},
	{"Mutation.updateGlossaryTerm", `mutation { updateGlossaryTerm(id: "99999999", term: "x") { id } }`, editors},
	{"Mutation.writeGlossaryTermText", `mutation { writeGlossaryTermText(id: "99999999", language: LV, input: {explanation: "x", translation: "x"}) { id } }`, guideStaff},
	{"Mutation.publish", `mutation { publish(id: "99999999") { id } }`, editors},
	{"Mutation.unpublish", `mutation { unpublish(id: "99999999") { id } }`, editors},
	{"Mutation.archive", `mutation { archive(id: "99999999") { id } }`, editors},
	{"Mutation.reorder", `mutation { reorder(ids: ["99999999"]) { id } }`, editors},

	// Case management.
	{"Query.companies", `{ companies(first: 1) { totalCount } }`, caseStaff},
	{"Query.vacancies", `{ vacancies(first: 1) { totalCount } }`, caseStaff},
	{"Query.persons", `{ persons(first: 1) { totalCount } }`, caseStaff},
	{"Query.cases", `{ cases(first: 1, where: {search: "x", hasOverdueTasks: true}) { totalCount } }`, caseStaff},
	{"Query.case", `{ case(reference: "RS-2000-0001") { status } }`, caseSlice},
	{"Query.inquiries", `{ inquiries(first: 1) { totalCount } }`, caseStaff},
	{"Query.caseworkers", `{ caseworkers { displayName } }`, caseStaff},
	{"Query.caseStatistics", `{ caseStatistics(where: {supportNeed: "housing"}) { total byCompany { company { name } count } medianDaysToArrival } }`, caseStaff},
	{"Case.timeline", `{ cases(first: 1) { edges { node { timeline(first: 1) { totalCount } } } } }`, caseStaff},
	{"Mutation.createCompany", `mutation { createCompany(input: {name: ""}) { company { id } } }`, caseStaff},
	{"Mutation.updateCompany", `mutation { updateCompany(input: {id: "99999999"}) { company { id } } }`, caseStaff},
	{"Mutation.createVacancy", `mutation { createVacancy(input: {companyId: "99999999", title: "x", kind: EMPLOYMENT, startDate: "2026-01-01"}) { vacancy { id } } }`, caseStaff},
	{"Mutation.updateVacancy", `mutation { updateVacancy(input: {id: "99999999"}) { vacancy { id } } }`, caseStaff},
	{"Mutation.createPerson", `mutation { createPerson(input: {givenName: "", familyName: ""}) { person { id } } }`, caseStaff},
	{"Mutation.updatePerson", `mutation { updatePerson(input: {id: "99999999"}) { person { id } } }`, caseStaff},
	{"Mutation.recordConsent", `mutation { recordConsent(input: {personId: "99999999", purpose: CASE_PROCESSING, channel: PAPER}) { consent { id } } }`, caseStaff},
	{"Mutation.withdrawConsent", `mutation { withdrawConsent(input: {id: "99999999"}) { consent { id } } }`, caseStaff},
	{"Mutation.openCase", `mutation { openCase(input: {personId: "99999999", kind: PLACEMENT}) { case { id } } }`, caseStaff},
	{"Mutation.updateCase", `mutation { updateCase(input: {id: "99999999", version: 1}) { case { id } } }`, caseStaff},
	{"Mutation.transitionCase", `mutation { transitionCase(input: {id: "99999999", version: 1, to: INTAKE}) { case { id } } }`, caseStaff},
	{"Mutation.assignCaseworker", `mutation { assignCaseworker(input: {id: "99999999", caseworkerId: "99999999"}) { case { id } } }`, caseStaff},
	{"Mutation.addCaseNote", `mutation { addCaseNote(input: {caseId: "99999999", text: "x"}) { note { id } } }`, caseStaff},
	{"Mutation.createTask", `mutation { createTask(input: {caseId: "99999999", title: "x"}) { task { id } } }`, caseStaff},
	{"Mutation.updateTask", `mutation { updateTask(input: {id: "99999999"}) { task { id } } }`, caseStaff},
	{"Mutation.completeTask", `mutation { completeTask(input: {id: "99999999"}) { task { id } } }`, caseStaff},
}

func TestAccessMatrixCoversEveryOperation(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	covered := map[string]bool{}
	for _, row := range matrix {
		covered[row.field] = true
	}
	for _, typ := range []string{"Query", "Mutation"} {
		for _, f := range schema.Types[typ].Fields {
			if !strings.HasPrefix(f.Name, "__") && !covered[typ+"."+f.Name] {
				t.Errorf("the access matrix has no row for %s.%s", typ, f.Name)
			}
		}
	}
}

func TestAccessMatrix(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		app := testenv.NewApp(t, db)
		gql := testenv.NewGraphQL(t, app.Handler)
		tokens := map[string]string{}
		for _, who := range asking[1:] {
			var langs []lang.Code
			if who == "TRANSLATOR" {
				langs = []lang.Code{lang.LV}
			}
			tokens[who] = testenv.SignIn(t, app, strings.ToLower(who)+"@example.org", []viewer.Role{viewer.Role(who)}, langs...)
		}
		for _, row := range matrix {
			for _, who := range asking {
				var header []string
				if who != "anonymous" {
					token := tokens[who]
					if row.field == "Mutation.logout" { // a session of its own, not the shared one
						token = testenv.SignIn(t, app, strings.ToLower(who)+"@example.org", nil)
					}
					header = []string{"Authorization", "Bearer " + token}
				}
				r := gql.Post(row.op, nil, header...)
				code := r.Code()
				denied := code == "FORBIDDEN" || code == "UNAUTHENTICATED" && row.field != "Mutation.login"
				want := slices.Contains(row.allowed, who)
				switch {
				case want && denied:
					t.Errorf("%s as %s: refused (%s), want allowed: %s", row.field, who, code, r.Raw)
				case !want && !denied:
					t.Errorf("%s as %s: allowed (%s), want refused: %s", row.field, who, code, r.Raw)
				case !want && who == "anonymous" && code != "UNAUTHENTICATED":
					t.Errorf("%s as anonymous: %s, want UNAUTHENTICATED", row.field, code)
				case !want && who != "anonymous" && code != "FORBIDDEN":
					t.Errorf("%s as %s: %s, want FORBIDDEN", row.field, who, code)
				}
				if r.Status >= 500 || code == "INTERNAL_SERVER_ERROR" {
					t.Errorf("%s as %s: %d %s", row.field, who, r.Status, r.Raw)
				}
			}
		}
	})
}
