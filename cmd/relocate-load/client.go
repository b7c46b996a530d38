package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// The review's five public GraphQL reads (its appendix, mix.lua).
var readQueries = []string{
	`{ guideCategories { name slug articles(first: 10) { edges { node { title summary path } } } } }`,
	`query @inContext(language: LV) { guideArticle(slug: "wohnsitz-anmelden") { title language translationStatus summary bodyHtml translations { language title path status } } }`,
	`{ searchGuide(query: "wohnung", first: 5) { article { title path } snippet } }`,
	`{ places(first: 20, where: {speaks: "lv"}) { edges { node { name description phone openingHours { day opens closes } } } } }`,
	`{ glossaryTerms(first: 30) { edges { node { term translation explanation } } } languages { code completeness } }`,
}

// The review's site pages; every one is a route of internal/site/routes.go
// on the seeded content.
var pages = []string{
	"/de/", "/lv/", "/en/places", "/ru/glossarij", "/de/ratgeber/wohnsitz-anmelden",
	"/lv/celvedis/dzivesvietas-registracija", "/en/search?q=apartment", "/de/themen/wohnen", "/en/places/fc-magdeburg",
}

// contactForms are the newcomers' contact form in each language.
var contactForms = []string{"/de/kontakt", "/lv/kontakti", "/ru/kontakty", "/en/contact"}

var tokenField = regexp.MustCompile(`name="token" value="([^"]+)"`)

const (
	editorEmail    = "load-editor@load.example"
	editorPassword = "load-test-password-1234"
	// minFillTime is a little more than the site's minimum time between
	// showing a form and sending it (3 s).
	minFillTime = 3200 * time.Millisecond
	// backoff is how long a client waits after an answer that was not a
	// success, so that refused connections do not turn into a busy loop.
	backoff = 50 * time.Millisecond
)

// client sends requests to one relocate instance and records what they
// came to. Clients share one transport; each load goroutine has its own
// client value (its samples are its own).
type client struct {
	base    string
	http    *http.Client
	token   string // Bearer token of the editor, for writes
	t0      time.Time
	samples []sample
}

func newTransport(conns int) *http.Transport {
	return &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns:        conns * 2,
		MaxIdleConnsPerHost: conns * 2,
		IdleConnTimeout:     60 * time.Second,
	}
}

func newHTTPClient(tr http.RoundTripper, timeout time.Duration) *http.Client {
	return &http.Client{
		Transport: tr,
		Timeout:   timeout,
		// A form's 303 is its answer; do not follow it.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// send performs req, records it as kind and returns the answer's body.
// A failed request other than a GraphQL one is described by label (its
// path), not by the start of an HTML page.
func (c *client) send(req *http.Request, kind, label string, graphql bool) (sample, http.Header, []byte) {
	start := time.Since(c.t0)
	resp, err := c.http.Do(req)
	var body []byte
	if err == nil {
		body, err = io.ReadAll(resp.Body)
		_ = resp.Body.Close()
	}
	s := sample{kind: kind, start: start, end: time.Since(c.t0)}
	if err != nil {
		s.outcome, s.detail = outNetError, netDetail(err)
		if !graphql {
			s.detail = label + ": " + s.detail
		}
		c.samples = append(c.samples, s)
		return s, nil, nil
	}
	s.status = resp.StatusCode
	s.outcome, s.detail = classify(resp.StatusCode, resp.Header, body, graphql)
	if !graphql && s.outcome != outOK && s.outcome != outRedirect {
		s.detail = label
	}
	c.samples = append(c.samples, s)
	return s, resp.Header, body
}

// netDetail shortens a transport error to its cause.
func netDetail(err error) string {
	var ne net.Error
	switch {
	case errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case strings.Contains(err.Error(), "connection refused"):
		return "connection refused"
	case strings.Contains(err.Error(), "connection reset"):
		return "connection reset"
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed"
	}
	return shorten(err.Error(), 120)
}

// graphql posts an operation; auth adds the editor's token.
func (c *client) graphql(ctx context.Context, kind, query string, vars map[string]any, auth bool) (sample, []byte) {
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/graphql", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Language", "ru, en;q=0.5") // as the review's reads
	if auth {
		req.Header.Set("Authorization", "Bearer "+c.token)
		req.Header.Set("Accept-Language", "en") // the editor's errors in the report in English
	}
	s, _, body := c.send(req, kind, "", true)
	return s, body
}

// page fetches a site page.
func (c *client) page(ctx context.Context, kind, path string) (sample, []byte) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	req.Header.Set("Accept-Language", "lv")
	s, _, body := c.send(req, kind, "GET "+path, false)
	return s, body
}

// read sends one of the review's reads: a GraphQL query or a site page.
func (c *client) read(ctx context.Context, rng *rand.Rand) sample {
	if rng.IntN(2) == 0 {
		s, _ := c.graphql(ctx, "graphql", readQueries[rng.IntN(len(readQueries))], nil, false)
		return s
	}
	s, _ := c.page(ctx, "page", pages[rng.IntN(len(pages))])
	return s
}

// article is a guide article the editor writes to, with the languages it
// has a text in.
type article struct {
	ID        string
	Languages []string // other than DE
}

