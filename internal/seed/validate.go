package seed

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"time"
	"unicode/utf8"

	"relocate/internal/lang"
)

var (
	keyPattern  = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	iso639      = regexp.MustCompile(`^[a-z]{2}$`)
	guideLink   = regexp.MustCompile(`\]\(guide:([^)#\s]*)`)
	rawHTML     = regexp.MustCompile(`(?i)<\s*/?\s*[a-z][a-z0-9]*[\s>/]`)
	h1Heading   = regexp.MustCompile(`(?m)^# `)
	maxSummary  = 250
	maxTopicDoc = 250
	// figure finds what makes an article state figures: an amount of money
	// or a percentage in its German text ("259 Euro", "9 %", "€63").
	figure = regexp.MustCompile(`\d[\d.,]*\s?(?:€|Euro\b|EUR\b|%|Prozent\b)|(?:€|EUR)\s?\d`)
)

// Validate checks every rule of content/README.md and returns all problems
// found, joined; nil when the content may be loaded.
func (c *Content) Validate() error { return c.ValidateAt(time.Now()) }

// ValidateAt is Validate on the day of now: no article may say it was
// reviewed later than that.
func (c *Content) ValidateAt(now time.Time) error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	topics := map[string]Topic{}
	for _, t := range c.Topics {
		if !keyPattern.MatchString(t.Key) {
			bad("topic %q: key must be lower-case words joined by hyphens", t.Key)
		}
		if _, dup := topics[t.Key]; dup {
			bad("topic %q: key used twice", t.Key)
		}
		topics[t.Key] = t
	}
	slugs := map[lang.Code]map[string]string{}
	useSlug := func(kind, key string, l lang.Code, slug string) {
		if !keyPattern.MatchString(slug) {
			bad("%s %q (%s): slug %q must be lower-case ASCII words joined by hyphens", kind, key, l, slug)
		}
		if slugs[l] == nil {
			slugs[l] = map[string]string{}
		}
		if other, dup := slugs[l][kind+slug]; dup {
			bad("%s %q (%s): slug %q already used by %q", kind, key, l, slug, other)
		}
		slugs[l][kind+slug] = key
	}
	for _, t := range c.Topics {
		if t.Parent != "" {
			if _, ok := topics[t.Parent]; !ok || t.Parent == t.Key {
				bad("topic %q: unknown parent %q", t.Key, t.Parent)
			}
		}
		for _, l := range lang.All {
			tt, ok := t.Texts[l]
			if !ok || tt.Name == "" {
				bad("topic %q: no name in %s", t.Key, l)
				continue
			}
			useSlug("topic", t.Key, l, tt.Slug)
			if utf8.RuneCountInString(tt.Description) > maxTopicDoc {
				bad("topic %q (%s): description longer than %d characters", t.Key, l, maxTopicDoc)
			}
		}
	}

	articles := map[string]bool{}
	for _, a := range c.Articles {
		articles[a.Key] = true
	}
	for _, a := range c.Articles {
		if !keyPattern.MatchString(a.Key) {
			bad("article %q: key must be lower-case words joined by hyphens", a.Key)
		}
		if _, ok := topics[a.Topic]; !ok {
			bad("article %q: unknown topic %q", a.Key, a.Topic)
		}
		for _, r := range a.Related {
			if !articles[r] || r == a.Key {
				bad("article %q: related article %q does not exist", a.Key, r)
			}
		}
		for _, s := range a.Sources {
			if u, err := url.Parse(s.URL); s.Title == "" || s.Publisher == "" || err != nil || u.Scheme != "https" || u.Host == "" {
				bad("article %q: source %q needs a title, a publisher and an https:// URL", a.Key, s.Title)
			}
		}
		if a.FiguresFor != 0 && (a.FiguresFor < 2000 || a.FiguresFor > 2100) {
			bad("article %q: figures_for %d is not a year", a.Key, a.FiguresFor)
		}
		c.validateFreshness(a, now, bad)
		for _, l := range lang.All {
			t, ok := a.Texts[l]
			if !ok {
				bad("article %q: no %s.md", a.Key, l)
				continue
			}
			if t.Title == "" || t.Summary == "" || t.Body == "" {
				bad("article %q (%s): title, summary and body are required", a.Key, l)
			}
			useSlug("article", a.Key, l, t.Slug)
			if utf8.RuneCountInString(t.Summary) > maxSummary {
				bad("article %q (%s): summary longer than %d characters", a.Key, l, maxSummary)
			}
			for _, m := range guideLink.FindAllStringSubmatch(t.Body, -1) {
				if !articles[m[1]] {
					bad("article %q (%s): link to unknown article guide:%s", a.Key, l, m[1])
				}
			}
			if rawHTML.MatchString(t.Body) {
				bad("article %q (%s): raw HTML is not allowed", a.Key, l)
			}
			if h1Heading.MatchString(t.Body) {
				bad("article %q (%s): headings start at ##", a.Key, l)
			}
		}
	}

	categories := map[string]bool{}
	for _, pc := range c.PlaceCategories {
		if !keyPattern.MatchString(pc.Key) || categories[pc.Key] {
			bad("place category %q: bad or repeated key", pc.Key)
		}
		categories[pc.Key] = true
		for _, l := range lang.All {
			if pc.Names[l] == "" {
				bad("place category %q: no name in %s", pc.Key, l)
			}
		}
	}
	places := map[string]bool{}
	for _, p := range c.Places {
		if !keyPattern.MatchString(p.Key) || places[p.Key] {
			bad("place %q: bad or repeated key", p.Key)
		}
		places[p.Key] = true
		if !categories[p.Category] {
			bad("place %q: unknown category %q", p.Key, p.Category)
		}
		if p.Name == "" {
			bad("place %q: no name", p.Key)
		}
		if len(p.Languages) == 0 {
			bad("place %q: no spoken language", p.Key)
		}
		for _, code := range p.Languages {
			if !iso639.MatchString(code) {
				bad("place %q: %q is not an ISO 639-1 code", p.Key, code)
			}
		}
		if p.Website != "" {
			if u, err := url.Parse(p.Website); err != nil || u.Scheme != "https" || u.Host == "" {
				bad("place %q: website must be an https:// URL", p.Key)
			}
		}
		if (p.Latitude == nil) != (p.Longitude == nil) {
			bad("place %q: latitude and longitude go together", p.Key)
		}
		if err := p.Hours.Validate(); err != nil {
			bad("place %q: %v", p.Key, err)
		}
		for _, l := range lang.All {
			if p.Texts[l].Description == "" {
				bad("place %q: no description in %s", p.Key, l)
			}
		}
	}

	terms := map[string]bool{}
	for _, t := range c.Terms {
		if !keyPattern.MatchString(t.Key) || terms[t.Key] {
			bad("term %q: bad or repeated key", t.Key)
		}
		terms[t.Key] = true
		if t.Term == "" {
			bad("term %q: no German word", t.Key)
		}
		for _, l := range lang.All {
			tt := t.Texts[l]
			if tt.Explanation == "" {
				bad("term %q: no explanation in %s", t.Key, l)
			}
			if l != lang.Source && tt.Translation == "" {
				bad("term %q: no translation in %s", t.Key, l)
			}
		}
	}
	c.validateTerminology(bad)
	slices.SortFunc(errs, func(a, b error) int {
		if a.Error() < b.Error() {
			return -1
		}
		return 1
	})
	return errors.Join(errs...)
}

