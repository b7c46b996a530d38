package seed

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"relocate/internal/lang"
)

// translations are the languages terminology.toml gives a rendering for.
var translations = []lang.Code{lang.LV, lang.RU, lang.EN}

// textRef is one translated text the terminology rules apply to, with the
// place it comes from for error messages.
type textRef struct {
	where string // e.g. "articles/childcare/lv.md" or "glossary.toml kita (lv explanation)"
	lang  lang.Code
	text  string
}

// translatedTexts returns every text of c written in a translation language:
// article titles, summaries and bodies, place names and descriptions,
// glossary explanations, checklist step titles.
func (c *Content) translatedTexts() []textRef {
	var refs []textRef
	for _, a := range c.Articles {
		for _, l := range translations {
			if t, ok := a.Texts[l]; ok {
				refs = append(refs, textRef{fmt.Sprintf("articles/%s/%s.md", a.Key, l), l,
					t.Title + "\n" + t.Summary + "\n" + t.Body})
			}
		}
	}
	for _, p := range c.Places {
		for _, l := range translations {
			t := p.Texts[l]
			refs = append(refs, textRef{fmt.Sprintf("places.toml %s (%s)", p.Key, l), l, t.Name + "\n" + t.Description})
		}
	}
	for _, t := range c.Terms {
		for _, l := range translations {
			refs = append(refs, textRef{fmt.Sprintf("glossary.toml %s (%s explanation)", t.Key, l), l, t.Texts[l].Explanation})
		}
	}
	for _, s := range c.Checklist {
		for _, l := range translations {
			refs = append(refs, textRef{fmt.Sprintf("checklists.toml %s (%s title)", s.Key, l), l, s.Titles[l]})
		}
	}
	return refs
}

// validateTerminology checks the terminology list itself, that the glossary
// translates each listed term with its rendering, that every text which
// names a listed German term in parentheses, "(*Anmeldung*)" or
// "(Anmeldung)", puts that rendering right before it, that no text uses a
// rendering the list says to avoid, and the typography rules of
// content/README.md.
func (c *Content) validateTerminology(bad func(string, ...any)) {
	terms := map[string]Term{}
	for _, t := range c.Terms {
		terms[t.Key] = t
	}
	seen := map[string]bool{}
	for _, r := range c.Terminology {
		if r.German == "" || seen[r.German] {
			bad("terminology.toml: German term %q is empty or listed twice", r.German)
			continue
		}
		seen[r.German] = true
		for _, l := range translations {
			if r.Texts[l] == "" {
				bad("terminology.toml: %q has no %s rendering", r.German, l)
			}
		}
		if r.Glossary == "" {
			continue
		}
		g, ok := terms[r.Glossary]
		if !ok {
			bad("terminology.toml: %q names glossary term %q, which does not exist", r.German, r.Glossary)
			continue
		}
		if !strings.Contains(g.Term, r.German) {
			bad("terminology.toml: %q names glossary term %q, which is about %q", r.German, r.Glossary, g.Term)
		}
		for _, l := range translations {
			if want, got := r.Texts[l], g.Texts[l].Translation; want != "" && !startsWithPhrase(got, want) {
				bad("terminology: glossary.toml %s (%s): translation %q; the list renders %q as %q",
					r.Glossary, l, got, r.German, want)
			}
		}
	}
	for _, ref := range c.translatedTexts() {
		text := withoutLinkTargets(ref.text)
		var ws []word // the words of text, split once when an avoid list needs them
		for _, r := range c.Terminology {
			if want := r.Texts[ref.lang]; want != "" {
				checkRendering(ref.where, text, r.German, want, bad)
			}
			for _, avoid := range r.Avoid[ref.lang] {
				if ws == nil {
					ws = words(text)
				}
				checkAvoided(ref.where, text, ws, r.German, avoid, r.Texts[ref.lang], bad)
			}
		}
		checkTypography(ref, bad)
	}
}

