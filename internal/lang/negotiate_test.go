package lang

import (
	"slices"
	"strconv"
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

// TestNegotiatedPreferencesAreSharedSafely asks a Negotiator twice with
// each header:
// the second answer is the same preference, and a caller that extends one
// reader's fallback chain (as the guide does with all languages) changes
// no other reader's. A client sending a new header with every request
// fills the kept ones only up to their bound and is still answered.
func TestNegotiatedPreferencesAreSharedSafely(t *testing.T) {
	var n Negotiator
	for _, h := range []string{"lv-LV,lv;q=0.9", "ru, en;q=0.5", "fr", ""} {
		first := n.FromAcceptLanguage(h)
		if plain := FromAcceptLanguage(h); plain.Key() != first.Key() || !slices.Equal(plain.Chain, first.Chain) {
			t.Errorf("%q: kept %v (%s), negotiated %v (%s)", h, first.Chain, first.Key(), plain.Chain, plain.Key())
		}
		extended := append(first.Chain, All...)
		extended[len(first.Chain)] = "xx"
		again := n.FromAcceptLanguage(h)
		if !slices.Equal(again.Chain, first.Chain) || again.Key() != first.Key() || slices.Contains(again.Chain, "xx") {
			t.Errorf("%q: first %v (%s), then %v (%s)", h, first.Chain, first.Key(), again.Chain, again.Key())
		}
		if cap(again.Chain) != len(again.Chain) {
			t.Errorf("%q: the chain has room for %d more: an append would write into the shared list", h, cap(again.Chain)-len(again.Chain))
		}
	}
	if a, b := n.FromAcceptLanguage("ru"), n.FromAcceptLanguage("ru, lv;q=0.5"); a.Key() == b.Key() {
		t.Errorf("different fallbacks, same key %q", a.Key())
	}
	for i := range 2 * maxNegotiated {
		h := "lv, x-q" + strconv.Itoa(i) + ";q=0.5"
		if p := n.FromAcceptLanguage(h); p.Language != LV {
			t.Fatalf("%q: %s", h, p.Language)
		}
	}
	if kept := n.count.Load(); kept != maxNegotiated {
		t.Errorf("%d headers kept, want %d (the bound)", kept, maxNegotiated)
	}
}
