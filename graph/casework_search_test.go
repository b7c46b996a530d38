package graph_test

import (
	"context"
	"slices"
	"testing"

	"relocate/internal/testenv"
)

// TestCaseSearchIgnoresCaseAndDiacritics searches cases by person name
// and reference, and people by name, on both databases.
func TestCaseSearchIgnoresCaseAndDiacritics(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db) // Sergejs Ozoliņš (refP), Андрей Скворцов (refQ)
		var p struct {
			CreatePerson struct{ Person struct{ ID string } }
		}
		w.must(t, w.cw, createPersonOp, map[string]any{"in": map[string]any{"givenName": "Jānis", "familyName": "Bērziņš"}}, &p)
		w.must(t, w.cw, recordConsentOp, map[string]any{"in": map[string]any{"personId": p.CreatePerson.Person.ID, "purpose": "CASE_PROCESSING", "channel": "EMAIL"}}, nil)
		_, refJ := w.openCase(t, p.CreatePerson.Person.ID, "", "INTERNSHIP")
		cases := func(search string) []string {
			var d struct {
				Cases struct {
					Edges []struct{ Node struct{ Reference string } }
				}
			}
			w.must(t, w.cw, `query($s: String!) { cases(where: {search: $s}, orderBy: {field: REFERENCE}) { edges { node { reference } } } }`, map[string]any{"s": search}, &d)
			var refs []string
			for _, e := range d.Cases.Edges {
				refs = append(refs, e.Node.Reference)
			}
			return refs
		}
		for _, tc := range []struct {
			search string
			want   []string
		}{
			{"ozols", []string{w.refP}},
			{"Ozoliņš", []string{w.refP}},
			{"OZOLINS", []string{w.refP}},
			{"sergejs", []string{w.refP}},
			{"Sergejs ozola", []string{w.refP}},
			{"скворцов", []string{w.refQ}},
			{"СКВОРЦОВА", []string{w.refQ}},
			{"andrejs", nil},
			{"berzins janis", []string{refJ}},
			{"bērziņa", []string{refJ}},
			{w.refQ, []string{w.refQ}},
			{"rs-2026-000", []string{w.refP, w.refQ, refJ}},
			{"100%", nil},
			{"_", nil},
		} {
			if got := cases(tc.search); !slices.Equal(got, tc.want) {
				t.Errorf("search %q: %v, want %v", tc.search, got, tc.want)
			}
		}
		var d struct {
			Persons struct {
				Edges []struct{ Node struct{ FamilyName string } }
			}
		}
		w.must(t, w.cw, `{ persons(where: {search: "ozoliņa"}) { edges { node { familyName } } } }`, nil, &d)
		if len(d.Persons.Edges) != 1 || d.Persons.Edges[0].Node.FamilyName != "Ozoliņš" {
			t.Errorf("persons: %+v", d)
		}
		// The search text is bounded.
		long := make([]byte, 201)
		for i := range long {
			long[i] = 'a'
		}
		if r := w.as(w.cw, `query($s: String!) { cases(where: {search: $s}) { totalCount } }`, map[string]any{"s": string(long)}); r.Code() != "BAD_USER_INPUT" {
			t.Errorf("a long search: %s", r.Raw)
		}
	})
}

