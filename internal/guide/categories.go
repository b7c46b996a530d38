package guide

import (
	"context"
	"fmt"
	"slices"

	"relocate/ent"
	"relocate/ent/guidecategory"
	"relocate/ent/guidecategorytranslation"
	"relocate/internal/lang"
)

// Link is a localized object in one language, for language switchers.
type Link struct {
	Language lang.Code
	Slug     string
	Name     string
	Status   TranslationStatus
}

// TopCategories returns the top-level topics in reading order.
func (s *Service) TopCategories(ctx context.Context) ([]*ent.GuideCategory, error) {
	if sn := s.snap(ctx); sn != nil {
		return sn.topics, nil
	}
	// Topic lists show the subtopics too: load them with one query.
	q, err := s.ent(ctx).GuideCategory.Query().
		Where(guidecategory.ParentIDIsNil()).
		Order(guidecategory.ByPosition(), guidecategory.ByID()).
		WithChildren().
		CollectFields(ctx)
	if err != nil {
		return nil, err
	}
	return q.All(ctx)
}

// CategoryBySlug returns the topic whose slug in any language is slug.
func (s *Service) CategoryBySlug(ctx context.Context, slug string) (*ent.GuideCategory, error) {
	if sn := s.snap(ctx); sn != nil {
		if id, ok := bySlug(sn.topicSlugs[slug], lang.FromContext(ctx).Chain); ok {
			return sn.topicByID[id], nil
		}
		return nil, ErrCategoryNotFound
	}
	rows, err := s.ent(ctx).GuideCategoryTranslation.Query().
		Where(guidecategorytranslation.Slug(slug)).
		Select(guidecategorytranslation.FieldCategoryID, guidecategorytranslation.FieldLanguage).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("guide: find topic slug %q: %w", slug, err)
	}
	l := pick(rows, func(t *ent.GuideCategoryTranslation) textMeta { return textMeta{Language: t.Language} },
		append(lang.FromContext(ctx).Chain, lang.All...), 0)
	if !l.Found {
		return nil, ErrCategoryNotFound
	}
	q, err := s.ent(ctx).GuideCategory.Query().Where(guidecategory.ID(l.Text.CategoryID)).CollectFields(ctx)
	if err != nil {
		return nil, err
	}
	c, err := q.Only(ctx)
	if ent.IsNotFound(err) {
		return nil, ErrCategoryNotFound
	}
	return c, err
}

// SortCategories orders topics for reading: by position, then by ID.
func SortCategories(cs []*ent.GuideCategory) []*ent.GuideCategory {
	cs = append([]*ent.GuideCategory{}, cs...)
	slices.SortStableFunc(cs, func(a, b *ent.GuideCategory) int {
		if a.Position != b.Position {
			return a.Position - b.Position
		}
		return a.ID - b.ID
	})
	return cs
}

// CategoryLinks returns topic c in every language.
func (s *Service) CategoryLinks(ctx context.Context, c *ent.GuideCategory) ([]*Link, error) {
	links := make([]*Link, 0, len(lang.All))
	for _, l := range lang.All {
		t, err := s.CategoryText(lang.NewContext(ctx, lang.For(l)), c)
		if err != nil {
			return nil, err
		}
		if t.Found {
			links = append(links, &Link{Language: l, Slug: t.Text.Slug, Name: t.Text.Name, Status: t.Status})
		}
	}
	return links, nil
}

// ParentTopic returns the topic c belongs to; ent's not-found error for a
// top-level topic (or one whose parent the reader may not see).
func (s *Service) ParentTopic(ctx context.Context, c *ent.GuideCategory) (*ent.GuideCategory, error) {
	if s.snap(ctx) != nil {
		if p, err := c.Edges.ParentOrErr(); err == nil || ent.IsNotFound(err) {
			return p, err
		}
	}
	return c.QueryParent().Only(ctx)
}
