package graph_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"relocate/internal/testenv"
)

var allStatuses = []string{"INQUIRY", "INTAKE", "MATCHING", "PLACED", "ARRIVING", "SETTLING_IN", "ON_HOLD", "CLOSED"}

// TestCaseWorkflow tries every transition from every status: the allowed
// ones succeed, each leaving one timeline entry and one audit entry and
// a new version; every other one is refused with BAD_USER_INPUT in the
// reader's language naming the allowed statuses (reopening: FORBIDDEN
// unless the reader may reopen cases) and changes nothing.
func TestCaseWorkflow(t *testing.T) {
	// The workflow as the issue states it, written out independently of
	// internal/casework's table. ON_HOLD is entered from MATCHING and
	// CLOSED from MATCHING here.
	allowed := map[string][]string{
		"INQUIRY":     {"INTAKE", "ON_HOLD", "CLOSED"},
		"INTAKE":      {"MATCHING", "ON_HOLD", "CLOSED"},
		"MATCHING":    {"PLACED", "ON_HOLD", "CLOSED"},
		"PLACED":      {"ARRIVING", "ON_HOLD", "CLOSED"},
		"ARRIVING":    {"SETTLING_IN", "ON_HOLD", "CLOSED"},
		"SETTLING_IN": {"ON_HOLD", "CLOSED"},
		"ON_HOLD":     {"MATCHING", "CLOSED"},
		"CLOSED":      {}, // for a caseworker; an administrator may reopen it to MATCHING
	}
	reach := map[string][]string{
		"INQUIRY": nil, "INTAKE": {"INTAKE"}, "MATCHING": {"INTAKE", "MATCHING"},
		"PLACED": {"INTAKE", "MATCHING", "PLACED"}, "ARRIVING": {"INTAKE", "MATCHING", "PLACED", "ARRIVING"},
		"SETTLING_IN": {"INTAKE", "MATCHING", "PLACED", "ARRIVING", "SETTLING_IN"},
		"ON_HOLD":     {"INTAKE", "MATCHING", "ON_HOLD"}, "CLOSED": {"INTAKE", "MATCHING", "CLOSED"},
	}
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db)
		fresh := func(from string) string {
			id, _ := w.openCase(t, w.personP, w.vacancyA, "PLACEMENT")
			w.walk(t, id, reach[from]...)
			return id
		}
		try := func(token, id, to string, lang string) *testenv.Response {
			v, _ := w.version(t, id)
			in := map[string]any{"id": id, "version": v, "to": to}
			if to == "CLOSED" {
				in["outcome"] = "WITHDRAWN"
			}
			return w.as(token, transitionOp, map[string]any{"in": in}, "Accept-Language", lang)
		}
		for _, from := range allStatuses {
			id := fresh(from)
			var d struct {
				Node struct{ AllowedTransitions []string }
			}
			w.must(t, w.cw, `query($id: ID!) { node(id: $id) { ... on Case { allowedTransitions } } }`, map[string]any{"id": id}, &d)
			if !slices.Equal(d.Node.AllowedTransitions, allowed[from]) {
				t.Errorf("%s: allowedTransitions %v, want %v", from, d.Node.AllowedTransitions, allowed[from])
			}
			// Every transition the workflow does not allow changes nothing.
			for _, to := range allStatuses {
				if slices.Contains(allowed[from], to) {
					continue
				}
				before, beforeV := w.counts(t), first(w.version(t, id))
				r := try(w.cw, id, to, "lv")
				wantCode := "BAD_USER_INPUT"
				if from == "CLOSED" && to != "CLOSED" {
					wantCode = "FORBIDDEN"
				}
				if r.Code() != wantCode {
					t.Errorf("%s → %s: %s, want %s", from, to, r.Raw, wantCode)
					continue
				}
				if got, _ := r.Errors[0].Extensions["allowedTransitions"].([]any); len(got) != len(allowed[from]) {
					t.Errorf("%s → %s: extensions.allowedTransitions %v, want %v", from, to, got, allowed[from])
				}
				msg := r.Errors[0].Message
				if wantCode == "BAD_USER_INPUT" {
					// In Latvian, naming the allowed statuses.
					for _, next := range allowed[from] {
						if name := latvianStatus[next]; !strings.Contains(msg, name) {
							t.Errorf("%s → %s: the message does not name %s (%s): %s", from, to, next, name, msg)
						}
					}
					if fields, _ := r.Errors[0].Extensions["fields"].(map[string]any); fields["input.to"] == nil {
						t.Errorf("%s → %s: no field input.to: %s", from, to, r.Raw)
					}
				}
				if after, afterV := w.counts(t), first(w.version(t, id)); after != before || afterV != beforeV {
					t.Errorf("%s → %s refused but changed something: %+v → %+v, version %d → %d", from, to, before, after, beforeV, afterV)
				}
			}
			// Every transition it allows succeeds, on a case of its own.
			for _, to := range allowed[from] {
				id := fresh(from)
				before, beforeV := w.counts(t), first(w.version(t, id))
				r := try(w.cw, id, to, "de")
				if r.Code() != "" {
					t.Errorf("%s → %s: %s", from, to, r.Raw)
					continue
				}
				after := w.counts(t)
				v, status := w.version(t, id)
				if status != to || v != beforeV+1 {
					t.Errorf("%s → %s: now %s version %d (was %d)", from, to, status, v, beforeV)
				}
				if after.timeline != before.timeline+1 || after.audits != before.audits+1 {
					t.Errorf("%s → %s: %d timeline and %d audit entries, want 1 each", from, to,
						after.timeline-before.timeline, after.audits-before.audits)
				}
			}
		}
		// An administrator reopens a closed case, to the status it was
		// closed in; the outcome and closing date are gone.
		id := fresh("CLOSED")
		var d struct {
			Node struct{ AllowedTransitions []string }
		}
		w.must(t, w.admin, `query($id: ID!) { node(id: $id) { ... on Case { allowedTransitions } } }`, map[string]any{"id": id}, &d)
		if !slices.Equal(d.Node.AllowedTransitions, []string{"MATCHING"}) {
			t.Errorf("closed, as administrator: allowedTransitions %v", d.Node.AllowedTransitions)
		}
		if r := try(w.admin, id, "INTAKE", "en"); r.Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, `Possible: Matching`) {
			t.Errorf("reopen to another status: %s", r.Raw)
		}
		if r := try(w.admin, id, "MATCHING", "en"); r.Code() != "" {
			t.Errorf("reopen: %s", r.Raw)
		}
		var c struct {
			Node struct {
				Status   string
				Outcome  *string
				ClosedOn *string
			}
		}
		w.must(t, w.cw, `query($id: ID!) { node(id: $id) { ... on Case { status outcome closedOn } } }`, map[string]any{"id": id}, &c)
		if c.Node.Status != "MATCHING" || c.Node.Outcome != nil || c.Node.ClosedOn != nil {
			t.Errorf("reopened: %+v", c.Node)
		}
	})
}

