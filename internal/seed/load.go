package seed

import (
	"context"
	"fmt"
	"slices"
	"time"

	"relocate/ent"
	"relocate/ent/guidearticlerevision"
	"relocate/ent/partner"
	"relocate/ent/schema/schematype"
	"relocate/internal/guide"
	"relocate/internal/lang"
	"relocate/internal/viewer"
)

// Report counts what a load changed, in rows.
type Report struct {
	Created, Updated, Unchanged int
}

func (r Report) String() string {
	return fmt.Sprintf("%d created, %d updated, %d unchanged", r.Created, r.Updated, r.Unchanged)
}

// languages are the content languages with their names.
var languages = []struct {
	code            lang.Code
	native, english string
}{
	{lang.DE, "Deutsch", "German"},
	{lang.LV, "Latviešu", "Latvian"},
	{lang.RU, "Русский", "Russian"},
	{lang.EN, "English", "English"},
}

// LoadIfEmpty loads c when the database holds no content yet and reports
// whether it did. On a database with content it changes nothing, except
// that a database from before the network's partners or the checklist
// templates gets c's partners and templates (reported in the Report, not
// as loaded).
func LoadIfEmpty(ctx context.Context, client *ent.Client, c *Content) (bool, Report, error) {
	sys := viewer.SystemContext(ctx)
	exists, err := client.Language.Query().Exist(sys)
	if err != nil {
		return false, Report{}, err
	}
	if !exists {
		r, err := Load(ctx, client, c)
		return err == nil, r, err
	}
	var steps []func(*loader, context.Context, *Content) error
	if has, err := client.Partner.Query().Where(partner.KeyNotNil()).Exist(sys); err != nil {
		return false, Report{}, err
	} else if !has && len(c.Partners) > 0 {
		steps = append(steps, (*loader).partners)
	}
	if has, err := client.ChecklistItem.Query().Exist(sys); err != nil {
		return false, Report{}, err
	} else if !has && len(c.Checklist) > 0 {
		steps = append(steps, (*loader).checklists)
	}
	if len(steps) == 0 {
		return false, Report{}, nil
	}
	// Not "loaded": the database had content; only what it lacked was added.
	r, err := load(ctx, client, c, steps...)
	return false, r, err
}

// Load brings the database to the state of c: demo items missing are
// created, changed ones updated, all in one transaction; items that are
// equal are left alone, so loading twice changes nothing. Content the demo
// does not name is kept.
func Load(ctx context.Context, client *ent.Client, c *Content) (Report, error) {
	return load(ctx, client, c, (*loader).languages, (*loader).topics, (*loader).articles,
		(*loader).placeCategories, (*loader).places, (*loader).terms, (*loader).partners, (*loader).checklists)
}

// load validates c and runs steps in one transaction.
func load(ctx context.Context, client *ent.Client, c *Content, steps ...func(*loader, context.Context, *Content) error) (Report, error) {
	if err := c.Validate(); err != nil {
		return Report{}, fmt.Errorf("seed: invalid content:\n%w", err)
	}
	ctx = viewer.SystemContext(ctx)
	tx, err := client.Tx(ctx)
	if err != nil {
		return Report{}, fmt.Errorf("seed: begin: %w", err)
	}
	l := &loader{client: tx.Client()}
	for _, step := range steps {
		if err := step(l, ctx, c); err != nil {
			_ = tx.Rollback()
			return Report{}, err
		}
	}
	if err := tx.Commit(); err != nil {
		return Report{}, fmt.Errorf("seed: commit: %w", err)
	}
	if l.report.Created+l.report.Updated >= bulkRows {
		// The planner's statistics, as autovacuum would gather them in a
		// while: without them PostgreSQL plans the first searches of a
		// large guide with nested loops (83 ms instead of 13 ms at 3,800
		// articles).
		if _, err := client.ExecContext(ctx, "ANALYZE"); err != nil {
			return l.report, fmt.Errorf("seed: analyze: %w", err)
		}
	}
	return l.report, nil
}

// bulkRows is the number of rows written by one load from which the
// database's statistics are gathered at once. The demo guide alone is
// fewer; an import of a large guide is more.
const bulkRows = 5000

type loader struct {
	client *ent.Client
	report Report
	// revised are the article texts that have a revision.
	revised map[revisionKey]bool
}

