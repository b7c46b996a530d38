package site_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"relocate/ent/guidearticletranslation"
	"relocate/internal/config"
	"relocate/internal/guide"
	"relocate/internal/lang"
	"relocate/internal/site"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// securityTxt parses security.txt into its fields.
func securityTxt(t *testing.T, body string) map[string][]string {
	t.Helper()
	fields := map[string][]string{}
	for _, line := range strings.Split(body, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, value, ok := strings.Cut(line, ": ")
		if !ok {
			t.Fatalf("security.txt: line %q is not a field", line)
		}
		fields[name] = append(fields[name], value)
	}
	return fields
}

func TestSecurityTxt(t *testing.T) {
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	h := testenv.NewApp(t, testenv.DBs[0], testenv.WithClock(func() time.Time { return now })).Handler
	p := get(t, h, "/.well-known/security.txt")
	if p.status != 200 || p.header.Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Fatalf("%d %s", p.status, p.header.Get("Content-Type"))
	}
	f := securityTxt(t, p.body)
	if !slices.Equal(f["Contact"], []string{"http://localhost:8080/de/kontakt"}) {
		t.Errorf("Contact: %v", f["Contact"])
	}
	if !slices.Equal(f["Preferred-Languages"], []string{"de, en, lv, ru"}) {
		t.Errorf("Preferred-Languages: %v", f["Preferred-Languages"])
	}
	if len(f["Expires"]) != 1 {
		t.Fatalf("Expires: %v", f["Expires"])
	}
	expires, err := time.Parse(time.RFC3339, f["Expires"][0])
	if err != nil || !expires.After(now.Add(90*24*time.Hour)) || !expires.Before(now.Add(365*24*time.Hour)) {
		t.Errorf("Expires %v: must lie months, and less than a year, ahead of %v", f["Expires"], now)
	}
	if f["Canonical"] != nil {
		t.Errorf("a local site names a canonical URL: %v", f["Canonical"])
	}
	if r := get(t, h, "/security.txt"); r.status != http.StatusMovedPermanently || r.header.Get("Location") != "/.well-known/security.txt" {
		t.Errorf("/security.txt: %d %s", r.status, r.header.Get("Location"))
	}

	// With a public URL and a security contact.
	a := testenv.NewApp(t, testenv.DBs[0], testenv.WithConfig(func(c *config.Config) {
		c.Database.SeedIfEmpty = false
		c.Site.PublicURL, c.Site.PublicURLDefaulted = "https://relocation.magdeburg.de", false
		c.Site.SecurityContacts = []string{"mailto:security@magdeburg.example"}
	}))
	f = securityTxt(t, get(t, a.Handler, "/.well-known/security.txt").body)
	if !slices.Equal(f["Contact"], []string{"mailto:security@magdeburg.example", "https://relocation.magdeburg.de/de/kontakt"}) {
		t.Errorf("Contact: %v", f["Contact"])
	}
	if !slices.Equal(f["Canonical"], []string{"https://relocation.magdeburg.de/.well-known/security.txt"}) {
		t.Errorf("Canonical: %v", f["Canonical"])
	}
}

