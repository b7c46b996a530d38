package site

import (
	"fmt"
	"html/template"
	"net/http"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"relocate/internal/guide"
	"relocate/internal/lang"
)

// view is what every template gets: the page's language, texts and links,
// and the page's own data.
type view struct {
	Lang        lang.Code
	Title       string
	Description string
	// Kind is the page shown, for the navigation's aria-current.
	Kind kind
	// Canonical is the absolute URL of this page.
	Canonical string
	// Alternates are this page in every language, for the switcher and
	// hreflang links; XDefault is the German one.
	Alternates []alternate
	XDefault   string
	// Notices are shown above the content (fallback, outdated text …).
	Notices []notice
	// Data is the page's own content.
	Data any
	// NoIndex keeps search engines away (search results, confirmations).
	NoIndex bool
	// Article marks a guide article, for Open Graph; Updated is when its
	// text last changed.
	Article bool
	Updated time.Time
	// Contact is the service's contact card, on pages that show it.
	Contact *contactCard

	site   *Site
	r      *http.Request
	status int
	// private pages (forms) must not be stored by shared caches.
	private bool
	// etag, when set, is the page's ETag, known before it was built
	// (etag.go); otherwise render hashes the page.
	etag string
}

// alternate is the current page in one language.
type alternate struct {
	Lang    lang.Code
	Name    string // the language's own name: Deutsch, Latviešu …
	Href    string
	Current bool
	// Missing says the page exists in this language only as a fallback.
	Missing bool
}

// notice is a message above the page content, with an optional link.
type notice struct {
	Text     string
	LinkText string
	Link     string
	LinkLang lang.Code
}

// nativeNames are the languages' names in themselves, as the switcher shows them.
var nativeNames = map[lang.Code]string{lang.DE: "Deutsch", lang.LV: "Latviešu", lang.RU: "Русский", lang.EN: "English"}

// T renders message id in the page's language; args are name, value pairs
// for the message's template data ("Count", 3 …).
func (v *view) T(id string, args ...any) string {
	var data map[string]any
	if len(args) > 0 {
		data = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			data[fmt.Sprint(args[i])] = args[i+1]
		}
	}
	return v.site.catalog.T(v.Lang, id, data)
}

// ogLocales are the Open Graph locales of the languages.
var ogLocales = map[lang.Code]string{lang.DE: "de_DE", lang.LV: "lv_LV", lang.RU: "ru_RU", lang.EN: "en_GB"}

// OGLocale is the Open Graph locale of language l.
func (v *view) OGLocale(l lang.Code) string { return ogLocales[l] }

// OGType is the Open Graph type of the page.
func (v *view) OGType() string {
	if v.Article {
		return "article"
	}
	return "website"
}

// Modified is when an article's text last changed (RFC 3339), or "".
func (v *view) Modified() string {
	if !v.Article || v.Updated.IsZero() {
		return ""
	}
	return v.Updated.UTC().Format(time.RFC3339)
}

// ThemeColor is the site's accent colour, for browsers' toolbars.
func (v *view) ThemeColor() string { return v.site.static.theme }

// Manifest is the path of the web app manifest in the page's language.
func (v *view) Manifest() string { return manifestPath(v.Lang) }

// Static returns the fingerprinted path of a static file.
func (v *view) Static(name string) string { return v.site.static.path(name) }

// Path returns the path of page k (a kind name) in the page's language.
func (v *view) Path(k string, param ...string) string {
	p := ""
	if len(param) > 0 {
		p = param[0]
	}
	return pathTo(v.Lang, kind(k), p)
}

// ArticlePath returns the path of the article with slug in the page's language.
func (v *view) ArticlePath(slug string) string { return guide.ArticlePath(v.Lang, slug) }

// Anchor is the id of the company inquiry form in the page's language.
func (v *view) Anchor() string { return formAnchor[v.Lang] }

// Current reports whether the page shown is of kind k.
func (v *view) Current(k string) bool { return string(v.Kind) == k }

// LanguageName names the language with ISO 639-1 code in the page's language.
func (v *view) LanguageName(code string) string {
	return display.Languages(v.Lang.Tag()).Name(language.Make(code))
}

// Date writes the day of the instant t in Magdeburg as readers of the
// page's language write dates (29. November 2026, 2026. gada
// 29. novembris, 29 ноября 2026 г., 29 November 2026).
func (v *view) Date(t time.Time) string {
	return longDate(v.Lang, t.In(guide.Location()))
}

// Day writes a calendar day of the guide (kept as midnight UTC) like Date.
func (v *view) Day(t time.Time) string { return longDate(v.Lang, t.UTC()) }

// HTML marks s, produced by the guide's sanitizer, as safe to embed.
func (v *view) HTML(s string) template.HTML { return template.HTML(s) } //nolint:gosec // sanitized by guide

// absolute turns a path into an absolute URL of the site. It never uses
// the request's Host header: pages, the sitemap and robots.txt are cached
// publicly, and a forged host must not end up in them.
func (s *Site) absolute(path string) string { return s.baseURL + path }

// setAlternates fills the switcher and hreflang links from the path of this
// page in each language; missing marks languages served as a fallback.
func (v *view) setAlternates(paths map[lang.Code]string, missing map[lang.Code]bool) {
	v.Alternates = v.Alternates[:0]
	for _, l := range lang.All {
		p, ok := paths[l]
		if !ok {
			continue
		}
		v.Alternates = append(v.Alternates, alternate{
			Lang: l, Name: nativeNames[l], Href: p, Current: l == v.Lang, Missing: missing[l],
		})
		if l == lang.Source {
			v.XDefault = p
		}
		if l == v.Lang {
			v.Canonical = v.site.absolute(p)
		}
	}
}

// staticAlternates fills the links of a page that exists in every language
// under its own segment.
func (v *view) staticAlternates(k kind, param string) {
	paths := map[lang.Code]string{}
	for _, l := range lang.All {
		paths[l] = pathTo(l, k, param)
	}
	v.setAlternates(paths, nil)
}

// Abs returns the absolute URL of a path of the site.
func (v *view) Abs(path string) string { return v.site.absolute(path) }

// FormAction is where the page's form posts to: the page itself, scrolled
// to the form.
func (v *view) FormAction() string {
	if v.Kind == kCompanies {
		return v.r.URL.Path + "#" + v.Anchor()
	}
	return v.r.URL.Path
}

// formCtx is what the form partial gets.
type formCtx struct {
	V *view
	F *inquiryForm
}

// FormCtx pairs the view with a form for the form partial.
func (v *view) FormCtx(f *inquiryForm) formCtx { return formCtx{V: v, F: f} }

// formField is one text input of a form, for the text-field partial.
type formField struct {
	Name, Label, Type, Autocomplete, Value, Error string
	Required                                      bool
}

// Field describes the text input name of form f.
func (v *view) Field(f *inquiryForm, name, labelID, typ, autocomplete string, required bool) formField {
	return formField{
		Name: name, Label: v.T(labelID), Type: typ, Autocomplete: autocomplete,
		Value: f.Values[name], Error: f.Errors[name], Required: required,
	}
}
