package seed

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"relocate/ent/glossaryterm"
	"relocate/ent/glossarytermtranslation"
	"relocate/ent/guidearticle"
	"relocate/ent/guidearticletranslation"
	"relocate/ent/guidecategory"
	"relocate/ent/guidecategorytranslation"
	"relocate/ent/place"
	"relocate/ent/placecategory"
	"relocate/ent/placecategorytranslation"
	"relocate/ent/placetranslation"
	"relocate/ent/schema"
	"relocate/ent/schema/schematype"
	"relocate/internal/apperr"
	"relocate/internal/lang"
	"relocate/locales"

	_ "relocate/ent/runtime" // registers the schema's validators
)

var (
	guideLink = regexp.MustCompile(`\]\(guide:([^)#\s]*)`)
	rawHTML   = regexp.MustCompile(`(?i)<\s*/?\s*[a-z][a-z0-9]*[\s>/]`)
	h1Heading = regexp.MustCompile(`(?m)^# `)
	// figure finds what makes an article state figures: an amount of money
	// or a percentage in its German text ("259 Euro", "9 %", "€63").
	figure = regexp.MustCompile(`\d[\d.,]*\s?(?:€|Euro\b|EUR\b|%|Prozent\b)|(?:€|EUR)\s?\d`)
)

// Validate checks every rule of content/README.md and returns all problems
// found, joined; nil when the content may be loaded. Limits and formats
// are the ent schema's: its generated validators decide, and their
// messages (in English) say what is wrong.
func (c *Content) Validate() error { return c.ValidateAt(time.Now()) }

