package graph_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"relocate/internal/config"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

const unavailableLV = "Pakalpojums šobrīd ir ļoti noslogots vai īslaicīgi nav pieejams. Lūdzu, mēģiniet vēlreiz pēc dažām sekundēm."

// assertUnavailable checks an answer to a request that met a database
// that is down or busy: 503 with Retry-After, SERVICE_UNAVAILABLE on every
// error, translated, nothing of the driver.
func assertUnavailable(t *testing.T, what string, r *testenv.Response) {
	t.Helper()
	if r.Status != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" || len(r.Errors) == 0 {
		t.Errorf("%s: HTTP %d, Retry-After %q: %s", what, r.Status, r.Header.Get("Retry-After"), r.Raw)
	}
	for _, e := range r.Errors {
		if e.Extensions["code"] != "SERVICE_UNAVAILABLE" || e.Message != unavailableLV {
			t.Errorf("%s: %s", what, r.Raw)
			break
		}
	}
	assertClean(t, r)
	for _, leak := range []string{"database is closed", "postgres", "relocate_test", "127.0.0.1", "5432", "sqlstate", "transaction"} {
		if strings.Contains(strings.ToLower(string(r.Raw)), leak) {
			t.Errorf("%s: answer leaks %q: %s", what, leak, r.Raw)
		}
	}
}

func getPage(h http.Handler, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

// The probes of these tests read public content through filtered lists,
// which go to the database: unfiltered public reads are answered from the
// guide's in-memory snapshot and keep working while the database is down
// (TestPublicReadsOutliveADatabaseOutage).

// TestDatabaseOutageAnswers503: when the database is gone, the API, the
// website and /readyz answer 503 with Retry-After and a translated
// SERVICE_UNAVAILABLE — not 500 or INTERNAL_SERVER_ERROR, not the
// driver's words — and the log says so once per request, with its ID.
func TestDatabaseOutageAnswers503(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		var log syncBuffer
		a := testenv.NewApp(t, db, testenv.WithLogger(slog.New(slog.NewTextHandler(&log, nil))))
		token := testenv.SignIn(t, a, "editor@example.org", []viewer.Role{viewer.Editor})
		gql := testenv.NewGraphQL(t, a.Handler)
		_ = a.Store.DB.Close() // the database is gone

		queries := []string{
			`{ guideArticles(first: 5, where: {keyNEQ: ""}) { totalCount } }`,
			`{ searchGuide(query: "Kita") { snippet } }`,
			`{ places(where: {keyNEQ: ""}) { totalCount } glossaryTerms(first: 3, where: {keyNEQ: ""}) { totalCount } languages { code } }`,
			// A mutation fails when its transaction begins.
			`mutation { publish(id: "8589934593") { id } }`,
		}
		for _, q := range queries {
			assertUnavailable(t, q, gql.Post(q, nil, "Accept-Language", "lv"))
		}
		// The session of a signed-in editor cannot be looked up either.
		assertUnavailable(t, "signed in", gql.Post(`{ viewer { email } }`, nil, "Accept-Language", "lv", "Authorization", "Bearer "+token))

		if n := strings.Count(log.String(), "graphql: database unavailable"); n != len(queries) {
			t.Errorf("%d log lines for %d requests:\n%s", n, len(queries), log.String())
		}
		if strings.Contains(log.String(), "internal error") || !strings.Contains(log.String(), "request=") {
			t.Errorf("log:\n%s", log.String())
		}

		page := getPage(a.Handler, "/lv/meklet?q=Kita")
		if page.Code != http.StatusServiceUnavailable || page.Header().Get("Retry-After") == "" ||
			!strings.Contains(page.Body.String(), "Pakalpojums īslaicīgi nav pieejams") {
			t.Errorf("site: HTTP %d, Retry-After %q\n%s", page.Code, page.Header().Get("Retry-After"), page.Body.String())
		}
		ready := getPage(a.Handler, "/readyz")
		if ready.Code != http.StatusServiceUnavailable || ready.Header().Get("Retry-After") == "" {
			t.Errorf("/readyz: HTTP %d, Retry-After %q", ready.Code, ready.Header().Get("Retry-After"))
		}
	})
}

