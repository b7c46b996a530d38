package site

import (
	"encoding/xml"
	"net/http"

	"relocate/ent"
	"relocate/internal/guide"
	"relocate/internal/lang"
)

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	XHTML   string       `xml:"xmlns:xhtml,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc   string      `xml:"loc"`
	Links []xhtmlLink `xml:"xhtml:link"`
}

type xhtmlLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// sitemap lists every page in every language, each with its alternates.
func (s *Site) sitemap(w http.ResponseWriter, r *http.Request) {
	ctx := guide.WithRequestCache(r.Context())
	var groups []map[lang.Code]string // one page in its languages
	static := func(k kind, param string) {
		g := map[lang.Code]string{}
		for _, l := range lang.All {
			g[l] = pathTo(l, k, param)
		}
		groups = append(groups, g)
	}
	for _, k := range []kind{kHome, kPlaces, kGlossary, kCompanies, kContact, kAbout, kImprint, kPrivacy, kAccessibility} {
		static(k, "")
	}
	var walk func(cs []*ent.GuideCategory) error
	topics, err := s.guide.TopCategories(ctx)
	if err != nil {
		http.Error(w, "sitemap unavailable", http.StatusInternalServerError)
		return
	}
	walk = func(cs []*ent.GuideCategory) error {
		for _, c := range cs {
			links, err := s.guide.CategoryLinks(ctx, c)
			if err != nil {
				return err
			}
			g := map[lang.Code]string{}
			for _, l := range links {
				g[l.Language] = pathTo(l.Language, kTopic, l.Slug)
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
		http.Error(w, "sitemap unavailable", http.StatusInternalServerError)
		return
	}
	arts, err := s.allArticles(ctx, nil)
	if err != nil {
		http.Error(w, "sitemap unavailable", http.StatusInternalServerError)
		return
	}
	for _, a := range arts {
		links, err := s.guide.ArticleLinks(ctx, a)
		if err != nil {
			http.Error(w, "sitemap unavailable", http.StatusInternalServerError)
			return
		}
		g := map[lang.Code]string{}
		for _, l := range links {
			g[l.Language] = l.Path
		}
		groups = append(groups, g)
	}
	places, err := s.allPlaces(ctx, nil)
	if err != nil {
		http.Error(w, "sitemap unavailable", http.StatusInternalServerError)
		return
	}
	for _, p := range places {
		static(kPlaces, p.Key)
	}
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", XHTML: "http://www.w3.org/1999/xhtml"}
	for _, g := range groups {
		var links []xhtmlLink
		for _, l := range lang.All {
			if p, ok := g[l]; ok {
				links = append(links, xhtmlLink{Rel: "alternate", Hreflang: string(l), Href: s.absolute(r, p)})
			}
		}
		links = append(links, xhtmlLink{Rel: "alternate", Hreflang: "x-default", Href: s.absolute(r, g[lang.Source])})
		for _, l := range lang.All {
			if p, ok := g[l]; ok {
				set.URLs = append(set.URLs, sitemapURL{Loc: s.absolute(r, p), Links: links})
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
	_, _ = w.Write([]byte("User-agent: *\nAllow: /\nDisallow: /graphql\n\nSitemap: " + s.absolute(r, "/sitemap.xml") + "\n"))
}
