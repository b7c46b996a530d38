package seed

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"relocate/internal/lang"
)

// Scaled returns c with its guide content n times over, for measuring how
// the service copes with a large guide: copies 2…n of every article, place
// and glossary term, each with distinct keys and slugs in every language,
// otherwise the same texts, translations and freshness as the original.
// Copy k of an item has the key and slugs of the original with "-xk"
// appended, comes after every original in its topic (position + 100·k),
// and its related articles and guide: links point to copy k of theirs, so
// that no page grows with n; the German word of copy k of a glossary term
// has "-xk" after each of its words ("die Anmeldung-x2"), so that article
// pages, which explain the terms their text contains, do not list the
// copies. Topics, place categories, partners, the
// checklists and the terminology stay as they are. The result is the same
// for the same c and n; n < 2 returns c itself.
func (c *Content) Scaled(n int) *Content {
	if n < 2 {
		return c
	}
	out := *c
	out.Articles = slices.Clone(c.Articles)
	out.Places = slices.Clone(c.Places)
	out.Terms = slices.Clone(c.Terms)
	for k := 2; k <= n; k++ {
		for _, a := range c.Articles {
			out.Articles = append(out.Articles, a.copy(k))
		}
		for _, p := range c.Places {
			p.Key = copyKey(p.Key, k)
			p.Texts = maps.Clone(p.Texts)
			out.Places = append(out.Places, p)
		}
		for _, t := range c.Terms {
			t.Key = copyKey(t.Key, k)
			t.Term = copyTerm(t.Term, k)
			t.Texts = maps.Clone(t.Texts)
			out.Terms = append(out.Terms, t)
		}
	}
	return &out
}

// termWord is a word of a glossary term.
var termWord = regexp.MustCompile(`\p{L}{2,}`)

// copyTerm is the German word of copy k of a glossary term: "-xk" after
// every word but the article.
func copyTerm(term string, k int) string {
	return termWord.ReplaceAllStringFunc(term, func(w string) string {
		switch strings.ToLower(w) {
		case "der", "die", "das":
			return w
		}
		return w + "-x" + strconv.Itoa(k)
	})
}

// copyKey is the key (or slug) of copy k of an item.
func copyKey(key string, k int) string { return fmt.Sprintf("%s-x%d", key, k) }

// copy returns copy k of a (see Scaled).
func (a Article) copy(k int) Article {
	a.Key = copyKey(a.Key, k)
	a.Position += 100 * k
	related := make([]string, len(a.Related))
	for i, r := range a.Related {
		related[i] = copyKey(r, k)
	}
	a.Related = related
	texts := make(map[lang.Code]ArticleText, len(a.Texts))
	for l, t := range a.Texts {
		t.Slug = copyKey(t.Slug, k)
		t.Body = guideLink.ReplaceAllString(t.Body, "](guide:${1}-x"+fmt.Sprint(k))
		texts[l] = t
	}
	a.Texts = texts
	return a
}
