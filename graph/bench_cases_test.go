package graph_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"relocate/internal/app"
	"relocate/internal/config"
	demodata "relocate/internal/demo"
	"relocate/internal/store"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// Benchmarks of case management at scale: the dashboard, the case search
// and the statistics on demo databases of RELOCATE_BENCH_CASES cases
// (comma-separated sizes; 1000 when unset), on SQLite and PostgreSQL
// (when RELOCATE_TEST_POSTGRES_URL or the test default answers). The
// databases are made once by internal/demo (seed benchSeed) and kept for
// the next runs: SQLite files under $TMPDIR/relocate-bench, PostgreSQL
// databases named relocate_bench_<cases>_<seed> (RELOCATE_BENCH_DB
// replaces the prefix relocate_bench, so that work trees with different
// schemas keep their own databases). Each benchmark reports
// the median and the 95th percentile of its requests (p50-ms, p95-ms).
//
//	RELOCATE_BENCH_CASES=1000,100000 go test ./graph/ -run '^$' -bench 'Cases' -benchtime 200x

// benchSeed is the seed of the benchmark databases.
const benchSeed = 1

// benchSizes are the numbers of cases to benchmark at.
func benchSizes(b *testing.B) []int {
	spec := os.Getenv("RELOCATE_BENCH_CASES")
	if spec == "" {
		spec = "1000"
	}
	var sizes []int
	for _, f := range strings.Split(spec, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			b.Fatalf("RELOCATE_BENCH_CASES: %q is no number of cases", f)
		}
		sizes = append(sizes, n)
	}
	return sizes
}

// benchCaseworker is the caseworker the benchmarks sign in as (one of
// ten the cases are shared by).
const benchCaseworker = "cw0@bench.example"

