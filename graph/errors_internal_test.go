package graph

import (
	"testing"

	"relocate/ent"
)

func TestEntFieldsAreNamedAsInTheAPI(t *testing.T) {
	for name, want := range map[string]string{"summary": "summary", "postal_code": "postalCode", "opening_hours": "openingHours", "a_b_c": "aBC"} {
		if got := lowerCamel(name); got != want {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
	}
	e := validationError(&ent.ValidationError{Name: "postal_code"})
	if e.Code != "BAD_USER_INPUT" || len(e.Fields) != 1 || e.Fields[0].Path != "postalCode" || e.Fields[0].MessageID != "error.field.invalid" {
		t.Errorf("%+v", e)
	}
}
