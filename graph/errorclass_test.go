package graph_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"relocate/ent"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// errorLines counts what was logged at level ERROR.
func errorLines(log *syncBuffer) int { return strings.Count(log.String(), "level=ERROR") }

func TestUnknownAndHiddenNodesAreNotFound(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		var log syncBuffer
		a := testenv.NewApp(t, db, testenv.WithLogger(slog.New(slog.NewTextHandler(&log, nil))))
		testenv.SignIn(t, a, "someone@example.org", []viewer.Role{viewer.Editor})
		gql := testenv.NewGraphQL(t, a.Handler)
		var d struct {
			Languages []struct{ ID string }
		}
		gql.Post(`{ languages { id } }`, nil).MustData(&d)
		u, err := a.Auth.UserByEmail(viewer.SystemContext(context.Background()), "someone@example.org")
		if err != nil {
			t.Fatal(err)
		}
		hidden := fmt.Sprint(u.ID) // an account: not for anonymous readers
		ids := []string{d.Languages[0].ID, "999999", hidden, "99999999999"}
		for i := range 96 {
			ids = append(ids, fmt.Sprint(d.Languages[0].ID[:1]+"0000", i+5))
		}
		r := gql.Post(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids}, "Accept-Language", "en")
		if !strings.HasPrefix(string(r.Data), `{"nodes":[{"id":"`+d.Languages[0].ID+`"},null,null,null,`) {
			t.Errorf("data: %.200s", r.Data)
		}
		if len(r.Errors) == 0 {
			t.Fatal("no errors")
		}
		for _, e := range r.Errors {
			if e.Extensions["code"] != "NOT_FOUND" || e.Message != "There is nothing with this ID." || len(e.Path) != 2 {
				t.Errorf("error %+v, want NOT_FOUND at nodes[i]", e)
			}
		}
		if n := errorLines(&log); n != 0 {
			t.Errorf("%d error lines logged for unknown IDs:\n%s", n, log.String())
		}
	})
}

func TestHangUpsAreNotInternalErrors(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		var log syncBuffer
		var mu sync.Mutex
		var hangUp context.CancelFunc
		// The client hangs up while the first statement is sent.
		onStatement := func(...any) {
			mu.Lock()
			defer mu.Unlock()
			if hangUp != nil {
				hangUp()
			}
		}
		a := testenv.NewApp(t, db, testenv.WithLogger(slog.New(slog.NewTextHandler(&log, nil))),
			testenv.WithEntOptions(ent.Debug(), ent.Log(onStatement)))
		ctx, cancel := context.WithCancel(context.Background())
		mu.Lock()
		hangUp = cancel
		mu.Unlock()
		req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/graphql",
			strings.NewReader(`{"query":"{ guideArticles(first: 20) { edges { node { title category { name } } } } places { totalCount } glossaryTerms { totalCount } }"}`))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		a.Handler.ServeHTTP(rec, req)
		if strings.Contains(rec.Body.String(), "INTERNAL_SERVER_ERROR") {
			t.Errorf("answered as an internal error: %s", rec.Body)
		}
		if n := errorLines(&log); n != 0 {
			t.Errorf("a hang-up logged %d error lines:\n%s", n, log.String())
		}
	})
}

func TestOneRequestLogsOneInternalError(t *testing.T) {
	var log syncBuffer
	a := testenv.NewApp(t, testenv.DBs[0], testenv.WithLogger(slog.New(slog.NewTextHandler(&log, nil))))
	_ = a.Store.DB.Close() // every field fails
	r := testenv.NewGraphQL(t, a.Handler).Post(`{ guideArticles(first: 5, where: {keyNEQ: ""}) { totalCount } places(where: {keyNEQ: ""}) { totalCount } glossaryTerms(where: {keyNEQ: ""}) { totalCount } languages { code } }`, nil)
	if len(r.Errors) < 2 {
		t.Fatalf("want several failing fields: %s", r.Raw)
	}
	if n := strings.Count(log.String(), "level=ERROR msg=\"graphql: internal error\""); n > 1 {
		t.Errorf("%d error lines for one request:\n%s", n, log.String())
	}
}

func TestLargeFiltersAreRefusedOnEveryDatabase(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		var log syncBuffer
		a := testenv.NewApp(t, db, testenv.WithLogger(slog.New(slog.NewTextHandler(&log, nil))))
		gql := testenv.NewGraphQL(t, a.Handler)
		or := func(n int, branch string) string {
			return `{ places(where: {or: [` + strings.Repeat(branch+`, `, n) + `]}) { totalCount } }`
		}
		const has = `{nameContains: "x", hasCategoryWith: [{key: "authority"}]}`
		ids := func(n int) map[string]any {
			l := make([]string, n)
			for i := range l {
				l[i] = fmt.Sprint(i + 1)
			}
			return map[string]any{"ids": l}
		}
		for _, tc := range []struct {
			name, query string
			vars        map[string]any
			message     string
		}{
			// SQLite: "Expression tree is too large"; PostgreSQL: seconds of planning.
			{"5000 branches", or(5000, `{nameContains: "x"}`), nil, "at most 100"},
			{"50 branches with a subquery each", or(50, has), nil, "at most 20"},
			{"101 IDs", `query($ids: [ID!]) { places(where: {idIn: $ids}) { totalCount } }`, ids(101), "at most 100"},
			{"deeply nested", `{ places(where: ` + strings.Repeat(`{not: `, 30) + `{nameContains: "x"}` + strings.Repeat(`}`, 30) + `) { totalCount } }`, nil, "at most 20"},
		} {
			r := gql.Post(tc.query, tc.vars, "Accept-Language", "en")
			if r.Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, tc.message) {
				t.Errorf("%s: %.300s", tc.name, r.Raw)
			}
		}
		// What a client needs passes on both databases.
		for _, q := range []struct {
			query string
			vars  map[string]any
		}{
			{or(9, has), nil}, // 1 + 9 × 2 conditions
			{`query($ids: [ID!]) { places(where: {idIn: $ids}) { totalCount } }`, ids(100)},
		} {
			if r := gql.Post(q.query, q.vars); len(r.Errors) > 0 {
				t.Errorf("%.100s: %.300s", q.query, r.Raw)
			}
		}
		if n := errorLines(&log); n != 0 {
			t.Errorf("%d error lines logged:\n%s", n, log.String())
		}
	})
}