// benchDB returns the URL of the benchmark database of kind db with n
// demo cases, making it when it is not there yet.
func benchDB(b *testing.B, db string, n int) string {
	prefix := os.Getenv("RELOCATE_BENCH_DB")
	if prefix == "" {
		prefix = "relocate_bench"
	}
	name := fmt.Sprintf("%s_%d_%d", prefix, n, benchSeed)
	if db == "sqlite" {
		dir := filepath.Join(os.TempDir(), "relocate-bench")
		path := filepath.Join(dir, name+".db")
		if _, err := os.Stat(path); err == nil {
			return "file:" + path
		}
		if err := os.MkdirAll(dir, 0o750); err != nil {
			b.Fatal(err)
		}
		tmp := filepath.Join(dir, name+".making.db")
		for _, suffix := range []string{"", "-wal", "-shm"} {
			_ = os.Remove(tmp + suffix)
		}
		makeBenchDB(b, "file:"+tmp, n)
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
		return "file:" + path
	}
	admin, base := benchPostgres(b)
	var exists bool
	if err := admin.QueryRow(`SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		b.Fatal(err)
	}
	if !exists {
		tmp := name + "_making"
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + tmp + " WITH (FORCE)"); err != nil {
			b.Fatal(err)
		}
		if _, err := admin.Exec("CREATE DATABASE " + tmp); err != nil {
			b.Fatal(err)
		}
		makeBenchDB(b, withDatabase(base, tmp), n)
		if _, err := admin.Exec("ALTER DATABASE " + tmp + " RENAME TO " + name); err != nil {
			b.Fatal(err)
		}
	}
	return withDatabase(base, name)
}

// benchPostgres connects to the PostgreSQL server of the tests, or skips.
func benchPostgres(b *testing.B) (*sql.DB, *url.URL) {
	raw := os.Getenv("RELOCATE_TEST_POSTGRES_URL")
	if raw == "" {
		raw = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	u, err := url.Parse(raw)
	if err != nil {
		b.Fatal(err)
	}
	db, err := sql.Open("pgx", raw)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		err = db.PingContext(ctx)
		cancel()
	}
	if err != nil {
		b.Skipf("PostgreSQL not reachable: %v", err)
	}
	b.Cleanup(func() { _ = db.Close() })
	return db, u
}

// withDatabase returns base with the database name.
func withDatabase(base *url.URL, name string) string {
	u := *base
	u.Path = "/" + name
	return u.String()
}

// makeBenchDB fills a new database with the schema, the content, ten
// caseworkers and n demo cases.
func makeBenchDB(b *testing.B, dbURL string, n int) {
	start := time.Now()
	cfg := config.Default()
	cfg.Database.URL = dbURL
	a, err := app.New(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	for i := range 10 {
		testenv.SignIn(b, a, fmt.Sprintf("cw%d@bench.example", i), []viewer.Role{viewer.Caseworker})
	}
	_ = a.Close()
	st, err := store.Open(context.Background(), dbURL, store.Options{Pool: cfg.Database.Pool, Migrate: store.MigrateOff})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	r, err := demodata.Generate(context.Background(), st.Client, demodata.Options{Cases: n, Seed: benchSeed})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("made %s with %d cases, %d tasks, %d appointments in %s", dbURL, r.Cases, r.Tasks, r.Appointments, time.Since(start).Round(time.Second))
}

// benchmarkCases runs op on every benchmark database as the caseworker and
// reports the median and 95th percentile of its latency.
func benchmarkCases(b *testing.B, op string, vars map[string]any) {
	for _, n := range benchSizes(b) {
		for _, db := range testenv.DBs {
			b.Run(fmt.Sprintf("%s/%d", db.Name, n), func(b *testing.B) {
				cfg := config.Default()
				cfg.Database.URL = benchDB(b, db.Name, n)
				a, err := app.New(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
				if err != nil {
					b.Fatal(err)
				}
				defer a.Close()
				token := testenv.SignIn(b, a, benchCaseworker, []viewer.Role{viewer.Caseworker})
				body, _ := json.Marshal(map[string]any{"query": op, "variables": vars})
				do := func() {
					req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("Authorization", "Bearer "+token)
					rec := httptest.NewRecorder()
					a.Handler.ServeHTTP(rec, req)
					if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
						b.Fatalf("%d %s", rec.Code, rec.Body)
					}
				}
				do() // warm the caches as a running server's are
				var took []time.Duration
				b.ReportAllocs()
				cpu := cpuTime()
				b.ResetTimer()
				for b.Loop() {
					start := time.Now()
					do()
					took = append(took, time.Since(start))
				}
				b.StopTimer()
				// The process's CPU time per request (with SQLite's work, not
				// PostgreSQL's): less troubled than wall time by other load
				// on the machine.
				b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(len(took)), "cpu-ms/op")
				slices.Sort(took)
				pct := func(p float64) float64 {
					return float64(took[min(len(took)-1, int(p*float64(len(took))))].Microseconds()) / 1000
				}
				b.ReportMetric(pct(0.50), "p50-ms")
				b.ReportMetric(pct(0.95), "p95-ms")
			})
		}
	}
}

// cpuTime returns the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkCasesDashboard: 50 open cases with person, company, caseworker,
// the next three open tasks and the next appointment.
func BenchmarkCasesDashboard(b *testing.B) {
	benchmarkCases(b, `{ cases(first: 50, where: {statusIn: [INQUIRY, INTAKE, MATCHING, PLACED, ARRIVING, SETTLING_IN, ON_HOLD]}) {
		edges { node { reference status person { givenName familyName } vacancy { title company { name } }
			caseworker { displayName } openTasks { title status dueOn } nextAppointment { kind startsAt } } } } }`, nil)
}

// BenchmarkCasesSearch: the cases of people called Ozols, Ozoliņš, Ozola …
func BenchmarkCasesSearch(b *testing.B) {
	benchmarkCases(b, `{ cases(first: 20, where: {search: "ozols"}) { totalCount
		edges { node { reference status person { givenName familyName } } } } }`, nil)
}

// BenchmarkCasesStatistics: the statistics of all cases.
func BenchmarkCasesStatistics(b *testing.B) {
	benchmarkCases(b, `{ caseStatistics { total byStatus { status count } byOutcome { outcome count }
		bySupportNeed { supportNeed count } byCompany { company { name } count } byNationality { nationality count }
		byMonthOpened { month count } medianDaysToArrival medianDaysArrivalToClosing } }`, nil)
}

// BenchmarkCasesStatisticsFiltered: the statistics of the open cases that
// need housing, as a dashboard filters them.
func BenchmarkCasesStatisticsFiltered(b *testing.B) {
	benchmarkCases(b, `{ caseStatistics(where: {statusIn: [INQUIRY, INTAKE, MATCHING, PLACED, ARRIVING, SETTLING_IN, ON_HOLD], supportNeed: "housing"}) {
		total byStatus { status count } byOutcome { outcome count }
		bySupportNeed { supportNeed count } byCompany { company { name } count } byNationality { nationality count }
		byMonthOpened { month count } medianDaysToArrival medianDaysArrivalToClosing } }`, nil)
}
