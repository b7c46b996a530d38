package site

import (
	"crypto/rand"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"relocate/internal/auth"
	"relocate/internal/edge"
	"relocate/internal/guide"
	"relocate/internal/inquiry"
	"relocate/internal/lang"
	"relocate/locales"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Deps are what the site needs.
type Deps struct {
	Guide   *guide.Service
	Inquiry *inquiry.Service
	Catalog *locales.Catalog
	Logger  *slog.Logger
	// Secret signs form tokens; 32 bytes or more. Empty: a random one, which
	// only works while this one process runs.
	Secret []byte
	// BaseURL is the public origin for canonical links and the sitemap,
	// e.g. https://relocation.magdeburg.de; required (config derives it from the address). It is never
	// taken from a request's Host header.
	BaseURL string
	// SecurityContacts are named first in security.txt: mailto:, https: or
	// tel: URIs. The German contact page is always named.
	SecurityContacts []string
	// Now tells the time; tests set it.
	Now func() time.Time
	// Form limits submissions per client (config.Default has the values).
	Form FormLimits
	// Auth signs readers in and out: the API's service, session and throttle.
	Auth *auth.Service
	// AnswerCacheBytes bounds the memory of kept pages of published
	// content (etag.go, internal/edge); 0: pages are rendered every time.
	AnswerCacheBytes int
}

// Site is the public website.
type Site struct {
	guide   *guide.Service
	inquiry *inquiry.Service
	auth    *auth.Service
	catalog *locales.Catalog
	log     *slog.Logger
	secret  []byte
	baseURL string
	// securityContacts are the first Contact lines of security.txt.
	securityContacts []string
	now              func() time.Time
	pages            map[string]*template.Template
	static           *staticFiles
	texts            map[kind]map[lang.Code]pageText
	limiter          *limiter
	used             *usedTokens
	formConf         FormLimits
	handler          http.Handler
	// edition fingerprints the program's pages, for ETags (etag.go).
	edition string
	// pagesKept are rendered pages of published content (etag.go).
	pagesKept *edge.Cache
}

// New parses the templates and page texts once and builds the site.
func New(d Deps) (*Site, error) {
	s := &Site{
		guide: d.Guide, inquiry: d.Inquiry, auth: d.Auth, catalog: d.Catalog, log: d.Logger,
		secret: d.Secret, baseURL: strings.TrimRight(d.BaseURL, "/"), now: d.Now,
		securityContacts: d.SecurityContacts, pagesKept: edge.New(d.AnswerCacheBytes),
	}
	if s.baseURL == "" {
		return nil, errors.New("site: no public URL")
	}
	if s.now == nil {
		s.now = time.Now
	}
	if len(s.secret) == 0 {
		s.secret = make([]byte, 32)
		_, _ = rand.Read(s.secret)
	}
	s.formConf = d.Form
	if s.formConf.MinFillTime <= 0 || s.formConf.MaxAge <= 0 || s.formConf.PerClient < 1 || s.formConf.Window <= 0 || s.formConf.MaxBody <= 0 {
		return nil, fmt.Errorf("site: the form limits are not configured: %+v", s.formConf)
	}
	s.limiter = newLimiter(s.formConf.PerClient, s.formConf.Window)
	s.used = newUsedTokens(s.formConf.MaxAge)
	var err error
	if s.static, err = loadStatic(); err != nil {
		return nil, err
	}
	if s.texts, err = loadTexts(); err != nil {
		return nil, err
	}
	if s.pages, err = s.parseTemplates(); err != nil {
		return nil, err
	}
	s.edition = edition()
	mux := http.NewServeMux()
	s.routes(mux)
	s.handler = mux
	return s, nil
}

// ServeHTTP serves every path the API does not.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// parseTemplates parses the layout with each page, once at start.
func (s *Site) parseTemplates() (map[string]*template.Template, error) {
	base, err := template.New("layout.html").Funcs(template.FuncMap{
		"lower": strings.ToLower,
		"join":  strings.Join,
		"deref": func(b *bool) bool { return b != nil && *b },
	}).ParseFS(templateFiles, "templates/layout.html", "templates/_*.html")
	if err != nil {
		return nil, fmt.Errorf("site: parse layout: %w", err)
	}
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "layout" || strings.HasPrefix(name, "_") {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFiles, n)
		if err != nil {
			return nil, fmt.Errorf("site: parse %s: %w", n, err)
		}
		pages[name] = t
	}
	return pages, nil
}
