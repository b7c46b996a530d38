package graph_test

import (
	"context"
	"strings"
	"testing"

	"relocate/ent"
	"relocate/ent/auditentry"
	"relocate/internal/app"
	"relocate/internal/lang"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// staff signs in an editor, a Latvian translator and an administrator.
type staff struct {
	app                       *app.App
	gql                       *testenv.GraphQL
	editor, translator, admin string
}

func newStaff(t *testing.T, db testenv.DB) *staff {
	a := testenv.NewApp(t, db)
	return &staff{
		app: a, gql: testenv.NewGraphQL(t, a.Handler),
		editor:     testenv.SignIn(t, a, "editor@example.org", []viewer.Role{viewer.Editor}),
		translator: testenv.SignIn(t, a, "lv@example.org", []viewer.Role{viewer.Translator}, lang.LV),
		admin:      testenv.SignIn(t, a, "admin@example.org", []viewer.Role{viewer.Admin}),
	}
}

func (s *staff) as(token, op string, vars map[string]any, header ...string) *testenv.Response {
	return s.gql.Post(op, vars, append([]string{"Authorization", "Bearer " + token}, header...)...)
}

func (s *staff) audits(t *testing.T) []*ent.AuditEntry {
	t.Helper()
	all, err := s.app.Store.Client.AuditEntry.Query().Where(auditentry.ActionIn("MUTATION")).Order(auditentry.ByID()).All(viewer.SystemContext(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	return all
}

const statusOp = `query($s: String!) { guideArticle(slug: $s) { title translationStatus language } }`

func TestEditorialWorkflow(t *testing.T) {
	a := demoArticle(t, "living-everyday")
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		s := newStaff(t, db)
		id := articleID(t, s.gql, a.Texts[lang.DE].Slug)
		status := func(l lang.Code) string {
			var d struct {
				GuideArticle struct{ TranslationStatus string }
			}
			s.gql.Post(statusOp, map[string]any{"s": a.Texts[lang.DE].Slug}, "Accept-Language", string(l)).MustData(&d)
			return d.GuideArticle.TranslationStatus
		}

		// The editor corrects a typo: a minor change.
		r := s.as(s.editor, `mutation($id: ID!) { editGuideArticleSource(id: $id, change: MINOR, input: {title: "Wohnen im Alltag – Hausordnung, Müll, Rundfunkbeitrag"}) { title } }`, map[string]any{"id": id})
		if r.Code() != "" {
			t.Fatalf("minor edit: %s", r.Raw)
		}
		if status(lang.LV) != "UP_TO_DATE" {
			t.Error("a minor change made the Latvian text outdated")
		}
		// A major change: every translation is outdated.
		s.as(s.editor, `mutation($id: ID!) { editGuideArticleSource(id: $id, change: MAJOR, input: {body: "Neuer Text über das Wohnen.\n\nMit einem zweiten Absatz."}) { id } }`, map[string]any{"id": id}).MustData(&struct{}{})
		for _, l := range []lang.Code{lang.LV, lang.RU, lang.EN} {
			if got := status(l); got != "OUTDATED" {
				t.Errorf("%s after a major change: %s", l, got)
			}
		}
		var dash struct {
			TranslationDashboard struct {
				Languages []struct {
					Language string
					Outdated int
				}
				Tasks []struct {
					Language string
					Status   string
					Article  struct{ Key string }
				}
			}
		}
		s.as(s.translator, `{ translationDashboard { languages { language outdated } tasks { language status article { key } } } }`, nil).MustData(&dash)
		if l := dash.TranslationDashboard.Languages; len(l) != 1 || l[0].Language != "LV" || l[0].Outdated != 1 {
			t.Errorf("the translator's dashboard: %+v", l)
		}
		if tk := dash.TranslationDashboard.Tasks; len(tk) != 1 || tk[0].Article.Key != a.Key || tk[0].Status != "OUTDATED" {
			t.Errorf("tasks: %+v", tk)
		}

		// The translator updates Latvian.
		s.as(s.translator, `mutation($id: ID!) { writeGuideArticleTranslation(id: $id, language: LV, input: {body: "Jauns teksts par dzīvi dzīvoklī."}) { translationStatus } }`,
			map[string]any{"id": id}, "Accept-Language", "lv").MustData(&struct{}{})
		if status(lang.LV) != "UP_TO_DATE" || status(lang.RU) != "OUTDATED" {
			t.Errorf("after the Latvian update: lv %s, ru %s", status(lang.LV), status(lang.RU))
		}

		// Russian is not the translator's language: refused, nothing changes.
		before := len(s.audits(t))
		r = s.as(s.translator, `mutation($id: ID!) { writeGuideArticleTranslation(id: $id, language: RU, input: {body: "Новый текст."}) { id } }`, map[string]any{"id": id})
		if r.Code() != "FORBIDDEN" || string(r.Data) != "null" || r.Language() != "DE" {
			t.Errorf("a translator writing Russian: %s", r.Raw)
		}
		var ru struct{ GuideArticle struct{ Body string } }
		s.gql.Post(`query($s: String!) { guideArticle(slug: $s) { body } }`, map[string]any{"s": a.Texts[lang.RU].Slug}, "Accept-Language", "ru").MustData(&ru)
		if strings.Contains(ru.GuideArticle.Body, "Новый текст") || status(lang.RU) != "OUTDATED" {
			t.Error("the refused Russian text was saved")
		}
		if n := len(s.audits(t)); n != before {
			t.Errorf("a refused change left %d audit entries", n-before)
		}
		// Nor may a translator change the German source or publish.
		for _, op := range []string{
			`mutation($id: ID!) { editGuideArticleSource(id: $id, change: MAJOR, input: {body: "x"}) { id } }`,
			`mutation($id: ID!) { unpublish(id: $id) { id } }`,
		} {
			if r := s.as(s.translator, op, map[string]any{"id": id}); r.Code() != "FORBIDDEN" {
				t.Errorf("translator: %s", r.Raw)
			}
		}
	})
}

func TestRevisionsCanBeViewedAndRestored(t *testing.T) {
	a := demoArticle(t, "insurance")
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		s := newStaff(t, db)
		id := articleID(t, s.gql, a.Texts[lang.DE].Slug)
		edit := `mutation($id: ID!, $b: String!) { editGuideArticleSource(id: $id, change: MAJOR, input: {body: $b}) { id } }`
		s.as(s.editor, edit, map[string]any{"id": id, "b": "Erste neue Fassung."}).MustData(&struct{}{})
		s.as(s.editor, edit, map[string]any{"id": id, "b": "Zweite neue Fassung."}).MustData(&struct{}{})

		var d struct {
			GuideArticle struct {
				Revisions struct {
					Edges []struct {
						Node struct {
							ID            string
							Language      string
							Body          string
							Change        string
							ChangedFields []string
							Author        *struct{ Email string }
						}
					}
				}
			}
		}
		q := `query($s: String!) { guideArticle(slug: $s) { revisions(orderBy: {field: CREATED_AT, direction: DESC}) { edges { node { id language body change changedFields author { email } } } } } }`
		s.as(s.editor, q, map[string]any{"s": a.Texts[lang.DE].Slug}).MustData(&d)
		revs := d.GuideArticle.Revisions.Edges
		// The two edits, then the seeded text in each language.
		if len(revs) != 2+4 || revs[2].Node.Change != "CREATED" || revs[0].Node.Body != "Zweite neue Fassung." || revs[0].Node.Change != "MAJOR" ||
			revs[0].Node.Author == nil || revs[0].Node.Author.Email != "editor@example.org" || revs[0].Node.ChangedFields[0] != "body" {
			t.Fatalf("revisions: %+v", revs)
		}
		// A translator sees who wrote a revision by name, not the account.
		var byName struct {
			GuideArticle struct {
				Revisions struct {
					Edges []struct {
						Node struct {
							AuthorName string
							Author     *struct{ Email string }
						}
					}
				}
			}
		}
		s.as(s.translator, `query($s: String!) { guideArticle(slug: $s) { revisions(first: 1, orderBy: {field: CREATED_AT, direction: DESC}) { edges { node { authorName author { email } } } } } }`,
			map[string]any{"s": a.Texts[lang.DE].Slug}).MustData(&byName)
		if e := byName.GuideArticle.Revisions.Edges; len(e) != 1 || e[0].Node.AuthorName != "editor@example.org" || e[0].Node.Author != nil {
			t.Errorf("translator reading history: %+v", e)
		}
		// Anonymous readers see no history.
		if r := s.gql.Post(q, map[string]any{"s": a.Texts[lang.DE].Slug}); r.Code() != "UNAUTHENTICATED" {
			t.Errorf("anonymous history: %s", r.Raw)
		}
		// Restore the first version.
		var restored struct{ RestoreGuideArticleRevision struct{ Body string } }
		s.as(s.editor, `mutation($id: ID!) { restoreGuideArticleRevision(id: $id) { body } }`, map[string]any{"id": revs[1].Node.ID}).MustData(&restored)
		if restored.RestoreGuideArticleRevision.Body != "Erste neue Fassung." {
			t.Errorf("restored: %q", restored.RestoreGuideArticleRevision.Body)
		}
		s.as(s.editor, q, map[string]any{"s": a.Texts[lang.DE].Slug}).MustData(&d)
		if n := len(d.GuideArticle.Revisions.Edges); n != 3+4 || d.GuideArticle.Revisions.Edges[0].Node.Change != "RESTORED" {
			t.Errorf("after restoring: %d revisions, newest %s", n, d.GuideArticle.Revisions.Edges[0].Node.Change)
		}
	})
}