const (
	editSource = `mutation($id: ID!, $s: String!) { editGuideArticleSource(id: $id, change: MINOR, input: {summary: $s}) { id } }`
	editText   = `mutation($id: ID!, $l: LanguageCode!, $s: String!) { writeGuideArticleTranslation(id: $id, language: $l, input: {summary: $s}) { id } }`
)

// write stores marker as the summary of an article: half the time as a
// minor edit of the German source, else as a translation. It reports
// whether the server acknowledged it (an answer without errors).
func (c *client) write(ctx context.Context, rng *rand.Rand, arts []article, marker string) (sample, bool) {
	a := arts[rng.IntN(len(arts))]
	var s sample
	if len(a.Languages) == 0 || rng.IntN(2) == 0 {
		s, _ = c.graphql(ctx, "write", editSource, map[string]any{"id": a.ID, "s": marker}, true)
	} else {
		l := a.Languages[rng.IntN(len(a.Languages))]
		s, _ = c.graphql(ctx, "write", editText, map[string]any{"id": a.ID, "l": l, "s": marker}, true)
	}
	return s, s.outcome == outOK
}

// form is one client's contact form in progress: shown at fetched, sent
// once the minimum fill time has passed.
type form struct {
	path    string
	token   string
	fetched time.Time
}

// formStep moves the client's form on: fetch one when it has none, send it
// when it has waited long enough, else read something else meanwhile.
// posted says whether it sent the form (with marker as its message),
// accepted whether the site took it (303 to the confirmation).
func (c *client) formStep(ctx context.Context, rng *rand.Rand, f *form, marker string) (s sample, posted, accepted bool) {
	switch {
	case f.token == "":
		f.path = contactForms[rng.IntN(len(contactForms))]
		s, body := c.page(ctx, "form", f.path)
		if m := tokenField.FindSubmatch(body); s.outcome == outOK && m != nil {
			f.token, f.fetched = string(m[1]), time.Now()
		}
		return s, false, false
	case time.Since(f.fetched) < minFillTime:
		return c.read(ctx, rng), false, false
	}
	v := url.Values{
		"token": {f.token}, "name": {"Load Test"}, "email": {"load@load.example"},
		"preferred_language": {"lv"}, "message": {marker}, "consent": {"yes"},
	}
	f.token = ""
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, c.base+f.path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	s, h, _ := c.send(req, "form", "POST "+f.path, false)
	if s.status == http.StatusSeeOther && strings.Contains(h.Get("Location"), "sent=1") {
		return s, true, true
	}
	if s.outcome == outRedirect { // a redirect elsewhere is not an acceptance
		s.outcome, s.detail = outClientError, "redirect to "+h.Get("Location")
		c.samples[len(c.samples)-1] = s
	}
	return s, true, false
}

// login signs the editor in and keeps the token.
func (c *client) login(ctx context.Context) error {
	s, body := c.graphql(ctx, "setup", `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }`,
		map[string]any{"e": editorEmail, "p": editorPassword}, false)
	if s.outcome != outOK {
		return fmt.Errorf("sign-in failed: %s %s", statusText(s), s.detail)
	}
	var r struct {
		Data struct {
			Login struct{ Token string }
		}
	}
	if err := json.Unmarshal(body, &r); err != nil || r.Data.Login.Token == "" {
		return fmt.Errorf("sign-in answered no token: %s", shorten(string(body), 200))
	}
	c.token = r.Data.Login.Token
	return nil
}

// articles lists the published articles with the languages they have.
func (c *client) articles(ctx context.Context) ([]article, error) {
	s, body := c.graphql(ctx, "setup", `{ guideArticles(first: 100) { edges { node { id translations { language status } } } } }`, nil, false)
	if s.outcome != outOK {
		return nil, fmt.Errorf("listing articles failed: %s %s", statusText(s), s.detail)
	}
	var r struct {
		Data struct {
			GuideArticles struct {
				Edges []struct {
					Node struct {
						ID           string
						Translations []struct{ Language, Status string }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("listing articles: %w", err)
	}
	var arts []article
	for _, e := range r.Data.GuideArticles.Edges {
		a := article{ID: e.Node.ID}
		for _, t := range e.Node.Translations {
			if t.Language != "DE" && t.Status != "MISSING" {
				a.Languages = append(a.Languages, t.Language)
			}
		}
		arts = append(arts, a)
	}
	if len(arts) == 0 {
		return nil, errors.New("the guide has no published articles to write to")
	}
	return arts, nil
}

// preflight sends every read, page and form once and fails on anything but
// a success, so that a renamed page or field shows as a tool error rather
// than as load failures.
func (c *client) preflight(ctx context.Context) error {
	var bad []string
	for _, q := range readQueries {
		if s, _ := c.graphql(ctx, "setup", q, nil, false); s.outcome != outOK {
			bad = append(bad, fmt.Sprintf("%s → %s %s", shorten(q, 60), statusText(s), s.detail))
		}
	}
	for _, p := range append(append([]string{}, pages...), contactForms...) {
		if s, _ := c.page(ctx, "setup", p); s.outcome != outOK {
			bad = append(bad, fmt.Sprintf("GET %s → %s", p, statusText(s)))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("preflight: the tool's requests do not fit this server:\n  %s", strings.Join(bad, "\n  "))
	}
	return nil
}
