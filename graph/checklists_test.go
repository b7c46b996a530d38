package graph_test

import (
	"slices"
	"strings"
	"testing"

	"relocate/internal/lang"
	"relocate/internal/seed"
	"relocate/internal/testenv"
)

// content is the demo content the apps of the tests load.
func content(t testing.TB) *seed.Content {
	t.Helper()
	c, err := seed.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// steps returns the checklist steps of topics, by key.
func steps(t testing.TB, topics ...string) map[string]seed.ChecklistStep {
	t.Helper()
	out := map[string]seed.ChecklistStep{}
	for _, s := range content(t).Checklist {
		if slices.Contains(topics, s.Topic) {
			out[s.Key] = s
		}
	}
	return out
}

// stepsOf counts the checklist steps of topics.
func stepsOf(t testing.TB, topics ...string) int { return len(steps(t, topics...)) }

// caseTasks is a case's tasks as a dashboard reads them.
type caseTasks struct {
	Node struct {
		Version int
		Tasks   []struct {
			ID, Title, Status string
			Topic             *string
			DueOn             *string
			ChecklistItem     *struct{ Key string }
			Article           *struct{ Key, Title, Language, Path string }
			Place             *struct {
				Key, Name, Description, Language string
			}
		}
	}
}

const caseTasksOp = `query($id: ID!) { node(id: $id) { ... on Case { version tasks { id title status topic dueOn
	checklistItem { key } article { key title language path } place { key name description language } } } } }`

// TestChecklistTasksInEveryLanguage: opening a case with support needs
// makes a task of every step of their checklists, once; a caseworker
// reads them in German, and in each language the operation asks for, the
// title of the step, the linked article and the place all in that
// language; the newcomer reads the same tasks in Latvian. A task written
// by hand keeps its title.
func TestChecklistTasksInEveryLanguage(t *testing.T) {
	c := content(t)
	articles := map[string]seed.Article{}
	for _, a := range c.Articles {
		articles[a.Key] = a
	}
	places := map[string]seed.Place{}
	for _, p := range c.Places {
		places[p.Key] = p
	}
	want := steps(t, "housing", "authorities")
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db) // case P: support needs housing and authorities, one task written by hand
		for _, l := range lang.All {
			var d caseTasks
			op := strings.Replace(caseTasksOp, "query($id: ID!)", "query($id: ID!) @inContext(language: "+strings.ToUpper(string(l))+")", 1)
			w.must(t, w.cw, op, map[string]any{"id": w.caseP}, &d)
			seen := map[string]bool{}
			for _, tk := range d.Node.Tasks {
				if tk.ChecklistItem == nil {
					if tk.Title != "Wohnsitz anmelden" {
						t.Errorf("%s: the task written by hand is titled %q", l, tk.Title)
					}
					continue
				}
				s, ok := want[tk.ChecklistItem.Key]
				if !ok || seen[s.Key] {
					t.Errorf("%s: unexpected or repeated task of step %s", l, tk.ChecklistItem.Key)
					continue
				}
				seen[s.Key] = true
				if tk.Title != s.Titles[l] || tk.Status != "OPEN" || tk.Topic == nil || *tk.Topic != s.Topic {
					t.Errorf("%s: task of %s: %q (%s), want %q", l, s.Key, tk.Title, tk.Status, s.Titles[l])
				}
				if s.Article != "" {
					a := articles[s.Article]
					if tk.Article == nil || tk.Article.Key != s.Article || tk.Article.Language != strings.ToUpper(string(l)) ||
						tk.Article.Title != a.Texts[l].Title || !strings.Contains(tk.Article.Path, a.Texts[l].Slug) {
						t.Errorf("%s: article of %s: %+v, want %s in %s", l, s.Key, tk.Article, a.Texts[l].Title, l)
					}
				}
				if s.Place != "" {
					p := places[s.Place]
					if tk.Place == nil || tk.Place.Key != s.Place || tk.Place.Language != strings.ToUpper(string(l)) ||
						tk.Place.Description != p.Texts[l].Description {
						t.Errorf("%s: place of %s: %+v, want it in %s", l, s.Key, tk.Place, l)
					}
				} else if tk.Place != nil {
					t.Errorf("%s: %s links a place: %+v", l, s.Key, tk.Place)
				}
			}
			if len(seen) != len(want) {
				t.Errorf("%s: tasks of %d steps, want %d", l, len(seen), len(want))
			}
		}

		// The newcomer reads their own tasks; in Latvian when they ask.
		var own struct {
			Viewer struct {
				Case struct {
					Tasks []struct {
						Title   string
						Article *struct{ Title, Language string }
					}
				}
			}
		}
		w.must(t, w.newcomerP, `{ viewer { case { tasks { title article { title language } } } } }`, nil, &own)
		w.as(w.newcomerP, `{ viewer { case { tasks { title article { title language } } } } }`, nil, "Accept-Language", "lv-LV,lv;q=0.9").MustData(&own)
		latvian := map[string]bool{}
		for _, s := range want {
			latvian[s.Titles[lang.LV]] = true
		}
		n := 0
		for _, tk := range own.Viewer.Case.Tasks {
			if latvian[tk.Title] {
				n++
				if tk.Article == nil || tk.Article.Language != "LV" {
					t.Errorf("newcomer: article of %q: %+v", tk.Title, tk.Article)
				}
			}
		}
		if n != len(want) {
			t.Errorf("the newcomer reads %d tasks in Latvian, want %d: %+v", n, len(want), own.Viewer.Case.Tasks)
		}
	})
}

