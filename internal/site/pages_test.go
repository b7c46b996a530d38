package site_test

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"relocate/internal/testenv"
)

type sitemapDoc struct {
	URLs []struct {
		Loc   string `xml:"loc"`
		Links []struct {
			Rel      string `xml:"rel,attr"`
			Hreflang string `xml:"hreflang,attr"`
			Href     string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"url"`
}

// TestEveryPageInEveryLanguage fetches every page the sitemap lists (every
// page of the site in every language) and checks what readers and search
// engines rely on.
func TestEveryPageInEveryLanguage(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		h := testenv.Shared(t, db).Handler
		sm := get(t, h, "/sitemap.xml")
		if sm.status != 200 || !strings.Contains(sm.header.Get("Content-Type"), "xml") {
			t.Fatalf("sitemap: %d %s", sm.status, sm.header.Get("Content-Type"))
		}
		var doc sitemapDoc
		if err := xml.Unmarshal([]byte(sm.body), &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.URLs) < 4*60 {
			t.Fatalf("the sitemap lists only %d URLs", len(doc.URLs))
		}
		alternates := map[string][]string{} // page → its alternates, sorted
		for _, u := range doc.URLs {
			var set []string
			for _, l := range u.Links {
				set = append(set, l.Hreflang+" "+l.Href)
			}
			slices.Sort(set)
			alternates[u.Loc] = set
		}
		for _, u := range doc.URLs {
			loc, _ := url.Parse(u.Loc)
			want := strings.Split(loc.Path, "/")[1]
			// Alternates are symmetric: each alternate lists the same set.
			for _, l := range u.Links {
				if l.Hreflang == "x-default" {
					continue
				}
				if other, ok := alternates[l.Href]; !ok || !slices.Equal(other, alternates[u.Loc]) {
					t.Errorf("%s → %s (%s): alternates not symmetric", u.Loc, l.Href, l.Hreflang)
				}
			}
			p := get(t, h, loc.Path)
			if p.status != 200 {
				t.Errorf("%s: status %d", loc.Path, p.status)
				continue
			}
			if p.lang() != want || p.header.Get("Content-Language") != want {
				t.Errorf("%s: lang %q / %q, want %s", loc.Path, p.lang(), p.header.Get("Content-Language"), want)
			}
			// hreflang links: the same set as the sitemap's, plus x-default.
			var got []string
			for _, l := range p.all("link", "rel", "alternate") {
				hl, _ := attr(l, "hreflang")
				href, _ := attr(l, "href")
				got = append(got, hl+" "+href)
			}
			slices.Sort(got)
			if !slices.Equal(got, alternates[u.Loc]) {
				t.Errorf("%s: hreflang %v, sitemap %v", loc.Path, got, alternates[u.Loc])
			}
			if c, _ := attr(p.first("link", "rel", "canonical"), "href"); c != u.Loc {
				t.Errorf("%s: canonical %s", loc.Path, c)
			}
			// The switcher leads to the same page in each language, named in that language.
			switcher := p.all("a", "hreflang", "")
			if len(switcher) != 4 {
				t.Errorf("%s: %d language links", loc.Path, len(switcher))
			}
			for _, a := range switcher {
				href, _ := attr(a, "href")
				hl, _ := attr(a, "hreflang")
				if !slices.Contains(alternates[u.Loc], hl+" http://localhost:8080"+href) {
					t.Errorf("%s: switcher link %s (%s) is not an alternate", loc.Path, href, hl)
				}
			}
			// Icons, the manifest in the page's language and the theme colour on every page.
			if m, _ := attr(p.first("link", "rel", "manifest"), "href"); m != "/"+want+"/manifest.webmanifest" {
				t.Errorf("%s: manifest %s", loc.Path, m)
			}
			if len(p.all("link", "rel", "apple-touch-icon")) != 1 || len(p.all("link", "rel", "icon")) != 2 || len(p.all("meta", "name", "theme-color")) != 1 {
				t.Errorf("%s: icons or theme colour missing", loc.Path)
			}
			if len(p.all("h1")) != 1 {
				t.Errorf("%s: %d h1 headings", loc.Path, len(p.all("h1")))
			}
			if len(p.all("script")) > 0 || strings.Contains(p.header.Get("Content-Security-Policy"), "unsafe") {
				t.Errorf("%s: scripts or unsafe CSP", loc.Path)
			}
			for _, n := range append(p.all("link"), p.all("img")...) {
				for _, a := range []string{"src", "href"} {
					if v, ok := attr(n, a); ok && strings.Contains(v, "://") && !strings.HasPrefix(v, "http://localhost:8080/") {
						t.Errorf("%s: third-party resource %s", loc.Path, v)
					}
				}
			}
		}
	})
}

func TestSwitcherNamesLanguagesInTheirOwnLanguage(t *testing.T) {
	h := testenv.Shared(t, testenv.DBs[0]).Handler
	p := get(t, h, "/ru/")
	var names []string
	for _, a := range p.all("a", "hreflang", "") {
		names = append(names, text(a))
	}
	if !slices.Equal(names, []string{"Deutsch", "Latviešu", "Русский", "English"}) {
		t.Errorf("switcher: %v", names)
	}
	cur := p.first("a", "aria-current", "true")
	if l, _ := attr(cur, "hreflang"); l != "ru" {
		t.Errorf("current language marked: %s", l)
	}
}

func TestRootRedirectsToTheReadersLanguage(t *testing.T) {
	h := testenv.Shared(t, testenv.DBs[0]).Handler
	for _, tc := range []struct {
		header []string
		want   string
	}{
		{nil, "/de/"},
		{[]string{"Accept-Language", "lv-LV,lv;q=0.9,en;q=0.5"}, "/lv/"},
		{[]string{"Accept-Language", "fr, en;q=0.5"}, "/en/"},
		{[]string{"Accept-Language", "lv", "Cookie", "lang=ru"}, "/ru/"}, // the reader chose Russian before
		{[]string{"Cookie", "lang=xx"}, "/de/"},
	} {
		p := get(t, h, "/", tc.header...)
		if p.status != http.StatusFound || p.header.Get("Location") != tc.want {
			t.Errorf("%v: %d → %s, want %s", tc.header, p.status, p.header.Get("Location"), tc.want)
		}
		if v := p.header.Get("Vary"); !strings.Contains(v, "Accept-Language") || !strings.Contains(v, "Cookie") {
			t.Errorf("Vary = %q", v)
		}
	}
	// Reading a page remembers its language for the next visit to /.
	p := get(t, h, "/lv/vietas")
	var cookie *http.Cookie
	for _, c := range (&http.Response{Header: p.header}).Cookies() {
		if c.Name == "lang" {
			cookie = c
		}
	}
	if cookie == nil || cookie.Value != "lv" || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
		t.Errorf("language cookie: %+v", cookie)
	}
}

func TestNotFoundInTheReadersLanguage(t *testing.T) {
	h := testenv.Shared(t, testenv.DBs[0]).Handler
	for _, tc := range []struct {
		path   string
		header []string
		lang   string
		title  string
	}{
		{"/lv/nav-tadas-lapas", nil, "lv", "Šāda lapa nepastāv"},
		{"/ru/spravochnik/net-takoy-stati", nil, "ru", "Такой страницы нет"},
		{"/en/places/no-such-place", nil, "en", "This page does not exist"},
		{"/de/themen/gibt-es-nicht", nil, "de", "Diese Seite gibt es nicht"},
		{"/something/else", []string{"Accept-Language", "ru"}, "ru", "Такой страницы нет"},
	} {
		p := get(t, h, tc.path, tc.header...)
		if p.status != 404 || p.lang() != tc.lang || p.h1() != tc.title {
			t.Errorf("%s: %d %s %q", tc.path, p.status, p.lang(), p.h1())
		}
	}
}

func TestPagesRevalidateAndStaticFilesAreImmutable(t *testing.T) {
	h := testenv.Shared(t, testenv.DBs[0]).Handler
	p := get(t, h, "/en/glossary")
	etag := p.header.Get("ETag")
	if etag == "" || p.header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("page caching: ETag %q, Cache-Control %q", etag, p.header.Get("Cache-Control"))
	}
	if again := get(t, h, "/en/glossary", "If-None-Match", etag); again.status != http.StatusNotModified || again.body != "" {
		t.Errorf("revalidation: %d", again.status)
	}
	css := p.first("link", "rel", "stylesheet")
	href, _ := attr(css, "href")
	s := get(t, h, href)
	if s.status != 200 || !strings.Contains(s.header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(s.header.Get("Content-Type"), "text/css") {
		t.Errorf("%s: %d %v", href, s.status, s.header)
	}
	if stale := get(t, h, strings.Replace(href, "/static/", "/static/0000000000", 1)); stale.status != 404 {
		t.Errorf("a wrong fingerprint is served: %d", stale.status)
	}
	// Forms are never cached: they carry a fresh token.
	if c := get(t, h, "/en/contact").header.Get("Cache-Control"); !strings.Contains(c, "no-store") {
		t.Errorf("contact page Cache-Control %q", c)
	}
	if r := get(t, h, "/robots.txt"); r.status != 200 || !strings.Contains(r.body, "Sitemap: http://localhost:8080/sitemap.xml") {
		t.Errorf("robots.txt: %s", r.body)
	}
}

func TestServerErrorPageInTheReadersLanguage(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		app := testenv.NewApp(t, db)
		// A bug: the table the page reads is not there. (Without filters
		// the page comes from the guide's snapshot in memory; with one it
		// asks the database.)
		if _, err := app.Store.DB.Exec(`ALTER TABLE places RENAME TO places_gone`); err != nil {
			t.Fatal(err)
		}
		p := get(t, app.Handler, "/lv/vietas?wheelchair=1")
		if p.status != http.StatusInternalServerError || p.lang() != "lv" || p.h1() != "Mūsu pusē radās kļūda" {
			t.Errorf("%d %s %q", p.status, p.lang(), p.h1())
		}
		// The database is gone for a moment: 503, try again shortly.
		_ = app.Store.DB.Close()
		u := get(t, app.Handler, "/lv/vietas?wheelchair=1")
		if u.status != http.StatusServiceUnavailable || u.header.Get("Retry-After") == "" || u.lang() != "lv" || u.h1() != "Pakalpojums īslaicīgi nav pieejams" {
			t.Errorf("%d %s %q", u.status, u.lang(), u.h1())
		}
		// The sitemap too: 503 with Retry-After, never cached.
		if m := get(t, app.Handler, "/sitemap.xml"); m.status != http.StatusServiceUnavailable || m.header.Get("Retry-After") == "" ||
			m.header.Get("Cache-Control") != "no-store" || strings.Contains(m.body, "closed") {
			t.Errorf("sitemap while the database is gone: %d %q %q", m.status, m.header.Get("Retry-After"), m.body)
		}
		for _, page := range []*page{p, u} {
			if strings.Contains(strings.ToLower(page.body), "sql") || strings.Contains(page.body, "database is closed") || strings.Contains(page.body, "places_gone") {
				t.Error("the error page shows internals")
			}
			if page.header.Get("Cache-Control") != "private, no-store" {
				t.Errorf("an error page may be cached: %q", page.header.Get("Cache-Control"))
			}
		}
	})
}
