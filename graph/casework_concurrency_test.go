package graph_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"relocate/internal/testenv"
)

// TestConcurrentCaseUpdates: two caseworkers change the same version of
// a case at the same moment. Exactly one succeeds; the other gets
// CONFLICT with the current version and changes nothing; the winner's
// change is kept whole. Repeated from the new version, the loser's change
// succeeds.
func TestConcurrentCaseUpdates(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db)
		for round := range 5 {
			v, _ := w.version(t, w.caseP)
			before := w.counts(t)
			needs := [][]string{{"housing", "childcare"}, {"school", "language"}}
			var wg sync.WaitGroup
			results := make([]*testenv.Response, 2)
			start := make(chan struct{})
			for i, token := range []string{w.cw, w.cw2} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					results[i] = w.as(token, `mutation($in: UpdateCaseInput!) { updateCase(input: $in) { case { version supportNeeds } } }`,
						map[string]any{"in": map[string]any{"id": w.caseP, "version": v, "supportNeeds": needs[i]}}, "Accept-Language", "en")
				}()
			}
			close(start)
			wg.Wait()
			var won, lost []int
			for i, r := range results {
				switch r.Code() {
				case "":
					won = append(won, i)
				case "CONFLICT":
					lost = append(lost, i)
					if got := r.Errors[0].Extensions["version"]; fmt.Sprint(got) != fmt.Sprint(v+1) {
						t.Errorf("round %d: CONFLICT names version %v, want %d: %s", round, got, v+1, r.Raw)
					}
				default:
					t.Fatalf("round %d: %s", round, r.Raw)
				}
			}
			if len(won) != 1 || len(lost) != 1 {
				t.Fatalf("round %d: %d succeeded, %d conflicted", round, len(won), len(lost))
			}
			var c struct {
				Case struct {
					Version      int
					SupportNeeds []string
				}
			}
			w.must(t, w.cw, `query($r: String!) { case(reference: $r) { version supportNeeds } }`, map[string]any{"r": w.refP}, &c)
			if c.Case.Version != v+1 || !slices.Equal(c.Case.SupportNeeds, needs[won[0]]) {
				t.Errorf("round %d: the case is %+v, want the winner's %v at version %d", round, c.Case, needs[won[0]], v+1)
			}
			after := w.counts(t)
			if after.timeline != before.timeline+1 || after.audits != before.audits+1 {
				t.Errorf("round %d: %d timeline and %d audit entries, want 1 each", round, after.timeline-before.timeline, after.audits-before.audits)
			}
			// The loser reads again and repeats the change.
			r := w.as([]string{w.cw, w.cw2}[lost[0]], `mutation($in: UpdateCaseInput!) { updateCase(input: $in) { case { version } } }`,
				map[string]any{"in": map[string]any{"id": w.caseP, "version": v + 1, "supportNeeds": needs[lost[0]]}})
			if r.Code() != "" {
				t.Errorf("round %d: repeated change: %s", round, r.Raw)
			}
		}
		// A stale version answers CONFLICT, for transitions too, and the
		// message says so in the reader's language.
		r := w.as(w.cw, transitionOp, map[string]any{"in": map[string]any{"id": w.caseP, "version": 1, "to": "ARRIVING"}}, "Accept-Language", "de")
		if r.Code() != "CONFLICT" || r.Errors[0].Extensions["version"] == nil || !containsAll(r.Errors[0].Message, "inzwischen", "Version") {
			t.Errorf("stale transition: %s", r.Raw)
		}
	})
}

// TestConcurrentCasesGetUniqueReferences opens many cases at once: each
// gets its own reference, numbered without gaps.
func TestConcurrentCasesGetUniqueReferences(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db) // RS-2026-0001 and -0002 exist
		const n = 16
		refs := make([]string, n)
		errs := make([]string, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				token := []string{w.cw, w.cw2, w.admin}[i%3]
				r := w.as(token, openCaseOp, map[string]any{"in": map[string]any{"personId": w.personP, "kind": "PLACEMENT", "openedOn": "2026-02-01"}})
				if r.Code() != "" {
					errs[i] = string(r.Raw)
					return
				}
				var d struct {
					OpenCase struct{ Case struct{ Reference string } }
				}
				r.MustData(&d)
				refs[i] = d.OpenCase.Case.Reference
			}()
		}
		close(start)
		wg.Wait()
		for i, e := range errs {
			if e != "" {
				t.Errorf("openCase %d: %s", i, e)
			}
		}
		slices.Sort(refs)
		for i, ref := range refs {
			if want := fmt.Sprintf("RS-2026-%04d", i+3); ref != want {
				t.Errorf("references %v, want RS-2026-0003 … RS-2026-%04d", refs, n+2)
				break
			}
		}
		// Another year starts again at 0001.
		_, ref := w.openCase(t, w.personQ, "", "INTERNSHIP")
		var o struct {
			OpenCase struct{ Case struct{ Reference string } }
		}
		w.must(t, w.cw, openCaseOp, map[string]any{"in": map[string]any{"personId": w.personQ, "kind": "INTERNSHIP", "openedOn": "2025-12-30"}}, &o)
		if ref != fmt.Sprintf("RS-2026-%04d", n+3) || o.OpenCase.Case.Reference != "RS-2025-0001" {
			t.Errorf("next references: %s, %s", ref, o.OpenCase.Case.Reference)
		}
	})
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
