package seed

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"

	"relocate/ent"
	"relocate/ent/checklistitem"
	"relocate/ent/checklistitemtranslation"
	"relocate/internal/checklist"
	"relocate/internal/lang"
)

// ChecklistStep is one step of a topic's checklist template
// (checklists.toml): when a case gets the topic as a support need, the
// step becomes a task, due DueDays days after the anchor date, explained
// by an article and a place of the guide.
type ChecklistStep struct {
	Key      string
	Topic    string
	Position int
	// Anchor is the date DueDays counts from: "ARRIVAL" or "START_OF_WORK".
	Anchor  string
	DueDays int
	// Article and Place are keys of the guide's articles and places; empty
	// when the step has none.
	Article, Place string
	// Titles is the step's title in every language.
	Titles map[lang.Code]string
}

// parseChecklists reads checklists.toml; content without one has no
// checklist templates.
func (c *Content) parseChecklists(fsys fs.FS) error {
	if _, err := fs.Stat(fsys, "checklists.toml"); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	var file struct {
		Step []struct {
			Key      string
			Topic    string
			Position int
			Anchor   string
			DueDays  int `toml:"due_days"`
			Article  string
			Place    string
			Title    struct {
				DE string `toml:"de"`
				LV string `toml:"lv"`
				RU string `toml:"ru"`
				EN string `toml:"en"`
			}
		}
	}
	if err := decodeStrict(fsys, "checklists.toml", &file); err != nil {
		return err
	}
	for _, s := range file.Step {
		titles := map[lang.Code]string{}
		for l, t := range map[lang.Code]string{lang.DE: s.Title.DE, lang.LV: s.Title.LV, lang.RU: s.Title.RU, lang.EN: s.Title.EN} {
			if t != "" {
				titles[l] = t
			}
		}
		c.Checklist = append(c.Checklist, ChecklistStep{
			Key: s.Key, Topic: s.Topic, Position: s.Position, Anchor: s.Anchor, DueDays: s.DueDays,
			Article: s.Article, Place: s.Place, Titles: titles,
		})
	}
	return nil
}

// validateChecklists checks the steps against the schema's validators and
// the rest of the content: every topic, article and place they name
// exists, every title is there in every language, keys are unique and
// positions within a topic too.
func (c *Content) validateChecklists(check func(what, field string, validate func(string) error, value string),
	checkErr func(what, field string, err error), bad func(string, ...any)) {
	topics, articles, places := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, t := range c.Topics {
		topics[t.Key] = true
	}
	for _, a := range c.Articles {
		articles[a.Key] = true
	}
	for _, p := range c.Places {
		places[p.Key] = true
	}
	keys := map[string]bool{}
	positions := map[string]string{} // topic and position: key
	for _, s := range c.Checklist {
		what := fmt.Sprintf("checklists.toml step %q", s.Key)
		check(what, "key", checklistitem.KeyValidator, s.Key)
		if keys[s.Key] {
			bad("%s: key used twice", what)
		}
		keys[s.Key] = true
		if !topics[s.Topic] {
			bad("%s: unknown topic %q", what, s.Topic)
		}
		if s.Article != "" && !articles[s.Article] {
			bad("%s: article %q does not exist", what, s.Article)
		}
		if s.Place != "" && !places[s.Place] {
			bad("%s: place %q does not exist", what, s.Place)
		}
		checkErr(what, "anchor", checklistitem.DueAnchorValidator(checklistitem.DueAnchor(s.Anchor)))
		checkErr(what, "due_days", checklistitem.DueOffsetDaysValidator(s.DueDays))
		pos := fmt.Sprintf("%s/%d", s.Topic, s.Position)
		if other, dup := positions[pos]; dup {
			bad("%s: position %d of topic %q already taken by %q", what, s.Position, s.Topic, other)
		}
		positions[pos] = s.Key
		for _, l := range lang.All {
			title, ok := s.Titles[l]
			if !ok {
				bad("%s: no title in %s", what, l)
				continue
			}
			check(fmt.Sprintf("%s (%s)", what, l), "title", checklistitemtranslation.TitleValidator, title)
		}
	}
}

// checklists brings the checklist templates to the state of c: steps
// missing are created, changed ones updated (an archived step the files
// name comes back), steps the files do not name are kept.
func (l *loader) checklists(ctx context.Context, c *Content) error {
	existing, err := l.client.ChecklistItem.Query().WithTranslations().All(ctx)
	if err != nil {
		return fmt.Errorf("seed: load checklist steps: %w", err)
	}
	byKey := map[string]*ent.ChecklistItem{}
	for _, e := range existing {
		byKey[e.Key] = e
	}
	for _, s := range c.Checklist {
		e, ok := byKey[s.Key]
		anchor := checklistitem.DueAnchor(s.Anchor)
		changed := ok && (e.Topic != s.Topic || e.Position != s.Position || e.DueAnchor != anchor ||
			e.DueOffsetDays != s.DueDays || e.ArticleKey != s.Article || e.PlaceKey != s.Place || e.Archived)
		switch {
		case !ok:
			e, err = l.client.ChecklistItem.Create().SetKey(s.Key).SetTopic(s.Topic).SetPosition(s.Position).
				SetDueAnchor(anchor).SetDueOffsetDays(s.DueDays).SetArticleKey(s.Article).SetPlaceKey(s.Place).Save(ctx)
		case changed:
			err = e.Update().SetTopic(s.Topic).SetPosition(s.Position).SetDueAnchor(anchor).SetDueOffsetDays(s.DueDays).
				SetArticleKey(s.Article).SetPlaceKey(s.Place).SetArchived(false).Exec(ctx)
		}
		l.count(!ok, changed)
		if err != nil {
			return fmt.Errorf("seed: checklist step %s: %w", s.Key, err)
		}
		for _, lc := range lang.All {
			i := slices.IndexFunc(e.Edges.Translations, func(t *ent.ChecklistItemTranslation) bool { return t.Language == lc })
			title := s.Titles[lc]
			switch {
			case i < 0:
				err = l.client.ChecklistItemTranslation.Create().SetItemID(e.ID).SetLanguage(lc).SetTitle(title).Exec(ctx)
				l.count(true, false)
			case e.Edges.Translations[i].Title != title:
				old := e.Edges.Translations[i].Title
				if err = e.Edges.Translations[i].Update().SetTitle(title).Exec(ctx); err == nil && lc == lang.Source {
					err = checklist.RetitleTasks(ctx, l.client, e.ID, old, title)
				}
				l.count(false, true)
			default:
				l.count(false, false)
			}
			if err != nil {
				return fmt.Errorf("seed: checklist step %s (%s): %w", s.Key, lc, err)
			}
		}
	}
	return nil
}
