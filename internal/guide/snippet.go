package guide

import (
	"html"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// collapseSpaces replaces each run of ASCII white space in s (what the
// regular expression \s matches) by one space.
func collapseSpaces(s string) string {
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }
	clean := true
	for i := 0; i < len(s) && clean; i++ {
		clean = !isSpace(s[i]) || (s[i] == ' ' && (i+1 == len(s) || !isSpace(s[i+1])))
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if !isSpace(s[i]) {
			b.WriteByte(s[i])
		} else if i == 0 || !isSpace(s[i-1]) {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// snippetWords is the length of a search excerpt, in words.
const snippetWords = 28

// folders pools the transformers fold uses; building one allocates a lot.
var folders = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

// fold lower-cases s and removes its diacritics, as the search index does.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	t := folders.Get().(transform.Transformer)
	defer folders.Put(t)
	t.Reset()
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

type span struct{ start, end int }

// wordSpans returns the byte ranges of the words (letters and digits) of s.
func wordSpans(s string) []span {
	var spans []span
	start := -1
	for i, r := range s {
		inWord := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		switch {
		case inWord && start < 0:
			start = i
		case !inWord && start >= 0:
			spans = append(spans, span{start, i})
			start = -1
		}
	}
	if start >= 0 {
		spans = append(spans, span{start, len(s)})
	}
	return spans
}

// snippet returns about snippetWords words of text around the first word
// that matches one of terms, HTML-escaped, with matching words wrapped in
// <mark>…</mark> and "…" where text was cut.
func snippet(text string, terms []string) string {
	return newSearchText(text).snippet(terms)
}

// searchText is a text split into words once, for the excerpts of any
// number of searches: the snapshot keeps one per published text that a
// search has shown.
type searchText struct {
	text   string
	words  []span
	folded []string // the words, folded
}

func newSearchText(text string) *searchText {
	st := &searchText{text: text, words: wordSpans(text)}
	st.folded = make([]string, len(st.words))
	for i, w := range st.words {
		st.folded[i] = fold(text[w.start:w.end])
	}
	return st
}

// matchesFolded reports whether the folded word w matches one of the
// folded search terms: the word starts with a term, or (for stemmed
// matches such as "Wohnungen" for "Wohnung") a term starts with a word of
// four letters or more.
func matchesFolded(w string, terms []string) bool {
	for _, t := range terms {
		if strings.HasPrefix(w, t) || (utf8.RuneCountInString(w) >= 4 && strings.HasPrefix(t, w)) {
			return true
		}
	}
	return false
}

// snippet is the excerpt of st for terms (see snippet).
func (st *searchText) snippet(terms []string) string {
	folded := make([]string, len(terms))
	for i, t := range terms {
		folded[i] = fold(t)
	}
	text, words := st.text, st.words
	first := 0
	for i := range words {
		if matchesFolded(st.folded[i], folded) {
			first = i
			break
		}
	}
	from := max(0, first-snippetWords/4)
	to := min(len(words), from+snippetWords)
	from = max(0, min(from, to-snippetWords))
	if from >= to {
		return ""
	}
	var b strings.Builder
	if from > 0 {
		b.WriteString("… ")
	}
	for i := from; i < to; i++ {
		w := words[i]
		if i > from {
			b.WriteString(html.EscapeString(collapseSpaces(text[words[i-1].end:w.start])))
		}
		word := html.EscapeString(text[w.start:w.end])
		if matchesFolded(st.folded[i], folded) {
			word = "<mark>" + word + "</mark>"
		}
		b.WriteString(word)
	}
	if to < len(words) {
		b.WriteString(" …")
	} else {
		b.WriteString(html.EscapeString(strings.TrimSpace(collapseSpaces(text[words[to-1].end:]))))
	}
	return b.String()
}
