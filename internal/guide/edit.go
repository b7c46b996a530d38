package guide

import (
	"context"
	"fmt"
	"slices"

	"relocate/ent"
	"relocate/ent/guidearticle"
	"relocate/ent/guidearticlerevision"
	"relocate/ent/guidearticletranslation"
	"relocate/ent/guidecategory"
	"relocate/ent/schema/schematype"
	"relocate/internal/apperr"
	"relocate/internal/lang"
	"relocate/internal/viewer"
)

// Errors of the editorial operations.
var (
	ErrSlugTaken     = apperr.Invalid("error.slug_taken", nil)
	ErrKeyTaken      = apperr.Invalid("error.key_taken", nil)
	ErrNotEditable   = apperr.Invalid("error.not_editable", nil)
	ErrNotSiblings   = apperr.Invalid("error.not_siblings", nil)
	ErrUseSourceEdit = apperr.Invalid("error.use_source_edit", nil)
)

// ArticleEdit is a change to an article's text in one language; nil fields
// stay as they are.
type ArticleEdit struct {
	Title, Slug, Summary, Body *string
	MachineTranslated          bool
}

// NewArticle is a new article: its place in the guide and its German text.
type NewArticle struct {
	CategoryID int
	Key        string
	Position   int
	Title      string
	Slug       string
	Summary    string
	Body       string
	Freshness  FreshnessEdit
}

// CreateArticle creates a draft article with its German text. Every wrong
// field is reported at once (an *apperr.Error listing them).
func (s *Service) CreateArticle(ctx context.Context, in NewArticle) (*ent.GuideArticle, error) {
	if !viewer.FromContext(ctx).Can(viewer.EditSource) {
		return nil, apperr.ErrForbidden
	}
	edit := ArticleEdit{Title: &in.Title, Slug: &in.Slug, Summary: &in.Summary, Body: &in.Body}
	var id int
	err := s.inTx(ctx, func(tx *ent.Client) error {
		var f apperr.Fields
		if err := checkKey(ctx, &f, guidearticle.KeyValidator, tx.GuideArticle.Query().Where(guidearticle.Key(in.Key)).Exist, in.Key); err != nil {
			return err
		}
		if ok, err := tx.GuideCategory.Query().Where(guidecategory.ID(in.CategoryID)).Exist(ctx); err != nil {
			return fmt.Errorf("guide: find topic %d: %w", in.CategoryID, err)
		} else if !ok {
			f.Check("categoryId", errUnknownTopic)
		}
		in.Freshness.check(&f, &ent.GuideArticle{}, s.today())
		if len(f) > 0 {
			if err := checkArticleText(ctx, tx, &f, 0, lang.Source, edit, true); err != nil {
				return err
			}
			return f.Err()
		}
		c := tx.GuideArticle.Create().SetKey(in.Key).SetCategoryID(in.CategoryID).
			SetPosition(in.Position).SetStatus(schematype.Draft).SetNillableFiguresFor(in.Freshness.FiguresFor)
		if e := in.Freshness; e.ReviewedAt != nil {
			c.SetReviewedAt(Day(*e.ReviewedAt))
		}
		if e := in.Freshness; e.ValidUntil != nil {
			c.SetValidUntil(Day(*e.ValidUntil))
		}
		if e := in.Freshness; e.Sources != nil {
			c.SetSources(*e.Sources)
		}
		a, err := c.Save(ctx)
		if ent.IsConstraintError(err) {
			return apperr.OnField("key", ErrKeyTaken)
		}
		if err != nil {
			return fmt.Errorf("guide: create article: %w", err)
		}
		id = a.ID
		return s.saveText(ctx, tx, a, lang.Source, edit, a.SourceRevision, guidearticlerevision.ChangeCREATED)
	})
	if err != nil {
		return nil, err
	}
	return s.ArticleByID(ctx, id)
}

// ArticleUpdate moves an article or changes its freshness; nil fields
// stay as they are.
type ArticleUpdate struct {
	CategoryID *int
	Position   *int
	RelatedIDs []int // nil: unchanged
	Freshness  FreshnessEdit
}