func TestIconsAndManifest(t *testing.T) {
	h := testenv.Shared(t, testenv.DBs[0]).Handler
	ico := get(t, h, "/favicon.ico")
	if ico.status != 200 || ico.header.Get("Content-Type") != "image/x-icon" || !strings.HasPrefix(ico.body, "\x00\x00\x01\x00") {
		t.Errorf("favicon.ico: %d %s", ico.status, ico.header.Get("Content-Type"))
	}
	if again := get(t, h, "/favicon.ico", "If-None-Match", ico.header.Get("ETag")); again.status != http.StatusNotModified {
		t.Errorf("favicon.ico revalidation: %d", again.status)
	}
	touch := get(t, h, "/apple-touch-icon.png")
	if touch.status != 200 || touch.header.Get("Content-Type") != "image/png" || !strings.HasPrefix(touch.body, "\x89PNG") {
		t.Errorf("apple-touch-icon.png: %d %s", touch.status, touch.header.Get("Content-Type"))
	}
	css := get(t, h, "/de/")
	href, _ := attr(css.first("link", "rel", "stylesheet"), "href")
	accent := regexp.MustCompile(`--accent:\s*(#[0-9a-f]+);`).FindStringSubmatch(get(t, h, href).body)
	if accent == nil {
		t.Fatal("no --accent in the stylesheet")
	}
	for _, l := range lang.All {
		home := get(t, h, "/"+string(l)+"/")
		manifestHref, _ := attr(home.first("link", "rel", "manifest"), "href")
		m := get(t, h, manifestHref)
		if m.status != 200 || m.header.Get("Content-Type") != "application/manifest+json" {
			t.Fatalf("%s: %d %s", manifestHref, m.status, m.header.Get("Content-Type"))
		}
		var man struct {
			ID, Name, ShortName, Lang, StartURL, Scope, Display, ThemeColor string
			Icons                                                           []struct{ Src, Sizes, Type, Purpose string }
		}
		if err := json.Unmarshal([]byte(strings.NewReplacer("short_name", "ShortName", "start_url", "StartURL", "theme_color", "ThemeColor").Replace(m.body)), &man); err != nil {
			t.Fatal(err)
		}
		if man.Lang != string(l) || man.StartURL != "/"+string(l)+"/" || man.Scope != "/" || man.ID != "/" ||
			man.Name != "Relocation Service Magdeburg" || man.ShortName == "" || man.Display != "standalone" {
			t.Errorf("%s: %+v", manifestHref, man)
		}
		if man.ThemeColor != accent[1] {
			t.Errorf("%s: theme colour %s, the stylesheet's accent is %s", manifestHref, man.ThemeColor, accent[1])
		}
		if c, _ := attr(home.first("meta", "name", "theme-color"), "content"); c != accent[1] {
			t.Errorf("theme-color meta %s", c)
		}
		sizes := map[string]bool{}
		for _, ic := range man.Icons {
			img := get(t, h, ic.Src)
			if img.status != 200 || img.header.Get("Content-Type") != ic.Type {
				t.Errorf("icon %s: %d %s", ic.Src, img.status, img.header.Get("Content-Type"))
			}
			sizes[ic.Sizes+" "+ic.Purpose] = true
		}
		if !sizes["192x192 any"] || !sizes["512x512 any"] || !sizes["512x512 maskable"] {
			t.Errorf("icons: %v", sizes)
		}
		apple, _ := attr(home.first("link", "rel", "apple-touch-icon"), "href")
		if img := get(t, h, apple); img.status != 200 || img.body != touch.body {
			t.Errorf("linked touch icon %s: %d", apple, img.status)
		}
	}
}

// meta returns the content of <meta property=…> (or name=…) elements.
func (p *page) meta(key string) []string {
	var out []string
	for _, attrName := range []string{"property", "name"} {
		for _, n := range p.all("meta", attrName, key) {
			c, _ := attr(n, "content")
			out = append(out, c)
		}
	}
	return out
}

