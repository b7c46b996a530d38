package main

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"relocate/internal/app"
	"relocate/internal/config"
	"relocate/internal/seed"
	"relocate/internal/testenv"
)

// legacyTables are the tables whose rows the release fixture holds.
var legacyTables = []string{"languages", "users", "sessions", "audit_entries", "inquiries"}

// loadRelease fills the empty database at url with the dump of a database
// made by release 007cdd3 (see testdata/release-007cdd3.sh).
func loadRelease(t *testing.T, db testenv.DB, url string) {
	t.Helper()
	script, err := os.ReadFile("testdata/release-007cdd3." + db.Name + ".sql")
	if err != nil {
		t.Fatal(err)
	}
	driver, dsn := "pgx", url
	if db.Name == "sqlite" {
		driver = "sqlite" // as that release opened it: times as Go's time.String()
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(string(script)); err != nil {
		t.Fatalf("load the release's dump: %v", err)
	}
}

// rowCounts counts the rows of the legacy tables.
func rowCounts(t *testing.T, db testenv.DB, url string) map[string]int {
	t.Helper()
	driver := "pgx"
	if db.Name == "sqlite" {
		driver = "sqlite"
	}
	raw, err := sql.Open(driver, url)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	counts := map[string]int{}
	for _, table := range legacyTables {
		var n int
		if err := raw.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		counts[table] = n
	}
	return counts
}

// TestMigrateUpgradesRelease007cdd3: `relocate migrate` recognises a
// database made by the release before versioned migrations, baselines it
// (PostgreSQL) or converts its times (SQLite), keeps every row, and the
// accounts made then can still sign in; the audit log, written by a
// server in Berlin time and a command line in UTC, reads newest first.
func TestMigrateUpgradesRelease007cdd3(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		url := db.URL(t)
		loadRelease(t, db, url)
		before := rowCounts(t, db, url)
		if before["users"] != 2 || before["audit_entries"] < 5 {
			t.Fatalf("the fixture holds %v", before)
		}
		ctx := context.Background()
		cfg := config.Default()
		cfg.Database.URL = url
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		var out bytes.Buffer
		if err := migrateCommand(ctx, cfg, log, &out); err != nil {
			t.Fatalf("relocate migrate: %v", err)
		}
		if db.Name == "postgres" && (!strings.Contains(out.String(), "recognised a database of the release before versioned migrations") ||
			!strings.Contains(out.String(), "at version")) {
			t.Errorf("relocate migrate said:\n%s", out.String())
		}
		if db.Name == "sqlite" && !strings.Contains(out.String(), "converted") {
			t.Errorf("relocate migrate said:\n%s", out.String())
		}
		t.Logf("relocate migrate on %s said: %s", db.Name, out.String())
		if after := rowCounts(t, db, url); !equalCounts(before, after) {
			t.Errorf("rows before %v, after %v", before, after)
		}
		out.Reset()
		if err := migrateCommand(ctx, cfg, log, &out); err != nil || strings.Contains(out.String(), "applied") || strings.Contains(out.String(), "recognised") {
			t.Errorf("a second run changed something: %v\n%s", err, out.String())
		}

		// The new release starts on it, and the administrator made before signs in.
		a, err := app.New(ctx, cfg, log)
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		gql := testenv.NewGraphQL(t, a.Handler)
		var login struct{ Login struct{ Token string } }
		gql.Post(`mutation { login(input: {email: "admin@legacy.example", password: "password-12345678"}) { token } }`, nil).MustData(&login)
		var audit struct {
			AuditLog struct {
				Edges []struct{ Node struct{ CreatedAt time.Time } }
			}
		}
		gql.Post(`{ auditLog(first: 100) { edges { node { createdAt } } } }`, nil, "Authorization", "Bearer "+login.Login.Token).MustData(&audit)
		var times []time.Time
		for _, e := range audit.AuditLog.Edges {
			times = append(times, e.Node.CreatedAt)
		}
		if len(times) <= before["audit_entries"] || !sort.SliceIsSorted(times, func(i, j int) bool { return times[i].After(times[j]) }) {
			t.Errorf("audit log (%d entries before the sign-in) is not newest first: %v", before["audit_entries"], times)
		}
		// The fixture leaves the demo content out; with it loaded, the
		// full-text search of the old release's configuration works.
		content, err := seed.Embedded()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := seed.Load(ctx, a.Store.Client, content); err != nil {
			t.Fatal(err)
		}
		var search struct{ SearchGuide []struct{ Snippet string } }
		gql.Post(`{ searchGuide(query: "Wohnung", first: 3) { snippet } }`, nil).MustData(&search)
		if len(search.SearchGuide) == 0 {
			t.Error("the guide's search finds nothing after the upgrade")
		}
		if db.Name == "postgres" {
			assertSameSchema(t, url, migratedFresh(t))
		}
	})
}

func equalCounts(a, b map[string]int) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return len(a) == len(b)
}

// migratedFresh returns the URL of a new PostgreSQL database migrated from
// nothing.
func migratedFresh(t *testing.T) string {
	t.Helper()
	url := testenv.DBs[1].URL(t)
	cfg := config.Default()
	cfg.Database.URL = url
	if err := migrateCommand(context.Background(), cfg, slog.New(slog.DiscardHandler), io.Discard); err != nil {
		t.Fatal(err)
	}
	return url
}

// assertSameSchema compares the columns, indexes, constraints and text
// search configurations of two PostgreSQL databases.
func assertSameSchema(t *testing.T, upgraded, fresh string) {
	t.Helper()
	describe := func(url string) []string {
		raw, err := sql.Open("pgx", url)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		rows, err := raw.Query(`
			SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') || ' ' || is_identity
			FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'atlas_schema_revisions'
			UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'atlas_schema_revisions'
			UNION ALL SELECT 'constraint ' || conrelid::regclass || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace
			UNION ALL SELECT 'text search ' || cfgname FROM pg_ts_config WHERE cfgnamespace = 'public'::regnamespace
			UNION ALL SELECT 'extension ' || extname FROM pg_extension
			ORDER BY 1`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		return out
	}
	a, b := describe(upgraded), describe(fresh)
	if strings.Join(a, "\n") != strings.Join(b, "\n") {
		t.Errorf("the upgraded schema differs from a fresh one:\nupgraded:\n%s\nfresh:\n%s", strings.Join(a, "\n"), strings.Join(b, "\n"))
	}
	if len(a) < 100 {
		t.Errorf("only %d schema items compared", len(a))
	}
}
