package site

import (
	"net/http"
	"strings"

	"relocate/internal/guide"
	inq "relocate/internal/inquiry"
	"relocate/internal/lang"
)

// kind names a page of the site.
type kind string

// The pages of the site.
const (
	kHome          kind = "home"
	kTopic         kind = "topic"
	kArticle       kind = "article"
	kSearch        kind = "search"
	kPlaces        kind = "places"
	kGlossary      kind = "glossary"
	kCompanies     kind = "companies"
	kContact       kind = "contact"
	kAbout         kind = "about"
	kImprint       kind = "imprint"
	kPrivacy       kind = "privacy"
	kAccessibility kind = "accessibility"
	kSignIn        kind = "sign-in"
	kSignOut       kind = "sign-out"
)

// segments are the first path segment of each page in each language, so
// that every URL reads naturally: /lv/celvedis/…, /ru/mesta, /de/glossar.
var segments = map[kind]map[lang.Code]string{
	kTopic:         {lang.DE: "themen", lang.LV: "temas", lang.RU: "temy", lang.EN: "topics"},
	kArticle:       {lang.DE: guide.GuideSegment(lang.DE), lang.LV: guide.GuideSegment(lang.LV), lang.RU: guide.GuideSegment(lang.RU), lang.EN: guide.GuideSegment(lang.EN)},
	kSearch:        {lang.DE: "suche", lang.LV: "meklet", lang.RU: "poisk", lang.EN: "search"},
	kPlaces:        {lang.DE: "orte", lang.LV: "vietas", lang.RU: "mesta", lang.EN: "places"},
	kGlossary:      {lang.DE: "glossar", lang.LV: "vardnica", lang.RU: "glossarij", lang.EN: "glossary"},
	kCompanies:     {lang.DE: "unternehmen", lang.LV: "uznemumiem", lang.RU: "kompaniyam", lang.EN: "companies"},
	kContact:       {lang.DE: "kontakt", lang.LV: "kontakti", lang.RU: "kontakty", lang.EN: "contact"},
	kAbout:         {lang.DE: "ueber-uns", lang.LV: "par-mums", lang.RU: "o-nas", lang.EN: "about"},
	kImprint:       {lang.DE: "impressum", lang.LV: "izdeveja-informacija", lang.RU: "vyhodnye-dannye", lang.EN: "imprint"},
	kPrivacy:       {lang.DE: "datenschutz", lang.LV: "privatums", lang.RU: "konfidencialnost", lang.EN: "privacy"},
	kAccessibility: {lang.DE: "barrierefreiheit", lang.LV: "pieejamiba", lang.RU: "dostupnost", lang.EN: "accessibility"},
	kSignIn:        {lang.DE: "anmelden", lang.LV: "pieteikties", lang.RU: "vhod", lang.EN: "sign-in"},
	kSignOut:       {lang.DE: "abmelden", lang.LV: "iziet", lang.RU: "vyhod", lang.EN: "sign-out"},
}

// formAnchor is the fragment of the company inquiry form on the companies
// page in each language.
var formAnchor = map[lang.Code]string{lang.DE: "anfrage", lang.LV: "pieprasijums", lang.RU: "zapros", lang.EN: "inquiry"}

// pathTo returns the path of page k in language l; param is the slug or
// key of pages that have one.
func pathTo(l lang.Code, k kind, param string) string {
	p := "/" + string(l) + "/"
	if k == kHome {
		return p
	}
	p += segments[k][l]
	if param != "" {
		p += "/" + param
	}
	return p
}

// routes registers every page of the site on mux: one line per page and
// language, the route table of the whole site.
func (s *Site) routes(mux *http.ServeMux) {
	contact := inquiryPage{site: s, kind: inq.Newcomer, page: kContact}
	companies := inquiryPage{site: s, kind: inq.Company, page: kCompanies}
	for _, l := range lang.All {
		page := func(pattern string, h func(http.ResponseWriter, *http.Request, *view)) {
			mux.Handle(pattern, s.page(l, h))
		}
		page("GET /"+string(l)+"/{$}", s.published(s.home))
		page("GET "+pathTo(l, kTopic, "{slug}"), s.published(s.topic))
		page("GET "+pathTo(l, kArticle, "{slug}"), s.published(s.article))
		page("GET "+pathTo(l, kSearch, ""), s.search)
		page("GET "+pathTo(l, kPlaces, ""), s.places)
		page("GET "+pathTo(l, kPlaces, "{key}"), s.place)
		page("GET "+pathTo(l, kGlossary, ""), s.published(s.glossary))
		page("GET "+pathTo(l, kCompanies, ""), companies.get)
		page("POST "+pathTo(l, kCompanies, ""), companies.post)
		page("GET "+pathTo(l, kContact, ""), contact.get)
		page("POST "+pathTo(l, kContact, ""), contact.post)
		page("GET "+pathTo(l, kAbout, ""), s.staticPage(kAbout))
		page("GET "+pathTo(l, kImprint, ""), s.staticPage(kImprint))
		page("GET "+pathTo(l, kPrivacy, ""), s.staticPage(kPrivacy))
		page("GET "+pathTo(l, kAccessibility, ""), s.staticPage(kAccessibility))
		page("GET "+pathTo(l, kSignIn, ""), s.signInPage)
		page("POST "+pathTo(l, kSignIn, ""), s.signIn)
		page("POST "+pathTo(l, kSignOut, ""), s.signOut)
		mux.HandleFunc("GET "+manifestPath(l), s.manifest(l))
	}
	mux.HandleFunc("GET /{$}", s.rootRedirect)
	mux.HandleFunc("GET /sitemap.xml", s.sitemap)
	mux.HandleFunc("GET /robots.txt", s.robots)
	mux.HandleFunc("GET /.well-known/security.txt", s.securityTxt)
	mux.Handle("GET /security.txt", http.RedirectHandler("/.well-known/security.txt", http.StatusMovedPermanently))
	mux.HandleFunc("GET /favicon.ico", s.rootFile("favicon.ico", "image/x-icon"))
	mux.HandleFunc("GET /apple-touch-icon.png", s.rootFile("apple-touch-icon.png", "image/png"))
	mux.HandleFunc("GET /apple-touch-icon-precomposed.png", s.rootFile("apple-touch-icon.png", "image/png"))
	mux.Handle("GET /static/", s.static)
	mux.Handle("/", s.page("", s.noRoute(mux)))
}

// noRoute answers requests no route takes: 405 with the methods the path
// allows when it names a page (a form posted to a page without one, a
// PUT), else 404.
func (s *Site) noRoute(mux *http.ServeMux) func(http.ResponseWriter, *http.Request, *view) {
	return func(w http.ResponseWriter, r *http.Request, v *view) {
		var allowed []string
		for _, m := range []string{http.MethodGet, http.MethodPost} {
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, pattern := mux.Handler(probe); pattern != "/" && pattern != "" {
				allowed = append(allowed, m)
				if m == http.MethodGet {
					allowed = append(allowed, http.MethodHead)
				}
			}
		}
		if len(allowed) == 0 || r.Method == http.MethodGet || r.Method == http.MethodHead {
			s.errorPage(w, v, http.StatusNotFound)
			return
		}
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		s.errorPage(w, v, http.StatusMethodNotAllowed)
	}
}