// count records the outcome for one row.
func (l *loader) count(created, changed bool) {
	switch {
	case created:
		l.report.Created++
	case changed:
		l.report.Updated++
	default:
		l.report.Unchanged++
	}
}

func (l *loader) languages(ctx context.Context, _ *Content) error {
	existing, err := l.client.Language.Query().All(ctx)
	if err != nil {
		return fmt.Errorf("seed: load languages: %w", err)
	}
	for i, want := range languages {
		idx := slices.IndexFunc(existing, func(e *ent.Language) bool { return e.Code == want.code })
		if idx < 0 {
			err = l.client.Language.Create().SetCode(want.code).SetNativeName(want.native).
				SetEnglishName(want.english).SetIsSource(want.code == lang.Source).SetPosition(i).Exec(ctx)
			l.count(true, false)
		} else if e := existing[idx]; e.NativeName != want.native || e.EnglishName != want.english ||
			e.IsSource != (want.code == lang.Source) || e.Position != i {
			err = e.Update().SetNativeName(want.native).SetEnglishName(want.english).
				SetIsSource(want.code == lang.Source).SetPosition(i).Exec(ctx)
			l.count(false, true)
		} else {
			l.count(false, false)
		}
		if err != nil {
			return fmt.Errorf("seed: language %s: %w", want.code, err)
		}
	}
	return nil
}

func (l *loader) topics(ctx context.Context, c *Content) error {
	existing, err := l.client.GuideCategory.Query().WithTranslations().All(ctx)
	if err != nil {
		return fmt.Errorf("seed: load topics: %w", err)
	}
	byKey := map[string]*ent.GuideCategory{}
	for _, e := range existing {
		byKey[e.Key] = e
	}
	// First the topics themselves, then their parents, which need IDs.
	for _, t := range c.Topics {
		e, ok := byKey[t.Key]
		changed := ok && (e.Icon != t.Icon || e.Position != t.Position || e.Status != schematype.Published)
		switch {
		case !ok:
			e, err = l.client.GuideCategory.Create().SetKey(t.Key).SetIcon(t.Icon).SetPosition(t.Position).
				SetStatus(schematype.Published).Save(ctx)
			byKey[t.Key] = e
		case changed:
			err = e.Update().SetIcon(t.Icon).SetPosition(t.Position).SetStatus(schematype.Published).Exec(ctx)
		}
		l.count(!ok, changed)
		if err != nil {
			return fmt.Errorf("seed: topic %s: %w", t.Key, err)
		}
	}
	for _, t := range c.Topics {
		e := byKey[t.Key]
		var want *int
		if t.Parent != "" {
			want = &byKey[t.Parent].ID
		}
		if (want == nil) != (e.ParentID == nil) || (want != nil && *want != *e.ParentID) {
			if err := e.Update().SetNillableParentID(want).Exec(ctx); err != nil {
				return fmt.Errorf("seed: topic %s parent: %w", t.Key, err)
			}
		}
		for _, lc := range lang.All {
			text := t.Texts[lc]
			var cur *ent.GuideCategoryTranslation
			for _, tr := range e.Edges.Translations {
				if tr.Language == lc {
					cur = tr
				}
			}
			switch {
			case cur == nil:
				err = l.client.GuideCategoryTranslation.Create().SetCategoryID(e.ID).SetLanguage(lc).
					SetSlug(text.Slug).SetName(text.Name).SetDescription(text.Description).
					SetSourceRevision(e.SourceRevision).Exec(ctx)
				l.count(true, false)
			case cur.Slug != text.Slug || cur.Name != text.Name || cur.Description != text.Description ||
				cur.SourceRevision != e.SourceRevision || cur.MachineTranslated || cur.Status != schematype.Published:
				err = cur.Update().SetSlug(text.Slug).SetName(text.Name).SetDescription(text.Description).
					SetSourceRevision(e.SourceRevision).SetMachineTranslated(false).SetStatus(schematype.Published).Exec(ctx)
				l.count(false, true)
			default:
				l.count(false, false)
			}
			if err != nil {
				return fmt.Errorf("seed: topic %s (%s): %w", t.Key, lc, err)
			}
		}
	}
	return nil
}

