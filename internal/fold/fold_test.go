package fold

import (
	"slices"
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Ozoliņš", "ozolins"},
		{"Sergejs  Ķēniņš", "sergejs kenins"},
		{"Скворцов", "скворцов"},
		{"Алёна Фёдорова", "алена федорова"},
		{"Straße", "strasse"},
		{"Müller-Lüdenscheidt", "muller-ludenscheidt"},
		{"Łukasz", "lukasz"},
		{"  Jānis\tBērziņš ", "janis berzins"},
	} {
		if got := String(tc.in); got != tc.want {
			t.Errorf("String(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, pair := range [][2]string{
		{"ozols", "Ozoliņš"}, {"OZOLA", "Ozoliņš"}, {"ozoliņš", "Sergejs Ozoliņš"}, {"sergejs", "Sergejs Ozoliņš"},
		{"скворцов", "Андрей Скворцов"}, {"Скворцова", "Андрей Скворцов"}, {"ivanova", "Jeļena Ivanovs"},
		{"berzina", "Jānis Bērziņš"}, {"Jānis", "Janis Berzins"},
	} {
		for _, w := range Words(pair[0]) {
			if !strings.Contains(String(pair[1]), w) {
				t.Errorf("%q (%q) does not find %q", pair[0], w, pair[1])
			}
		}
	}
	if got := Words("Ozols ozola  RS-2026 Ann"); !slices.Equal(got, []string{"ozol", "rs-2026", "ann"}) {
		t.Errorf("Words: %v", got)
	}
}