func TestOpenGraphOnGuidePages(t *testing.T) {
	a := demoArticle(t, "school")
	h := testenv.Shared(t, testenv.DBs[0]).Handler
	p := get(t, h, guide.ArticlePath(lang.LV, a.Texts[lang.LV].Slug))
	canonical, _ := attr(p.first("link", "rel", "canonical"), "href")
	want := map[string][]string{
		"og:type":             {"article"},
		"og:title":            {a.Texts[lang.LV].Title},
		"og:description":      {a.Texts[lang.LV].Summary},
		"og:url":              {canonical},
		"og:site_name":        {"Relocation Service Magdeburg"},
		"og:locale":           {"lv_LV"},
		"og:locale:alternate": {"de_DE", "ru_RU", "en_GB"},
		"twitter:card":        {"summary"},
	}
	for key, values := range want {
		if got := p.meta(key); !slices.Equal(got, values) {
			t.Errorf("%s: %q, want %q", key, got, values)
		}
	}
	if canonical != "http://localhost:8080"+guide.ArticlePath(lang.LV, a.Texts[lang.LV].Slug) {
		t.Errorf("canonical %s", canonical)
	}
	img := p.meta("og:image")
	if len(img) != 1 || !strings.HasPrefix(img[0], "http://localhost:8080/static/") {
		t.Errorf("og:image %v", img)
	}
	if mod := p.meta("article:modified_time"); len(mod) != 1 || p.header.Get("Last-Modified") == "" {
		t.Errorf("article:modified_time %v", mod)
	} else if m, err := time.Parse(time.RFC3339, mod[0]); err != nil || m.Format(http.TimeFormat) != p.header.Get("Last-Modified") {
		t.Errorf("article:modified_time %s, Last-Modified %s", mod[0], p.header.Get("Last-Modified"))
	}
	// Other pages are websites; pages kept out of search engines have no cards.
	if got := get(t, h, "/en/places").meta("og:type"); !slices.Equal(got, []string{"website"}) {
		t.Errorf("places page og:type %v", got)
	}
	if got := get(t, h, "/en/search?q=school").meta("og:type"); got != nil {
		t.Errorf("search results have Open Graph tags: %v", got)
	}
}

func TestSitemapLastModIsTheContentsPerLanguage(t *testing.T) {
	a := demoArticle(t, "school")
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		app := testenv.NewApp(t, db)
		h := app.Handler
		lastmod := func() map[string]string {
			body := get(t, h, "/sitemap.xml").body
			var raw struct {
				URLs []struct {
					Loc     string `xml:"loc"`
					LastMod string `xml:"lastmod"`
				} `xml:"url"`
			}
			if err := xml.Unmarshal([]byte(body), &raw); err != nil {
				t.Fatal(err)
			}
			out := map[string]string{}
			for _, u := range raw.URLs {
				out[u.Loc] = u.LastMod
			}
			return out
		}
		before := lastmod()
		// Every article, topic and place says when it changed, as its page does.
		n := 0
		for loc, mod := range before {
			path := strings.TrimPrefix(loc, "http://localhost:8080")
			segs := strings.Split(path, "/")
			if len(segs) < 4 {
				continue
			}
			n++
			if mod == "" {
				t.Errorf("%s: no lastmod", path)
				continue
			}
			if _, err := time.Parse(time.RFC3339, mod); err != nil {
				t.Errorf("%s: lastmod %q", path, mod)
			}
			if slices.Contains([]string{"ratgeber", "celvedis", "spravochnik", "guide"}, segs[2]) {
				m, _ := time.Parse(time.RFC3339, mod)
				if lm := get(t, h, path).header.Get("Last-Modified"); lm != m.Format(http.TimeFormat) {
					t.Errorf("%s: lastmod %s, the page's Last-Modified %s", path, mod, lm)
				}
			}
		}
		if n < 4*40 {
			t.Fatalf("only %d content URLs", n)
		}
		// A change of the Latvian text moves the Latvian page's lastmod only.
		changed := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
		ctx := viewer.SystemContext(context.Background())
		if err := app.Store.Client.GuideArticleTranslation.Update().
			Where(guidearticletranslation.Slug(a.Texts[lang.LV].Slug)).SetUpdatedAt(changed).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		after := lastmod()
		lv := "http://localhost:8080" + guide.ArticlePath(lang.LV, a.Texts[lang.LV].Slug)
		de := "http://localhost:8080" + guide.ArticlePath(lang.DE, a.Texts[lang.DE].Slug)
		if after[lv] != "2030-01-02T03:04:05Z" {
			t.Errorf("Latvian lastmod %s", after[lv])
		}
		if after[de] != before[de] {
			t.Errorf("German lastmod moved: %s → %s", before[de], after[de])
		}
	})
}

