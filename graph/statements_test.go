package graph_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"relocate/ent"
	"relocate/ent/schema/schematype"
	"relocate/internal/lang"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// statementCounter counts the SQL statements ent sends while enabled.
type statementCounter struct {
	mu      sync.Mutex
	on      bool
	n       int
	queries []string
}

func (c *statementCounter) log(args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.on {
		c.n++
		c.queries = append(c.queries, fmt.Sprint(args...))
	}
}

func (c *statementCounter) measure(fn func()) (int, []string) {
	c.mu.Lock()
	c.on, c.n, c.queries = true, 0, nil
	c.mu.Unlock()
	fn()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.on = false
	return c.n, c.queries
}

func TestListCostsConstantStatements(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		counter := &statementCounter{}
		app := testenv.NewApp(t, db, testenv.WithEntOptions(ent.Debug(), ent.Log(counter.log)))
		addArticles(t, app.Store.Client, 40) // 38 demo articles + 40 = more than one page of 50
		gql := testenv.NewGraphQL(t, app.Handler)
		query := `query($n: Int!) { guideArticles(first: $n) {
		  totalCount edges { node { title translationStatus language category { name } } } } }`
		costs := map[int]int{}
		for _, n := range []int{5, 50} {
			var d struct {
				GuideArticles struct {
					Edges []struct {
						Node struct {
							Title, TranslationStatus string
							Category                 struct{ Name string }
						}
					}
				}
			}
			count, queries := counter.measure(func() {
				gql.Post(query, map[string]any{"n": n}, "Accept-Language", "lv").MustData(&d)
			})
			if len(d.GuideArticles.Edges) != n {
				t.Fatalf("first %d: got %d articles", n, len(d.GuideArticles.Edges))
			}
			for _, e := range d.GuideArticles.Edges {
				if e.Node.Title == "" || e.Node.Category.Name == "" || e.Node.TranslationStatus == "" {
					t.Fatalf("incomplete article %+v", e.Node)
				}
			}
			costs[n] = count
			t.Logf("%s: a page of %d articles with title, status and topic costs %d statements", db.Name, n, count)
			if count > 6 {
				t.Errorf("first %d: %d statements:\n%s", n, count, strings.Join(queries, "\n"))
			}
		}
		if costs[5] != costs[50] {
			t.Errorf("cost grows with the page: %d statements for 5, %d for 50", costs[5], costs[50])
		}
	})
}

// addArticles adds n published articles, in all four languages, to the
// first topic.
func addArticles(t *testing.T, client *ent.Client, n int) {
	t.Helper()
	ctx := viewer.SystemContext(context.Background())
	cat, err := client.GuideCategory.Query().First(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		a, err := client.GuideArticle.Create().SetKey(fmt.Sprintf("extra-%d", i)).SetCategoryID(cat.ID).
			SetPosition(100 + i).SetStatus(schematype.Published).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range lang.All {
			err := client.GuideArticleTranslation.Create().SetArticleID(a.ID).SetLanguage(l).
				SetSlug(fmt.Sprintf("extra-%s-%d", l, i)).SetTitle(fmt.Sprintf("Extra %d (%s)", i, l)).
				SetSummary("…").SetBody("Text.").Exec(ctx)
			if err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestGlossaryTermsOfAListCostConstantStatements(t *testing.T) {
	counter := &statementCounter{}
	app := testenv.NewApp(t, testenv.DBs[0], testenv.WithEntOptions(ent.Debug(), ent.Log(counter.log)))
	gql := testenv.NewGraphQL(t, app.Handler)
	q := `query($n: Int!) { guideArticles(first: $n) { edges { node { title glossaryTerms { term translation } } } } }`
	costs := map[int]int{}
	for _, n := range []int{5, 25} {
		costs[n], _ = counter.measure(func() { gql.Post(q, map[string]any{"n": n}, "Accept-Language", "ru").MustData(&struct{}{}) })
	}
	if costs[5] != costs[25] || costs[25] > 8 {
		t.Errorf("statements: %v", costs)
	}
}
