package graph_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"relocate/internal/guide"
	"relocate/internal/lang"
	"relocate/internal/testenv"
)

// TestTrackingImagesDoNotReachReaders: an image from another server in an
// article (a tracking pixel) reaches neither the API's bodyHtml, which
// apps show in web views, nor the site's page; it becomes a link.
func TestTrackingImagesDoNotReachReaders(t *testing.T) {
	a := demoArticle(t, "living-everyday")
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		s := newStaff(t, db)
		id := articleID(t, s.gql, a.Texts[lang.DE].Slug)
		body := "Willkommen.\n\n![](https://tracker.example/p.gif?reader=1)\n\n![Lageplan](//maps.example/plan.png)\n\n![EU-Flagge](/static/eu-flag.svg)\n"
		s.as(s.editor, `mutation($id: ID!, $b: String!) { editGuideArticleSource(id: $id, change: MINOR, input: {body: $b}) { id } }`,
			map[string]any{"id": id, "b": body}).MustData(&struct{}{})
		var d struct {
			GuideArticle struct{ Body, BodyHTML string }
		}
		s.gql.Post(`query($s: String!) { guideArticle(slug: $s) { body bodyHtml } }`, map[string]any{"s": a.Texts[lang.DE].Slug}).
			MustData(&d)
		if d.GuideArticle.Body != body {
			t.Errorf("the Markdown changed: %q", d.GuideArticle.Body)
		}
		rec := httptest.NewRecorder()
		s.app.Handler.ServeHTTP(rec, httptest.NewRequest("GET", guide.ArticlePath(lang.DE, a.Texts[lang.DE].Slug), nil))
		for name, html := range map[string]string{"bodyHtml": d.GuideArticle.BodyHTML, "site page": rec.Body.String()} {
			for _, img := range strings.Split(html, "<img")[1:] {
				if src := img[:strings.Index(img, ">")]; strings.Contains(src, "tracker.example") || strings.Contains(src, "maps.example") {
					t.Errorf("%s loads an image from another server: <img%s>", name, src)
				}
			}
			if !strings.Contains(html, `<a href="https://tracker.example/p.gif?reader=1" rel="nofollow">`) ||
				!strings.Contains(html, `>Lageplan</a>`) || !strings.Contains(html, `<img src="/static/eu-flag.svg" alt="EU-Flagge">`) {
				t.Errorf("%s: external images are not links, or the site's own image is gone:\n%s", name, html)
			}
		}
	})
}
