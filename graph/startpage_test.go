package graph_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"relocate/ent"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

const startPageOp = `query($days: Int) { viewer { openCases { reference } overdueTasks { title dueOn case { reference } }
	upcomingAppointments(days: $days) { kind notes case { reference } } } }`

type startPage struct {
	Viewer struct {
		OpenCases    []struct{ Reference string }
		OverdueTasks []struct {
			Title, DueOn string
			Case         struct{ Reference string }
		}
		UpcomingAppointments []struct {
			Kind, Notes string
			Case        struct{ Reference string }
		}
	}
}

// TestStartPage: the caseworker's start page in one request — their open
// cases, the overdue tasks of those cases, their appointments of the
// coming days — and the newcomer's of their own case; another caseworker
// sees none of it, a company contact is refused; limits are checked.
func TestStartPage(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db) // the caseworker's cases P and Q; case P's task by hand due 2026-03-14
		now := time.Now().UTC()
		at := func(d time.Duration) string { return now.Add(d).Format(time.RFC3339) }
		schedule(t, w, map[string]any{"caseId": w.caseP, "startsAt": at(48 * time.Hour), "kind": "AUTHORITY", "notes": "P in two days"})
		schedule(t, w, map[string]any{"caseId": w.caseP, "startsAt": at(20 * 24 * time.Hour), "kind": "FLAT_VIEWING", "notes": "P in twenty days"})
		schedule(t, w, map[string]any{"caseId": w.caseQ, "startsAt": at(72 * time.Hour), "kind": "LANGUAGE_COURSE", "notes": "Q in three days"})
		gone := schedule(t, w, map[string]any{"caseId": w.caseQ, "startsAt": at(24 * time.Hour), "kind": "OTHER", "notes": "Q cancelled"})
		w.must(t, w.cw, cancelOp, map[string]any{"id": gone}, nil)
		// Case Q arrived on 2026-02-01: its dated checklist tasks are overdue.
		var v struct{ Node struct{ Version int } }
		w.must(t, w.cw, caseVersionOp, map[string]any{"id": w.caseQ}, &v)
		w.must(t, w.cw, `mutation($in: UpdateCaseInput!) { updateCase(input: $in) { case { id } } }`,
			map[string]any{"in": map[string]any{"id": w.caseQ, "version": v.Node.Version, "arrivedOn": "2026-02-01"}}, nil)

		notes := func(p startPage) []string {
			var out []string
			for _, a := range p.Viewer.UpcomingAppointments {
				out = append(out, a.Notes)
			}
			return out
		}
		var p startPage
		w.must(t, w.cw, startPageOp, nil, &p)
		var refs []string
		for _, c := range p.Viewer.OpenCases {
			refs = append(refs, c.Reference)
		}
		slices.Sort(refs)
		if !slices.Equal(refs, []string{w.refP, w.refQ}) {
			t.Errorf("open cases: %v", refs)
		}
		if got := notes(p); !slices.Equal(got, []string{"P in two days", "Q in three days"}) {
			t.Errorf("appointments of the next 14 days: %v", got)
		}
		overdue := map[string]int{}
		last := ""
		for _, tk := range p.Viewer.OverdueTasks {
			overdue[tk.Case.Reference]++
			if tk.DueOn < last || tk.DueOn >= now.Format(time.DateOnly) {
				t.Errorf("overdue task %q due %s (after %s)", tk.Title, tk.DueOn, last)
			}
			last = tk.DueOn
		}
		if overdue[w.refP] != 1 || overdue[w.refQ] == 0 {
			t.Errorf("overdue tasks by case: %v", overdue)
		}
		w.must(t, w.cw, startPageOp, map[string]any{"days": 30}, &p)
		if got := notes(p); !slices.Equal(got, []string{"P in two days", "Q in three days", "P in twenty days"}) {
			t.Errorf("appointments of the next 30 days: %v", got)
		}

		// The newcomer: their own case's.
		w.must(t, w.newcomerP, startPageOp, map[string]any{"days": 30}, &p)
		if len(p.Viewer.OpenCases) != 1 || p.Viewer.OpenCases[0].Reference != w.refP ||
			!slices.Equal(notes(p), []string{"P in two days", "P in twenty days"}) {
			t.Errorf("the newcomer's start page: %+v", p.Viewer)
		}
		for _, tk := range p.Viewer.OverdueTasks {
			if tk.Case.Reference != w.refP {
				t.Errorf("the newcomer sees a task of %s", tk.Case.Reference)
			}
		}
		// Another caseworker: none of it.
		w.must(t, w.cw2, startPageOp, map[string]any{"days": 30}, &p)
		if len(p.Viewer.OpenCases)+len(p.Viewer.OverdueTasks)+len(p.Viewer.UpcomingAppointments) != 0 {
			t.Errorf("another caseworker's start page: %+v", p.Viewer)
		}
		// A company contact: refused, nothing shown.
		r := w.as(w.contactA, startPageOp, nil)
		if r.Code() != "FORBIDDEN" || len(r.Errors) != 3 {
			t.Errorf("a company contact's start page: %s", r.Raw)
		}

		// Limits: the lists take at most 100, days 1 to 366.
		w.must(t, w.cw, `{ viewer { openCases(first: 1) { reference } } }`, nil, &p)
		if len(p.Viewer.OpenCases) != 1 {
			t.Errorf("first: 1 gives %d cases", len(p.Viewer.OpenCases))
		}
		for _, op := range []string{`{ viewer { openCases(first: 101) { id } } }`, `{ viewer { overdueTasks(first: -1) { id } } }`,
			`{ viewer { upcomingAppointments(days: 0) { id } } }`, `{ viewer { upcomingAppointments(days: 367) { id } } }`} {
			if r := w.as(w.cw, op, nil); r.Code() != "BAD_USER_INPUT" {
				t.Errorf("%s: %s", op, r.Raw)
			}
		}
	})
}

