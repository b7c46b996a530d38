package guide

import (
	"testing"

	"relocate/internal/lang"
)

func TestStemFindsOtherForms(t *testing.T) {
	for _, tc := range []struct {
		l            lang.Code
		word, prefix string
		forms        []string
	}{
		{lang.RU, "квартиры", "квартир", []string{"квартира", "квартиру", "квартире"}},
		{lang.RU, "Работа", "работ", []string{"работу", "работы"}},
		{lang.LV, "dzīvoklis", "dzīvokl", []string{"dzīvokli", "dzīvoklī"}},
		{lang.LV, "darbs", "darb", []string{"darba", "darbā", "darbam"}},
		{lang.DE, "Wohnungen", "wohnung", []string{"wohnung"}},
		{lang.DE, "Schule", "schul", []string{"schulen", "schulpflicht"}},
		{lang.EN, "flats", "flat", []string{"flat"}},
		{lang.RU, "дом", "дом", nil}, // short words stay whole
		{lang.LV, "Kita", "kita", nil},
	} {
		got := stem(tc.l, tc.word)
		if got != tc.prefix {
			t.Errorf("%s %q: %q, want %q", tc.l, tc.word, got, tc.prefix)
		}
		for _, f := range tc.forms {
			if len(f) < len(got) || f[:len(got)] != got {
				t.Errorf("%s %q: %q does not find %q", tc.l, tc.word, got, f)
			}
		}
	}
}
