package graph_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"relocate/graph/generated"
	"relocate/internal/testenv"
)

// TestCaseFieldsByRole reads every field of the case management types,
// through node(id:), as each role on an object of that type it may see,
// and checks the field is answered or FORBIDDEN as the issue says: staff
// everything; a company contact their company, its contacts, vacancies
// and training bookings (not the staff's notes), and of a placed person
// only the name, the case status and the start date; a newcomer their
// case's status, dates, support needs, tasks, shared notes and
// appointments, and their own name.
func TestCaseFieldsByRole(t *testing.T) {
	// Fields each side may read; every other field is for staff only.
	company := map[string][]string{
		"Company":        {"*", "-notes"},
		"CompanyContact": {"*", "-user", "-userID"},
		"Vacancy":        {"*"},
		"Case":           {"id", "reference", "status", "startDate", "person", "vacancy"},
		"Person":         {"id", "givenName", "familyName"},
	}
	newcomer := map[string][]string{
		"Case": {"id", "reference", "status", "startDate", "person", "kind", "openedOn", "arrivedOn", "supportNeeds",
			"tasks", "notes", "appointments", "calendarUrl", "openTasks", "nextAppointment"},
		"Person":   {"id", "givenName", "familyName"},
		"Task":     {"*", "-assignee", "-assigneeID", "-checklistItem", "-checklistItemID"},
		"CaseNote": {"*", "-author", "-authorID"},
	}
	may := func(side map[string][]string, typ, field string) bool {
		fs := side[typ]
		if slices.Contains(fs, "-"+field) {
			return false
		}
		return slices.Contains(fs, "*") || slices.Contains(fs, field)
	}
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db)
		objects := map[string]string{
			"Company": w.companyA, "Vacancy": w.vacancyA, "Case": w.caseP, "Person": w.personP,
			"Task": w.taskP, "CaseNote": w.sharedNoteP, "Consent": w.consentEmployerP, "FamilyMember": w.childP,
		}
		var contacts struct {
			Viewer struct {
				Company struct{ Contacts []struct{ ID string } }
			}
		}
		w.must(t, w.contactA, `{ viewer { company { contacts { id } } } }`, nil, &contacts)
		objects["CompanyContact"] = contacts.Viewer.Company.Contacts[0].ID
		checked := 0
		for typ, id := range objects {
			def := schema.Types[typ]
			for _, f := range def.Fields {
				if strings.HasPrefix(f.Name, "__") {
					continue
				}
				sel := f.Name + selection(schema, f)
				op := `query($id: ID!) { node(id: $id) { ... on ` + typ + ` { ` + sel + ` } } }`
				for who, tc := range map[string]struct {
					token string
					want  bool
				}{
					"caseworker":      {w.cw, true},
					"admin":           {w.admin, true},
					"company contact": {w.contactA, may(company, typ, f.Name)},
					"newcomer":        {w.newcomerP, may(newcomer, typ, f.Name)},
				} {
					if who == "company contact" && company[typ] == nil || who == "newcomer" && newcomer[typ] == nil {
						continue // no object of the type to see
					}
					r := w.as(tc.token, op, map[string]any{"id": id})
					got := r.Code() != "FORBIDDEN"
					if r.Code() != "" && r.Code() != "FORBIDDEN" {
						t.Errorf("%s.%s as %s: %s", typ, f.Name, who, r.Raw)
					}
					if got != tc.want {
						t.Errorf("%s.%s as %s: allowed %v, want %v: %s", typ, f.Name, who, got, tc.want, r.Raw)
					}
					if tc.want && string(r.Data) == `{"node":null}` {
						t.Errorf("%s.%s as %s: the object is not visible", typ, f.Name, who)
					}
					checked++
				}
			}
		}
		t.Logf("%d field reads checked", checked)
	})
}

// selection is what to select below field f: an ID or a count for
// objects, nothing for scalars.
func selection(schema *ast.Schema, f *ast.FieldDefinition) string {
	t := schema.Types[f.Type.Name()]
	switch {
	case t == nil || t.Kind != ast.Object && t.Kind != ast.Interface:
		return ""
	case strings.HasSuffix(t.Name, "Connection"):
		return " { totalCount }"
	case t.Fields.ForName("id") != nil:
		return " { id }"
	}
	return " { __typename }"
}
