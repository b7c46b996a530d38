package site

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"relocate/ent"
	"relocate/internal/lang"
)

// termItem is a glossary term explained in the reader's language.
type termItem struct {
	Key, Term, Translation, Explanation string
	// Lang is the language of the explanation (a fallback when missing).
	Lang lang.Code
}

type glossaryData struct {
	Letters []letterGroup
}

type letterGroup struct {
	Letter string
	Terms  []termItem
}

func (s *Site) glossary(w http.ResponseWriter, r *http.Request, v *view) {
	terms, err := s.allTerms(r.Context())
	if err != nil {
		s.fail(w, v, err)
		return
	}
	items, err := s.termItems(r, v, terms)
	if err != nil {
		s.fail(w, v, err)
		return
	}
	var d glossaryData
	for i, it := range items {
		r, _ := utf8.DecodeRuneInString(terms[i].SortKey)
		letter := strings.ToUpper(string(r))
		if n := len(d.Letters); n == 0 || d.Letters[n-1].Letter != letter {
			d.Letters = append(d.Letters, letterGroup{Letter: letter})
		}
		g := &d.Letters[len(d.Letters)-1]
		g.Terms = append(g.Terms, it)
	}
	v.Kind, v.Title, v.Description, v.Data = kGlossary, v.T("glossary.title"), v.T("glossary.about"), d
	v.staticAlternates(kGlossary, "")
	s.render(w, v, "glossary")
}

// termItems explains terms in the reader's language.
func (s *Site) termItems(r *http.Request, v *view, terms []*ent.GlossaryTerm) ([]termItem, error) {
	items := make([]termItem, 0, len(terms))
	for _, t := range terms {
		text, err := s.guide.TermText(r.Context(), t)
		if err != nil {
			return nil, err
		}
		it := termItem{Key: t.Key, Term: t.Term, Lang: text.Language}
		if text.Found {
			it.Translation, it.Explanation = text.Text.Translation, text.Text.Explanation
		}
		items = append(items, it)
	}
	return items, nil
}