// startsWithPhrase reports whether s is phrase, or starts with it followed
// by a non-letter ("pieraksts (norunātais laiks)" starts with "pieraksts").
func startsWithPhrase(s, phrase string) bool {
	rest, ok := strings.CutPrefix(s, phrase)
	if !ok {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return rest == "" || !unicode.IsLetter(r)
}

// mdLink matches the target part of a Markdown link, "](…)", which the
// terminology rules ignore.
var mdLink = regexp.MustCompile(`\]\([^)]*\)`)

// withoutLinkTargets blanks Markdown link targets, keeping byte offsets, so
// that only the words a reader sees remain.
func withoutLinkTargets(s string) string {
	return mdLink.ReplaceAllStringFunc(s, func(m string) string { return "]" + strings.Repeat(" ", len(m)-1) })
}

// germanMentions returns the offsets of the parentheses that name german
// after its rendering: "(*Anmeldung*)" in articles, "(Anmeldung)" in the
// glossary and places, also with more after a comma: "(*Steuer-ID*, 11 …)".
func germanMentions(text, german string) []int {
	if !strings.Contains(text, german) {
		return nil
	}
	var at []int
	for _, marker := range []string{"(*" + german + "*)", "(*" + german + "*,", "(" + german + ")", "(" + german + ","} {
		for off := 0; ; {
			i := strings.Index(text[off:], marker)
			if i < 0 {
				break
			}
			at = append(at, off+i)
			off += i + len(marker)
		}
	}
	slices.Sort(at)
	return at
}

// word is one word of a text, where it starts, and its letters in lower
// case for comparing.
type word struct {
	text  string
	at    int
	lower []rune
}

// isWordRune reports whether r belongs to a word: letters, digits, the
// apostrophe (citizens' office) and the hyphen inside compounds.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '-'
}

// words splits s into words.
func words(s string) []word {
	var ws []word
	start := -1
	for i, r := range s {
		switch {
		case isWordRune(r) && start < 0:
			start = i
		case !isWordRune(r) && start >= 0:
			ws = append(ws, word{text: strings.Trim(s[start:i], "-'’"), at: start})
			start = -1
		}
	}
	if start >= 0 {
		ws = append(ws, word{text: strings.Trim(s[start:], "-'’"), at: start})
	}
	ws = slices.DeleteFunc(ws, func(w word) bool { return w.text == "" })
	for i := range ws {
		ws[i].lower = []rune(strings.ToLower(ws[i].text))
	}
	return ws
}

// stemLength is the longest stem two word forms must share to count as
// the same word: Latvian and Russian change word endings (birojs, birojā;
// касса, кассу) and Latvian some consonants before them (ģilde, ģilžu), so
// only the stem is compared.
const stemLength = 5

// commonPrefix returns how many leading runes a and b share.
func commonPrefix(a, b []rune) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// sameWord reports whether text word t is a form of list word w: equal,
// or sharing w's stem – all but its last three letters, at least three and
// at most stemLength. A full stem may also stand inside t, so that a verb
// built on it counts too (зарегистрируйтесь for регистрация, register for
// registration). Case is ignored.
func sameWord(wr, tr []rune) bool {
	if slices.Equal(wr, tr) {
		return true
	}
	if len(wr) < 3 {
		return false
	}
	if commonPrefix(wr, tr) >= min(stemLength, max(3, len(wr)-3)) {
		return true
	}
	return len(wr) >= stemLength && containsRunes(tr, wr[:stemLength])
}

// containsRunes reports whether sub occurs in s.
func containsRunes(s, sub []rune) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if slices.Equal(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

// inflectedWord is the stricter match for renderings to avoid: t is w with
// at most its last two letters changed or more added, never just a shared
// start (металлостроитель must not match металлоконструкциям).
func inflectedWord(wr, tr []rune) bool {
	if len(tr) == 0 || len(wr) == 0 || wr[0] != tr[0] {
		return false
	}
	return slices.Equal(wr, tr) || len(wr) >= 3 && commonPrefix(wr, tr) >= max(3, len(wr)-2)
}

// clauseBreaks are the characters that end the clause a rendering stands
// in.
const clauseBreaks = ".,;:!?|\n—–"

// checkRendering finds every mention of german in parentheses in text (of
// the file where) and checks that the clause before it contains the listed
// rendering, each of its words in some inflected form and written with the
// list's capitals.
func checkRendering(where, text, german, want string, bad func(string, ...any)) {
	mentions := germanMentions(text, german)
	if len(mentions) == 0 {
		return
	}
	wantWords := words(want)
	for _, at := range mentions {
		before := text[:at]
		start := 0
		if i := strings.LastIndexAny(before, clauseBreaks); i >= 0 {
			_, size := utf8.DecodeRuneInString(before[i:])
			start = i + size
		}
		got := words(before[start:])
		found := matchWords(wantWords, got)
		if found == nil {
			bad("terminology: %s: %q is rendered %q; the list says %q",
				where, german, lastWords(got, len(wantWords)), want)
			continue
		}
		for k, w := range found {
			if msg := caseProblem(wantWords[k].text, w.text, before[:start+w.at]); msg != "" {
				bad("terminology: %s: %q before (%s) %s; the list writes %q", where, w.text, german, msg, want)
			}
		}
	}
}

// matchWords finds, for each word of want, a distinct word of got that is
// an inflected form of it, searching the last len(want)+3 words of got; nil
// when one is missing. Word order may differ (Latvian and Russian move the
// genitive).
func matchWords(want, got []word) []word {
	window := got[max(0, len(got)-len(want)-3):]
	used := make([]bool, len(window))
	found := make([]word, len(want))
	for k, w := range want {
		ok := false
		for i := len(window) - 1; i >= 0; i-- {
			if !used[i] && sameWord(w.lower, window[i].lower) {
				used[i], found[k], ok = true, window[i], true
				break
			}
		}
		if !ok {
			return nil
		}
	}
	return found
}

// lastWords joins the last n words of ws.
func lastWords(ws []word, n int) string {
	ws = ws[max(0, len(ws)-n):]
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = w.text
	}
	return strings.Join(parts, " ")
}