// taskDates returns the due dates of a case's tasks by step key, and the
// case's version.
func taskDates(t *testing.T, w *world, caseID string) (map[string]string, int) {
	t.Helper()
	var d caseTasks
	w.must(t, w.cw, caseTasksOp, map[string]any{"id": caseID}, &d)
	out := map[string]string{}
	for _, tk := range d.Node.Tasks {
		if tk.ChecklistItem == nil {
			continue
		}
		if _, dup := out[tk.ChecklistItem.Key]; dup {
			t.Errorf("two tasks of step %s", tk.ChecklistItem.Key)
		}
		out[tk.ChecklistItem.Key] = ""
		if tk.DueOn != nil {
			out[tk.ChecklistItem.Key] = *tk.DueOn
		}
	}
	return out, d.Node.Version
}

// TestChecklistTasksAreDatedByArrival: tasks are due relative to the
// arrival, or the first working day while the arrival is not known;
// recording or changing the arrival dates the open tasks anew, except one
// whose date was changed by hand and one that is done; a need removed and
// added again makes no second set; a new need its own.
func TestChecklistTasksAreDatedByArrival(t *testing.T) {
	health := steps(t, "health")
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db)
		var o struct {
			OpenCase struct{ Case struct{ ID string } }
		}
		// Neither arrival nor first working day: no due dates yet.
		w.must(t, w.cw, openCaseOp, map[string]any{"in": map[string]any{"personId": w.personQ, "kind": "PLACEMENT",
			"supportNeeds": []string{"health"}, "openedOn": "2026-01-05"}}, &o)
		id := o.OpenCase.Case.ID
		dates, version := taskDates(t, w, id)
		if len(dates) != len(health) {
			t.Fatalf("%d tasks, want %d", len(dates), len(health))
		}
		for k, d := range dates {
			if d != "" {
				t.Errorf("%s due %s before any date is known", k, d)
			}
		}
		update := func(in map[string]any) {
			t.Helper()
			in["id"], in["version"] = id, version
			var u struct {
				UpdateCase struct{ Case struct{ Version int } }
			}
			w.must(t, w.cw, `mutation($in: UpdateCaseInput!) { updateCase(input: $in) { case { version } } }`, map[string]any{"in": in}, &u)
			version = u.UpdateCase.Case.Version
		}
		// The first working day: every task is due relative to it.
		update(map[string]any{"startDate": "2026-03-02"})
		dates, _ = taskDates(t, w, id)
		for _, tc := range []struct{ key, due string }{
			{"health-choose-insurer", "2026-02-23"},    // START_OF_WORK -7
			{"health-tell-employer", "2026-03-02"},     // START_OF_WORK 0
			{"health-emergency-numbers", "2026-03-03"}, // ARRIVAL +1, the arrival not known yet
			{"health-family-doctor", "2026-04-01"},     // ARRIVAL +30
		} {
			if dates[tc.key] != tc.due {
				t.Errorf("with the first working day: %s due %q, want %s", tc.key, dates[tc.key], tc.due)
			}
		}
		// The arrival: ARRIVAL tasks move, START_OF_WORK tasks stay.
		update(map[string]any{"arrivedOn": "2026-02-20"})
		dates, _ = taskDates(t, w, id)
		for _, tc := range []struct{ key, due string }{
			{"health-choose-insurer", "2026-02-23"},
			{"health-emergency-numbers", "2026-02-21"},
			{"health-family-doctor", "2026-03-22"},
		} {
			if dates[tc.key] != tc.due {
				t.Errorf("after the arrival: %s due %q, want %s", tc.key, dates[tc.key], tc.due)
			}
		}
		// One task dated by hand, one done: neither moves when the arrival
		// is corrected.
		var d caseTasks
		w.must(t, w.cw, caseTasksOp, map[string]any{"id": id}, &d)
		taskOf := map[string]string{}
		for _, tk := range d.Node.Tasks {
			taskOf[tk.ChecklistItem.Key] = tk.ID
		}
		w.must(t, w.cw, `mutation($id: ID!) { updateTask(input: {id: $id, dueOn: "2026-05-04"}) { task { id } } }`,
			map[string]any{"id": taskOf["health-family-doctor"]}, nil)
		w.must(t, w.cw, `mutation($id: ID!) { completeTask(input: {id: $id}) { task { id } } }`,
			map[string]any{"id": taskOf["health-emergency-numbers"]}, nil)
		_, version = taskDates(t, w, id)
		update(map[string]any{"arrivedOn": "2026-02-25"})
		dates, _ = taskDates(t, w, id)
		for _, tc := range []struct{ key, due string }{
			{"health-family-doctor", "2026-05-04"},     // by hand
			{"health-emergency-numbers", "2026-02-21"}, // done
			{"health-choose-insurer", "2026-02-23"},    // first working day
		} {
			if dates[tc.key] != tc.due {
				t.Errorf("after the arrival was corrected: %s due %q, want %s", tc.key, dates[tc.key], tc.due)
			}
		}

		// Removed and added again: no second set. A new need: its tasks,
		// dated by the arrival.
		update(map[string]any{"supportNeeds": []string{}})
		update(map[string]any{"supportNeeds": []string{"health", "money"}})
		dates, _ = taskDates(t, w, id) // fails on a repeated step
		money := steps(t, "money")
		if len(dates) != len(health)+len(money) {
			t.Errorf("%d tasks, want %d", len(dates), len(health)+len(money))
		}
		if dates["money-bank-account"] != "2026-03-18" { // ARRIVAL +21
			t.Errorf("money-bank-account due %q, want 2026-03-18", dates["money-bank-account"])
		}
	})
}

