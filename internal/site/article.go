package site

import (
	"net/http"
	"time"

	"relocate/ent/schema/schematype"
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
	Fresh       freshnessView
}

// freshnessView is what an article page says about how current its facts
// are: when they were checked, which year the figures are for, until when
// a stated rule holds, what has gone out of date, and the sources.
type freshnessView struct {
	// Checked and Until are written in the page's language; the ISO forms
	// are for <time datetime>.
	Checked, CheckedISO string
	Until, UntilISO     string
	FiguresFor          int
	// Notices say what needs checking, one sentence each; empty when the
	// facts are current.
	Notices []string
	Sources schematype.Sources
}

// freshness describes f in the page's language; months is the review
// interval.
func freshness(v *view, f guide.Freshness, months int) freshnessView {
	fv := freshnessView{Sources: f.Sources}
	if f.ReviewedAt != nil {
		fv.Checked, fv.CheckedISO = v.Day(*f.ReviewedAt), f.ReviewedAt.Format(time.DateOnly)
	}
	if f.ValidUntil != nil {
		fv.Until, fv.UntilISO = v.Day(*f.ValidUntil), f.ValidUntil.Format(time.DateOnly)
	}
	if f.FiguresFor != nil {
		fv.FiguresFor = *f.FiguresFor
	}
	switch {
	case f.ReviewOverdue && f.ReviewedAt == nil:
		fv.Notices = append(fv.Notices, v.T("freshness.never_checked"))
	case f.ReviewOverdue:
		fv.Notices = append(fv.Notices, v.T("freshness.review_due", "Date", fv.Checked, "Count", months))
	}
	if f.FiguresPast {
		fv.Notices = append(fv.Notices, v.T("freshness.figures_past", "Year", fv.FiguresFor))
	}
	if f.RuleExpired {
		fv.Notices = append(fv.Notices, v.T("freshness.expired", "Date", fv.Until))
	}
	return fv
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
	fresh := s.guide.Freshness(a)
	pageChanged := updated
	if y, m, d := fresh.DueSince.Date(); fresh.Due() {
		// The page changed that morning: it has shown the notice since.
		if since := time.Date(y, m, d, 0, 0, 0, 0, guide.Location()); since.After(pageChanged) {
			pageChanged = since
		}
	}
	if lastModified(w, r, pageChanged) {
		return
	}
	body, err := s.guide.ArticleHTML(ctx, a)
	if err != nil {
		s.fail(w, v, err)
		return
	}
	d := articleData{Title: t.Text.Title, Summary: t.Text.Summary, Body: v.HTML(body), ContentLang: t.Language, Updated: t.Text.UpdatedAt,
		Fresh: freshness(v, fresh, s.guide.ReviewMonths())}
	cat, err := s.guide.ArticleTopic(ctx, a)
	if err != nil {
		s.fail(w, v, err)
		return
	}
	if d.Topic, err = s.topicCard(r, v, cat, false); err != nil {
		s.fail(w, v, err)
		return
	}
	related, err := s.guide.RelatedArticles(ctx, a)
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