func (l *loader) articles(ctx context.Context, c *Content) error {
	var topics []struct {
		ID  int    `json:"id"`
		Key string `json:"key"`
	}
	if err := l.client.GuideCategory.Query().Select("id", "key").Scan(ctx, &topics); err != nil {
		return fmt.Errorf("seed: load topic keys: %w", err)
	}
	topicID := map[string]int{}
	for _, t := range topics {
		topicID[t.Key] = t.ID
	}
	existing, err := l.client.GuideArticle.Query().WithTranslations().WithRelated().All(ctx)
	if err != nil {
		return fmt.Errorf("seed: load articles: %w", err)
	}
	// Which texts have a history already: every text gets one, so that
	// the seeded version can be restored after an edit.
	var revised []struct {
		ArticleID int       `json:"article_id"`
		Language  lang.Code `json:"language"`
	}
	if err := l.client.GuideArticleRevision.Query().
		GroupBy(guidearticlerevision.FieldArticleID, guidearticlerevision.FieldLanguage).Scan(ctx, &revised); err != nil {
		return fmt.Errorf("seed: load revisions: %w", err)
	}
	l.revised = map[revisionKey]bool{}
	for _, r := range revised {
		l.revised[revisionKey{r.ArticleID, r.Language}] = true
	}
	byKey := map[string]*ent.GuideArticle{}
	for _, e := range existing {
		byKey[e.Key] = e
	}
	for _, a := range c.Articles {
		e, ok := byKey[a.Key]
		cat := topicID[a.Topic]
		fresh := a.stored()
		changed := ok && (e.CategoryID != cat || e.Position != a.Position || e.Status != schematype.Published ||
			!sameFreshness(e, fresh))
		switch {
		case !ok:
			e, err = l.client.GuideArticle.Create().SetKey(a.Key).SetCategoryID(cat).SetPosition(a.Position).
				SetStatus(schematype.Published).SetNillableReviewedAt(fresh.ReviewedAt).
				SetNillableFiguresFor(fresh.FiguresFor).SetNillableValidUntil(fresh.ValidUntil).
				SetSources(fresh.Sources).Save(ctx)
			byKey[a.Key] = e
		case changed:
			u := e.Update().SetCategoryID(cat).SetPosition(a.Position).SetStatus(schematype.Published).
				SetNillableReviewedAt(fresh.ReviewedAt).SetSources(fresh.Sources)
			if fresh.ReviewedAt == nil {
				u.ClearReviewedAt()
			}
			if fresh.FiguresFor == nil {
				u.ClearFiguresFor()
			} else {
				u.SetFiguresFor(*fresh.FiguresFor)
			}
			if fresh.ValidUntil == nil {
				u.ClearValidUntil()
			} else {
				u.SetValidUntil(*fresh.ValidUntil)
			}
			err = u.Exec(ctx)
		}
		l.count(!ok, changed)
		if err != nil {
			return fmt.Errorf("seed: article %s: %w", a.Key, err)
		}
		for _, lc := range lang.All {
			if err := l.articleText(ctx, e, lc, a.Texts[lc]); err != nil {
				return fmt.Errorf("seed: article %s (%s): %w", a.Key, lc, err)
			}
		}
	}
	// Related articles, once every article has an ID.
	for _, a := range c.Articles {
		e := byKey[a.Key]
		want := make([]int, 0, len(a.Related))
		for _, r := range a.Related {
			want = append(want, byKey[r].ID)
		}
		var have []int
		for _, r := range e.Edges.Related {
			have = append(have, r.ID)
		}
		slices.Sort(want)
		slices.Sort(have)
		if !slices.Equal(want, have) {
			if err := e.Update().ClearRelated().AddRelatedIDs(want...).Exec(ctx); err != nil {
				return fmt.Errorf("seed: article %s related: %w", a.Key, err)
			}
		}
	}
	return nil
}

// storedFreshness is an article's freshness as the database keeps it:
// days at midnight UTC, no year as nil.
type storedFreshness struct {
	ReviewedAt, ValidUntil *time.Time
	FiguresFor             *int
	Sources                schematype.Sources
}