func TestDraftsAreForStaffOnly(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		s := newStaff(t, db)
		var topics struct{ GuideCategories []struct{ ID string } }
		s.gql.Post(`{ guideCategories { id } }`, nil).MustData(&topics)
		var created struct{ CreateGuideArticle struct{ ID string } }
		s.as(s.editor, `mutation($c: ID!) { createGuideArticle(input: {categoryId: $c, key: "new-article", title: "Neuer Artikel", slug: "neuer-artikel", summary: "Kurz.", body: "Text."}) { id } }`,
			map[string]any{"c": topics.GuideCategories[0].ID}).MustData(&created)
		id := created.CreateGuideArticle.ID
		// Both ways to an article, by ID and by slug, answer alike: the
		// codes of both, separated by a slash.
		find := func(token string) string {
			h := []string{}
			if token != "" {
				h = []string{"Authorization", "Bearer " + token}
			}
			byID := s.gql.Post(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id}, h...)
			bySlug := s.gql.Post(`{ guideArticle(slug: "neuer-artikel") { id } }`, nil, h...)
			if byID.Code() == "" && !strings.Contains(string(byID.Data), id) || bySlug.Code() == "" && !strings.Contains(string(bySlug.Data), id) {
				t.Errorf("found without its ID: %s %s", byID.Raw, bySlug.Raw)
			}
			if byID.Code() != bySlug.Code() {
				return byID.Code() + "/" + bySlug.Code()
			}
			return byID.Code()
		}
		if code := find(""); code != "NOT_FOUND" {
			t.Errorf("a draft as anonymous: %s", code)
		}
		if code := find(s.editor); code != "" {
			t.Errorf("a draft as editor: %s", code)
		}
		s.as(s.editor, `mutation($id: ID!) { publish(id: $id) { id } }`, map[string]any{"id": id}).MustData(&struct{}{})
		if code := find(""); code != "" {
			t.Errorf("published, as anonymous: %s", code)
		}
		s.as(s.editor, `mutation($id: ID!) { archive(id: $id) { id } }`, map[string]any{"id": id}).MustData(&struct{}{})
		if code := find(""); code != "NOT_FOUND" {
			t.Errorf("archived, as anonymous: %s", code)
		}
	})
}

