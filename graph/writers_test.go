package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"relocate/ent/guidearticlerevision"
	"relocate/internal/config"
	"relocate/internal/lang"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// post sends a GraphQL operation from any goroutine and returns the
// status and the decoded body.
func postWrite(h http.Handler, token, query string, vars map[string]any) (int, testenv.Response, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var r testenv.Response
	err := json.Unmarshal(rec.Body.Bytes(), &r)
	r.Raw = rec.Body.Bytes()
	return rec.Code, r, err
}

// TestConcurrentWritersAllSucceed: 100 editors save translations at the
// same time, through the real handler. On SQLite writers queue for the
// database's one write lock instead of failing with SQLITE_BUSY; on
// PostgreSQL the bounded pool serves them all. Every write that was
// acknowledged is in the database afterwards.
func TestConcurrentWritersAllSucceed(t *testing.T) {
	const writers, writes = 100, 4
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		// Waiting in the queue is the point; the request timeout is not.
		a := testenv.NewApp(t, db, testenv.WithConfig(func(c *config.Config) { c.GraphQL.Timeout = time.Minute }))
		token := testenv.SignIn(t, a, "editor@example.org", []viewer.Role{viewer.Editor})
		var d struct {
			GuideArticles struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		testenv.NewGraphQL(t, a.Handler).Post(`{ guideArticles(first: 100) { edges { node { id } } } }`, nil).MustData(&d)
		ids := make([]string, len(d.GuideArticles.Edges))
		for i, e := range d.GuideArticles.Edges {
			ids[i] = e.Node.ID
		}
		// A long text makes each write take a while (full-text index,
		// revision), as real articles do: the writers queue for seconds.
		body := strings.Repeat("Регистрация по месту жительства в течение двух недель после переезда. ", 400)
		const op = `mutation($id: ID!, $s: String!, $b: String!) { writeGuideArticleTranslation(id: $id, language: RU, input: {summary: $s, body: $b}) { id } }`
		var (
			mu       sync.Mutex
			failures []string
			acked    []string
			wg       sync.WaitGroup
		)
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for n := range writes {
					summary := fmt.Sprintf("Запись %d-%d", w, n)
					status, r, err := postWrite(a.Handler, token, op, map[string]any{"id": ids[w%len(ids)], "s": summary, "b": body})
					mu.Lock()
					if err != nil || status != http.StatusOK || len(r.Errors) > 0 {
						failures = append(failures, fmt.Sprintf("HTTP %d: %s", status, r.Raw))
					} else {
						acked = append(acked, summary)
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if len(failures) > 0 {
			t.Errorf("%d of %d writes failed, e.g. %s", len(failures), writers*writes, failures[0])
		}
		ctx := viewer.SystemContext(context.Background())
		stored, err := a.Store.Client.GuideArticleRevision.Query().
			Where(guidearticlerevision.LanguageEQ(lang.RU), guidearticlerevision.SummaryIn(acked...)).Count(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if stored != len(acked) {
			t.Errorf("%d writes acknowledged, %d stored", len(acked), stored)
		}
		t.Logf("%s: %d writers × %d writes: %d acknowledged, %d failed, %d stored", db.Name, writers, writes, len(acked), len(failures), stored)
	})
}