// stored returns the freshness of a as the database keeps it.
func (a Article) stored() storedFreshness {
	day := func(t *time.Time) *time.Time {
		if t == nil {
			return nil
		}
		d := guide.Day(*t)
		return &d
	}
	f := storedFreshness{ReviewedAt: day(a.ReviewedAt), ValidUntil: day(a.ValidUntil), Sources: a.Sources}
	if a.FiguresFor != 0 {
		f.FiguresFor = &a.FiguresFor
	}
	if f.Sources == nil {
		f.Sources = schematype.Sources{}
	}
	return f
}

// sameFreshness reports whether the stored article e has freshness f.
func sameFreshness(e *ent.GuideArticle, f storedFreshness) bool {
	sameDay := func(a, b *time.Time) bool {
		return (a == nil && b == nil) || (a != nil && b != nil && guide.Day(a.UTC()).Equal(*b))
	}
	return sameDay(e.ReviewedAt, f.ReviewedAt) && sameDay(e.ValidUntil, f.ValidUntil) &&
		equalPtr(e.FiguresFor, f.FiguresFor) && slices.Equal(e.Sources, f.Sources)
}

// revisionKey names the history of an article's text in one language.
type revisionKey struct {
	article  int
	language lang.Code
}

func (l *loader) articleText(ctx context.Context, e *ent.GuideArticle, lc lang.Code, text ArticleText) error {
	var cur *ent.GuideArticleTranslation
	for _, tr := range e.Edges.Translations {
		if tr.Language == lc {
			cur = tr
		}
	}
	var err error
	change, changed := guidearticlerevision.ChangeCREATED, []string{"body", "slug", "summary", "title"}
	switch {
	case cur == nil:
		err = l.client.GuideArticleTranslation.Create().SetArticleID(e.ID).SetLanguage(lc).
			SetSlug(text.Slug).SetTitle(text.Title).SetSummary(text.Summary).SetBody(text.Body).
			SetMachineTranslated(text.MachineTranslated).SetSourceRevision(e.SourceRevision).Exec(ctx)
		l.count(true, false)
	case cur.Slug != text.Slug || cur.Title != text.Title || cur.Summary != text.Summary || cur.Body != text.Body ||
		cur.MachineTranslated != text.MachineTranslated || cur.SourceRevision != e.SourceRevision || cur.Status != schematype.Published:
		err = cur.Update().SetSlug(text.Slug).SetTitle(text.Title).SetSummary(text.Summary).SetBody(text.Body).
			SetMachineTranslated(text.MachineTranslated).SetSourceRevision(e.SourceRevision).
			SetStatus(schematype.Published).Exec(ctx)
		l.count(false, true)
		if l.revised[revisionKey{e.ID, lc}] {
			change, changed = guidearticlerevision.ChangeTRANSLATION, changedFields(cur, text)
			if lc == lang.Source {
				change = guidearticlerevision.ChangeMINOR // translations stay as current as they were
			}
			if err == nil && len(changed) == 0 {
				return nil // the words are the same: nothing for the history
			}
		}
	default:
		l.count(false, false)
		if l.revised[revisionKey{e.ID, lc}] {
			return nil
		}
		// Loaded before the history began: its first revision.
	}
	if err != nil {
		return err
	}
	l.revised[revisionKey{e.ID, lc}] = true
	return l.client.GuideArticleRevision.Create().SetArticleID(e.ID).SetLanguage(lc).
		SetTitle(text.Title).SetSlug(text.Slug).SetSummary(text.Summary).SetBody(text.Body).
		SetSourceRevision(e.SourceRevision).SetChange(change).SetChangedFields(changed).Exec(ctx)
}

// changedFields names the fields of text that differ from cur, sorted.
func changedFields(cur *ent.GuideArticleTranslation, text ArticleText) []string {
	var changed []string
	for _, f := range []struct {
		name     string
		old, new string
	}{
		{"body", cur.Body, text.Body}, {"slug", cur.Slug, text.Slug},
		{"summary", cur.Summary, text.Summary}, {"title", cur.Title, text.Title},
	} {
		if f.old != f.new {
			changed = append(changed, f.name)
		}
	}
	return changed
}