// TestAHostileHostHeaderIsNeverEchoed: without a configured public URL,
// links use the local default, never the request's Host.
func TestAHostileHostHeaderIsNeverEchoed(t *testing.T) {
	h := testenv.Shared(t, testenv.DBs[0]).Handler
	for _, target := range []string{"/robots.txt", "/sitemap.xml", "/de/", "/lv/celvedis/skola-saksija-anhalte", "/.well-known/security.txt", "/en/manifest.webmanifest", "/en/contact"} {
		for _, header := range [][]string{
			{"Host", "evil.example"},
			{"X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https"},
		} {
			req := httpRequest("GET", target, "")
			if header[0] == "Host" {
				req.Host = header[1]
			} else {
				req.Header.Set(header[0], header[1])
				req.Header.Set(header[2], header[3])
			}
			p := do(t, h, req)
			if p.status != 200 {
				t.Errorf("%s: %d", target, p.status)
			}
			if strings.Contains(p.body, "evil.example") {
				t.Errorf("%s with %v: the forged host is in the answer", target, header)
			}
		}
	}
	if r := get(t, h, "/robots.txt", "Host", "evil.example"); !strings.Contains(r.body, "Sitemap: http://localhost:8080/sitemap.xml") {
		t.Errorf("robots.txt: %s", r.body)
	}
}

// TestSiteWithItsPublicURL: a configured public URL is used everywhere.
func TestSiteWithItsPublicURL(t *testing.T) {
	s, err := site.New(site.Deps{
		Guide: testenv.Shared(t, testenv.DBs[0]).Guide, Catalog: testenv.Shared(t, testenv.DBs[0]).Catalog,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), BaseURL: "https://relocation.magdeburg.de/",
		Form: config.Default().Site.Forms,
	})
	if err != nil {
		t.Fatal(err)
	}
	req := httpRequest("GET", "/robots.txt", "")
	req.Host = "evil.example"
	if p := do(t, s, req); !strings.Contains(p.body, "Sitemap: https://relocation.magdeburg.de/sitemap.xml") {
		t.Errorf("robots.txt: %s", p.body)
	}
	p := do(t, s, httpRequest("GET", "/en/glossary", ""))
	if c, _ := attr(p.first("link", "rel", "canonical"), "href"); c != "https://relocation.magdeburg.de/en/glossary" {
		t.Errorf("canonical %s", c)
	}
}

func TestOtherMethodsOnPagesAre405(t *testing.T) {
	h := testenv.Shared(t, testenv.DBs[0]).Handler
	for _, tc := range []struct {
		method, path, allow, lang string
	}{
		{"POST", "/de/", "GET, HEAD", "de"},
		{"POST", "/lv/celvedis/skola-saksija-anhalte", "GET, HEAD", "lv"},
		{"DELETE", "/ru/mesta", "GET, HEAD", "ru"},
		{"PUT", "/en/contact", "GET, HEAD, POST", "en"},
		{"POST", "/sitemap.xml", "GET, HEAD", "de"},
	} {
		req := postRequest(tc.path, url.Values{"x": {"y"}})
		req.Method = tc.method
		p := do(t, h, req)
		if p.status != http.StatusMethodNotAllowed || p.header.Get("Allow") != tc.allow {
			t.Errorf("%s %s: %d, Allow %q, want 405 with %q", tc.method, tc.path, p.status, p.header.Get("Allow"), tc.allow)
			continue
		}
		if p.lang() != tc.lang || p.h1() == "" {
			t.Errorf("%s %s: error page in %q: %q", tc.method, tc.path, p.lang(), p.h1())
		}
	}
	// A path that is no page stays 404 whatever the method.
	req := postRequest("/de/gibt-es-nicht", url.Values{})
	if p := do(t, h, req); p.status != http.StatusNotFound {
		t.Errorf("POST to nothing: %d", p.status)
	}
	// HEAD is GET without the body.
	head := do(t, h, httpRequest("HEAD", "/de/", ""))
	if head.status != 200 {
		t.Errorf("HEAD: %d", head.status)
	}
}
