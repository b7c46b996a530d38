package checklist

import (
	"context"
	"fmt"
	"slices"
	"time"

	"relocate/ent"
	"relocate/ent/casefile"
	"relocate/ent/checklistitem"
	"relocate/ent/guidearticle"
	"relocate/ent/hook"
	"relocate/ent/place"
	"relocate/ent/task"
	"relocate/internal/lang"
	"relocate/internal/viewer"
)

// caseState is what the tasks of a case depend on.
type caseState struct {
	id             int
	needs          []string
	arrived, start *time.Time
}

// generate is the hook on changes of cases: after a change that adds
// support needs or records (or changes, or clears) the arrival or the
// first working day has been made — so that the case's own rules passed —
// it makes the tasks of the new needs' steps and dates the open tasks of
// steps anew, in the change's transaction.
func (s *Service) generate(next ent.Mutator) ent.Mutator {
	return hook.CaseFileFunc(func(ctx context.Context, m *ent.CaseFileMutation) (ent.Value, error) {
		if !m.Op().Is(ent.OpCreate|ent.OpUpdate|ent.OpUpdateOne) || !touchesTasks(m) {
			return next.Mutate(ctx, m)
		}
		// The service's own reads and writes: the change itself is checked
		// by the case's rules as the viewer's.
		sys := viewer.SystemContext(ctx)
		var before map[int]caseState
		if !m.Op().Is(ent.OpCreate) {
			ids, err := m.IDs(sys)
			if err != nil {
				return nil, fmt.Errorf("checklist: cases changed: %w", err)
			}
			if before, err = loadStates(sys, m.Client(), ids); err != nil {
				return nil, err
			}
		}
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return v, err
		}
		var ids []int
		if m.Op().Is(ent.OpCreate) {
			c, ok := v.(*ent.CaseFile)
			if !ok {
				return nil, fmt.Errorf("checklist: a new case is %T", v)
			}
			ids = []int{c.ID}
		} else {
			for id := range before {
				ids = append(ids, id)
			}
			slices.Sort(ids)
		}
		after, err := loadStates(sys, m.Client(), ids)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if err := s.sync(sys, m.Client(), before[id], after[id]); err != nil {
				return nil, err
			}
		}
		return v, nil
	})
}

// touchesTasks reports whether m changes what the tasks of a case depend
// on: its support needs, its arrival or its first working day.
func touchesTasks(m *ent.CaseFileMutation) bool {
	_, needs := m.SupportNeeds()
	_, appended := m.AppendedSupportNeeds()
	_, arrived := m.ArrivedOn()
	_, start := m.StartDate()
	return needs || appended || arrived || start || m.ArrivedOnCleared() || m.StartDateCleared()
}

// loadStates reads the support needs and dates of cases.
func loadStates(ctx context.Context, c *ent.Client, ids []int) (map[int]caseState, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := c.CaseFile.Query().Where(casefile.IDIn(ids...)).
		Select(casefile.FieldSupportNeeds, casefile.FieldArrivedOn, casefile.FieldStartDate).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("checklist: read cases %v: %w", ids, err)
	}
	states := make(map[int]caseState, len(rows))
	for _, r := range rows {
		states[r.ID] = caseState{id: r.ID, needs: r.SupportNeeds, arrived: r.ArrivedOn, start: r.StartDate}
	}
	return states, nil
}

// sync brings the tasks of one case from its state before a change (the
// zero state for a new case) to its state after.
func (s *Service) sync(ctx context.Context, c *ent.Client, before, after caseState) error {
	var added []string
	for _, n := range after.needs {
		if !slices.Contains(before.needs, n) && !slices.Contains(added, n) {
			added = append(added, n)
		}
	}
	if before.id != 0 && (!sameDate(before.arrived, after.arrived) || !sameDate(before.start, after.start)) {
		if err := redate(ctx, c, before, after); err != nil {
			return err
		}
	}
	if len(added) == 0 {
		return nil
	}
	return makeTasks(ctx, c, after, added)
}

