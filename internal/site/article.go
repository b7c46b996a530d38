package site

import (
	"net/http"
	"time"

	"relocate/internal/guide"
	"relocate/internal/lang"
)

type articleData struct {
	Title, Summary string
	Body           any // template.HTML
	// ContentLang is the language the text is written in; it differs from
	// the page's when the text is a fallback.
	ContentLang lang.Code
	Topic       topicCard
	Related     []articleCard
	Terms       []termItem
	Updated     time.Time
}

func (s *Site) article(w http.ResponseWriter, r *http.Request, v *view) {
	ctx := r.Context()
	a, err := s.guide.ArticleBySlug(ctx, r.PathValue("slug"))
	if err != nil {
		s.fail(w, v, err)
		return
	}
	t, err := s.guide.ArticleText(ctx, a)
	if err != nil {
		s.fail(w, v, err)
		return
	}
	if t.Language == v.Lang && t.Text.Slug != r.PathValue("slug") {
		http.Redirect(w, r, v.ArticlePath(t.Text.Slug), http.StatusMovedPermanently)
		return
	}
	updated := t.Text.UpdatedAt
	if a.UpdatedAt.After(updated) {
		updated = a.UpdatedAt
	}
	if lastModified(w, r, updated) {
		return
	}
	body, err := s.guide.ArticleHTML(ctx, a)
	if err != nil {
		s.fail(w, v, err)
		return
	}
	d := articleData{Title: t.Text.Title, Summary: t.Text.Summary, Body: v.HTML(body), ContentLang: t.Language, Updated: t.Text.UpdatedAt}
	cat, err := a.QueryCategory().Only(ctx)
	if err != nil {
		s.fail(w, v, err)
		return
	}
	if d.Topic, err = s.topicCard(r, v, cat, false); err != nil {
		s.fail(w, v, err)
		return
	}
	related, err := a.QueryRelated().All(ctx)
	if err != nil {
		s.fail(w, v, err)
		return
	}
	for _, rel := range related {
		card, err := s.articleCard(r, v, rel)
		if err != nil {
			s.fail(w, v, err)
			return
		}
		d.Related = append(d.Related, card)
	}
	terms, err := s.guide.ArticleTerms(ctx, a)
	if err != nil {
		s.fail(w, v, err)
		return
	}
	if d.Terms, err = s.termItems(r, v, terms); err != nil {
		s.fail(w, v, err)
		return
	}
	links, err := s.guide.ArticleLinks(ctx, a)
	if err != nil {
		s.fail(w, v, err)
		return
	}
	paths, missing := map[lang.Code]string{}, map[lang.Code]bool{}
	for _, l := range links {
		paths[l.Language], missing[l.Language] = l.Path, l.Status == guide.Missing
	}
	v.Kind, v.Title, v.Description, v.Data = kArticle, d.Title, d.Summary, d
	v.Article, v.Updated = true, updated
	v.setAlternates(paths, missing)
	switch t.Status {
	case guide.Missing:
		s.missingNotice(v, t.Status, t.Language)
	case guide.Outdated:
		v.Notices = append(v.Notices, notice{Text: v.T("notice.outdated"), LinkText: v.T("notice.outdated_link"),
			Link: paths[lang.Source], LinkLang: lang.Source})
	case guide.MachineTranslated:
		v.Notices = append(v.Notices, notice{Text: v.T("notice.machine"), LinkText: v.T("notice.outdated_link"),
			Link: paths[lang.Source], LinkLang: lang.Source})
	}
	s.render(w, v, "article")
}