// validateFreshness checks the freshness rules of an article's German
// source: it says when it was checked (not later than today) and against
// which sources, and an article that states amounts or percentages says
// which year they are for.
func (c *Content) validateFreshness(a Article, now time.Time, bad func(string, ...any)) {
	where := "articles/" + a.Key + "/de.md"
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	switch {
	case a.ReviewedAt == nil:
		bad("%s: no reviewed_at (the day the German text was last checked against its sources)", where)
	case a.ReviewedAt.After(today):
		bad("%s: reviewed_at %s is in the future", where, a.ReviewedAt.Format(time.DateOnly))
	}
	if len(a.Sources) == 0 {
		bad("%s: no [[sources]] (the public sources its facts were checked against)", where)
	}
	if a.ValidUntil != nil && a.ReviewedAt != nil && a.ValidUntil.Before(*a.ReviewedAt) {
		bad("%s: valid_until %s is before reviewed_at %s", where,
			a.ValidUntil.Format(time.DateOnly), a.ReviewedAt.Format(time.DateOnly))
	}
	de := a.Texts[lang.Source]
	if m := figure.FindString(de.Title + "\n" + de.Summary + "\n" + de.Body); m != "" && a.FiguresFor == 0 {
		bad("%s: states figures (%q) but has no figures_for (the year they are for)", where, m)
	}
}
