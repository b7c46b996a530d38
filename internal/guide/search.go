package guide

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"relocate/ent"
	"relocate/ent/guidearticle"
	"relocate/internal/edge"
	"relocate/internal/lang"
	"relocate/internal/viewer"
)

// SearchHit is one search result: the article and an excerpt of its text
// around the match, HTML-escaped with matches wrapped in <mark>.
type SearchHit struct {
	Article *ent.GuideArticle
	Snippet string
}

// searcher is the full-text index of one database.
type searcher interface {
	// setup creates the index; idempotent.
	setup(ctx context.Context) error
	// search returns the IDs of the articles whose text in language l
	// matches all terms (as prefixes), best first.
	search(ctx context.Context, l lang.Code, terms []string, limit int, onlyPublished bool) ([]int, error)
	// rank returns the IDs of the texts (article translations, of any
	// status) in language l that match all terms, best first, from
	// offset on: what the index alone answers, without reading texts or
	// articles.
	rank(ctx context.Context, l lang.Code, terms []string, offset, limit int) ([]int, error)
}

// maxSearchTerms bounds the words of one search; further words are ignored.
const maxSearchTerms = 8

// Search finds articles in the language of ctx whose title, summary or text
// contain every word of query, ignoring case and diacritics; words match as
// prefixes ("darba" finds "darbam"). first defaults to 10.
func (s *Service) Search(ctx context.Context, query string, first int) ([]*SearchHit, error) {
	if utf8.RuneCountInString(query) > MaxSearchLength {
		return nil, ErrSearchTooLong
	}
	if first <= 0 || first > MaxSearchHits {
		return nil, ErrSearchFirst
	}
	terms := searchTerms(query)
	if len(terms) == 0 {
		return nil, ErrSearchEmpty
	}
	l := lang.FromContext(ctx).Language
	for i, t := range terms {
		terms[i] = stem(l, t)
	}
	var ids []int
	var byID map[int]*ent.GuideArticle
	var err error
	if sn := s.snap(ctx); sn != nil {
		ids, byID, err = s.publicHits(ctx, sn, l, terms, first)
	} else {
		ids, err = s.search.search(ctx, l, terms, first, !viewer.FromContext(ctx).Can(viewer.ReadDrafts))
		if err == nil && len(ids) > 0 {
			// The operation's selection is of GuideSearchHit, not of the
			// article, so CollectFields cannot help; the topic is what hit
			// lists show.
			byID, err = s.hits(ctx, ids)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("guide: search %q in %s: %w", query, l, err)
	}
	if len(ids) == 0 {
		return []*SearchHit{}, nil
	}
	hits := make([]*SearchHit, 0, len(ids))
	for _, id := range ids {
		a, ok := byID[id]
		if !ok {
			continue
		}
		t, err := s.ArticleText(ctx, a)
		if err != nil {
			return nil, err
		}
		hits = append(hits, &SearchHit{Article: a, Snippet: s.searchText(ctx, t.Text).snippet(terms)})
	}
	return hits, nil
}

// searchText returns the words of translation t that excerpts are taken
// from (summary, then the body as plain text): worked out once per
// snapshot for the texts the snapshot serves, every time for others.
func (s *Service) searchText(ctx context.Context, t *ent.GuideArticleTranslation) *searchText {
	if t == nil {
		return newSearchText("")
	}
	build := func() *searchText { return newSearchText(t.Summary + "\n" + s.markdown.PlainText(t.Body)) }
	sn := s.snap(ctx)
	if sn == nil {
		return build()
	}
	if st, ok := sn.searchTexts.Load(t.ID); ok {
		return st.(*searchText)
	}
	// Two requests may both build it; either result is the same.
	st, _ := sn.searchTexts.LoadOrStore(t.ID, build())
	return st.(*searchText)
}

// searchTerms splits a search text into words of letters and digits;
// everything else separates words, so no query syntax reaches the index.
func searchTerms(query string) []string {
	words := strings.FieldsFunc(query, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	if len(words) > maxSearchTerms {
		words = words[:maxSearchTerms]
	}
	return words
}

// stem trims the inflection endings of a search word so that, matched as a
// prefix, it finds the word's other forms: Russian "квартиры" finds
// "квартиру", Latvian "dzīvoklis" finds "dzīvokli", German "Wohnungen" finds
// "Wohnung". It is deliberately light: SQLite has no stemmer, PostgreSQL
// none for Latvian, and a short common prefix is all a guide search needs.
func stem(l lang.Code, word string) string {
	r := []rune(strings.ToLower(word))
	trim := func(min int, endings ...string) bool {
		for _, e := range endings {
			e := []rune(e)
			if len(r)-len(e) >= min && string(r[len(r)-len(e):]) == string(e) {
				r = r[:len(r)-len(e)]
				return true
			}
		}
		return false
	}
	switch l {
	case lang.LV:
		trim(4, "s", "š")
		trim(4, "a", "e", "i", "u", "ā", "ē", "ī", "ū")
	case lang.RU:
		trim(4, "ами", "ями", "ого", "его", "ому", "ему", "ых", "их", "ой", "ей", "ый", "ий", "ая", "яя", "ое", "ее",
			"ов", "ев", "ам", "ям", "ах", "ях", "а", "я", "о", "е", "ё", "ы", "и", "у", "ю", "ь", "й")
	case lang.DE:
		trim(5, "en", "er", "es", "e", "n", "s")
	case lang.EN:
		trim(4, "ies", "es", "s")
	}
	return string(r)
}

// publicHits returns the first articles of snapshot sn whose published
// text in language l matches terms, best first: the index ranks the
// texts, the snapshot says which are published and whose they are, so no
// text or article is read from the database. Unpublished texts among the
// first ones make it ask the index for more.
func (s *Service) publicHits(ctx context.Context, sn *Snapshot, l lang.Code, terms []string, first int) ([]int, map[int]*ent.GuideArticle, error) {
	ids := make([]int, 0, first)
	byID := make(map[int]*ent.GuideArticle, first)
	// The index holds the texts of the guide's content version, which the
	// key of a kept answer names: a public search may be kept.
	ctx = edge.OfPublishedGuide(ctx)
	window := first + first/2 + 2 // a few unpublished texts cost no second query
	for offset := 0; ; offset += window {
		texts, err := s.search.rank(ctx, l, terms, offset, window)
		if err != nil {
			return nil, nil, err
		}
		for _, id := range texts {
			a, ok := sn.articleByText[id]
			if !ok || byID[a.ID] != nil {
				continue
			}
			ids, byID[a.ID] = append(ids, a.ID), a
			if len(ids) == first {
				return ids, byID, nil
			}
		}
		if len(texts) < window {
			return ids, byID, nil
		}
		window *= 2
	}
}

// hits returns the articles ids from the database, by ID.
func (s *Service) hits(ctx context.Context, ids []int) (map[int]*ent.GuideArticle, error) {
	byID := make(map[int]*ent.GuideArticle, len(ids))
	arts, err := s.ent(ctx).GuideArticle.Query().Where(guidearticle.IDIn(ids...)).WithCategory().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("guide: load search hits: %w", err)
	}
	for _, a := range arts {
		byID[a.ID] = a
	}
	return byID, nil
}
