package graph_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"relocate/ent"
	"relocate/ent/schema/schematype"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// dashboardOp is the caseworker's dashboard: open cases with their
// person, company, caseworker, next open tasks and next appointment.
const dashboardOp = `query($n: Int!) { cases(first: $n, orderBy: {field: REFERENCE, direction: ASC},
	where: {statusIn: [INQUIRY, INTAKE, MATCHING, PLACED, ARRIVING, SETTLING_IN, ON_HOLD]}) {
	totalCount edges { node { reference status person { givenName familyName } vacancy { title company { name } }
		caseworker { displayName } openTasks { title status dueOn } nextAppointment { kind startsAt } } } } }`

type dashboard struct {
	Cases struct {
		TotalCount int
		Edges      []struct {
			Node struct {
				Reference, Status string
				Person            struct{ GivenName, FamilyName string }
				Vacancy           struct {
					Title   string
					Company struct{ Name string }
				}
				Caseworker struct{ DisplayName string }
				OpenTasks  []struct {
					Title, Status string
					DueOn         *string
				}
				NextAppointment *struct{ Kind, StartsAt string }
			}
		}
	}
}

// dashboardCases adds n open cases (and one closed one) of caseworker
// cwID at a company, each with tasks of the housing and authorities
// checklists (dated from the arrival), two done tasks by hand and four
// appointments: one past, one cancelled, one in two days and one in ten
// (case i: in 2 days + i minutes).
func dashboardCases(t testing.TB, c *ent.Client, cwID, n int) {
	t.Helper()
	ctx := viewer.SystemContext(context.Background())
	co := c.Company.Create().SetName("Elbe Stahlbau GmbH").SaveX(ctx)
	vac := c.Vacancy.Create().SetCompanyID(co.ID).SetTitle("Schweißer (m/w/d)").SetKind("EMPLOYMENT").
		SetStartDate(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)).SaveX(ctx)
	open := slices.DeleteFunc(slices.Clone(schematype.CaseStatuses), func(s schematype.CaseStatus) bool { return s == schematype.CaseClosed })
	now := time.Now()
	for i := range n + 1 {
		p := c.Person.Create().SetGivenName("Jānis").SetFamilyName(fmt.Sprintf("Kalniņš %03d", i)).SaveX(ctx)
		cf := c.CaseFile.Create().SetReference(fmt.Sprintf("RS-2026-%04d", 9000+i)).SetKind("PLACEMENT").
			SetPersonID(p.ID).SetVacancyID(vac.ID).SetCaseworkerID(cwID).SetOpenedOn(time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)).
			SetArrivedOn(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)).SetSupportNeeds([]string{"housing", "authorities"}).
			SetStatus(open[i%len(open)])
		if i == n {
			cf.SetStatus(schematype.CaseClosed).SetClosedOn(time.Date(2026, 2, 20, 0, 0, 0, 0, time.UTC)).SetOutcome("SETTLED")
		}
		id := cf.SaveX(ctx).ID
		for _, title := range []string{"Erledigt A", "Erledigt B"} {
			c.Task.Create().SetCaseID(id).SetTitle(title).SetStatus("DONE").SetDueOn(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)).ExecX(ctx)
		}
		for j, d := range []time.Duration{-48 * time.Hour, 24 * time.Hour, 48 * time.Hour, 240 * time.Hour} {
			c.Appointment.Create().SetCaseID(id).SetKind("AUTHORITY").SetStartsAt(now.Add(d + time.Duration(i)*time.Minute)).
				SetCancelled(j == 1).ExecX(ctx)
		}
	}
}

// TestDashboardCostsConstantStatements: the dashboard of 50 open cases
// with person, company, caseworker, the next three open tasks (titled in
// the reader's language) and the next appointment costs as many SQL
// statements as that of 5, and few.
func TestDashboardCostsConstantStatements(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		counter := &statementCounter{}
		a := testenv.NewApp(t, db, testenv.WithEntOptions(ent.Debug(), ent.Log(counter.log)))
		gql := testenv.NewGraphQL(t, a.Handler)
		cw := testenv.SignIn(t, a, "cw@example.org", []viewer.Role{viewer.Caseworker})
		var me struct{ Viewer struct{ ID string } }
		gql.Post(`{ viewer { id } }`, nil, "Authorization", "Bearer "+cw).MustData(&me)
		dashboardCases(t, a.Store.Client, atoi(t, me.Viewer.ID), 50)

		costs := map[int]int{}
		for _, n := range []int{5, 50} {
			var d dashboard
			count, queries := counter.measure(func() {
				gql.Post(dashboardOp, map[string]any{"n": n}, "Authorization", "Bearer "+cw, "Accept-Language", "lv").MustData(&d)
			})
			if d.Cases.TotalCount != 50 || len(d.Cases.Edges) != n {
				t.Fatalf("first %d: %d of %d cases", n, len(d.Cases.Edges), d.Cases.TotalCount)
			}
			for i, e := range d.Cases.Edges {
				c := e.Node
				if c.Status == "CLOSED" || c.Person.FamilyName == "" || c.Vacancy.Company.Name != "Elbe Stahlbau GmbH" ||
					c.Caseworker.DisplayName == "" {
					t.Fatalf("case %+v", c)
				}
				if len(c.OpenTasks) != 3 {
					t.Fatalf("%s: open tasks %+v", c.Reference, c.OpenTasks)
				}
				for j, tk := range c.OpenTasks {
					if tk.Status != "OPEN" || tk.DueOn == nil || strings.HasPrefix(tk.Title, "Erledigt") ||
						j > 0 && *tk.DueOn < *c.OpenTasks[j-1].DueOn {
						t.Errorf("%s: open tasks %+v", c.Reference, c.OpenTasks)
					}
				}
				want := time.Now().Add(48*time.Hour + time.Duration(i)*time.Minute)
				if c.NextAppointment == nil {
					t.Fatalf("%s: no next appointment", c.Reference)
				}
				if at, _ := time.Parse(time.RFC3339, c.NextAppointment.StartsAt); at.Sub(want).Abs() > time.Minute/2 {
					t.Errorf("%s: next appointment at %s, want about %s", c.Reference, at, want)
				}
			}
			costs[n] = count
			t.Logf("%s: the dashboard of %d cases costs %d statements", db.Name, n, count)
			if count > 15 {
				t.Errorf("%d cases: %d statements:\n%s", n, count, strings.Join(queries, "\n"))
			}
		}
		if costs[5] != costs[50] {
			t.Errorf("cost grows with the page: %d statements for 5, %d for 50", costs[5], costs[50])
		}
	})
}