func (l *loader) placeCategories(ctx context.Context, c *Content) error {
	existing, err := l.client.PlaceCategory.Query().WithTranslations().All(ctx)
	if err != nil {
		return fmt.Errorf("seed: load place categories: %w", err)
	}
	byKey := map[string]*ent.PlaceCategory{}
	for _, e := range existing {
		byKey[e.Key] = e
	}
	for _, pc := range c.PlaceCategories {
		e, ok := byKey[pc.Key]
		changed := ok && (e.Icon != pc.Icon || e.Position != pc.Position || e.Status != schematype.Published)
		switch {
		case !ok:
			e, err = l.client.PlaceCategory.Create().SetKey(pc.Key).SetIcon(pc.Icon).SetPosition(pc.Position).
				SetStatus(schematype.Published).Save(ctx)
		case changed:
			err = e.Update().SetIcon(pc.Icon).SetPosition(pc.Position).SetStatus(schematype.Published).Exec(ctx)
		}
		l.count(!ok, changed)
		if err != nil {
			return fmt.Errorf("seed: place category %s: %w", pc.Key, err)
		}
		for _, lc := range lang.All {
			var cur *ent.PlaceCategoryTranslation
			for _, tr := range e.Edges.Translations {
				if tr.Language == lc {
					cur = tr
				}
			}
			name := pc.Names[lc]
			switch {
			case cur == nil:
				err = l.client.PlaceCategoryTranslation.Create().SetCategoryID(e.ID).SetLanguage(lc).
					SetName(name).SetSourceRevision(e.SourceRevision).Exec(ctx)
				l.count(true, false)
			case cur.Name != name || cur.SourceRevision != e.SourceRevision || cur.MachineTranslated || cur.Status != schematype.Published:
				err = cur.Update().SetName(name).SetSourceRevision(e.SourceRevision).SetMachineTranslated(false).
					SetStatus(schematype.Published).Exec(ctx)
				l.count(false, true)
			default:
				l.count(false, false)
			}
			if err != nil {
				return fmt.Errorf("seed: place category %s (%s): %w", pc.Key, lc, err)
			}
		}
	}
	return nil
}

func (l *loader) places(ctx context.Context, c *Content) error {
	var cats []struct {
		ID  int    `json:"id"`
		Key string `json:"key"`
	}
	if err := l.client.PlaceCategory.Query().Select("id", "key").Scan(ctx, &cats); err != nil {
		return fmt.Errorf("seed: load place category keys: %w", err)
	}
	catID := map[string]int{}
	for _, pc := range cats {
		catID[pc.Key] = pc.ID
	}
	existing, err := l.client.Place.Query().WithTranslations().All(ctx)
	if err != nil {
		return fmt.Errorf("seed: load places: %w", err)
	}
	byKey := map[string]*ent.Place{}
	for _, e := range existing {
		byKey[e.Key] = e
	}
	for _, p := range c.Places {
		e, ok := byKey[p.Key]
		city := p.City
		changed := ok && !samePlace(e, p, catID[p.Category])
		switch {
		case !ok:
			e, err = l.client.Place.Create().SetKey(p.Key).SetCategoryID(catID[p.Category]).SetName(p.Name).
				SetStreet(p.Street).SetPostalCode(p.PostalCode).SetCity(city).
				SetNillableLatitude(p.Latitude).SetNillableLongitude(p.Longitude).
				SetPhone(p.Phone).SetEmail(p.Email).SetWebsite(p.Website).
				SetOpeningHours(p.Hours).SetSpokenLanguages(p.Languages).
				SetNillableWheelchairAccessible(p.Wheelchair).SetStatus(schematype.Published).Save(ctx)
		case changed:
			u := e.Update().SetCategoryID(catID[p.Category]).SetName(p.Name).
				SetStreet(p.Street).SetPostalCode(p.PostalCode).SetCity(city).
				SetPhone(p.Phone).SetEmail(p.Email).SetWebsite(p.Website).
				SetOpeningHours(p.Hours).SetSpokenLanguages(p.Languages).SetStatus(schematype.Published)
			if p.Latitude == nil {
				u.ClearLatitude().ClearLongitude()
			} else {
				u.SetLatitude(*p.Latitude).SetLongitude(*p.Longitude)
			}
			if p.Wheelchair == nil {
				u.ClearWheelchairAccessible()
			} else {
				u.SetWheelchairAccessible(*p.Wheelchair)
			}
			err = u.Exec(ctx)
		}
		l.count(!ok, changed)
		if err != nil {
			return fmt.Errorf("seed: place %s: %w", p.Key, err)
		}
		for _, lc := range lang.All {
			var cur *ent.PlaceTranslation
			for _, tr := range e.Edges.Translations {
				if tr.Language == lc {
					cur = tr
				}
			}
			text := p.Texts[lc]
			switch {
			case cur == nil:
				err = l.client.PlaceTranslation.Create().SetPlaceID(e.ID).SetLanguage(lc).SetName(text.Name).
					SetDescription(text.Description).SetSourceRevision(e.SourceRevision).Exec(ctx)
				l.count(true, false)
			case cur.Name != text.Name || cur.Description != text.Description || cur.SourceRevision != e.SourceRevision ||
				cur.MachineTranslated || cur.Status != schematype.Published:
				err = cur.Update().SetName(text.Name).SetDescription(text.Description).SetSourceRevision(e.SourceRevision).
					SetMachineTranslated(false).SetStatus(schematype.Published).Exec(ctx)
				l.count(false, true)
			default:
				l.count(false, false)
			}
			if err != nil {
				return fmt.Errorf("seed: place %s (%s): %w", p.Key, lc, err)
			}
		}
	}
	return nil
}