// UpdateArticle changes where an article stands, what it relates to, when
// its German source was checked and against which sources.
func (s *Service) UpdateArticle(ctx context.Context, id int, in ArticleUpdate) (*ent.GuideArticle, error) {
	if !viewer.FromContext(ctx).Can(viewer.EditSource) {
		return nil, apperr.ErrForbidden
	}
	err := s.inTx(ctx, func(tx *ent.Client) error {
		a, err := tx.GuideArticle.Get(ctx, id)
		if err != nil {
			return notFound(err, ErrArticleNotFound)
		}
		var f apperr.Fields
		u := a.Update().SetNillablePosition(in.Position)
		if in.CategoryID != nil {
			if ok, err := tx.GuideCategory.Query().Where(guidecategory.ID(*in.CategoryID)).Exist(ctx); err != nil {
				return fmt.Errorf("guide: find topic %d: %w", *in.CategoryID, err)
			} else if !ok {
				f.Check("categoryId", errUnknownTopic)
			}
			u.SetCategoryID(*in.CategoryID)
		}
		if in.RelatedIDs != nil {
			found, err := tx.GuideArticle.Query().Where(guidearticle.IDIn(in.RelatedIDs...), guidearticle.IDNEQ(id)).IDs(ctx)
			if err != nil {
				return fmt.Errorf("guide: find related articles: %w", err)
			}
			for i, r := range in.RelatedIDs {
				if !slices.Contains(found, r) {
					f.Check(fmt.Sprintf("relatedIds[%d]", i), errUnknownArticle)
				}
			}
			u.ClearRelated().AddRelatedIDs(slices.Compact(slices.Sorted(slices.Values(in.RelatedIDs)))...)
		}
		in.Freshness.check(&f, a, s.today())
		in.Freshness.apply(u)
		if err := f.Err(); err != nil {
			return err
		}
		return u.Exec(ctx)
	})
	if err != nil {
		return nil, err
	}
	return s.ArticleByID(ctx, id)
}

// EditSource changes the German text of article id. A major change makes
// every translation OUTDATED until a translator updates it; a minor one
// (a typo) leaves them up to date. Each change is kept as a revision.
func (s *Service) EditSource(ctx context.Context, id int, edit ArticleEdit, major bool) error {
	if !viewer.FromContext(ctx).Can(viewer.EditSource) {
		return apperr.ErrForbidden
	}
	return s.inTx(ctx, func(tx *ent.Client) error {
		a, err := tx.GuideArticle.Get(ctx, id)
		if err != nil {
			return notFound(err, ErrArticleNotFound)
		}
		rev, err := sourceRevision(lang.Source, a.SourceRevision, major, func(r int) error {
			return a.Update().SetSourceRevision(r).Exec(ctx)
		})
		if err != nil {
			return fmt.Errorf("guide: raise revision of article %d: %w", id, err)
		}
		change := guidearticlerevision.ChangeMINOR
		if major {
			change = guidearticlerevision.ChangeMAJOR
		}
		return s.saveText(ctx, tx, a, lang.Source, edit, rev, change)
	})
}

// EditTranslation writes the text of article id in language l (not
// German) as a translation of the current German source. Translators may
// write only the languages assigned to them.
func (s *Service) EditTranslation(ctx context.Context, id int, l lang.Code, edit ArticleEdit) error {
	if l == lang.Source {
		return ErrUseSourceEdit
	}
	if !viewer.FromContext(ctx).CanIn(viewer.Translate, l) {
		return apperr.ErrForbidden
	}
	return s.inTx(ctx, func(tx *ent.Client) error {
		a, err := tx.GuideArticle.Get(ctx, id)
		if err != nil {
			return notFound(err, ErrArticleNotFound)
		}
		return s.saveText(ctx, tx, a, l, edit, a.SourceRevision, guidearticlerevision.ChangeTRANSLATION)
	})
}

// RestoreRevision writes the text of revision id again, as a new revision.
func (s *Service) RestoreRevision(ctx context.Context, id int) (*ent.GuideArticle, error) {
	v := viewer.FromContext(ctx)
	var articleID int
	err := s.inTx(ctx, func(tx *ent.Client) error {
		r, err := tx.GuideArticleRevision.Get(ctx, id)
		if err != nil {
			return notFound(err, apperr.New(apperr.NotFound, "error.not_found", nil))
		}
		if !v.CanIn(viewer.Translate, r.Language) {
			return apperr.ErrForbidden
		}
		a, err := tx.GuideArticle.Get(ctx, r.ArticleID)
		if err != nil {
			return notFound(err, ErrArticleNotFound)
		}
		articleID = a.ID
		edit := ArticleEdit{Title: &r.Title, Slug: &r.Slug, Summary: &r.Summary, Body: &r.Body}
		rev := a.SourceRevision
		if r.Language != lang.Source {
			rev = r.SourceRevision // an old translation is as outdated as it was
		}
		return s.saveText(ctx, tx, a, r.Language, edit, rev, guidearticlerevision.ChangeRESTORED)
	})
	if err != nil {
		return nil, err
	}
	return s.ArticleByID(ctx, articleID)
}

