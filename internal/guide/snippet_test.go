package guide

import (
	"regexp"
	"strings"
	"testing"
)

func TestSnippet(t *testing.T) {
	text := "Erste Zeile.\nIn Magdeburg melden Sie sich im Bürgerbüro an. Bringen Sie <Ihren> Pass & die Bestätigung mit."
	got := snippet(text, []string{"burgerburo"})
	want := "Erste Zeile. In Magdeburg melden Sie sich im <mark>Bürgerbüro</mark> an. Bringen Sie &lt;Ihren&gt; Pass &amp; die Bestätigung mit."
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	long := ""
	for range 40 {
		long += "wort "
	}
	got = snippet(long+"Ziel "+long, []string{"ziel"})
	if got[:4] != "… " || got[len(got)-4:] != " …" {
		t.Errorf("a cut excerpt is marked with …: %q", got)
	}
	if n := len(wordSpans(strings.NewReplacer("<mark>", "", "</mark>", "").Replace(got))); n != snippetWords {
		t.Errorf("excerpt has %d words", n)
	}
}

func TestTermSortKey(t *testing.T) {
	for in, want := range map[string]string{"die Anmeldung": "anmeldung", "der Übergang": "ubergang", "das Straßenfest": "strassenfest", "Kita": "kita"} {
		if got := TermSortKey(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

func TestTermWordsAndContainsWord(t *testing.T) {
	words := termWords("die Krankschreibung (Arbeitsunfähigkeitsbescheinigung)")
	if len(words) != 2 || words[0] != "krankschreibung" || words[1] != "arbeitsunfahigkeitsbescheinigung" {
		t.Errorf("got %q", words)
	}
	if w := termWords("der Hausarzt / die Hausärztin"); len(w) != 2 || w[1] != "hausarztin" {
		t.Errorf("got %q", w)
	}
	text := fold("Bitte bringen Sie die Anmeldungen mit; eine Abmeldung ist nicht nötig.")
	if !containsWord(text, "anmeldung") {
		t.Error("anmeldung not found in anmeldungen")
	}
	if containsWord(fold("Die Abmeldung."), "meldung") {
		t.Error("found a word inside another word")
	}
}

func TestCollapseSpacesAsTheExcerptsAlwaysDid(t *testing.T) {
	spaces := regexp.MustCompile(`\s+`)
	for _, s := range []string{"", " ", "  ", "a b", "a  b", " a\n\nb\t", "\r\n", "a\u00a0b", "x \f y ", "ā — ē"} {
		if got, want := collapseSpaces(s), spaces.ReplaceAllString(s, " "); got != want {
			t.Errorf("collapseSpaces(%q) = %q, want %q", s, got, want)
		}
	}
}
