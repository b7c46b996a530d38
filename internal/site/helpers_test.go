package site_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"relocate/internal/testenv"
)

func TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }

// page is a fetched page, parsed.
type page struct {
	t      *testing.T
	status int
	header http.Header
	body   string
	doc    *html.Node
}

func get(t *testing.T, h http.Handler, target string, header ...string) *page {
	t.Helper()
	return do(t, h, httptest.NewRequest(http.MethodGet, target, nil), header...)
}

func postForm(t *testing.T, h http.Handler, target string, form url.Values, header ...string) *page {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return do(t, h, req, header...)
}

func do(t *testing.T, h http.Handler, req *http.Request, header ...string) *page {
	t.Helper()
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	p := &page{t: t, status: rec.Code, header: rec.Header(), body: rec.Body.String()}
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		doc, err := html.Parse(strings.NewReader(p.body))
		if err != nil {
			t.Fatalf("%s: not HTML: %v", req.URL, err)
		}
		p.doc = doc
	}
	return p
}

// all returns the elements named tag whose attributes include every
// name=value pair in attrs (value "" matches any value).
func (p *page) all(tag string, attrs ...string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == tag {
			ok := true
			for i := 0; i+1 < len(attrs); i += 2 {
				v, has := attr(n, attrs[i])
				if !has || (attrs[i+1] != "" && v != attrs[i+1]) {
					ok = false
				}
			}
			if ok {
				out = append(out, n)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	if p.doc != nil {
		walk(p.doc)
	}
	return out
}

func (p *page) first(tag string, attrs ...string) *html.Node {
	p.t.Helper()
	n := p.all(tag, attrs...)
	if len(n) == 0 {
		p.t.Fatalf("no <%s %v> in page:\n%s", tag, attrs, p.body)
	}
	return n[0]
}

func attr(n *html.Node, name string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val, true
		}
	}
	return "", false
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func (p *page) lang() string {
	v, _ := attr(p.first("html"), "lang")
	return v
}

func (p *page) h1() string { return text(p.first("h1")) }

// clock is a settable time for tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func httpRequest(method, target, body string) *http.Request {
	return httptest.NewRequest(method, target, strings.NewReader(body))
}

// byID returns the element with the given id.
func (p *page) byID(id string) *html.Node {
	p.t.Helper()
	var found *html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if v, ok := attr(n, "id"); ok && v == id && n.Type == html.ElementNode {
			found = n
		}
		for c := n.FirstChild; c != nil && found == nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(p.doc)
	if found == nil {
		p.t.Fatalf("no element #%s", id)
	}
	return found
}
