package guide

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"relocate/ent"
	"relocate/ent/guidearticle"
	"relocate/ent/guidearticlerevision"
	"relocate/ent/guidearticletranslation"
	"relocate/ent/schema/schematype"
	"relocate/internal/apperr"
	"relocate/internal/lang"
	"relocate/internal/viewer"
)

// Errors of the editorial operations.
var (
	ErrSlugInvalid   = apperr.New(apperr.BadUserInput, "error.slug_invalid", nil)
	ErrSlugTaken     = apperr.New(apperr.BadUserInput, "error.slug_taken", nil)
	ErrKeyInvalid    = apperr.New(apperr.BadUserInput, "error.key_invalid", nil)
	ErrKeyTaken      = apperr.New(apperr.BadUserInput, "error.key_taken", nil)
	ErrTextRequired  = apperr.New(apperr.BadUserInput, "error.text_required", nil)
	ErrTextTooLong   = apperr.New(apperr.BadUserInput, "error.text_too_long", nil)
	ErrNotEditable   = apperr.New(apperr.BadUserInput, "error.not_editable", nil)
	ErrNotSiblings   = apperr.New(apperr.BadUserInput, "error.not_siblings", nil)
	ErrUseSourceEdit = apperr.New(apperr.BadUserInput, "error.use_source_edit", nil)
)

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Longest texts accepted, in characters.
const (
	maxTitle = 200
	maxBody  = 100_000
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
}

// CreateArticle creates a draft article with its German text.
func (s *Service) CreateArticle(ctx context.Context, in NewArticle) (*ent.GuideArticle, error) {
	if !viewer.FromContext(ctx).Can(viewer.EditSource) {
		return nil, apperr.ErrForbidden
	}
	if !slugPattern.MatchString(in.Key) || len(in.Key) > 100 {
		return nil, ErrKeyInvalid
	}
	edit := ArticleEdit{Title: &in.Title, Slug: &in.Slug, Summary: &in.Summary, Body: &in.Body}
	if err := checkArticleText(edit, true); err != nil {
		return nil, err
	}
	var id int
	err := s.inTx(ctx, func(tx *ent.Client) error {
		if _, err := tx.GuideCategory.Get(ctx, in.CategoryID); err != nil {
			return notFound(err, ErrCategoryNotFound)
		}
		a, err := tx.GuideArticle.Create().SetKey(in.Key).SetCategoryID(in.CategoryID).
			SetPosition(in.Position).SetStatus(schematype.Draft).Save(ctx)
		if ent.IsConstraintError(err) {
			return ErrKeyTaken
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

// ArticleUpdate moves an article; nil fields stay as they are.
type ArticleUpdate struct {
	CategoryID *int
	Position   *int
	RelatedIDs []int // nil: unchanged
}

// UpdateArticle changes where an article stands and what it relates to.
func (s *Service) UpdateArticle(ctx context.Context, id int, in ArticleUpdate) (*ent.GuideArticle, error) {
	if !viewer.FromContext(ctx).Can(viewer.EditSource) {
		return nil, apperr.ErrForbidden
	}
	err := s.inTx(ctx, func(tx *ent.Client) error {
		a, err := tx.GuideArticle.Get(ctx, id)
		if err != nil {
			return notFound(err, ErrArticleNotFound)
		}
		u := a.Update().SetNillablePosition(in.Position)
		if in.CategoryID != nil {
			if _, err := tx.GuideCategory.Get(ctx, *in.CategoryID); err != nil {
				return notFound(err, ErrCategoryNotFound)
			}
			u.SetCategoryID(*in.CategoryID)
		}
		if in.RelatedIDs != nil {
			related := slices.Compact(slices.Sorted(slices.Values(in.RelatedIDs)))
			n, err := tx.GuideArticle.Query().Where(guidearticle.IDIn(related...), guidearticle.IDNEQ(id)).Count(ctx)
			if err != nil {
				return err
			}
			if n != len(related) {
				return ErrArticleNotFound
			}
			u.ClearRelated().AddRelatedIDs(related...)
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
	if err := checkArticleText(edit, false); err != nil {
		return err
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
	if err := checkArticleText(edit, false); err != nil {
		return err
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

// saveText writes the text of article a in language l, translated from
// source revision rev, and records the revision.
func (s *Service) saveText(ctx context.Context, tx *ent.Client, a *ent.GuideArticle, l lang.Code, edit ArticleEdit, rev int, change guidearticlerevision.Change) error {
	cur, err := tx.GuideArticleTranslation.Query().
		Where(guidearticletranslation.ArticleID(a.ID), guidearticletranslation.LanguageEQ(l)).Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return fmt.Errorf("guide: load %s text of article %d: %w", l, a.ID, err)
	}
	var changed []string
	var t *ent.GuideArticleTranslation
	if cur == nil {
		if edit.Title == nil || edit.Slug == nil || edit.Summary == nil || edit.Body == nil {
			return ErrTextRequired // a new text needs every field
		}
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
		return ErrSlugTaken
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

// checkArticleText validates the fields of edit that are set; all are
// required when complete is set.
func checkArticleText(e ArticleEdit, complete bool) error {
	if complete && (e.Title == nil || e.Slug == nil || e.Summary == nil || e.Body == nil) {
		return ErrTextRequired
	}
	if e.Slug != nil && (!slugPattern.MatchString(*e.Slug) || len(*e.Slug) > 120) {
		return ErrSlugInvalid
	}
	if e.Title != nil && strings.TrimSpace(*e.Title) == "" || e.Body != nil && strings.TrimSpace(*e.Body) == "" {
		return ErrTextRequired
	}
	if e.Title != nil && utf8.RuneCountInString(*e.Title) > maxTitle ||
		e.Body != nil && utf8.RuneCountInString(*e.Body) > maxBody ||
		e.Summary != nil && utf8.RuneCountInString(*e.Summary) > 1000 {
		return ErrTextTooLong
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