// TestClosingNeedsAnOutcome: closing without an outcome, an outcome for
// another transition, SETTLED before settling in and a closing date
// before the opening are refused, naming the field; nothing changes.
func TestClosingNeedsAnOutcome(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db)
		id := w.caseP // PLACED, opened 2026-01-05
		v, _ := w.version(t, id)
		before := w.counts(t)
		for _, tc := range []struct {
			name  string
			in    map[string]any
			field string
		}{
			{"no outcome", map[string]any{"to": "CLOSED"}, "input.outcome"},
			{"outcome without closing", map[string]any{"to": "ARRIVING", "outcome": "WITHDRAWN"}, "input.outcome"},
			{"settled before settling in", map[string]any{"to": "CLOSED", "outcome": "SETTLED"}, "input.outcome"},
			{"closed before opened", map[string]any{"to": "CLOSED", "outcome": "WITHDRAWN", "on": "2025-12-31"}, "input.on"},
			{"closed in the future", map[string]any{"to": "CLOSED", "outcome": "WITHDRAWN", "on": "2999-01-01"}, "input.on"},
			{"a date for another transition", map[string]any{"to": "ARRIVING", "on": "2026-02-01"}, "input.on"},
		} {
			tc.in["id"], tc.in["version"] = id, v
			r := w.as(w.cw, transitionOp, map[string]any{"in": tc.in}, "Accept-Language", "ru")
			fields, _ := r.Errors[0].Extensions["fields"].(map[string]any)
			if r.Code() != "BAD_USER_INPUT" || fields[tc.field] == nil {
				t.Errorf("%s: %s", tc.name, r.Raw)
			} else if msg := fmt.Sprint(fields[tc.field]); !strings.ContainsAny(msg, "абвгдежзийклмнопрстуфхцчшщыэюя") {
				t.Errorf("%s: not Russian: %s", tc.name, msg)
			}
		}
		if after := w.counts(t); after != before || first(w.version(t, id)) != v {
			t.Errorf("refused closings changed something: %+v → %+v", before, after)
		}
		// SETTLED after settling in, dated: the arrival is recorded too.
		w.walk(t, id, "ARRIVING")
		v, _ = w.version(t, id)
		w.must(t, w.cw, transitionOp, map[string]any{"in": map[string]any{"id": id, "version": v, "to": "SETTLING_IN", "on": "2026-02-20"}}, nil)
		v, _ = w.version(t, id)
		w.must(t, w.cw, transitionOp, map[string]any{"in": map[string]any{"id": id, "version": v, "to": "CLOSED", "outcome": "SETTLED", "on": "2026-06-30"}}, nil)
		var c struct {
			Case struct{ Status, Outcome, ArrivedOn, ClosedOn string }
		}
		w.must(t, w.cw, `query($r: String!) { case(reference: $r) { status outcome arrivedOn closedOn } }`, map[string]any{"r": w.refP}, &c)
		if c.Case != (struct{ Status, Outcome, ArrivedOn, ClosedOn string }{"CLOSED", "SETTLED", "2026-02-20", "2026-06-30"}) {
			t.Errorf("closed: %+v", c.Case)
		}
	})
}

// latvianStatus names the statuses as the Latvian messages do.
var latvianStatus = map[string]string{
	"INQUIRY": "Pieprasījums", "INTAKE": "Uzņemšana", "MATCHING": "Piemeklēšana", "PLACED": "Darbs atrasts",
	"ARRIVING": "Ierašanās", "SETTLING_IN": "Iedzīvošanās", "ON_HOLD": "Apturēta", "CLOSED": "Slēgta",
}

func first[A, B any](a A, _ B) A { return a }
