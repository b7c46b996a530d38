package casework

import (
	"slices"
	"testing"

	"relocate/ent"
	"relocate/ent/casenote"
	"relocate/ent/consent"
	"relocate/ent/schema/schematype"
	"relocate/internal/rule"
	"relocate/internal/viewer"
)

// The row rules name statuses and values as stored (the ent schema cannot
// import its own generated code): they must be the generated ones.
func TestRulesNameTheSchemasValues(t *testing.T) {
	for _, s := range rule.PlacedStatuses {
		if !slices.Contains(schematype.CaseStatuses, schematype.CaseStatus(s)) || !slices.Contains(Path, Status(s)) || Status(s) == Closed {
			t.Errorf("rule.PlacedStatuses names %q, not an open status of the path", s)
		}
	}
	if !slices.Equal(rule.PlacedStatuses, []string{string(Placed), string(Arriving), string(SettlingIn)}) {
		t.Errorf("placed statuses %v: a company sees a placement from PLACED until it is closed", rule.PlacedStatuses)
	}
	if rule.EmployerConsent != string(consent.PurposeSHARE_WITH_EMPLOYER) {
		t.Errorf("rule.EmployerConsent %q", rule.EmployerConsent)
	}
	if casenote.VisibilitySHARED != "SHARED" || string(OnHold) != "ON_HOLD" {
		t.Error("rule/casework.go names SHARED and ON_HOLD as stored")
	}
}

// Every status but CLOSED can be left, and every status can be reached.
func TestWorkflowConnectsEveryStatus(t *testing.T) {
	admin := viewer.Viewer{UserID: 1, Roles: []viewer.Role{viewer.Admin}}
	reached := map[Status]bool{Inquiry: true}
	for _, from := range schematype.CaseStatuses {
		c := &ent.CaseFile{Status: from}
		if from == OnHold || from == Closed {
			c.ResumeStatus = ptr(Matching)
		}
		next := AllowedTransitions(c, admin)
		if len(next) == 0 {
			t.Errorf("%s leads nowhere", from)
		}
		for _, to := range next {
			reached[to] = true
		}
	}
	for _, s := range schematype.CaseStatuses {
		if !reached[s] {
			t.Errorf("%s cannot be reached", s)
		}
	}
}

func ptr[T any](v T) *T { return &v }