// ValidateAt is Validate on the day of now: no article may say it was
// reviewed later than that.
func (c *Content) ValidateAt(now time.Time) error {
	catalog, err := locales.Load()
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	// check reports what the schema's validate says about the field of
	// what (e.g. `article "x" (lv)`).
	check := func(what, field string, validate func(string) error, value string) {
		var f apperr.Fields
		f.Check(field, validate(value))
		for _, p := range f {
			bad("%s: %s: %s", what, p.Path, catalog.T(lang.EN, p.MessageID, p.Data))
		}
	}
	checkErr := func(what, field string, err error) {
		check(what, field, func(string) error { return err }, "")
	}

	topics := map[string]Topic{}
	for _, t := range c.Topics {
		check(fmt.Sprintf("topic %q", t.Key), "key", guidecategory.KeyValidator, t.Key)
		if t.Icon != "" {
			check(fmt.Sprintf("topic %q", t.Key), "icon", guidecategory.IconValidator, t.Icon)
		}
		if _, dup := topics[t.Key]; dup {
			bad("topic %q: key used twice", t.Key)
		}
		topics[t.Key] = t
	}
	slugs := map[lang.Code]map[string]string{}
	useSlug := func(kind, key string, l lang.Code, slug string, validate func(string) error) {
		check(fmt.Sprintf("%s %q (%s)", kind, key, l), "slug", validate, slug)
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
			useSlug("topic", t.Key, l, tt.Slug, guidecategorytranslation.SlugValidator)
			what := fmt.Sprintf("topic %q (%s)", t.Key, l)
			check(what, "name", guidecategorytranslation.NameValidator, tt.Name)
			check(what, "description", guidecategorytranslation.DescriptionValidator, tt.Description)
		}
	}

	articles := map[string]bool{}
	for _, a := range c.Articles {
		articles[a.Key] = true
	}
	for _, a := range c.Articles {
		check(fmt.Sprintf("article %q", a.Key), "key", guidearticle.KeyValidator, a.Key)
		if _, ok := topics[a.Topic]; !ok {
			bad("article %q: unknown topic %q", a.Key, a.Topic)
		}
		for _, r := range a.Related {
			if !articles[r] || r == a.Key {
				bad("article %q: related article %q does not exist", a.Key, r)
			}
		}
		where := "articles/" + a.Key + "/de.md"
		checkErr(where, "sources", schema.CheckSources(a.Sources))
		if a.FiguresFor != 0 {
			checkErr(where, "figures_for", guidearticle.FiguresForValidator(a.FiguresFor))
		}
		c.validateFreshness(a, now, bad)
		for _, l := range lang.All {
			t, ok := a.Texts[l]
			if !ok {
				bad("article %q: no %s.md", a.Key, l)
				continue
			}
			what := fmt.Sprintf("article %q (%s)", a.Key, l)
			check(what, "title", guidearticletranslation.TitleValidator, t.Title)
			check(what, "summary", guidearticletranslation.SummaryValidator, t.Summary)
			check(what, "body", guidearticletranslation.BodyValidator, t.Body)
			useSlug("article", a.Key, l, t.Slug, guidearticletranslation.SlugValidator)
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
		check(fmt.Sprintf("place category %q", pc.Key), "key", placecategory.KeyValidator, pc.Key)
		if pc.Icon != "" {
			check(fmt.Sprintf("place category %q", pc.Key), "icon", placecategory.IconValidator, pc.Icon)
		}
		if categories[pc.Key] {
			bad("place category %q: repeated key", pc.Key)
		}
		categories[pc.Key] = true
		for _, l := range lang.All {
			check(fmt.Sprintf("place category %q (%s)", pc.Key, l), "name", placecategorytranslation.NameValidator, pc.Names[l])
		}
	}
	places := map[string]bool{}
	for _, p := range c.Places {
		what := fmt.Sprintf("place %q", p.Key)
		check(what, "key", place.KeyValidator, p.Key)
		if places[p.Key] {
			bad("place %q: repeated key", p.Key)
		}
		places[p.Key] = true
		if !categories[p.Category] {
			bad("place %q: unknown category %q", p.Key, p.Category)
		}
		check(what, "name", place.NameValidator, p.Name)
		check(what, "street", place.StreetValidator, p.Street)
		check(what, "postal_code", place.PostalCodeValidator, p.PostalCode)
		check(what, "city", place.CityValidator, p.City)
		check(what, "phone", place.PhoneValidator, p.Phone)
		check(what, "email", place.EmailValidator, p.Email)
		check(what, "website", place.WebsiteValidator, p.Website)
		if len(p.Languages) == 0 {
			bad("place %q: no spoken language", p.Key)
		}
		for _, code := range p.Languages {
			if schematype.CheckLanguageCode(code) != nil {
				bad("place %q: %q is not an ISO 639-1 code", p.Key, code)
			}
		}
		if p.Latitude != nil {
			checkErr(what, "latitude", place.LatitudeValidator(*p.Latitude))
		}
		if p.Longitude != nil {
			checkErr(what, "longitude", place.LongitudeValidator(*p.Longitude))
		}
		checkErr(what, "", schematype.CheckCoordinates(p.Latitude, p.Longitude))
		checkErr(what, "hours", p.Hours.Validate())
		for _, l := range lang.All {
			what := fmt.Sprintf("place %q (%s)", p.Key, l)
			check(what, "name", placetranslation.NameValidator, p.Texts[l].Name)
			check(what, "description", placetranslation.DescriptionValidator, p.Texts[l].Description)
		}
	}

	terms := map[string]bool{}
	for _, t := range c.Terms {
		check(fmt.Sprintf("term %q", t.Key), "key", glossaryterm.KeyValidator, t.Key)
		if terms[t.Key] {
			bad("term %q: repeated key", t.Key)
		}
		terms[t.Key] = true
		check(fmt.Sprintf("term %q", t.Key), "term", glossaryterm.TermValidator, t.Term)
		for _, l := range lang.All {
			tt := t.Texts[l]
			what := fmt.Sprintf("term %q (%s)", t.Key, l)
			check(what, "explanation", glossarytermtranslation.ExplanationValidator, tt.Explanation)
			if l != lang.Source && strings.TrimSpace(tt.Translation) == "" {
				bad("term %q: no translation in %s", t.Key, l)
			}
			check(what, "translation", glossarytermtranslation.TranslationValidator, tt.Translation)
		}
	}
	c.validateChecklists(check, checkErr, bad)
	c.validateTerminology(bad)
	c.validatePartners(check, bad)
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
