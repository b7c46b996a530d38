package graph_test

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"testing"
	"time"

	"relocate/ent/casefile"
	"relocate/ent/schema/schematype"
	"relocate/internal/lang"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// TestCaseStatisticsFollowChanges: the counts by support need and
// nationality and the medians follow every change of a case's needs and
// dates and of a person's nationality made through the API — updateCase,
// transitionCase, updatePerson, convertInquiry — at once, in the
// statistics and in the supportNeed filter of cases; and what the
// statistics read stays what the cases say.
func TestCaseStatisticsFollowChanges(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db)
		type stats struct {
			Total         int
			BySupportNeed []struct {
				SupportNeed string
				Count       int
			}
			ByNationality []struct {
				Nationality *string
				Count       int
			}
			MedianDaysToArrival, MedianDaysArrivalToClosing *float64
		}
		get := func(where map[string]any) stats {
			t.Helper()
			var d struct{ CaseStatistics stats }
			w.must(t, w.cw, statisticsOp, map[string]any{"where": where}, &d)
			return d.CaseStatistics
		}
		needs := func(s stats) string {
			b, _ := json.Marshal(s.BySupportNeed)
			return string(b)
		}
		nationalities := func(s stats) string {
			b, _ := json.Marshal(s.ByNationality)
			return string(b)
		}
		median := func(m *float64) string {
			if m == nil {
				return "null"
			}
			return strconv.FormatFloat(*m, 'f', -1, 64)
		}
		check := func(step string, wantNeeds, wantNationalities, toArrival, toClosing string) {
			t.Helper()
			s := get(nil)
			if got := needs(s); got != wantNeeds {
				t.Errorf("%s: by support need\n got %s\nwant %s", step, got, wantNeeds)
			}
			if got := nationalities(s); got != wantNationalities {
				t.Errorf("%s: by nationality\n got %s\nwant %s", step, got, wantNationalities)
			}
			if got := median(s.MedianDaysToArrival); got != toArrival {
				t.Errorf("%s: median days to arrival %s, want %s", step, got, toArrival)
			}
			if got := median(s.MedianDaysArrivalToClosing); got != toClosing {
				t.Errorf("%s: median days from arrival to closing %s, want %s", step, got, toClosing)
			}
			checkDerived(t, w, step)
		}
		update := func(id string, in map[string]any) {
			t.Helper()
			v, _ := w.version(t, id)
			in["id"], in["version"] = id, v
			w.must(t, w.cw, `mutation($in: UpdateCaseInput!) { updateCase(input: $in) { case { id } } }`, map[string]any{"in": in}, nil)
		}
		transition := func(id, to, on, outcome string) {
			t.Helper()
			v, _ := w.version(t, id)
			in := map[string]any{"id": id, "version": v, "to": to}
			if on != "" {
				in["on"] = on
			}
			if outcome != "" {
				in["outcome"] = outcome
			}
			w.must(t, w.cw, transitionOp, map[string]any{"in": in}, nil)
		}

		// Two cases, both Latvians needing housing and authorities.
		check("opened", `[{"SupportNeed":"authorities","Count":2},{"SupportNeed":"housing","Count":2}]`,
			`[{"Nationality":"LV","Count":2}]`, "null", "null")

		update(w.caseP, map[string]any{"supportNeeds": []string{"language", "housing"}})
		check("needs changed", `[{"SupportNeed":"housing","Count":2},{"SupportNeed":"authorities","Count":1},{"SupportNeed":"language","Count":1}]`,
			`[{"Nationality":"LV","Count":2}]`, "null", "null")
		if s := get(map[string]any{"supportNeed": "language"}); s.Total != 1 {
			t.Errorf("cases needing language: %d, want 1", s.Total)
		}
		if s := get(map[string]any{"supportNeed": "authorities"}); s.Total != 1 {
			t.Errorf("cases needing authorities: %d, want 1", s.Total)
		}
		var list struct {
			Cases struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		w.must(t, w.cw, `{ cases(first: 10, where: {supportNeed: "language"}) { edges { node { id } } } }`, nil, &list)
		if len(list.Cases.Edges) != 1 || list.Cases.Edges[0].Node.ID != w.caseP {
			t.Errorf("cases(where: {supportNeed: language}): %+v, want only %s", list.Cases.Edges, w.caseP)
		}

		w.must(t, w.cw, `mutation($in: UpdatePersonInput!) { updatePerson(input: $in) { person { id } } }`,
			map[string]any{"in": map[string]any{"id": w.personQ, "nationality": "DE"}}, nil)
		check("nationality changed", `[{"SupportNeed":"housing","Count":2},{"SupportNeed":"authorities","Count":1},{"SupportNeed":"language","Count":1}]`,
			`[{"Nationality":"DE","Count":1},{"Nationality":"LV","Count":1}]`, "null", "null")

		// Case P: opened 2026-01-05, arrives 2026-01-25 (20 days), then the
		// dates are corrected; closed 30 days after the arrival.
		transition(w.caseP, "ARRIVING", "", "")
		transition(w.caseP, "SETTLING_IN", "2026-01-25", "")
		check("arrived", `[{"SupportNeed":"housing","Count":2},{"SupportNeed":"authorities","Count":1},{"SupportNeed":"language","Count":1}]`,
			`[{"Nationality":"DE","Count":1},{"Nationality":"LV","Count":1}]`, "20", "null")
		update(w.caseP, map[string]any{"arrivedOn": "2026-01-15"})
		update(w.caseP, map[string]any{"openedOn": "2026-01-10"})
		check("dates corrected", `[{"SupportNeed":"housing","Count":2},{"SupportNeed":"authorities","Count":1},{"SupportNeed":"language","Count":1}]`,
			`[{"Nationality":"DE","Count":1},{"Nationality":"LV","Count":1}]`, "5", "null")
		transition(w.caseP, "CLOSED", "2026-02-14", "SETTLED")
		check("closed", `[{"SupportNeed":"housing","Count":2},{"SupportNeed":"authorities","Count":1},{"SupportNeed":"language","Count":1}]`,
			`[{"Nationality":"DE","Count":1},{"Nationality":"LV","Count":1}]`, "5", "30")
		// Reopened by an administrator: no longer closed, no time to closing.
		v, _ := w.version(t, w.caseP)
		w.must(t, w.admin, transitionOp, map[string]any{"in": map[string]any{"id": w.caseP, "version": v, "to": "SETTLING_IN"}}, nil)
		check("reopened", `[{"SupportNeed":"housing","Count":2},{"SupportNeed":"authorities","Count":1},{"SupportNeed":"language","Count":1}]`,
			`[{"Nationality":"DE","Count":1},{"Nationality":"LV","Count":1}]`, "5", "null")

		// An inquiry of the site becomes a case: its topics are the needs.
		ctx := viewer.SystemContext(context.Background())
		inq := w.app.Store.Client.Inquiry.Create().SetKind("NEWCOMER").SetName("Līga Ozoliņa").SetEmail("liga@example.lv").
			SetLanguage(lang.LV).SetPreferredLanguage(lang.LV).SetTopics([]string{"childcare", "language"}).
			SetMessage("Meklējam bērnudārzu.").SetConsentedAt(time.Now()).SaveX(ctx)
		w.must(t, w.cw, `mutation($in: ConvertInquiryInput!) { convertInquiry(input: $in) { case { id } } }`,
			map[string]any{"in": map[string]any{"inquiryId": strconv.Itoa(inq.ID)}}, nil)
		check("inquiry converted", `[{"SupportNeed":"housing","Count":2},{"SupportNeed":"language","Count":2},{"SupportNeed":"authorities","Count":1},{"SupportNeed":"childcare","Count":1}]`,
			`[{"Nationality":"DE","Count":1},{"Nationality":"LV","Count":1},{"Nationality":null,"Count":1}]`, "5", "null")
	})
}