// TestStartPageCostsConstantStatements: the start page with the cases'
// people, tasks (titled by their checklist steps, with articles and
// places) and appointments costs as many SQL statements for six cases as
// for two.
func TestStartPageCostsConstantStatements(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		counter := &statementCounter{}
		a := testenv.NewApp(t, db, testenv.WithEntOptions(ent.Debug(), ent.Log(counter.log)))
		w := &world{app: a, gql: testenv.NewGraphQL(t, a.Handler)}
		w.cw = testenv.SignIn(t, a, "cw@example.org", []viewer.Role{viewer.Caseworker})
		var p struct {
			CreatePerson struct{ Person struct{ ID string } }
		}
		w.must(t, w.cw, createPersonOp, map[string]any{"in": map[string]any{"givenName": "Līga", "familyName": "Bērziņa"}}, &p)
		w.must(t, w.cw, recordConsentOp, map[string]any{"in": map[string]any{"personId": p.CreatePerson.Person.ID,
			"purpose": "CASE_PROCESSING", "channel": "PAPER"}}, nil)
		addCase := func() {
			var o struct {
				OpenCase struct{ Case struct{ ID string } }
			}
			w.must(t, w.cw, openCaseOp, map[string]any{"in": map[string]any{"personId": p.CreatePerson.Person.ID, "kind": "PLACEMENT",
				"supportNeeds": []string{"housing", "authorities"}, "openedOn": "2026-01-05", "startDate": "2026-02-02"}}, &o)
			schedule(t, w, map[string]any{"caseId": o.OpenCase.Case.ID, "startsAt": time.Now().Add(30 * time.Hour).Format(time.RFC3339),
				"kind": "AUTHORITY", "placeId": placeID(t, w, "buergerbueros")})
		}
		const op = `{ viewer {
			openCases { reference person { familyName } caseworker { displayName }
				tasks { title dueOn article { title } place { name } } appointments { kind place { name } } }
			overdueTasks { title case { reference } article { title } }
			upcomingAppointments { kind startsAt place { name } case { reference person { familyName } } } } }`
		costs := map[int]int{}
		for _, n := range []int{2, 6} {
			for currentCases(t, w) < n {
				addCase()
			}
			var d struct {
				Viewer struct {
					OpenCases []struct {
						Tasks []struct{ Title string }
					}
					UpcomingAppointments []struct{ Kind string }
				}
			}
			count, queries := counter.measure(func() {
				w.as(w.cw, op, nil, "Accept-Language", "lv").MustData(&d)
			})
			if len(d.Viewer.OpenCases) != n || len(d.Viewer.UpcomingAppointments) != n {
				t.Fatalf("%d cases: %d open, %d appointments", n, len(d.Viewer.OpenCases), len(d.Viewer.UpcomingAppointments))
			}
			for _, c := range d.Viewer.OpenCases {
				if len(c.Tasks) != stepsOf(t, "housing", "authorities") {
					t.Fatalf("a case has %d tasks", len(c.Tasks))
				}
			}
			costs[n] = count
			t.Logf("%s: the start page of %d cases costs %d statements", db.Name, n, count)
			if n == 6 && count != costs[2] {
				t.Errorf("%d statements for 6 cases, %d for 2:\n%s", count, costs[2], strings.Join(queries, "\n"))
			}
		}
	})
}

// currentCases counts the caseworker's open cases.
func currentCases(t *testing.T, w *world) int {
	t.Helper()
	var d struct {
		Viewer struct{ OpenCases []struct{ ID string } }
	}
	w.must(t, w.cw, `{ viewer { openCases(first: 100) { id } } }`, nil, &d)
	return len(d.Viewer.OpenCases)
}