// TestExhaustedPoolAnswers503: when every connection of the pool is taken
// for longer than the pool's wait, requests wait that long and then get
// 503 with Retry-After; once connections are free again they are served.
func TestExhaustedPoolAnswers503(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		a := testenv.NewApp(t, db, testenv.WithConfig(func(c *config.Config) {
			c.Database.Pool.MaxConns, c.Database.Pool.PerRequest, c.Database.Pool.Wait = 2, 2, 200*time.Millisecond
		}))
		token := testenv.SignIn(t, a, "editor@example.org", []viewer.Role{viewer.Editor})
		gql := testenv.NewGraphQL(t, a.Handler)
		ctx := context.Background()
		var held []interface{ Close() error }
		for range 2 {
			c, err := a.Store.DB.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			held = append(held, c)
		}
		start := time.Now()
		assertUnavailable(t, "query", gql.Post(`{ guideArticles(first: 5, where: {keyNEQ: ""}) { totalCount } places(where: {keyNEQ: ""}) { totalCount } }`, nil, "Accept-Language", "lv"))
		assertUnavailable(t, "mutation", gql.Post(`mutation { publish(id: "8589934593") { id } }`, nil, "Accept-Language", "lv"))
		assertUnavailable(t, "signed in", gql.Post(`{ viewer { email } }`, nil, "Accept-Language", "lv", "Authorization", "Bearer "+token))
		if page := getPage(a.Handler, "/lv/vietas?wheelchair=1"); page.Code != http.StatusServiceUnavailable || page.Header().Get("Retry-After") == "" {
			t.Errorf("site: HTTP %d, Retry-After %q", page.Code, page.Header().Get("Retry-After"))
		}
		if waited := time.Since(start); waited > 10*time.Second {
			t.Errorf("the answers took %s: the wait for a connection is not bounded", waited)
		}
		for _, c := range held {
			_ = c.Close()
		}
		r := gql.Post(`{ guideArticles(first: 5, where: {keyNEQ: ""}) { totalCount } places(where: {keyNEQ: ""}) { totalCount } }`, nil)
		if r.Status != http.StatusOK || len(r.Errors) > 0 {
			t.Errorf("after the pool freed up: HTTP %d %s", r.Status, r.Raw)
		}
	})
}

// TestOneRequestHoldsFewConnections: gqlgen resolves sibling fields in
// parallel, but one request holds at most Pool.PerRequest connections at a
// time, so one query with many fields cannot take the pool from others.
func TestOneRequestHoldsFewConnections(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		a := testenv.NewApp(t, db, testenv.WithConfig(func(c *config.Config) {
			c.Database.Pool.MaxConns, c.Database.Pool.MaxIdleConns, c.Database.Pool.PerRequest = 20, 20, 2
		}))
		// No idle connections: afterwards, the open ones are as many as
		// the request had at once.
		a.Store.DB.SetMaxIdleConns(0)
		a.Store.DB.SetMaxIdleConns(20)
		q := `{ guideCategories { name articles(first: 5) { edges { node { title } } } }
			a: guideArticles(first: 3) { totalCount } b: places(first: 3) { totalCount }
			c: glossaryTerms(first: 3) { totalCount } d: placeCategories { name } e: languages { code completeness } }`
		r := testenv.NewGraphQL(t, a.Handler).Post(q, nil)
		if len(r.Errors) > 0 {
			t.Fatalf("%s", r.Raw)
		}
		if open := a.Store.DB.Stats().OpenConnections; open > 2 {
			t.Errorf("one request opened %d connections at once, want at most 2", open)
		}
	})
}