// samePlace reports whether the stored place e equals the demo place p.
func samePlace(e *ent.Place, p Place, categoryID int) bool {
	return e.CategoryID == categoryID && e.Name == p.Name && e.Street == p.Street && e.PostalCode == p.PostalCode &&
		e.City == p.City && equalPtr(e.Latitude, p.Latitude) && equalPtr(e.Longitude, p.Longitude) &&
		e.Phone == p.Phone && e.Email == p.Email && e.Website == p.Website &&
		slices.Equal(e.OpeningHours, p.Hours) && slices.Equal(e.SpokenLanguages, p.Languages) &&
		equalPtr(e.WheelchairAccessible, p.Wheelchair) && e.Status == schematype.Published
}

func equalPtr[T comparable](a, b *T) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

func (l *loader) terms(ctx context.Context, c *Content) error {
	existing, err := l.client.GlossaryTerm.Query().WithTranslations().All(ctx)
	if err != nil {
		return fmt.Errorf("seed: load glossary: %w", err)
	}
	byKey := map[string]*ent.GlossaryTerm{}
	for _, e := range existing {
		byKey[e.Key] = e
	}
	for _, t := range c.Terms {
		e, ok := byKey[t.Key]
		sortKey := guide.TermSortKey(t.Term)
		changed := ok && (e.Term != t.Term || e.SortKey != sortKey || e.Status != schematype.Published)
		switch {
		case !ok:
			e, err = l.client.GlossaryTerm.Create().SetKey(t.Key).SetTerm(t.Term).SetSortKey(sortKey).
				SetStatus(schematype.Published).Save(ctx)
		case changed:
			err = e.Update().SetTerm(t.Term).SetSortKey(sortKey).SetStatus(schematype.Published).Exec(ctx)
		}
		l.count(!ok, changed)
		if err != nil {
			return fmt.Errorf("seed: term %s: %w", t.Key, err)
		}
		for _, lc := range lang.All {
			var cur *ent.GlossaryTermTranslation
			for _, tr := range e.Edges.Translations {
				if tr.Language == lc {
					cur = tr
				}
			}
			text := t.Texts[lc]
			switch {
			case cur == nil:
				err = l.client.GlossaryTermTranslation.Create().SetTermID(e.ID).SetLanguage(lc).
					SetTranslation(text.Translation).SetExplanation(text.Explanation).
					SetSourceRevision(e.SourceRevision).Exec(ctx)
				l.count(true, false)
			case cur.Translation != text.Translation || cur.Explanation != text.Explanation ||
				cur.SourceRevision != e.SourceRevision || cur.MachineTranslated || cur.Status != schematype.Published:
				err = cur.Update().SetTranslation(text.Translation).SetExplanation(text.Explanation).
					SetSourceRevision(e.SourceRevision).SetMachineTranslated(false).SetStatus(schematype.Published).Exec(ctx)
				l.count(false, true)
			default:
				l.count(false, false)
			}
			if err != nil {
				return fmt.Errorf("seed: term %s (%s): %w", t.Key, lc, err)
			}
		}
	}
	return nil
}
