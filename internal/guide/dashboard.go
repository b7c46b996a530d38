package guide

import (
	"context"
	"fmt"
	"slices"
	"time"

	"relocate/ent"
	"relocate/ent/guidearticle"
	"relocate/ent/schema/schematype"
	"relocate/internal/apperr"
	"relocate/internal/lang"
	"relocate/internal/viewer"
)

// LanguageProgress counts the articles of one language by translation status.
type LanguageProgress struct {
	Language                                       lang.Code
	UpToDate, Outdated, Missing, MachineTranslated int
}

// TranslationTask is one article waiting for a translator.
type TranslationTask struct {
	Article  *ent.GuideArticle
	Language lang.Code
	Status   TranslationStatus
	// Since is when the work began to wait: the German text's last change
	// for missing and outdated texts, the machine translation's time.
	Since time.Time
}

// ReviewTask is an article whose German source needs checking against
// its sources.
type ReviewTask struct {
	Article *ent.GuideArticle
	// Status says why: the review is overdue, the figures are for a past
	// year or a stated rule has expired.
	Status FreshnessStatus
	// DueSince is the day the review became due.
	DueSince time.Time
}

// Dashboard is the translators' view of the guide.
type Dashboard struct {
	Languages []*LanguageProgress
	Tasks     []*TranslationTask
	// ReviewsDue are the articles whose review is due, longest due first.
	ReviewsDue []*ReviewTask
}

// TranslationDashboard counts, per translation language the viewer works
// in (one when only is set), the articles by status, and lists what needs
// work, oldest first; and the articles whose German source needs checking,
// whatever the language. Archived articles are left out.
func (s *Service) TranslationDashboard(ctx context.Context, only *lang.Code) (*Dashboard, error) {
	v := viewer.FromContext(ctx)
	if !v.Can(viewer.ReadDrafts) {
		return nil, apperr.ErrForbidden
	}
	var langs []lang.Code
	for _, l := range lang.All[1:] {
		if v.CanIn(viewer.Translate, l) && (only == nil || *only == l) {
			langs = append(langs, l)
		}
	}
	arts, err := s.ent(ctx).GuideArticle.Query().Where(guidearticle.StatusNEQ(schematype.Archived)).
		Order(guidearticle.ByID()).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("guide: load articles for the dashboard: %w", err)
	}
	d := &Dashboard{}
	today := s.today()
	for _, a := range arts {
		if f := freshnessOn(a, today, s.opts.ReviewMonths); f.Due() {
			d.ReviewsDue = append(d.ReviewsDue, &ReviewTask{Article: a, Status: f.Status, DueSince: f.DueSince})
		}
	}
	slices.SortStableFunc(d.ReviewsDue, func(a, b *ReviewTask) int { return a.DueSince.Compare(b.DueSince) })
	for _, l := range langs {
		p := &LanguageProgress{Language: l}
		for _, a := range arts {
			var src, text *ent.GuideArticleTranslation
			for _, t := range a.Edges.Translations {
				switch t.Language {
				case lang.Source:
					src = t
				case l:
					text = t
				}
			}
			status := Missing
			if text != nil {
				status = statusOf(articleMeta(text), true, a.SourceRevision)
			}
			since := a.CreatedAt
			if src != nil {
				since = src.UpdatedAt
			}
			switch status {
			case UpToDate:
				p.UpToDate++
				continue
			case Outdated:
				p.Outdated++
			case Missing:
				p.Missing++
			case MachineTranslated:
				p.MachineTranslated++
				since = text.UpdatedAt
			}
			d.Tasks = append(d.Tasks, &TranslationTask{Article: a, Language: l, Status: status, Since: since})
		}
		d.Languages = append(d.Languages, p)
	}
	slices.SortStableFunc(d.Tasks, func(a, b *TranslationTask) int { return a.Since.Compare(b.Since) })
	return d, nil
}
