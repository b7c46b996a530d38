package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"relocate/internal/config"
	"relocate/internal/guide"
	"relocate/internal/lang"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// syncOp asks for the delta with the fields an offline copy keeps.
const syncOp = `query($l: LanguageCode!, $since: SyncToken) { guideChanges(language: $l, since: $since) {
  full nextToken removed { kind key }
  topics { key slug name description language translationStatus parent { key } translations { language slug name status } }
  articles { key slug title summary body bodyHtml language translationStatus path position category { key }
    translations { language slug title status path } reviewedAt figuresFor validUntil sources { title url }
    glossaryTerms { key term } related { key title path } }
  places { key name localName description language translationStatus phone category { key name } }
  terms { key term translation explanation language translationStatus } } }`

// offlineCopy is what the app holds: every object by kind and key.
type offlineCopy struct {
	token   string
	objects map[string]string
}

type syncAnswer struct {
	Full      bool
	NextToken string
	Removed   []struct{ Kind, Key string }
	Topics    []json.RawMessage
	Articles  []json.RawMessage
	Places    []json.RawMessage
	Terms     []json.RawMessage
}

// sync fetches the delta since the copy's token (everything without one)
// and applies it as the app would. It returns the number of articles sent.
func (c *offlineCopy) sync(t *testing.T, gql *testenv.GraphQL, l lang.Code, header ...string) int {
	t.Helper()
	vars := map[string]any{"l": upper(l)}
	if c.token != "" {
		vars["since"] = c.token
	}
	var d struct{ GuideChanges syncAnswer }
	gql.Post(syncOp, vars, header...).MustData(&d)
	a := d.GuideChanges
	if a.Full != (c.token == "") {
		t.Fatalf("full %v for token %q", a.Full, c.token)
	}
	if a.Full || c.objects == nil {
		c.objects = map[string]string{}
	}
	for _, r := range a.Removed {
		delete(c.objects, r.Kind+" "+r.Key)
	}
	for kind, objs := range map[string][]json.RawMessage{"TOPIC": a.Topics, "ARTICLE": a.Articles, "PLACE": a.Places, "TERM": a.Terms} {
		for _, o := range objs {
			var k struct{ Key string }
			if err := json.Unmarshal(o, &k); err != nil || k.Key == "" {
				t.Fatalf("object without key: %s", o)
			}
			c.objects[kind+" "+k.Key] = string(o)
		}
	}
	c.token = a.NextToken
	return len(a.Articles)
}

func TestOfflineSyncEndsWhereAFreshDownloadDoes(t *testing.T) {
	edited := demoArticle(t, "living-everyday")
	linked := demoArticle(t, "address-registration") // many articles link to it
	hidden := demoArticle(t, "child-benefit")
	inTopic := demoArticle(t, "public-transport")
	relating := demoArticle(t, "volunteering") // changes only in its related list
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		s := newStaff(t, db)
		editedID := articleID(t, s.gql, edited.Texts[lang.DE].Slug)
		relatingID := articleID(t, s.gql, relating.Texts[lang.DE].Slug)
		linkedID := articleID(t, s.gql, linked.Texts[lang.DE].Slug)
		hiddenID := articleID(t, s.gql, hidden.Texts[lang.DE].Slug)
		// The app's copy lists two related articles of an article that
		// does not change itself; both of them will: one renamed, one
		// taken back.
		s.as(s.editor, `mutation($id: ID!, $r: [ID!]) { updateGuideArticle(id: $id, input: {relatedIds: $r}) { id } }`,
			map[string]any{"id": relatingID, "r": []string{strconv.Itoa(linkedID), strconv.Itoa(hiddenID)}}).MustData(&struct{}{})
		copies := map[lang.Code]*offlineCopy{}
		for _, l := range lang.All {
			copies[l] = &offlineCopy{}
			copies[l].sync(t, s.gql, l)
			if len(copies[l].objects) < 50 {
				t.Fatalf("%s: a full download of %d objects", l, len(copies[l].objects))
			}
		}
		edit := func(op string, vars map[string]any) {
			t.Helper()
			s.as(s.editor, op, vars).MustData(&struct{}{})
		}
		id := func(op string, vars map[string]any, path ...string) string {
			t.Helper()
			var d map[string]any
			s.gql.Post(op, vars).MustData(&d)
			var v any = d
			for _, p := range path {
				v = v.(map[string]any)[p]
			}
			return v.(string)
		}
		// The app misses several changes of the editors.
		edit(`mutation($id: ID!) { editGuideArticleSource(id: $id, change: MINOR, input: {title: "Wohnen im Alltag, neu"}) { id } }`,
			map[string]any{"id": editedID})
		edit(`mutation($id: ID!) { editGuideArticleSource(id: $id, change: MINOR, input: {slug: "anmeldung-neu", title: "Anmeldung, neu"}) { id } }`,
			map[string]any{"id": linkedID})
		edit(`mutation($id: ID!) { unpublish(id: $id) { id } }`, map[string]any{"id": hiddenID})
		topic := id(`query($s: String!) { guideArticle(slug: $s) { category { id } } }`, map[string]any{"s": inTopic.Texts[lang.DE].Slug}, "guideArticle", "category", "id")
		edit(`mutation($id: ID!) { archive(id: $id) { id } }`, map[string]any{"id": topic})
		var pl struct {
			Places struct {
				Edges []struct{ Node struct{ ID string } }
			}
			GlossaryTerms struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		s.gql.Post(`{ places(first: 2) { edges { node { id } } } glossaryTerms(first: 1) { edges { node { id } } } }`, nil).MustData(&pl)
		edit(`mutation($id: ID!) { unpublish(id: $id) { id } }`, map[string]any{"id": pl.Places.Edges[1].Node.ID})

		// syncAll syncs every copy and compares it with a fresh download;
		// it returns the number of articles the deltas sent.
		syncAll := func() (sent int) {
			t.Helper()
			for _, l := range lang.All {
				before := copies[l].token
				sent += copies[l].sync(t, s.gql, l)
				fresh := &offlineCopy{}
				fresh.sync(t, s.gql, l)
				if !maps.Equal(copies[l].objects, fresh.objects) {
					t.Errorf("%s %s: the synced copy differs from a fresh download:\n%s", db.Name, l, diff(copies[l].objects, fresh.objects))
				}
				if copies[l].token == before {
					t.Errorf("%s: the token did not move", l)
				}
				if _, ok := copies[l].objects["ARTICLE "+hidden.Key]; ok {
					t.Errorf("%s: the unpublished article is still in the copy", l)
				}
				if _, ok := copies[l].objects["ARTICLE "+inTopic.Key]; ok {
					t.Errorf("%s: an article of the archived topic is still in the copy", l)
				}
			}
			return sent
		}
		all := len(demo(t).Articles)
		if sent := syncAll(); sent >= len(lang.All)*(all-2) { // two are gone
			t.Errorf("the deltas sent %d articles in %d languages: everything", sent, len(lang.All))
		}
		// A glossary term's new word may change any article's list of
		// terms: every article comes again.
		edit(`mutation($id: ID!) { updateGlossaryTerm(id: $id, term: "die Abmeldung") { id } }`, map[string]any{"id": pl.GlossaryTerms.Edges[0].Node.ID})
		syncAll()
		// Nothing changed since: an empty delta.
		var d struct{ GuideChanges syncAnswer }
		s.gql.Post(syncOp, map[string]any{"l": "LV", "since": copies[lang.LV].token}).MustData(&d)
		if n := len(d.GuideChanges.Articles) + len(d.GuideChanges.Topics) + len(d.GuideChanges.Removed); n != 0 {
			t.Errorf("a delta of %d objects when nothing changed", n)
		}
	})
}

