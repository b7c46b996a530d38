package casework

import (
	"slices"

	"relocate/ent"
	"relocate/ent/schema/schematype"
	"relocate/internal/viewer"
)

// Status is where a case stands.
type Status = schematype.CaseStatus

// The statuses of a case.
const (
	Inquiry    = schematype.CaseInquiry
	Intake     = schematype.CaseIntake
	Matching   = schematype.CaseMatching
	Placed     = schematype.CasePlaced
	Arriving   = schematype.CaseArriving
	SettlingIn = schematype.CaseSettlingIn
	OnHold     = schematype.CaseOnHold
	Closed     = schematype.CaseClosed
)

// Path is the way of a case from the first contact until the person is
// settled, in order.
var Path = []Status{Inquiry, Intake, Matching, Placed, Arriving, SettlingIn, Closed}

// transition is one row of the workflow: a case in status from may move
// to status to when its condition holds.
type transition struct {
	from, to Status
	// when is the condition; nil: always.
	when func(c *ent.CaseFile, v viewer.Viewer) bool
}

// heldIn reports whether the case returns to s when resumed (on hold
// or closed in status s).
func heldIn(c *ent.CaseFile, s Status) bool {
	return c.ResumeStatus != nil && *c.ResumeStatus == s
}

// workflow is the table of transitions, the one place that says how a
// case's status may change. The service checks every change against it,
// the error for a refused change names what it allows, and
// Case.allowedTransitions shows it:
//
//   - along the Path: INQUIRY → INTAKE → MATCHING → PLACED → ARRIVING →
//     SETTLING_IN → CLOSED;
//   - ON_HOLD from every open status, and back to the status it was held
//     in;
//   - CLOSED also from every other open status and from ON_HOLD (the
//     person withdrew, returned home, the placement ended); closing needs
//     an outcome, and SETTLED only from SETTLING_IN (or on hold from it);
//   - from CLOSED back to the status it was closed in (reopening) only for
//     those who may reopen cases (REOPEN_CASES).
var workflow = func() []transition {
	var t []transition
	for i := 0; i+1 < len(Path); i++ {
		t = append(t, transition{from: Path[i], to: Path[i+1]})
	}
	for _, s := range Path[:len(Path)-1] {
		t = append(t, transition{from: s, to: OnHold})
		t = append(t, transition{from: OnHold, to: s, when: func(c *ent.CaseFile, _ viewer.Viewer) bool { return heldIn(c, s) }})
		if s != SettlingIn {
			t = append(t, transition{from: s, to: Closed})
		}
		t = append(t, transition{from: Closed, to: s, when: func(c *ent.CaseFile, v viewer.Viewer) bool {
			return heldIn(c, s) && v.Can(viewer.ReopenCases)
		}})
	}
	t = append(t, transition{from: OnHold, to: Closed})
	return t
}()

// AllowedTransitions returns the statuses case c may move to now, for
// viewer v, in the order of the Path (ON_HOLD before CLOSED).
func AllowedTransitions(c *ent.CaseFile, v viewer.Viewer) []Status {
	var out []Status
	for _, t := range workflow {
		if t.from == c.Status && (t.when == nil || t.when(c, v)) && !slices.Contains(out, t.to) {
			out = append(out, t.to)
		}
	}
	slices.SortFunc(out, func(a, b Status) int { return order(a) - order(b) })
	return out
}

// order is the place of s in the Path, ON_HOLD just before CLOSED.
func order(s Status) int {
	if s == OnHold {
		return len(Path) - 1
	}
	if i := slices.Index(Path, s); i >= 0 {
		if s == Closed {
			return len(Path)
		}
		return i
	}
	return len(Path) + 1
}

// Open reports whether a case in status s is open: not closed.
func Open(s Status) bool { return s != Closed }

// settledFrom reports whether a case may be closed as SETTLED: it is
// settling in, or on hold from there.
func settledFrom(c *ent.CaseFile) bool {
	return c.Status == SettlingIn || c.Status == OnHold && heldIn(c, SettlingIn)
}