// caseProblem says what is wrong with the capital letter of text word got
// for list word want, or "" when nothing is. Latvian and Russian write only
// the first word of a name with a capital, so a capital the list does not
// have is wrong unless the word starts a sentence; a capital the list has
// must be there. before is the text in front of the word.
func caseProblem(want, got, before string) string {
	w, _ := utf8.DecodeRuneInString(want)
	g, _ := utf8.DecodeRuneInString(got)
	switch {
	case unicode.IsUpper(w) && !unicode.IsUpper(g):
		return "has no capital"
	case !unicode.IsUpper(w) && unicode.IsUpper(g) && !sentenceStart(before):
		return "has a capital inside a sentence"
	}
	return ""
}

// sentenceStart reports whether a word after text before starts a
// sentence, a heading, a list item or a table cell.
func sentenceStart(before string) bool {
	s := strings.TrimRight(before, " \t*_#\"„“«[")
	if s == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	if strings.ContainsRune(".!?\n|", r) {
		return true
	}
	if r == '-' || r == '•' {
		line := s[strings.LastIndexByte(s, '\n')+1:]
		return strings.TrimSpace(line) == string(r)
	}
	return false
}

// checkAvoided reports uses of a rendering the list says to avoid: the
// words of avoid in a row, inflected, unless a German term in parentheses
// follows and so shows another term is meant ("налоговый номер
// (Steuernummer)" is right; "налоговый номер" for the Steuer-ID is not).
func checkAvoided(where, text string, ws []word, german, avoid, want string, bad func(string, ...any)) {
	av := words(avoid)
	for i := 0; i+len(av) <= len(ws); i++ {
		match := true
		for k := range av {
			if !inflectedWord(av[k].lower, ws[i+k].lower) {
				match = false
				break
			}
		}
		if !match {
			continue
		}
		last := ws[i+len(av)-1]
		after := strings.TrimLeft(text[last.at+len(last.text):], " ")
		if strings.HasPrefix(after, "(") {
			continue
		}
		phrase := text[ws[i].at : last.at+len(last.text)]
		bad("terminology: %s: %q, a rendering of %q the list avoids; it says %q", where, phrase, german, want)
	}
}

// checkTypography applies the typography rules of content/README.md:
// Russian uses the em dash, Latvian the „…” quotation marks.
func checkTypography(ref textRef, bad func(string, ...any)) {
	switch ref.lang {
	case lang.RU:
		if i := strings.Index(ref.text, " – "); i >= 0 {
			bad("typography: %s: spaced en dash in %q; Russian uses the em dash \" — \"", ref.where, around(ref.text, i))
		}
	case lang.LV:
		if i := strings.Index(ref.text, "“"); i >= 0 {
			bad("typography: %s: quotation mark “ in %q; Latvian quotes „like this”", ref.where, around(ref.text, i))
		}
	}
}

// around returns a few words of s around byte offset i.
func around(s string, i int) string {
	from, to := max(0, i-30), min(len(s), i+30)
	for from > 0 && !utf8.RuneStart(s[from]) {
		from--
	}
	for to < len(s) && !utf8.RuneStart(s[to]) {
		to++
	}
	return strings.TrimSpace(s[from:to])
}
