package site

import (
	"html/template"
	"net/http"
	"strings"

	"relocate/internal/apperr"
	"relocate/internal/guide"
)

type searchData struct {
	Query   string
	Error   string
	Results []searchResult
	Done    bool
}

type searchResult struct {
	articleCard
	Snippet template.HTML
}

// searchResults is how many hits the search page shows.
const searchResults = 20

func (s *Site) search(w http.ResponseWriter, r *http.Request, v *view) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	d := searchData{Query: q}
	if q != "" {
		hits, err := s.guide.Search(r.Context(), q, searchResults)
		if e, ok := apperr.As(err); ok && e.Code == apperr.BadUserInput {
			d.Error = v.T(e.MessageID, "Max", guide.MaxSearchLength)
		} else if err != nil {
			s.fail(w, v, err)
			return
		}
		for _, h := range hits {
			card, err := s.articleCard(r, v, h.Article)
			if err != nil {
				s.fail(w, v, err)
				return
			}
			// The snippet is HTML-escaped text with <mark> added by the guide.
			d.Results = append(d.Results, searchResult{articleCard: card, Snippet: template.HTML(h.Snippet)}) //nolint:gosec
		}
		d.Done = d.Error == ""
	}
	v.Kind, v.Title, v.Data, v.NoIndex = kSearch, v.T("search.title"), d, q != ""
	v.Description = v.T("search.about")
	v.staticAlternates(kSearch, "")
	if q != "" {
		for i := range v.Alternates {
			v.Alternates[i].Href += "?q=" + template.URLQueryEscaper(q)
		}
	}
	s.render(w, v, "search")
}
