package site

import (
	"context"
	"encoding/xml"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"relocate/ent"
	"relocate/internal/guide"
	"relocate/internal/lang"
	"relocate/internal/store"
)

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	XHTML   string       `xml:"xmlns:xhtml,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string      `xml:"loc"`
	LastMod string      `xml:"lastmod,omitempty"`
	Links   []xhtmlLink `xml:"xhtml:link"`
}

// sitemapPage is one page in one language: its path and when its content
// last changed (zero for pages of fixed text).
type sitemapPage struct {
	path    string
	updated time.Time
}

// latest returns the later of a and b.
func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

type xhtmlLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// sitemap lists every page in every language, each with its alternates
// and, for guide articles, topics and places, when its content last
// changed in that language.
func (s *Site) sitemap(w http.ResponseWriter, r *http.Request) {
	ctx := guide.WithRequestCache(r.Context())
	if _, err := s.guide.Current(ctx); err != nil {
		s.sitemapFailed(w, r, err)
		return
	}
	var groups []map[lang.Code]sitemapPage // one page in its languages
	static := func(k kind, param string) {
		g := map[lang.Code]sitemapPage{}
		for _, l := range lang.All {
			g[l] = sitemapPage{path: pathTo(l, k, param)}
		}
		groups = append(groups, g)
	}
	in := func(l lang.Code) context.Context { return lang.NewContext(ctx, lang.For(l)) }
	for _, k := range []kind{kHome, kPlaces, kGlossary, kCompanies, kContact, kAbout, kImprint, kPrivacy, kAccessibility} {
		static(k, "")
	}
	var walk func(cs []*ent.GuideCategory) error
	topics, err := s.guide.TopCategories(ctx)
	if err != nil {
		s.sitemapFailed(w, r, err)
		return
	}
	walk = func(cs []*ent.GuideCategory) error {
		for _, c := range cs {
			links, err := s.guide.CategoryLinks(ctx, c)
			if err != nil {
				return err
			}
			g := map[lang.Code]sitemapPage{}
			for _, l := range links {
				t, err := s.guide.CategoryText(in(l.Language), c)
				if err != nil {
					return err
				}
				g[l.Language] = sitemapPage{path: pathTo(l.Language, kTopic, l.Slug), updated: latest(c.UpdatedAt, t.Text.UpdatedAt)}
			}
			groups = append(groups, g)
			children, err := c.Children(ctx)
			if err != nil {
				return err
			}
			if err := walk(children); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(topics); err != nil {
		s.sitemapFailed(w, r, err)
		return
	}
	arts, err := s.allArticles(ctx, nil)
	if err != nil {
		s.sitemapFailed(w, r, err)
		return
	}
	for _, a := range arts {
		links, err := s.guide.ArticleLinks(ctx, a)
		if err != nil {
			s.sitemapFailed(w, r, err)
			return
		}
		g := map[lang.Code]sitemapPage{}
		for _, l := range links {
			t, err := s.guide.ArticleText(in(l.Language), a)
			if err != nil {
				s.sitemapFailed(w, r, err)
				return
			}
			g[l.Language] = sitemapPage{path: l.Path, updated: latest(a.UpdatedAt, t.Text.UpdatedAt)}
		}
		groups = append(groups, g)
	}
	places, err := s.allPlaces(ctx, nil)
	if err != nil {
		s.sitemapFailed(w, r, err)
		return
	}
	for _, p := range places {
		g := map[lang.Code]sitemapPage{}
		for _, l := range lang.All {
			t, err := s.guide.PlaceText(in(l), p)
			if err != nil {
				s.sitemapFailed(w, r, err)
				return
			}
			g[l] = sitemapPage{path: pathTo(l, kPlaces, p.Key), updated: latest(p.UpdatedAt, t.Text.UpdatedAt)}
		}
		groups = append(groups, g)
	}
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", XHTML: "http://www.w3.org/1999/xhtml"}
	for _, g := range groups {
		var links []xhtmlLink
		for _, l := range lang.All {
			if p, ok := g[l]; ok {
				links = append(links, xhtmlLink{Rel: "alternate", Hreflang: string(l), Href: s.absolute(p.path)})
			}
		}
		links = append(links, xhtmlLink{Rel: "alternate", Hreflang: "x-default", Href: s.absolute(g[lang.Source].path)})
		for _, l := range lang.All {
			if p, ok := g[l]; ok {
				u := sitemapURL{Loc: s.absolute(p.path), Links: links}
				if !p.updated.IsZero() {
					u.LastMod = p.updated.UTC().Format(time.RFC3339)
				}
				set.URLs = append(set.URLs, u)
			}
		}
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, _ = w.Write([]byte(xml.Header))
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	_ = enc.Encode(set)
}

// robots lets every crawler in and points to the sitemap.
func (s *Site) robots(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, _ = w.Write([]byte("User-agent: *\nAllow: /\nDisallow: /graphql\n\nSitemap: " + s.absolute("/sitemap.xml") + "\n"))
}

// sitemapFailed answers a sitemap that could not be made: 503 with
// Retry-After while the database is unavailable, 500 (logged) otherwise.
func (s *Site) sitemapFailed(w http.ResponseWriter, r *http.Request, err error) {
	w.Header().Set("Cache-Control", "no-store")
	if store.Unavailable(err) {
		s.log.WarnContext(r.Context(), "site: database unavailable", slog.String("path", r.URL.Path), slog.String("error", err.Error()))
		w.Header().Set("Retry-After", strconv.Itoa(store.RetryAfterSeconds))
		http.Error(w, "sitemap unavailable, try again later", http.StatusServiceUnavailable)
		return
	}
	s.log.ErrorContext(r.Context(), "site: sitemap failed", slog.String("error", err.Error()))
	http.Error(w, "sitemap unavailable", http.StatusInternalServerError)
}
