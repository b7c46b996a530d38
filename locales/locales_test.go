package locales_test

import (
	"slices"
	"strings"
	"testing"

	"relocate/internal/lang"
	"relocate/locales"
)

func TestEveryMessageInEveryLanguage(t *testing.T) {
	c, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[lang.Code][]string{}
	for _, l := range lang.All {
		for _, m := range c.Messages(l) {
			ids[l] = append(ids[l], m.ID)
			if m.Other == "" {
				t.Errorf("%s %s: empty message", l, m.ID)
			}
		}
		slices.Sort(ids[l])
	}
	if len(ids[lang.DE]) == 0 {
		t.Fatal("no messages")
	}
	for _, l := range lang.All[1:] {
		if !slices.Equal(ids[l], ids[lang.DE]) {
			t.Errorf("%s has messages %v, German has %v", l, ids[l], ids[lang.DE])
		}
	}
	for _, l := range lang.All {
		for _, id := range ids[lang.DE] {
			for _, n := range []int{0, 1, 2, 5, 11, 21} {
				s := c.T(l, id, map[string]any{"Count": n, "Max": n, "Limit": "1 KiB", "Value": "x", "Date": "1.1.2026", "Min": 12, "Seconds": n, "Name": "Anna",
					"From": "INTAKE", "To": "CLOSED", "Allowed": locales.MessageIDs{"case.status.MATCHING", "case.status.ON_HOLD"}, "Version": n})
				if s == "" || s == id || strings.Contains(s, "<no value>") || strings.Contains(s, "{{") {
					t.Errorf("%s %s at %d renders %q", l, id, n, s)
				}
			}
		}
	}
}

func TestPluralForms(t *testing.T) {
	c, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		l    lang.Code
		n    int
		want string
	}{
		{lang.DE, 1, "1 Treffer"}, {lang.EN, 1, "1 result"}, {lang.EN, 2, "2 results"},
		{lang.LV, 0, "0 rezultātu"}, {lang.LV, 1, "1 rezultāts"}, {lang.LV, 2, "2 rezultāti"},
		{lang.LV, 11, "11 rezultātu"}, {lang.LV, 21, "21 rezultāts"},
		{lang.RU, 1, "1 результат"}, {lang.RU, 2, "2 результата"}, {lang.RU, 5, "5 результатов"},
		{lang.RU, 11, "11 результатов"}, {lang.RU, 21, "21 результат"}, {lang.RU, 0, "0 результатов"},
	} {
		if got := c.T(tc.l, "search.results", map[string]any{"Count": tc.n}); got != tc.want {
			t.Errorf("%s %d: %q, want %q", tc.l, tc.n, got, tc.want)
		}
	}
}

// TestWaitMessagePlurals: the sign-in throttle's wait is counted with
// each language's CLDR plural forms, never "1 Sekunden".
func TestWaitMessagePlurals(t *testing.T) {
	c, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	want := map[lang.Code]map[int]string{
		lang.DE: {0: "0 Sekunden", 1: "1 Sekunde.", 2: "2 Sekunden", 5: "5 Sekunden", 11: "11 Sekunden", 21: "21 Sekunden"},
		lang.EN: {0: "0 seconds", 1: "1 second.", 2: "2 seconds", 5: "5 seconds", 11: "11 seconds", 21: "21 seconds"},
		lang.LV: {0: "0 sekunžu", 1: "1 sekundi", 2: "2 sekundes", 5: "5 sekundes", 11: "11 sekunžu", 21: "21 sekundi"},
		lang.RU: {0: "0 секунд.", 1: "1 секунду", 2: "2 секунды", 5: "5 секунд.", 11: "11 секунд.", 21: "21 секунду"},
	}
	for _, l := range lang.All {
		for _, n := range []int{0, 1, 2, 5, 11, 21} {
			got := c.T(l, "error.too_many_attempts", map[string]any{"Count": n})
			if !strings.Contains(got, want[l][n]) {
				t.Errorf("%s at %d: %q, want it to contain %q", l, n, got, want[l][n])
			}
		}
	}
}

// TestMessageIDsAreTranslated: a template value naming messages is shown
// as their texts in the message's language.
func TestMessageIDsAreTranslated(t *testing.T) {
	c, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	got := c.T(lang.LV, "error.transition_not_allowed", map[string]any{
		"From": locales.MessageIDs{"case.status.PLACED"}, "To": locales.MessageIDs{"case.status.SETTLING_IN"},
		"Allowed": locales.MessageIDs{"case.status.ARRIVING", "case.status.ON_HOLD", "case.status.CLOSED"},
	})
	if want := "Lietu statusā “Darbs atrasts” nevar pārcelt uz “Iedzīvošanās”. Iespējams: Ierašanās, Apturēta, Slēgta."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
