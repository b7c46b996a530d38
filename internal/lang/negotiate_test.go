package lang

import (
	"slices"
	"testing"
)

func TestFromAcceptLanguage(t *testing.T) {
	for _, tc := range []struct {
		header string
		want   Code
		chain  []Code
	}{
		{"", DE, []Code{DE, EN}},
		{"lv-LV,lv;q=0.9", LV, []Code{LV, EN, DE}},
		{"ru-RU, ru;q=0.9, lv;q=0.8, en;q=0.7", RU, []Code{RU, LV, EN, DE}},
		{"en;q=0.2, lv;q=0.8", LV, []Code{LV, EN, DE}},
		{"de-AT", DE, []Code{DE, EN}},
		{"en-GB", EN, []Code{EN, DE}},
		{"fr, it", DE, []Code{DE, EN}},
		{"*", DE, []Code{DE, EN}},
		{"lv;q=0", DE, []Code{DE, EN}},
		{"garbage;;q=x", DE, []Code{DE, EN}},
	} {
		p := FromAcceptLanguage(tc.header)
		if p.Language != tc.want || !slices.Equal(p.Chain, tc.chain) {
			t.Errorf("%q: got %s %v, want %s %v", tc.header, p.Language, p.Chain, tc.want, tc.chain)
		}
	}
}

func TestWithLanguageKeepsTheReadersFallbacks(t *testing.T) {
	p := FromAcceptLanguage("ru, lv;q=0.5").WithLanguage(EN)
	if p.Language != EN || p.ChosenBy != ByDirective || !slices.Equal(p.Chain, []Code{EN, RU, LV, DE}) {
		t.Errorf("got %s %v %s", p.Language, p.Chain, p.ChosenBy)
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]Code{"LV": LV, "lv": LV, " Ru ": RU} {
		if got, err := Parse(in); err != nil || got != want {
			t.Errorf("Parse(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "xx", "lav", "de-DE"} {
		if _, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) accepted", in)
		}
	}
}