// TestCaseFilters: status, support need, company, caseworker, opening
// dates and overdue tasks, and the orderings of the dashboard.
func TestCaseFilters(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db)
		refs := func(where map[string]any, order map[string]any) []string {
			t.Helper()
			var d struct {
				Cases struct {
					Edges []struct{ Node struct{ Reference string } }
				}
			}
			w.must(t, w.cw, `query($w: CaseWhereInput, $o: CaseOrder) { cases(where: $w, orderBy: $o) { edges { node { reference } } } }`,
				map[string]any{"w": where, "o": order}, &d)
			var out []string
			for _, e := range d.Cases.Edges {
				out = append(out, e.Node.Reference)
			}
			return out
		}
		// P has a task due 2026-03-14 (overdue from then on); Q has none.
		w.must(t, w.cw, `mutation($in: UpdateCaseInput!) { updateCase(input: $in) { case { id } } }`,
			map[string]any{"in": map[string]any{"id": w.caseQ, "version": first(w.version(t, w.caseQ)), "supportNeeds": []string{"childcare"}}}, nil)
		w.must(t, w.cw, `mutation($in: AssignCaseworkerInput!) { assignCaseworker(input: $in) { case { id } } }`,
			map[string]any{"in": map[string]any{"id": w.caseQ, "caseworkerId": w.cw2ID}}, nil)
		for _, tc := range []struct {
			name  string
			where map[string]any
			want  []string
		}{
			{"status", map[string]any{"statusIn": []string{"PLACED", "ARRIVING"}}, []string{w.refP, w.refQ}},
			{"kind", map[string]any{"kind": "INTERNSHIP"}, []string{w.refQ}},
			{"support need", map[string]any{"supportNeed": "housing"}, []string{w.refP}},
			{"company", map[string]any{"companyID": w.companyB}, []string{w.refQ}},
			{"caseworker", map[string]any{"caseworkerID": w.cw2ID}, []string{w.refQ}},
			{"opened between", map[string]any{"openedOnGTE": "2026-01-01", "openedOnLTE": "2026-01-31"}, []string{w.refP, w.refQ}},
			{"opened before", map[string]any{"openedOnLT": "2026-01-05"}, nil},
			{"overdue", map[string]any{"hasOverdueTasks": true}, []string{w.refP}},
			{"not overdue", map[string]any{"hasOverdueTasks": false}, []string{w.refQ}},
		} {
			if got := refs(tc.where, map[string]any{"field": "REFERENCE"}); !slices.Equal(got, tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			}
		}
		// Next due task first; a case without one last, on both databases.
		if got := refs(nil, map[string]any{"field": "NEXT_DUE_ON"}); !slices.Equal(got, []string{w.refP, w.refQ}) {
			t.Errorf("by next due task: %v", got)
		}
		if got := refs(nil, map[string]any{"field": "NEXT_DUE_ON", "direction": "DESC"}); !slices.Equal(got, []string{w.refQ, w.refP}) {
			t.Errorf("by next due task, descending: %v", got)
		}
		// Completing the task moves P's next due date away.
		w.must(t, w.cw, `mutation($id: ID!) { completeTask(input: {id: $id}) { task { status } } }`, map[string]any{"id": w.taskP}, nil)
		if got := refs(map[string]any{"hasOverdueTasks": true}, nil); len(got) != 0 {
			t.Errorf("overdue after completing the task: %v", got)
		}
		var c struct{ Case struct{ NextDueOn *string } }
		w.must(t, w.cw, `query($r: String!) { case(reference: $r) { nextDueOn } }`, map[string]any{"r": w.refP}, &c)
		if c.Case.NextDueOn != nil {
			t.Errorf("next due after completing the only task: %v", *c.Case.NextDueOn)
		}
		if got := refs(nil, map[string]any{"field": "STATUS"}); len(got) != 2 {
			t.Errorf("by status: %v", got)
		}
	})
}

// TestCaseSearchFollowsRenamedPerson: a case is found by its person's new
// name once the person is renamed, and no longer by the old one.
func TestCaseSearchFollowsRenamedPerson(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db) // Sergejs Ozoliņš (refP), Андрей Скворцов (refQ)
		found := func(search string) []string {
			var d struct {
				Cases struct {
					Edges []struct{ Node struct{ Reference string } }
				}
			}
			w.must(t, w.cw, `query($s: String!) { cases(where: {search: $s}) { edges { node { reference } } } }`, map[string]any{"s": search}, &d)
			var refs []string
			for _, e := range d.Cases.Edges {
				refs = append(refs, e.Node.Reference)
			}
			return refs
		}
		if got := found("ozols"); !slices.Equal(got, []string{w.refP}) {
			t.Fatalf("before the rename, ozols: %v", got)
		}
		w.must(t, w.cw, `mutation($in: UpdatePersonInput!) { updatePerson(input: $in) { person { id } } }`,
			map[string]any{"in": map[string]any{"id": w.personP, "familyName": "Kalniņa", "givenName": "Sergejs"}}, nil)
		if got := found("ozols"); len(got) != 0 {
			t.Errorf("after the rename, ozols still finds %v", got)
		}
		for _, s := range []string{"kalniņš", "KALNINA", "sergejs kalnins", w.refP} {
			if got := found(s); !slices.Equal(got, []string{w.refP}) {
				t.Errorf("after the rename, %q: %v, want %v", s, got, []string{w.refP})
			}
		}
	})
}

// TestCaseSearchFindsCasesStoredBeforeSearchText: cases stored before
// cases had a search text (an upgraded database) get one when the store
// migrates, and are found.
func TestCaseSearchFindsCasesStoredBeforeSearchText(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db) // Sergejs Ozoliņš (refP), Андрей Скворцов (refQ)
		if _, err := w.app.Store.DB.Exec(`UPDATE case_files SET search_text = ''`); err != nil {
			t.Fatal(err)
		}
		search := func() int {
			var d struct{ Cases struct{ TotalCount int } }
			w.must(t, w.cw, `{ cases(where: {search: "ozols"}) { totalCount } }`, nil, &d)
			return d.Cases.TotalCount
		}
		if n := search(); n != 0 {
			t.Fatalf("without search texts, ozols finds %d cases", n)
		}
		r, err := w.app.Store.Migrate(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if r.SearchTexts != 2 {
			t.Errorf("the migration made %d search texts, want 2", r.SearchTexts)
		}
		if n := search(); n != 1 {
			t.Errorf("after the migration, ozols finds %d cases, want 1", n)
		}
	})
}
