package guide

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"entgo.io/contrib/entgql"

	"relocate/ent"
	"relocate/ent/glossaryterm"
	"relocate/internal/lang"
)

// Terms returns one page of the glossary, A–Z unless order says otherwise.
func (s *Service) Terms(ctx context.Context, p Page, order *ent.GlossaryTermOrder, where *ent.GlossaryTermWhereInput) (*ent.GlossaryTermConnection, error) {
	p, err := p.Normalize()
	if err != nil {
		return nil, err
	}
	if order == nil {
		order = &ent.GlossaryTermOrder{Field: ent.GlossaryTermOrderFieldSortKey, Direction: entgql.OrderDirectionAsc}
	}
	if sn := s.snap(ctx); sn != nil && where == nil && order.Field != nil && order.Field.String() == "TERM" {
		if conn, ok := termPage(sn.terms, p, order); ok {
			return conn, nil
		}
	}
	opts := []ent.GlossaryTermPaginateOption{ent.WithGlossaryTermOrder(order)}
	if where != nil {
		opts = append(opts, ent.WithGlossaryTermFilter(where.Filter))
	}
	return s.ent(ctx).GlossaryTerm.Query().Paginate(ctx, p.After, p.First, p.Before, p.Last, opts...)
}

// TermSortKey is the A–Z key of a German glossary word: without its article
// (der, die, das), folded to lower case without diacritics.
func TermSortKey(term string) string {
	t := strings.TrimSpace(term)
	for _, article := range []string{"der ", "die ", "das "} {
		if len(t) > len(article) && strings.EqualFold(t[:len(article)], article) {
			t = t[len(article):]
			break
		}
	}
	return fold(strings.ReplaceAll(strings.ReplaceAll(t, "ß", "ss"), "ẞ", "ss"))
}

// ArticleTerms returns the glossary terms whose German word occurs in the
// text of article a served to the reader of ctx, A–Z: the words an article
// page explains next to the text.
func (s *Service) ArticleTerms(ctx context.Context, a *ent.GuideArticle) ([]*ent.GlossaryTerm, error) {
	if sn := s.snap(ctx); sn != nil {
		r, err := s.render(sn, a, lang.FromContext(ctx).Chain)
		if err != nil {
			return nil, err
		}
		return slices.Clone(r.terms), nil
	}
	t, err := s.ArticleText(ctx, a)
	if err != nil || !t.Found {
		return nil, err
	}
	// Every term with its texts, once per request: a list of articles costs
	// the same two statements as one article.
	terms, err := cached(ctx, "terms", func() ([]*ent.GlossaryTerm, error) {
		return s.ent(ctx).GlossaryTerm.Query().Order(glossaryterm.BySortKey()).All(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("guide: load glossary: %w", err)
	}
	return termsIn(terms, t.Text.Title+"\n"+t.Text.Summary+"\n"+s.markdown.PlainText(t.Text.Body)), nil
}

// termsIn returns the terms (A–Z) whose German word occurs in text.
func termsIn(terms []*ent.GlossaryTerm, text string) []*ent.GlossaryTerm {
	text = fold(text)
	used := []*ent.GlossaryTerm{}
	for _, term := range terms {
		for _, w := range termWords(term.Term) {
			if containsWord(text, w) {
				used = append(used, term)
				break
			}
		}
	}
	return used
}

// termWords returns the forms under which a glossary word appears in texts:
// "die Krankschreibung (Arbeitsunfähigkeitsbescheinigung)" appears as
// "krankschreibung" or "arbeitsunfahigkeitsbescheinigung", "der Hausarzt /
// die Hausärztin" as "hausarzt" or "hausarztin"; folded like the text.
func termWords(term string) []string {
	var words []string
	head, rest, _ := strings.Cut(term, "(")
	alts := strings.Split(head, "/")
	if inner, _, ok := strings.Cut(rest, ")"); ok {
		alts = append(alts, inner)
	}
	for _, a := range alts {
		if w := TermSortKey(a); w != "" {
			words = append(words, w)
		}
	}
	return words
}

// containsWord reports whether word occurs in text at the start of a word
// ("anmeldung" in "… die anmeldung …" and in "anmeldungen", not in
// "abmeldung").
func containsWord(text, word string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], word)
		if j < 0 {
			return false
		}
		at := i + j
		if at == 0 {
			return true
		}
		if r, _ := utf8.DecodeLastRuneInString(text[:at]); !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return true
		}
		i = at + len(word)
	}
}
