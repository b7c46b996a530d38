package site

import (
	"net/http"

	"relocate/ent"
	"relocate/internal/guide"
	"relocate/internal/lang"
)

type topicData struct {
	Topic    topicCard
	Parent   *topicCard
	Articles []articleCard
}

func (s *Site) topic(w http.ResponseWriter, r *http.Request, v *view) {
	ctx := r.Context()
	c, err := s.guide.CategoryBySlug(ctx, r.PathValue("slug"))
	if err != nil {
		s.fail(w, v, err)
		return
	}
	t, err := s.guide.CategoryText(ctx, c)
	if err != nil {
		s.fail(w, v, err)
		return
	}
	if t.Language == v.Lang && t.Text.Slug != r.PathValue("slug") {
		// Reached by another language's slug: go to this language's URL.
		http.Redirect(w, r, pathTo(v.Lang, kTopic, t.Text.Slug), http.StatusMovedPermanently)
		return
	}
	card, err := s.topicCard(r, v, c, true)
	if err != nil {
		s.fail(w, v, err)
		return
	}
	d := topicData{Topic: card}
	if p, err := s.guide.ParentTopic(ctx, c); err == nil {
		pc, err := s.topicCard(r, v, p, false)
		if err != nil {
			s.fail(w, v, err)
			return
		}
		d.Parent = &pc
	} else if !ent.IsNotFound(err) {
		s.fail(w, v, err)
		return
	}
	articles, err := s.allArticles(ctx, c)
	if err != nil {
		s.fail(w, v, err)
		return
	}
	for _, art := range articles {
		a, err := s.articleCard(r, v, art)
		if err != nil {
			s.fail(w, v, err)
			return
		}
		d.Articles = append(d.Articles, a)
	}
	links, err := s.guide.CategoryLinks(ctx, c)
	if err != nil {
		s.fail(w, v, err)
		return
	}
	paths, missing := map[lang.Code]string{}, map[lang.Code]bool{}
	for _, l := range links {
		paths[l.Language] = pathTo(l.Language, kTopic, l.Slug)
		missing[l.Language] = l.Status == guide.Missing
	}
	v.Kind, v.Title, v.Description, v.Data = kTopic, card.Name, card.Description, d
	v.setAlternates(paths, missing)
	s.missingNotice(v, t.Status, t.Language)
	s.render(w, v, "topic")
}

// missingNotice tells the reader when a text is shown in another language.
func (s *Site) missingNotice(v *view, status guide.TranslationStatus, served lang.Code) {
	if status == guide.Missing {
		v.Notices = append(v.Notices, notice{Text: v.T("notice.missing." + string(served))})
	}
}