// TestDashboardFieldsOfOneCase: a case read alone (by reference, by a
// newcomer) answers the same open tasks and next appointment as in a
// list; `first` picks how many; a company contact sees neither.
func TestDashboardFieldsOfOneCase(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db)
		at := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Second)
		schedule(t, w, map[string]any{"caseId": w.caseP, "startsAt": at.Format(time.RFC3339), "kind": "AUTHORITY"})
		gone := schedule(t, w, map[string]any{"caseId": w.caseP, "startsAt": time.Now().Add(time.Hour).Format(time.RFC3339), "kind": "OTHER"})
		w.must(t, w.cw, cancelOp, map[string]any{"id": gone}, nil)

		const one = `query($r: String!, $n: Int) { case(reference: $r) { openTasks(first: $n) { id title } nextAppointment { startsAt } } }`
		const list = `query($r: String!) { cases(where: {search: $r}) { edges { node { openTasks(first: 10) { id title } nextAppointment { startsAt } } } } }`
		type caseExtras struct {
			OpenTasks       []struct{ ID, Title string }
			NextAppointment *struct{ StartsAt string }
		}
		var alone struct{ Case caseExtras }
		var inList struct {
			Cases struct{ Edges []struct{ Node caseExtras } }
		}
		w.must(t, w.cw, one, map[string]any{"r": w.refP, "n": 10}, &alone)
		w.must(t, w.cw, list, map[string]any{"r": w.refP}, &inList)
		if len(inList.Cases.Edges) != 1 {
			t.Fatalf("search %s: %+v", w.refP, inList)
		}
		got := inList.Cases.Edges[0].Node
		if len(alone.Case.OpenTasks) < 2 || !slices.Equal(alone.Case.OpenTasks, got.OpenTasks) {
			t.Errorf("open tasks alone %v, in a list %v", alone.Case.OpenTasks, got.OpenTasks)
		}
		if alone.Case.NextAppointment == nil || got.NextAppointment == nil || alone.Case.NextAppointment.StartsAt != at.Format(time.RFC3339) ||
			got.NextAppointment.StartsAt != alone.Case.NextAppointment.StartsAt {
			t.Errorf("next appointment alone %+v, in a list %+v, want %s", alone.Case.NextAppointment, got.NextAppointment, at)
		}
		w.must(t, w.cw, one, map[string]any{"r": w.refP, "n": 1}, &alone)
		if len(alone.Case.OpenTasks) != 1 || alone.Case.OpenTasks[0] != got.OpenTasks[0] {
			t.Errorf("first: 1 gives %v", alone.Case.OpenTasks)
		}
		// The newcomer: their own case's, in Latvian.
		var lv struct{ Case caseExtras }
		w.as(w.newcomerP, one, map[string]any{"r": w.refP, "n": 10}).MustData(&lv)
		if len(lv.Case.OpenTasks) != len(got.OpenTasks) || lv.Case.NextAppointment == nil {
			t.Errorf("the newcomer's case: %+v", lv.Case)
		}
		if r := w.as(w.newcomerP, one, map[string]any{"r": w.refQ, "n": 10}); string(r.Data) != `{"case":null}` {
			t.Errorf("the newcomer reads another case: %s", r.Raw)
		}
		// A company contact: neither field.
		r := w.as(w.contactA, `query($r: String!) { case(reference: $r) { status openTasks { id } nextAppointment { id } } }`, map[string]any{"r": w.refP})
		if r.Code() != "FORBIDDEN" || len(r.Errors) != 2 {
			t.Errorf("a company contact: %s", r.Raw)
		}
		if r := w.as(w.cw, one, map[string]any{"r": w.refP, "n": 101}); r.Code() != "BAD_USER_INPUT" {
			t.Errorf("first: 101: %s", r.Raw)
		}
	})
}
