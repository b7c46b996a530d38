package checklist

import (
	"context"
	"fmt"

	"entgo.io/contrib/entgql"

	"relocate/ent"
	"relocate/ent/checklistitem"
	"relocate/ent/checklistitemtranslation"
	"relocate/ent/guidearticle"
	"relocate/ent/guidecategory"
	"relocate/ent/place"
	"relocate/ent/task"
	"relocate/internal/apperr"
	"relocate/internal/lang"
	"relocate/internal/paging"
	"relocate/internal/viewer"

	_ "relocate/ent/runtime" // registers the schema's validators called below
)

// Title is a step's title in one language.
type Title struct {
	Language lang.Code
	Title    string
}

// NewItem is a checklist step to create.
type NewItem struct {
	Key, Topic string
	// Position orders the step within its topic; nil: after the last.
	Position      *int
	DueOffsetDays int
	DueAnchor     checklistitem.DueAnchor
	// ArticleKey and PlaceKey name the guide article and place that
	// explain the step; empty for none.
	ArticleKey, PlaceKey string
	// Titles must hold the German title; other languages may follow later.
	Titles []Title
}

// ItemUpdate changes a step; nil fields stay as they are.
type ItemUpdate struct {
	Topic         *string
	Position      *int
	DueOffsetDays *int
	DueAnchor     *checklistitem.DueAnchor
	ArticleKey    *string
	PlaceKey      *string
	// ClearArticle and ClearPlace remove the link.
	ClearArticle, ClearPlace bool
}

// allowed answers FORBIDDEN early when the viewer may not change the
// templates (the ent rules would refuse the change anyway).
func allowed(ctx context.Context) error {
	if !viewer.FromContext(ctx).Can(viewer.ManageChecklists) {
		return apperr.ErrForbidden
	}
	return nil
}

// Items returns a page of the steps the viewer may see; archived ones only
// when where asks for them (archived: true). Without an order: by
// position (filter by topic for one topic's checklist).
func (s *Service) Items(ctx context.Context, p paging.Page, order *ent.ChecklistItemOrder, where *ent.ChecklistItemWhereInput) (*ent.ChecklistItemConnection, error) {
	p, err := p.Normalize()
	if err != nil {
		return nil, err
	}
	q := s.ent(ctx).ChecklistItem.Query()
	if !mentionsArchived(where) {
		q.Where(checklistitem.Archived(false))
	}
	if order == nil {
		order = &ent.ChecklistItemOrder{Direction: entgql.OrderDirectionAsc, Field: ent.ChecklistItemOrderFieldPosition}
	}
	opts := []ent.ChecklistItemPaginateOption{ent.WithChecklistItemOrder(order)}
	if where != nil {
		opts = append(opts, ent.WithChecklistItemFilter(where.Filter))
	}
	return q.Paginate(ctx, p.After, p.First, p.Before, p.Last, opts...)
}

// mentionsArchived reports whether a filter says anything about archived
// steps.
func mentionsArchived(w *ent.ChecklistItemWhereInput) bool {
	if w == nil {
		return false
	}
	if w.Archived != nil || w.ArchivedNEQ != nil || mentionsArchived(w.Not) {
		return true
	}
	for _, o := range append(append([]*ent.ChecklistItemWhereInput{}, w.And...), w.Or...) {
		if mentionsArchived(o) {
			return true
		}
	}
	return false
}

// Item returns step id.
func (s *Service) Item(ctx context.Context, id int) (*ent.ChecklistItem, error) {
	it, err := s.ent(ctx).ChecklistItem.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, ErrItemNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("checklist: step %d: %w", id, err)
	}
	return it, nil
}

