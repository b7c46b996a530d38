package guide

import (
	"context"
	"fmt"

	"relocate/ent"
	"relocate/ent/guidearticletranslation"
	"relocate/internal/lang"
)

// ArticleEdit is a change to an article's text in one language; nil fields
// stay as they are.
type ArticleEdit struct {
	Title, Summary, Body *string
}

// EditSource changes the German text of article id. A major change makes
// every translation OUTDATED until a translator updates it; a minor one
// (a typo) leaves them up to date. It runs in one transaction.
func (s *Service) EditSource(ctx context.Context, id int, edit ArticleEdit, major bool) error {
	return s.withTx(ctx, func(tx *ent.Client) error {
		a, err := tx.GuideArticle.Get(ctx, id)
		if ent.IsNotFound(err) {
			return ErrArticleNotFound
		}
		if err != nil {
			return fmt.Errorf("guide: load article %d: %w", id, err)
		}
		rev := a.SourceRevision
		if major {
			rev++
			if err := a.Update().SetSourceRevision(rev).Exec(ctx); err != nil {
				return fmt.Errorf("guide: bump revision of article %d: %w", id, err)
			}
		}
		return saveText(ctx, tx, a.ID, lang.Source, edit, rev)
	})
}

// EditTranslation writes the text of article id in language l (not German)
// as a translation of the current German source.
func (s *Service) EditTranslation(ctx context.Context, id int, l lang.Code, edit ArticleEdit) error {
	if l == lang.Source {
		return fmt.Errorf("guide: %s is the source language; use EditSource", l)
	}
	return s.withTx(ctx, func(tx *ent.Client) error {
		a, err := tx.GuideArticle.Get(ctx, id)
		if ent.IsNotFound(err) {
			return ErrArticleNotFound
		}
		if err != nil {
			return fmt.Errorf("guide: load article %d: %w", id, err)
		}
		return saveText(ctx, tx, a.ID, l, edit, a.SourceRevision)
	})
}

func saveText(ctx context.Context, tx *ent.Client, articleID int, l lang.Code, edit ArticleEdit, rev int) error {
	t, err := tx.GuideArticleTranslation.Query().
		Where(guidearticletranslation.ArticleID(articleID), guidearticletranslation.LanguageEQ(l)).Only(ctx)
	if err != nil {
		return fmt.Errorf("guide: load %s text of article %d: %w", l, articleID, err)
	}
	u := t.Update().SetSourceRevision(rev).SetMachineTranslated(false).
		SetNillableTitle(edit.Title).SetNillableSummary(edit.Summary).SetNillableBody(edit.Body)
	if err := u.Exec(ctx); err != nil {
		return fmt.Errorf("guide: save %s text of article %d: %w", l, articleID, err)
	}
	// The article changed too, for clients that sync by updatedAt.
	return tx.GuideArticle.UpdateOneID(articleID).Exec(ctx)
}

// withTx runs fn in a transaction and commits when it returns nil.
func (s *Service) withTx(ctx context.Context, fn func(*ent.Client) error) error {
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