// TestChecklistTemplatesAreEditedByAdministrators: administrators create,
// change, translate and archive steps, with every wrong field named at
// once and nothing changed; a caseworker may read them but not change
// them; cases that get the need afterwards get tasks of the new step, in
// the languages it has.
func TestChecklistTemplatesAreEditedByAdministrators(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db)
		const create = `mutation($in: CreateChecklistItemInput!) { createChecklistItem(input: $in) {
			checklistItem { id key topic position dueOffsetDays dueAnchor archived title language titles { language title }
			article { key } place { key } } } }`
		in := map[string]any{"key": "housing-meet-neighbours", "topic": "housing", "dueOffsetDays": 20,
			"articleKey": "living-everyday", "placeKey": "relocation-service",
			"titles": []map[string]any{{"language": "DE", "title": "Sich den Nachbarn vorstellen"},
				{"language": "LV", "title": "Iepazīstieties ar kaimiņiem"}}}

		// A caseworker reads the templates but changes nothing.
		var list struct {
			ChecklistItems struct{ TotalCount int }
		}
		w.must(t, w.cw, `{ checklistItems(where: {topic: "housing"}) { totalCount } }`, nil, &list)
		if list.ChecklistItems.TotalCount != stepsOf(t, "housing") {
			t.Errorf("housing has %d steps", list.ChecklistItems.TotalCount)
		}
		if r := w.as(w.cw, create, map[string]any{"in": in}); r.Code() != "FORBIDDEN" {
			t.Errorf("a caseworker creates a step: %s", r.Raw)
		}
		if r := w.as(w.newcomerP, `{ checklistItems { totalCount } }`, nil); r.Code() != "FORBIDDEN" {
			t.Errorf("a newcomer reads the templates: %s", r.Raw)
		}

		// Wrong input: every field named, nothing made.
		bad := map[string]any{"key": "Housing Neighbours", "topic": "cooking", "dueOffsetDays": 400,
			"articleKey": "no-such-article", "placeKey": "no-such-place",
			"titles": []map[string]any{{"language": "LV", "title": "a\nb"}, {"language": "LV", "title": "x"}}}
		r := w.as(w.admin, create, map[string]any{"in": bad}, "Accept-Language", "lv")
		fields, _ := func() (map[string]any, bool) {
			if len(r.Errors) == 0 {
				return nil, false
			}
			f, ok := r.Errors[0].Extensions["fields"].(map[string]any)
			return f, ok
		}()
		for _, f := range []string{"input.key", "input.topic", "input.dueOffsetDays", "input.articleKey", "input.placeKey",
			"input.titles[0].title", "input.titles[1].language", "input.titles"} {
			if _, ok := fields[f]; !ok {
				t.Errorf("wrong input: %s not named: %s", f, r.Raw)
			}
		}
		if r.Code() != "BAD_USER_INPUT" || r.Language() != "LV" {
			t.Errorf("wrong input: %s", r.Raw)
		}
		w.must(t, w.admin, `{ checklistItems(where: {topic: "housing"}) { totalCount } }`, nil, &list)
		if list.ChecklistItems.TotalCount != stepsOf(t, "housing") {
			t.Errorf("a refused step was made: %d", list.ChecklistItems.TotalCount)
		}

		// Made by an administrator: after the last step of its topic.
		var made struct {
			CreateChecklistItem struct {
				ChecklistItem struct {
					ID, Key, Topic, DueAnchor, Title, Language string
					Position, DueOffsetDays                    int
					Archived                                   bool
					Titles                                     []struct{ Language, Title string }
					Article, Place                             struct{ Key string }
				}
			}
		}
		w.must(t, w.admin, create, map[string]any{"in": in}, &made)
		it := made.CreateChecklistItem.ChecklistItem
		if it.Position != stepsOf(t, "housing")+1 || it.DueAnchor != "ARRIVAL" || it.Title != "Sich den Nachbarn vorstellen" ||
			len(it.Titles) != 2 || it.Article.Key != "living-everyday" || it.Place.Key != "relocation-service" || it.Archived {
			t.Errorf("made: %+v", it)
		}
		if r := w.as(w.admin, create, map[string]any{"in": in}); r.Code() != "BAD_USER_INPUT" || !strings.Contains(string(r.Raw), "input.key") {
			t.Errorf("the same key twice: %s", r.Raw)
		}
		w.must(t, w.admin, `mutation($id: ID!) { writeChecklistItemTitle(input: {id: $id, language: RU, title: "Познакомьтесь с соседями"}) { checklistItem { id } } }`,
			map[string]any{"id": it.ID}, nil)
		if r := w.as(w.cw, `mutation($id: ID!) { writeChecklistItemTitle(input: {id: $id, language: EN, title: "Meet the neighbours"}) { checklistItem { id } } }`,
			map[string]any{"id": it.ID}); r.Code() != "FORBIDDEN" {
			t.Errorf("a caseworker writes a title: %s", r.Raw)
		}
		w.must(t, w.admin, `mutation($id: ID!) { updateChecklistItem(input: {id: $id, dueOffsetDays: 10, clearPlace: true}) { checklistItem { id } } }`,
			map[string]any{"id": it.ID}, nil)

		// A case that gets the need now gets a task of the new step: in
		// Russian with its Russian title, in English (no English title yet)
		// in the next language of the reader's that has one.
		var o struct {
			OpenCase struct{ Case struct{ ID string } }
		}
		w.must(t, w.cw, openCaseOp, map[string]any{"in": map[string]any{"personId": w.personQ, "kind": "PLACEMENT",
			"supportNeeds": []string{"housing"}, "openedOn": "2026-01-05", "startDate": "2026-03-02"}}, &o)
		for header, title := range map[string]string{"ru": "Познакомьтесь с соседями", "en": "Sich den Nachbarn vorstellen", "en, lv;q=0.5": "Iepazīstieties ar kaimiņiem"} {
			var d caseTasks
			w.as(w.cw, caseTasksOp, map[string]any{"id": o.OpenCase.Case.ID}, "Accept-Language", header).MustData(&d)
			found := false
			for _, tk := range d.Node.Tasks {
				if tk.ChecklistItem != nil && tk.ChecklistItem.Key == "housing-meet-neighbours" {
					found = true
					if tk.Title != title || tk.DueOn == nil || *tk.DueOn != "2026-03-12" || tk.Place != nil || tk.Article == nil {
						t.Errorf("%s: task of the new step: %+v, want %q due 2026-03-12", header, tk, title)
					}
				}
			}
			if !found {
				t.Errorf("%s: no task of the new step", header)
			}
		}

		// Archived: no more tasks of it; listed only when asked for.
		if r := w.as(w.cw, `mutation($id: ID!) { archiveChecklistItem(input: {id: $id}) { checklistItem { archived } } }`, map[string]any{"id": it.ID}); r.Code() != "FORBIDDEN" {
			t.Errorf("a caseworker archives a step: %s", r.Raw)
		}
		var arch struct {
			ArchiveChecklistItem struct{ ChecklistItem struct{ Archived bool } }
		}
		w.must(t, w.admin, `mutation($id: ID!) { archiveChecklistItem(input: {id: $id}) { checklistItem { archived } } }`, map[string]any{"id": it.ID}, &arch)
		if !arch.ArchiveChecklistItem.ChecklistItem.Archived {
			t.Error("not archived")
		}
		w.must(t, w.admin, `{ checklistItems(where: {topic: "housing"}) { totalCount } }`, nil, &list)
		if list.ChecklistItems.TotalCount != stepsOf(t, "housing") {
			t.Errorf("archived steps listed: %d", list.ChecklistItems.TotalCount)
		}
		w.must(t, w.admin, `{ checklistItems(where: {topic: "housing", archived: true}) { totalCount } }`, nil, &list)
		if list.ChecklistItems.TotalCount != 1 {
			t.Errorf("archived steps asked for: %d", list.ChecklistItems.TotalCount)
		}
		w.must(t, w.cw, openCaseOp, map[string]any{"in": map[string]any{"personId": w.personP, "kind": "PLACEMENT",
			"supportNeeds": []string{"housing"}, "openedOn": "2026-01-05"}}, &o)
		dates, _ := taskDates(t, w, o.OpenCase.Case.ID)
		if _, ok := dates["housing-meet-neighbours"]; ok || len(dates) != stepsOf(t, "housing") {
			t.Errorf("a case opened after the step was archived: %v", dates)
		}
	})
}