// saveText checks and writes the text of article a in language l,
// translated from source revision rev, and records the revision. A new
// text needs every field.
func (s *Service) saveText(ctx context.Context, tx *ent.Client, a *ent.GuideArticle, l lang.Code, edit ArticleEdit, rev int, change guidearticlerevision.Change) error {
	cur, err := tx.GuideArticleTranslation.Query().
		Where(guidearticletranslation.ArticleID(a.ID), guidearticletranslation.LanguageEQ(l)).Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return fmt.Errorf("guide: load %s text of article %d: %w", l, a.ID, err)
	}
	var f apperr.Fields
	if err := checkArticleText(ctx, tx, &f, a.ID, l, edit, cur == nil); err != nil {
		return err
	}
	if err := f.Err(); err != nil {
		return err
	}
	var changed []string
	var t *ent.GuideArticleTranslation
	if cur == nil {
		t, err = tx.GuideArticleTranslation.Create().SetArticleID(a.ID).SetLanguage(l).
			SetTitle(*edit.Title).SetSlug(*edit.Slug).SetSummary(*edit.Summary).SetBody(*edit.Body).
			SetSourceRevision(rev).SetMachineTranslated(edit.MachineTranslated).Save(ctx)
		changed = []string{"title", "slug", "summary", "body"}
	} else {
		for name, v := range map[string]struct {
			new *string
			old string
		}{
			"title": {edit.Title, cur.Title}, "slug": {edit.Slug, cur.Slug},
			"summary": {edit.Summary, cur.Summary}, "body": {edit.Body, cur.Body},
		} {
			if v.new != nil && *v.new != v.old {
				changed = append(changed, name)
			}
		}
		t, err = cur.Update().SetNillableTitle(edit.Title).SetNillableSlug(edit.Slug).
			SetNillableSummary(edit.Summary).SetNillableBody(edit.Body).
			SetSourceRevision(rev).SetMachineTranslated(edit.MachineTranslated).
			SetStatus(schematype.Published).Save(ctx)
	}
	if ent.IsConstraintError(err) {
		return apperr.OnField("slug", ErrSlugTaken)
	}
	if err != nil {
		return fmt.Errorf("guide: save %s text of article %d: %w", l, a.ID, err)
	}
	slices.Sort(changed)
	r := tx.GuideArticleRevision.Create().SetArticleID(a.ID).SetLanguage(l).SetTitle(t.Title).SetSlug(t.Slug).
		SetSummary(t.Summary).SetBody(t.Body).SetSourceRevision(t.SourceRevision).SetChange(change).
		SetChangedFields(changed)
	if v := viewer.FromContext(ctx); v.UserID != 0 {
		r.SetAuthorID(v.UserID).SetAuthorName(v.Name)
	}
	if err := r.Exec(ctx); err != nil {
		return fmt.Errorf("guide: record revision of article %d: %w", a.ID, err)
	}
	// The article changed too, for clients that sync by updatedAt.
	return tx.GuideArticle.UpdateOneID(a.ID).Exec(ctx)
}

// checkArticleText records in f what is wrong with the fields of edit
// that are set, by the schema's rules, and whether its slug is taken in
// language l by another article than articleID; every field is required
// when complete is set.
func checkArticleText(ctx context.Context, tx *ent.Client, f *apperr.Fields, articleID int, l lang.Code, e ArticleEdit, complete bool) error {
	checkTexts(f, complete, []textField{
		{"title", e.Title, guidearticletranslation.TitleValidator},
		{"slug", e.Slug, guidearticletranslation.SlugValidator},
		{"summary", e.Summary, guidearticletranslation.SummaryValidator},
		{"body", e.Body, guidearticletranslation.BodyValidator},
	})
	if e.Slug == nil || f.Has("slug") {
		return nil
	}
	taken, err := tx.GuideArticleTranslation.Query().Where(guidearticletranslation.LanguageEQ(l),
		guidearticletranslation.Slug(*e.Slug), guidearticletranslation.ArticleIDNEQ(articleID)).Exist(ctx)
	if err != nil {
		return fmt.Errorf("guide: look up slug %q: %w", *e.Slug, err)
	}
	if taken {
		f.Check("slug", ErrSlugTaken)
	}
	return nil
}

func (s *Service) ArticleByID(ctx context.Context, id int) (*ent.GuideArticle, error) {
	q, err := s.ent(ctx).GuideArticle.Query().Where(guidearticle.ID(id)).CollectFields(ctx)
	if err != nil {
		return nil, err
	}
	a, err := q.Only(ctx)
	return a, notFound(err, ErrArticleNotFound)
}

// notFound turns ent's not-found error into the user-facing err.
func notFound(err error, user error) error {
	if ent.IsNotFound(err) {
		return user
	}
	return err
}

// inTx runs fn in the transaction of ctx (a GraphQL mutation runs in one)
// or in a new one, committed when fn returns nil.
func (s *Service) inTx(ctx context.Context, fn func(*ent.Client) error) error {
	if c := ent.FromContext(ctx); c != nil {
		return fn(c)
	}
	tx, err := s.client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("guide: begin: %w", err)
	}
	if err := fn(tx.Client()); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("guide: commit: %w", err)
	}
	return nil
}