// CreateItem creates a step with its titles. Cases that get its topic as a
// support need from now on get a task of it; cases that have the need
// already do not.
func (s *Service) CreateItem(ctx context.Context, in NewItem) (*ent.ChecklistItem, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	var id int
	err := s.inTx(ctx, func(tx *ent.Client) error {
		var f apperr.Fields
		if err := checkKey(ctx, tx, &f, in.Key); err != nil {
			return err
		}
		if err := checkRefs(ctx, tx, &f, &in.Topic, &in.ArticleKey, &in.PlaceKey); err != nil {
			return err
		}
		f.Check("dueOffsetDays", checklistitem.DueOffsetDaysValidator(in.DueOffsetDays))
		if in.DueAnchor == "" {
			in.DueAnchor = checklistitem.DefaultDueAnchor
		}
		checkTitles(&f, in.Titles)
		if err := f.Err(); err != nil {
			return err
		}
		pos := 0
		if in.Position != nil {
			pos = *in.Position
		} else {
			last, err := tx.ChecklistItem.Query().Where(checklistitem.Topic(in.Topic)).
				Order(ent.Desc(checklistitem.FieldPosition)).First(ctx)
			switch {
			case err == nil:
				pos = last.Position + 1
			case ent.IsNotFound(err):
				pos = 1
			default:
				return fmt.Errorf("checklist: last step of %s: %w", in.Topic, err)
			}
		}
		it, err := tx.ChecklistItem.Create().SetKey(in.Key).SetTopic(in.Topic).SetPosition(pos).
			SetDueOffsetDays(in.DueOffsetDays).SetDueAnchor(in.DueAnchor).
			SetArticleKey(in.ArticleKey).SetPlaceKey(in.PlaceKey).Save(ctx)
		if err != nil {
			return fmt.Errorf("checklist: create step %s: %w", in.Key, err)
		}
		id = it.ID
		for _, t := range in.Titles {
			if err := tx.ChecklistItemTranslation.Create().SetItemID(it.ID).SetLanguage(t.Language).
				SetTitle(t.Title).Exec(ctx); err != nil {
				return fmt.Errorf("checklist: title of step %s (%s): %w", in.Key, t.Language, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.Item(ctx, id)
}

// UpdateItem changes a step. Tasks made of it already keep their dates
// and links; its title is theirs in every case.
func (s *Service) UpdateItem(ctx context.Context, id int, in ItemUpdate) (*ent.ChecklistItem, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(tx *ent.Client) error {
		if _, err := tx.ChecklistItem.Get(ctx, id); ent.IsNotFound(err) {
			return ErrItemNotFound
		} else if err != nil {
			return fmt.Errorf("checklist: step %d: %w", id, err)
		}
		var f apperr.Fields
		if err := checkRefs(ctx, tx, &f, in.Topic, in.ArticleKey, in.PlaceKey); err != nil {
			return err
		}
		if in.DueOffsetDays != nil {
			f.Check("dueOffsetDays", checklistitem.DueOffsetDaysValidator(*in.DueOffsetDays))
		}
		if err := f.Err(); err != nil {
			return err
		}
		u := tx.ChecklistItem.UpdateOneID(id).SetNillableTopic(in.Topic).SetNillablePosition(in.Position).
			SetNillableDueOffsetDays(in.DueOffsetDays).SetNillableDueAnchor(in.DueAnchor).
			SetNillableArticleKey(in.ArticleKey).SetNillablePlaceKey(in.PlaceKey)
		if in.ClearArticle {
			u.ClearArticleKey()
		}
		if in.ClearPlace {
			u.ClearPlaceKey()
		}
		if err := u.Exec(ctx); err != nil {
			return fmt.Errorf("checklist: update step %d: %w", id, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.Item(ctx, id)
}

// WriteTitle writes the title of step id in language l; the tasks made of
// the step are titled by it at once.
func (s *Service) WriteTitle(ctx context.Context, id int, l lang.Code, title string) (*ent.ChecklistItem, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(tx *ent.Client) error {
		if _, err := tx.ChecklistItem.Get(ctx, id); ent.IsNotFound(err) {
			return ErrItemNotFound
		} else if err != nil {
			return fmt.Errorf("checklist: step %d: %w", id, err)
		}
		if err := checklistitemtranslation.TitleValidator(title); err != nil {
			return apperr.OnField("title", err)
		}
		old, err := tx.ChecklistItemTranslation.Query().
			Where(checklistitemtranslation.ItemID(id), checklistitemtranslation.LanguageEQ(l)).Only(ctx)
		switch {
		case ent.IsNotFound(err):
			err = tx.ChecklistItemTranslation.Create().SetItemID(id).SetLanguage(l).SetTitle(title).Exec(ctx)
		case err == nil:
			err = old.Update().SetTitle(title).Exec(ctx)
		}
		if err != nil {
			return fmt.Errorf("checklist: title of step %d (%s): %w", id, l, err)
		}
		if l == lang.Source && old != nil {
			if err := RetitleTasks(ctx, tx, id, old.Title, title); err != nil {
				return err
			}
		}
		// The step changed: its updated_at says when.
		return tx.ChecklistItem.UpdateOneID(id).Exec(ctx)
	})
	if err != nil {
		return nil, err
	}
	return s.Item(ctx, id)
}

// SetArchived archives step id (it makes no new tasks; those made of it
// keep it as their title) or brings it back.
func (s *Service) SetArchived(ctx context.Context, id int, archived bool) (*ent.ChecklistItem, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(tx *ent.Client) error {
		err := tx.ChecklistItem.UpdateOneID(id).SetArchived(archived).Exec(ctx)
		if ent.IsNotFound(err) {
			return ErrItemNotFound
		}
		if err != nil {
			return fmt.Errorf("checklist: archive step %d: %w", id, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.Item(ctx, id)
}

// checkKey records in f what is wrong with the key of a new step.
func checkKey(ctx context.Context, c *ent.Client, f *apperr.Fields, key string) error {
	if err := checklistitem.KeyValidator(key); err != nil {
		f.Check("key", err)
		return nil
	}
	taken, err := c.ChecklistItem.Query().Where(checklistitem.Key(key)).Exist(viewer.SystemContext(ctx))
	if err != nil {
		return fmt.Errorf("checklist: look up key %q: %w", key, err)
	}
	if taken {
		f.Check("key", errKeyTaken)
	}
	return nil
}

// checkRefs records in f what is wrong with the topic, article and place
// keys given (nil: not given): their shape, or that they name nothing.
// Drafts count: a step may point to an article before it is published.
func checkRefs(ctx context.Context, c *ent.Client, f *apperr.Fields, topic, article, plc *string) error {
	sys := viewer.SystemContext(ctx)
	for _, r := range []struct {
		path   string
		key    *string
		unset  bool // an empty key means "none"
		exists func(string) (bool, error)
		err    error
	}{
		{"topic", topic, false, func(k string) (bool, error) {
			return c.GuideCategory.Query().Where(guidecategory.Key(k)).Exist(sys)
		}, errUnknownTopic},
		{"articleKey", article, true, func(k string) (bool, error) {
			return c.GuideArticle.Query().Where(guidearticle.Key(k)).Exist(sys)
		}, errUnknownArt},
		{"placeKey", plc, true, func(k string) (bool, error) {
			return c.Place.Query().Where(place.Key(k)).Exist(sys)
		}, errUnknownPlace},
	} {
		if r.key == nil || (r.unset && *r.key == "") {
			continue
		}
		if err := checklistitem.TopicValidator(*r.key); err != nil {
			f.Check(r.path, err)
			continue
		}
		ok, err := r.exists(*r.key)
		if err != nil {
			return fmt.Errorf("checklist: look up %s %q: %w", r.path, *r.key, err)
		}
		if !ok {
			f.Check(r.path, r.err)
		}
	}
	return nil
}

// checkTitles records in f what is wrong with the titles of a new step:
// German is required, each language once, each title valid.
func checkTitles(f *apperr.Fields, titles []Title) {
	seen := map[lang.Code]bool{}
	for i, t := range titles {
		if seen[t.Language] {
			f.Check(fmt.Sprintf("titles[%d].language", i), errDuplicateLang)
		}
		seen[t.Language] = true
		f.Check(fmt.Sprintf("titles[%d].title", i), checklistitemtranslation.TitleValidator(t.Title))
	}
	if !seen[lang.Source] {
		f.Check("titles", errGermanTitle)
	}
}

// RetitleTasks gives the tasks of step id that bear its old German title
// the new one: their own title stays the step's, so they go on being
// titled by the step in every language (a task retitled by hand keeps its
// title).
func RetitleTasks(ctx context.Context, c *ent.Client, id int, old, title string) error {
	if old == title {
		return nil
	}
	if _, err := c.Task.Update().Where(task.ChecklistItemID(id), task.Title(old)).SetTitle(title).
		Save(viewer.SystemContext(ctx)); err != nil {
		return fmt.Errorf("checklist: retitle the tasks of step %d: %w", id, err)
	}
	return nil
}