func TestASyncTokenTooOldOrForgedAsksForAFullDownload(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		app := testenv.NewApp(t, db)
		gql := testenv.NewGraphQL(t, app.Handler)
		old := &offlineCopy{}
		old.sync(t, gql, lang.RU)
		editor := testenv.SignIn(t, app, "editor@example.org", []viewer.Role{viewer.Editor})
		var d struct {
			GlossaryTerms struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		gql.Post(`{ glossaryTerms(first: 2) { edges { node { id } } } }`, nil).MustData(&d)
		for _, e := range d.GlossaryTerms.Edges {
			gql.Post(`mutation($id: ID!) { unpublish(id: $id) { id } }`, map[string]any{"id": e.Node.ID},
				"Authorization", "Bearer "+editor).MustData(&struct{}{})
		}
		// The history of the first change is pruned.
		if n, err := app.Guide.PruneChanges(context.Background(), time.Now().Add(time.Hour)); err != nil || n == 0 {
			t.Fatalf("pruned %d: %v", n, err)
		}
		for _, tc := range []struct{ name, token string }{
			{"pruned", old.token}, {"forged", "Zm9yZ2Vk"}, {"from the future", guide.SyncToken(1 << 60)},
		} {
			for _, l := range lang.All {
				r := gql.Post(syncOp, map[string]any{"l": upper(l), "since": tc.token}, "Accept-Language", string(l))
				if r.Code() != "SYNC_TOKEN_EXPIRED" || !strings.Contains(string(r.Raw), `"message"`) {
					t.Errorf("%s token in %s: %s", tc.name, l, r.Raw)
				}
			}
		}
		fresh := &offlineCopy{}
		fresh.sync(t, gql, lang.RU)
		if len(fresh.objects) == 0 {
			t.Error("a full download after expiry failed")
		}
	})
}

// diff lists the keys whose objects differ.
func diff(a, b map[string]string) string {
	var out []string
	for k, v := range a {
		if b[k] != v {
			out = append(out, "synced "+k+": "+trim(v)+"\nfresh: "+trim(b[k]))
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, "missing "+k)
		}
	}
	slices.Sort(out)
	return strings.Join(out, "\n")
}

