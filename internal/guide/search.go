package guide

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"relocate/ent"
	"relocate/ent/guidearticle"
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
	ids, err := s.search.search(ctx, l, terms, first, !viewer.FromContext(ctx).Can(viewer.ReadDrafts))
	if err != nil {
		return nil, fmt.Errorf("guide: search %q in %s: %w", query, l, err)
	}
	if len(ids) == 0 {
		return []*SearchHit{}, nil
	}
	// The operation's selection is of GuideSearchHit, not of the article, so
	// CollectFields cannot help; the topic is what hit lists show.
	byID, err := s.hits(ctx, ids)
	if err != nil {
		return nil, err
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
		hits = append(hits, &SearchHit{Article: a, Snippet: snippet(t.Text.Summary+"\n"+s.markdown.PlainText(t.Text.Body), terms)})
	}
	return hits, nil
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

// hits returns the articles ids that the reader may see, by ID: from the
// snapshot for public readers.
func (s *Service) hits(ctx context.Context, ids []int) (map[int]*ent.GuideArticle, error) {
	byID := make(map[int]*ent.GuideArticle, len(ids))
	if sn := s.snap(ctx); sn != nil {
		for _, id := range ids {
			if a, ok := sn.articleByID[id]; ok {
				byID[id] = a
			}
		}
		return byID, nil
	}
	arts, err := s.ent(ctx).GuideArticle.Query().Where(guidearticle.IDIn(ids...)).WithCategory().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("guide: load search hits: %w", err)
	}
	for _, a := range arts {
		byID[a.ID] = a
	}
	return byID, nil
}