// makeTasks makes the tasks of the steps of topics for a case, except of
// steps it has tasks of already.
func makeTasks(ctx context.Context, c *ent.Client, cs caseState, topics []string) error {
	items, err := c.ChecklistItem.Query().
		Where(checklistitem.TopicIn(topics...), checklistitem.Archived(false)).
		Order(checklistitem.ByTopic(), checklistitem.ByPosition(), checklistitem.ByID()).All(ctx)
	if err != nil {
		return fmt.Errorf("checklist: steps of %v: %w", topics, err)
	}
	if len(items) == 0 {
		return nil
	}
	ids := make([]int, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	var have []int
	if err := c.Task.Query().Where(task.CaseID(cs.id), task.ChecklistItemIDIn(ids...)).
		Select(task.FieldChecklistItemID).Scan(ctx, &have); err != nil {
		return fmt.Errorf("checklist: tasks of case %d: %w", cs.id, err)
	}
	articles, places, err := guideIDs(ctx, c, items)
	if err != nil {
		return err
	}
	var creates []*ent.TaskCreate
	for _, it := range items {
		if slices.Contains(have, it.ID) {
			continue
		}
		title, _ := titleIn(it.Edges.Translations, []lang.Code{lang.Source, lang.EN})
		if title == "" {
			title = it.Key
		}
		tc := c.Task.Create().SetCaseID(cs.id).SetTitle(title).SetTopic(it.Topic).SetChecklistItemID(it.ID).
			SetNillableDueOn(dueOn(it, cs))
		if id, ok := articles[it.ArticleKey]; ok {
			tc.SetArticleID(id)
		}
		if id, ok := places[it.PlaceKey]; ok {
			tc.SetPlaceID(id)
		}
		creates = append(creates, tc)
	}
	if len(creates) == 0 {
		return nil
	}
	if err := c.Task.CreateBulk(creates...).Exec(ctx); err != nil {
		return fmt.Errorf("checklist: tasks of case %d: %w", cs.id, err)
	}
	return nil
}

// guideIDs finds the articles and places the steps name by key; a key that
// names nothing (content removed since) links nothing.
func guideIDs(ctx context.Context, c *ent.Client, items []*ent.ChecklistItem) (articles, places map[string]int, err error) {
	var akeys, pkeys []string
	for _, it := range items {
		if it.ArticleKey != "" {
			akeys = append(akeys, it.ArticleKey)
		}
		if it.PlaceKey != "" {
			pkeys = append(pkeys, it.PlaceKey)
		}
	}
	var rows []struct {
		ID  int    `json:"id"`
		Key string `json:"key"`
	}
	articles, places = map[string]int{}, map[string]int{}
	if len(akeys) > 0 {
		if err := c.GuideArticle.Query().Where(guidearticle.KeyIn(akeys...)).
			Select(guidearticle.FieldID, guidearticle.FieldKey).Scan(ctx, &rows); err != nil {
			return nil, nil, fmt.Errorf("checklist: articles %v: %w", akeys, err)
		}
		for _, r := range rows {
			articles[r.Key] = r.ID
		}
	}
	rows = nil
	if len(pkeys) > 0 {
		if err := c.Place.Query().Where(place.KeyIn(pkeys...)).
			Select(place.FieldID, place.FieldKey).Scan(ctx, &rows); err != nil {
			return nil, nil, fmt.Errorf("checklist: places %v: %w", pkeys, err)
		}
		for _, r := range rows {
			places[r.Key] = r.ID
		}
	}
	return articles, places, nil
}

// redate gives the open tasks of steps of a case the due dates of its new
// arrival and first working day; a task whose due date differs from what
// the old dates gave was dated by hand and keeps its date.
func redate(ctx context.Context, c *ent.Client, before, after caseState) error {
	tasks, err := c.Task.Query().
		Where(task.CaseID(after.id), task.ChecklistItemIDNotNil(), task.StatusIn(task.StatusOPEN, task.StatusIN_PROGRESS)).
		WithChecklistItem().All(ctx)
	if err != nil {
		return fmt.Errorf("checklist: open tasks of case %d: %w", after.id, err)
	}
	for _, t := range tasks {
		it := t.Edges.ChecklistItem
		if it == nil || !sameDate(t.DueOn, dueOn(it, before)) {
			continue
		}
		due := dueOn(it, after)
		if sameDate(t.DueOn, due) {
			continue
		}
		u := c.Task.UpdateOneID(t.ID)
		if due == nil {
			u.ClearDueOn()
		} else {
			u.SetDueOn(*due)
		}
		if err := u.Exec(ctx); err != nil {
			return fmt.Errorf("checklist: date task %d: %w", t.ID, err)
		}
	}
	return nil
}

// dueOn is the due date of a task of step it in a case: the step's days
// after its anchor date, or after the other date while the anchor date is
// unknown; nil while both are.
func dueOn(it *ent.ChecklistItem, cs caseState) *time.Time {
	base, other := cs.arrived, cs.start
	if it.DueAnchor == checklistitem.DueAnchorSTART_OF_WORK {
		base, other = cs.start, cs.arrived
	}
	if base == nil {
		base = other
	}
	if base == nil {
		return nil
	}
	d := base.AddDate(0, 0, it.DueOffsetDays)
	return &d
}

// sameDate reports whether two dates (nil: none) are the same.
func sameDate(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}