func trim(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

// wholeOp reads every published object as an offline copy holds it, with
// what a rebuild from the change log must get right besides: related
// lists and the glossary terms each article uses.
const wholeOp = `query($l: LanguageCode!) { guideChanges(language: $l) {
  topics { key slug name language parent { key } children { key } }
  articles { key slug title summary bodyHtml language path position category { key }
    translations { language slug path } related { key } glossaryTerms { key term } }
  places { key name description language category { key name } }
  terms { key term translation explanation language } } }`

// TestRebuildsAfterEditsMatchAWholeRead edits the guide through one
// instance, whose snapshot follows the change log (it reads again only
// what changed), and compares everything it serves with an instance that
// reads the same database whole.
func TestRebuildsAfterEditsMatchAWholeRead(t *testing.T) {
	edited := demoArticle(t, "living-everyday")
	linked := demoArticle(t, "address-registration") // many articles link to it
	hidden := demoArticle(t, "child-benefit")
	inTopic := demoArticle(t, "public-transport")
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		url := db.URL(t)
		same := testenv.WithConfig(func(c *config.Config) { c.Database.URL = url })
		first := testenv.NewApp(t, db, same)
		editor := testenv.SignIn(t, first, "editor@example.org", []viewer.Role{viewer.Editor})
		gql := testenv.NewGraphQL(t, first.Handler)
		edit := func(op string, vars map[string]any) {
			t.Helper()
			gql.Post(op, vars, "Authorization", "Bearer "+editor).MustData(&struct{}{})
		}
		var ids struct {
			Topic struct {
				Category struct{ ID string }
			}
			Related struct{ ID string }
			Places  struct {
				Edges []struct{ Node struct{ ID string } }
			}
			GlossaryTerms struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		gql.Post(`query($t: String!, $r: String!) { topic: guideArticle(slug: $t) { category { id } } related: guideArticle(slug: $r) { id }
			places(first: 2) { edges { node { id } } } glossaryTerms(first: 1) { edges { node { id } } } }`,
			map[string]any{"t": inTopic.Texts[lang.DE].Slug, "r": hidden.Texts[lang.DE].Slug}).MustData(&ids)
		editedID := articleID(t, gql, edited.Texts[lang.DE].Slug)
		hiddenID := ids.Related.ID
		for _, l := range lang.All { // every article rendered once, as readers would have
			gql.Post(wholeOp, map[string]any{"l": upper(l)}).MustData(&struct{}{})
		}
		// A term's change renders every article again; the changes after it
		// keep the renderings of what they do not touch.
		edit(`mutation($id: ID!) { updateGlossaryTerm(id: $id, term: "die Abmeldung") { id } }`, map[string]any{"id": ids.GlossaryTerms.Edges[0].Node.ID})
		for _, l := range lang.All {
			gql.Post(wholeOp, map[string]any{"l": upper(l)}).MustData(&struct{}{})
		}
		edit(`mutation($id: ID!) { editGuideArticleSource(id: $id, change: MINOR, input: {title: "Wohnen im Alltag, neu"}) { id } }`, map[string]any{"id": editedID})
		edit(`mutation($id: ID!) { editGuideArticleSource(id: $id, change: MINOR, input: {slug: "anmeldung-neu"}) { id } }`,
			map[string]any{"id": articleID(t, gql, linked.Texts[lang.DE].Slug)})
		edit(`mutation($id: ID!, $r: [ID!]) { updateGuideArticle(id: $id, input: {relatedIds: $r}) { id } }`,
			map[string]any{"id": editedID, "r": []string{hiddenID}})
		edit(`mutation($id: ID!) { unpublish(id: $id) { id } }`, map[string]any{"id": hiddenID})
		edit(`mutation($id: ID!) { archive(id: $id) { id } }`, map[string]any{"id": ids.Topic.Category.ID})
		edit(`mutation($id: ID!) { unpublish(id: $id) { id } }`, map[string]any{"id": ids.Places.Edges[1].Node.ID})
		edit(`mutation($id: ID!) { publish(id: $id) { id } }`, map[string]any{"id": hiddenID}) // back, and related again

		second := testenv.NewApp(t, db, same) // reads the database whole
		fresh := testenv.NewGraphQL(t, second.Handler)
		for _, l := range lang.All {
			vars := map[string]any{"l": upper(l)}
			var followed, whole map[string]any
			gql.Post(wholeOp, vars).MustData(&followed)
			fresh.Post(wholeOp, vars).MustData(&whole)
			a, _ := json.MarshalIndent(followed, "", " ")
			b, _ := json.MarshalIndent(whole, "", " ")
			if string(a) != string(b) {
				t.Errorf("%s %s: the snapshot rebuilt from changes differs from a whole read:\n%s", db.Name, l, lineDiff(string(a), string(b)))
			}
			if !strings.Contains(string(a), `"key": "`+hidden.Key+`"`) {
				t.Errorf("%s: the republished article is missing", l)
			}
		}
	})
}

// lineDiff shows the first line where a and b differ, from its first
// difference on.
func lineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			j := 0
			for j < min(len(al[i]), len(bl[i])) && al[i][j] == bl[i][j] {
				j++
			}
			cut := func(s string) string { return trim(s[max(0, j-80):]) }
			return fmt.Sprintf("line %d: …%s\n--- whole read:\n…%s", i+1, cut(al[i]), cut(bl[i]))
		}
	}
	return "lengths differ"
}