// checkDerived checks that what the statistics read of every case — the
// rows and the key of its support needs, its person's nationality and its days to
// arrival and to closing — is what the case and its person say.
func checkDerived(t *testing.T, w *world, step string) {
	t.Helper()
	ctx := viewer.SystemContext(context.Background())
	c := w.app.Store.Client
	for _, cf := range c.CaseFile.Query().WithPerson().AllX(ctx) {
		var want []string
		for _, n := range cf.SupportNeeds {
			if !slices.Contains(want, n) {
				want = append(want, n)
			}
		}
		slices.Sort(want)
		var got []string
		for _, r := range c.CaseSupportNeed.Query().AllX(ctx) {
			if r.CaseID == cf.ID {
				got = append(got, r.Need)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: case %s: rows of support needs %v, needs %v", step, cf.Reference, got, want)
		}
		key, _ := json.Marshal(append([]string{}, want...))
		if cf.SupportNeedsKey != string(key) {
			t.Errorf("%s: case %s: key of support needs %s, needs %v", step, cf.Reference, cf.SupportNeedsKey, want)
		}
		if cf.PersonNationality != cf.Edges.Person.Nationality {
			t.Errorf("%s: case %s: nationality %q, person's %q", step, cf.Reference, cf.PersonNationality, cf.Edges.Person.Nationality)
		}
		days := func(from, to *time.Time) *int {
			if from == nil || to == nil {
				return nil
			}
			d := int(to.UTC().Sub(from.UTC()).Hours() / 24)
			return &d
		}
		toArrival := days(&cf.OpenedOn, cf.ArrivedOn)
		var toClosing *int
		if cf.Status == schematype.CaseClosed {
			toClosing = days(cf.ArrivedOn, cf.ClosedOn)
		}
		for _, d := range []struct {
			name      string
			got, want *int
		}{{casefile.FieldDaysToArrival, cf.DaysToArrival, toArrival}, {casefile.FieldDaysArrivalToClosing, cf.DaysArrivalToClosing, toClosing}} {
			if (d.got == nil) != (d.want == nil) || d.got != nil && *d.got != *d.want {
				t.Errorf("%s: case %s: %s %v, want %v", step, cf.Reference, d.name, ptrString(d.got), ptrString(d.want))
			}
		}
	}
}

func ptrString(p *int) string {
	if p == nil {
		return "nil"
	}
	return strconv.Itoa(*p)
}