// TestFailedCommitIsPresented: when a mutation's transaction cannot be
// committed, the answer goes through the error presenter like every other
// error — a code, a translated message, a log line with the request ID —
// instead of entgql's "cannot commit transaction: <driver text>" with HTTP
// 200 and no code; and nothing of the mutation is kept. A deferred foreign
// key that only fails at COMMIT stands for a commit refused for a reason of
// its own (INTERNAL_SERVER_ERROR); on PostgreSQL a serialization failure at
// COMMIT stands for contention (SERVICE_UNAVAILABLE, 503).
func TestFailedCommitIsPresented(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		var log syncBuffer
		a := testenv.NewApp(t, db, testenv.WithLogger(slog.New(slog.NewTextHandler(&log, nil))))
		token := testenv.SignIn(t, a, "editor@example.org", []viewer.Role{viewer.Editor})
		gql := testenv.NewGraphQL(t, a.Handler)
		id := articleID(t, gql, "wohnsitz-anmelden")
		write := func() *testenv.Response {
			return gql.Post(`mutation($id: ID!) { writeGuideArticleTranslation(id: $id, language: LV, input: {summary: "Nekad saglabāts"}) { id } }`,
				map[string]any{"id": id}, "Accept-Language", "lv", "Authorization", "Bearer "+token)
		}
		guard := []string{
			`CREATE TABLE nowhere (id integer PRIMARY KEY)`,
			`CREATE TABLE commit_guard (ref integer REFERENCES nowhere (id) DEFERRABLE INITIALLY DEFERRED)`,
		}
		if db.Name == "sqlite" {
			guard = append(guard, `CREATE TRIGGER guard AFTER INSERT ON audit_entries BEGIN INSERT INTO commit_guard (ref) VALUES (-1); END`)
		} else {
			guard = append(guard,
				`CREATE FUNCTION guard() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO commit_guard (ref) VALUES (-1); RETURN NULL; END $$`,
				`CREATE TRIGGER guard AFTER INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION guard()`)
		}
		for _, stmt := range guard {
			if _, err := a.Store.DB.Exec(stmt); err != nil {
				t.Fatal(err)
			}
		}
		r := write()
		if r.Code() != "INTERNAL_SERVER_ERROR" || r.Errors[0].Message != "Mūsu pusē radās kļūda. Lūdzu, mēģiniet vēlreiz vēlāk." {
			t.Errorf("commit refused: HTTP %d %s", r.Status, r.Raw)
		}
		assertClean(t, r)
		if strings.Contains(strings.ToLower(string(r.Raw)), "commit") || strings.Contains(string(r.Raw), "FOREIGN KEY") {
			t.Errorf("the driver's words reach the client: %s", r.Raw)
		}
		if !strings.Contains(log.String(), "graphql: internal error") || !strings.Contains(log.String(), "commit") || !strings.Contains(log.String(), "request=") {
			t.Errorf("not logged with the request:\n%s", log.String())
		}
		var d struct{ GuideArticle struct{ Summary string } }
		gql.Post(`{ guideArticle(slug: "wohnsitz-anmelden") { summary } }`, nil, "Accept-Language", "lv").MustData(&d)
		if d.GuideArticle.Summary == "Nekad saglabāts" {
			t.Error("the refused mutation was kept")
		}

		if db.Name != "postgres" {
			return // SQLite has no way to fail a COMMIT for contention on demand
		}
		for _, stmt := range []string{
			`DROP TRIGGER guard ON audit_entries`,
			`CREATE FUNCTION contention() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'could not serialize access' USING ERRCODE = '40001'; END $$`,
			`CREATE CONSTRAINT TRIGGER contention AFTER INSERT ON audit_entries DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION contention()`,
		} {
			if _, err := a.Store.DB.Exec(stmt); err != nil {
				t.Fatal(err)
			}
		}
		assertUnavailable(t, "commit under contention", write())
	})
}

// TestRecoversWhenTheServerCutsConnections: PostgreSQL ends every
// connection of the app (as at a restart or fail-over). Requests in that
// moment get 503 at worst, never 500, and the pool replaces the dead
// connections at once. SQLite has no server to cut connections.
func TestRecoversWhenTheServerCutsConnections(t *testing.T) {
	db := testenv.DBs[1]
	a := testenv.NewApp(t, db)
	gql := testenv.NewGraphQL(t, a.Handler)
	const q = `{ guideArticles(first: 5, where: {keyNEQ: ""}) { totalCount } places(where: {keyNEQ: ""}) { totalCount } glossaryTerms(first: 3, where: {keyNEQ: ""}) { totalCount } }`
	if r := gql.Post(q, nil); r.Status != http.StatusOK || len(r.Errors) > 0 {
		t.Fatalf("%s", r.Raw)
	}
	var cut int
	err := a.Store.DB.QueryRow(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid()`).Scan(&cut)
	if err != nil {
		t.Fatal(err)
	}
	ok := 0
	for i := range 5 {
		r := gql.Post(q, nil, "Accept-Language", "lv")
		switch {
		case r.Status == http.StatusOK && len(r.Errors) == 0:
			ok++
		case r.Status == http.StatusServiceUnavailable && i < 2:
			assertUnavailable(t, "after the cut", r)
		default:
			t.Errorf("request %d after %d connections were cut: HTTP %d %s", i, cut, r.Status, r.Raw)
		}
	}
	if ok < 3 || cut == 0 {
		t.Errorf("only %d of 5 requests served after %d connections were cut", ok, cut)
	}
	t.Logf("%d connections cut; %d of 5 requests served right after", cut, ok)
}