// TestEveryMutationIsAuditedOnce runs one of each kind of change and
// checks that each left exactly one audit entry naming it, and that a
// failing change leaves none and changes nothing.
func TestEveryMutationIsAuditedOnce(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		s := newStaff(t, db)
		var topics struct{ GuideCategories []struct{ ID string } }
		s.gql.Post(`{ guideCategories { id } }`, nil).MustData(&topics)
		ids := map[string]string{}
		steps := []struct {
			who, op, field string
			vars           func() map[string]any
			keep           string // the returned id to remember under this name
		}{
			{"editor", `mutation($c: ID!) { createGuideCategory(input: {key: "t1", parentId: $c, name: "Thema", slug: "thema-t1"}) { id } }`, "createGuideCategory", func() map[string]any { return map[string]any{"c": topics.GuideCategories[0].ID} }, "topic"},
			{"translator", `mutation($id: ID!) { writeGuideCategoryText(id: $id, language: LV, input: {name: "Tēma", slug: "tema-t1"}) { id } }`, "writeGuideCategoryText", func() map[string]any { return map[string]any{"id": ids["topic"]} }, ""},
			{"editor", `mutation($id: ID!) { updateGuideCategory(id: $id, input: {icon: "star"}) { id } }`, "updateGuideCategory", func() map[string]any { return map[string]any{"id": ids["topic"]} }, ""},
			{"editor", `mutation($c: ID!) { createGuideArticle(input: {categoryId: $c, key: "a1", title: "A", slug: "a-eins", summary: "S", body: "B"}) { id } }`, "createGuideArticle", func() map[string]any { return map[string]any{"c": ids["topic"]} }, "article"},
			{"editor", `mutation($id: ID!) { updateGuideArticle(id: $id, input: {position: 3}) { id } }`, "updateGuideArticle", func() map[string]any { return map[string]any{"id": ids["article"]} }, ""},
			{"translator", `mutation($id: ID!) { writeGuideArticleTranslation(id: $id, language: LV, input: {title: "A", slug: "a-viens", summary: "S", body: "B"}) { id } }`, "writeGuideArticleTranslation", func() map[string]any { return map[string]any{"id": ids["article"]} }, ""},
			{"editor", `mutation($id: ID!) { publish(id: $id) { id } }`, "publish", func() map[string]any { return map[string]any{"id": ids["article"]} }, ""},
			{"editor", `mutation($c: ID!) { createPlace(key: "p1", input: {categoryId: $c, name: "Ort"}, description: "Beschreibung") { id } }`, "createPlace", func() map[string]any { return map[string]any{"c": firstPlaceCategory(t, s)} }, "place"},
			{"editor", `mutation($id: ID!) { updatePlace(id: $id, input: {spokenLanguages: ["de", "lv"], openingHours: [{day: MO, opens: "09:00", closes: "12:00"}]}) { id } }`, "updatePlace", func() map[string]any { return map[string]any{"id": ids["place"]} }, ""},
			{"translator", `mutation($id: ID!) { writePlaceText(id: $id, language: LV, input: {description: "Apraksts"}) { id } }`, "writePlaceText", func() map[string]any { return map[string]any{"id": ids["place"]} }, ""},
			{"editor", `mutation { createGlossaryTerm(key: "g1", term: "der Test", explanation: "Erklärung") { id } }`, "createGlossaryTerm", func() map[string]any { return nil }, "term"},
			{"editor", `mutation($id: ID!) { updateGlossaryTerm(id: $id, term: "die Prüfung") { id } }`, "updateGlossaryTerm", func() map[string]any { return map[string]any{"id": ids["term"]} }, ""},
			{"translator", `mutation($id: ID!) { writeGlossaryTermText(id: $id, language: LV, input: {translation: "pārbaude", explanation: "Skaidrojums"}) { id } }`, "writeGlossaryTermText", func() map[string]any { return map[string]any{"id": ids["term"]} }, ""},
			{"editor", `mutation($id: ID!) { unpublish(id: $id) { id } }`, "unpublish", func() map[string]any { return map[string]any{"id": ids["article"]} }, ""},
			{"editor", `mutation($id: ID!) { archive(id: $id) { id } }`, "archive", func() map[string]any { return map[string]any{"id": ids["term"]} }, ""},
			{"editor", `mutation($ids: [ID!]!) { reorder(ids: $ids) { id } }`, "reorder", func() map[string]any { return map[string]any{"ids": []string{ids["article"]}} }, ""},
			{"admin", `mutation { createUser(input: {email: "new@example.org", displayName: "Neu", password: "a long password", roles: [CASEWORKER]}) { id } }`, "createUser", func() map[string]any { return nil }, "user"},
			{"admin", `mutation($id: ID!) { updateUser(id: $id, input: {roles: [CASEWORKER, EDITOR]}) { id } }`, "updateUser", func() map[string]any { return map[string]any{"id": ids["user"]} }, ""},
			{"admin", `mutation($id: ID!) { disableUser(id: $id) { id } }`, "disableUser", func() map[string]any { return map[string]any{"id": ids["user"]} }, ""},
			{"editor", `mutation { logout }`, "logout", func() map[string]any { return nil }, ""},
		}
		tokens := map[string]string{"editor": s.editor, "translator": s.translator, "admin": s.admin}
		for _, st := range steps {
			before := s.audits(t)
			r := s.as(tokens[st.who], st.op, st.vars())
			if len(r.Errors) > 0 {
				t.Fatalf("%s: %s", st.field, r.Raw)
			}
			if st.keep != "" {
				var m map[string]struct{ ID string }
				r.MustData(&m)
				ids[st.keep] = m[st.field].ID
			}
			after := s.audits(t)
			if len(after) != len(before)+1 {
				t.Fatalf("%s left %d audit entries, want 1", st.field, len(after)-len(before))
			}
			e := after[len(after)-1]
			if e.Operation != st.field || e.ActorEmail == "" || e.IP == "" {
				t.Errorf("%s: audit entry %+v", st.field, e)
			}
			if id, ok := st.vars()["id"].(string); ok && (len(e.ObjectIds) == 0 || e.ObjectIds[0] != id) {
				t.Errorf("%s: audit entry names %v, want %s", st.field, e.ObjectIds, id)
			}
		}

		// A change that fails (a slug taken) leaves no entry and no change.
		s.editor = testenv.SignIn(t, s.app, "editor@example.org", nil) // logged out above
		sys := viewer.SystemContext(context.Background())
		articles := s.app.Store.Client.GuideArticle.Query().CountX(sys)
		before := s.audits(t)
		r := s.as(s.editor, `mutation($c: ID!) { createGuideArticle(input: {categoryId: $c, key: "a2", title: "B", slug: "a-eins", summary: "S", body: "B"}) { id } }`, map[string]any{"c": ids["topic"]})
		if r.Code() != "BAD_USER_INPUT" {
			t.Fatalf("slug taken: %s", r.Raw)
		}
		if len(s.audits(t)) != len(before) {
			t.Error("a failed change was audited")
		}
		if n := s.app.Store.Client.GuideArticle.Query().CountX(sys); n != articles {
			t.Errorf("a failed create left %d articles", n-articles)
		}
		// Two changes in one operation where the second fails: neither stays.
		r = s.as(s.editor, `mutation($id: ID!, $c: ID!) {
		  ok: editGuideArticleSource(id: $id, change: MAJOR, input: {body: "Geändert."}) { id }
		  bad: createGuideArticle(input: {categoryId: $c, key: "a3", title: "C", slug: "a-eins", summary: "S", body: "B"}) { id }
		}`, map[string]any{"id": ids["article"], "c": ids["topic"]})
		if len(r.Errors) == 0 || string(r.Data) != "null" {
			t.Fatalf("half-failing operation: %s", r.Raw)
		}
		var body struct{ Node struct{ Body string } }
		s.as(s.editor, `query($id: ID!) { node(id: $id) { ... on GuideArticle { body } } }`, map[string]any{"id": ids["article"]}).MustData(&body)
		if body.Node.Body != "B\n" && body.Node.Body != "B" {
			t.Errorf("the first change of a failed operation stayed: %q", body.Node.Body)
		}
		if len(s.audits(t)) != len(before) {
			t.Error("a failed operation was audited")
		}
	})
}

func firstPlaceCategory(t *testing.T, s *staff) string {
	var d struct{ PlaceCategories []struct{ ID string } }
	s.gql.Post(`{ placeCategories { id } }`, nil).MustData(&d)
	return d.PlaceCategories[0].ID
}
