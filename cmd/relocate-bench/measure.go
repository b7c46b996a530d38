package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"relocate/cmd/internal/loadkit"
)

// bench holds what the measurements share: the binary, the folder, the
// limit server and the private PostgreSQL, started when first needed.
type bench struct {
	opts     options
	progress io.Writer
	dir      string
	bin      string
	limit    *limitServer
	pg       *loadkit.PrivatePG
	started  time.Time
}

func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(b.progress, "[%6.1fs] %s\n", time.Since(b.started).Seconds(), fmt.Sprintf(format, args...))
}

// measure runs every database and scale and writes the report.
func measure(ctx context.Context, opts options, stdout, stderr io.Writer) error {
	b := &bench{opts: opts, progress: stderr, dir: opts.dir, bin: opts.bin, started: time.Now()}
	code := commit(ctx) // before anything changes the work tree
	if b.dir == "" {
		tmp, err := os.MkdirTemp("", "relocate-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		b.dir = tmp
	} else if err := os.MkdirAll(b.dir, 0o755); err != nil {
		return err
	}
	var err error
	if b.bin == "" {
		b.logf("building relocate")
		if b.bin, err = loadkit.BuildRelocate(ctx, b.dir); err != nil {
			return err
		}
	} else if b.bin, err = filepath.Abs(b.bin); err != nil {
		return err
	}
	if b.limit, err = startLimit(ctx); err != nil {
		return err
	}
	defer b.limit.stop()
	defer func() {
		if b.pg != nil {
			b.pg.Close()
		}
	}()
	var (
		results []result
		failed  error
	)
runs:
	for _, db := range opts.dbs {
		for _, n := range opts.scales {
			r, err := b.one(ctx, db, n)
			if err != nil {
				failed = fmt.Errorf("%s ×%d: %w", db, n, err)
				break runs
			}
			results = append(results, r)
		}
	}
	if len(results) == 0 {
		return failed
	}
	// What was measured is reported also when a later run failed.
	s := settings{conns: opts.conns, duration: opts.duration, warmup: opts.warmup, timout: opts.timeout, pace: opts.pace,
		rounds: opts.rounds, commit: code}
	writeReport(stdout, s, results)
	if opts.out != "" {
		f, err := os.Create(opts.out)
		if err != nil {
			return err
		}
		writeReport(f, s, results)
		if err := f.Close(); err != nil {
			return err
		}
	}
	return failed
}

// one prepares the database of db at scale n, starts relocate on it and
// measures every kind.
func (b *bench) one(ctx context.Context, db string, n int) (result, error) {
	r := result{db: map[string]string{"sqlite": "SQLite", "postgres": "PostgreSQL"}[db]}
	dbURL, dbCPU, drop, err := b.database(ctx, db, n)
	if err != nil {
		return r, err
	}
	defer drop()
	b.logf("%s ×%d: preparing the content", r.db, n)
	if r.prep, err = prepare(ctx, dbURL, n, nil); err != nil {
		return r, err
	}
	b.logf("%s ×%d: %d articles, %d texts (%s)", r.db, n, r.prep.articles, r.prep.texts, r.prep.took.Round(time.Millisecond))
	srv, err := loadkit.NewServer(b.bin, dbURL, filepath.Join(b.dir, fmt.Sprintf("relocate-%s-x%d.log", db, n)), b.opts.env)
	if err != nil {
		return r, err
	}
	if r.ready, err = srv.Start(ctx); err != nil {
		return r, err
	}
	defer func() { _ = srv.Stop() }()
	pid := srv.Pid()
	t := target{base: srv.Base(), cpu: func() (time.Duration, error) { return processCPU(pid) }, dbCPU: dbCPU}
	etags, skipped := b.check(ctx, t)
	if r.started, err = readMemory(pid); err != nil {
		return r, err
	}
	r.rows = make([]row, len(b.opts.kinds))
	for i, k := range b.opts.kinds {
		r.rows[i] = row{kind: k, skipped: skipped[k.id]}
	}
	before, err := b.limitRun(ctx)
	if err != nil {
		return r, err
	}
	r.limit = before
	label := fmt.Sprintf("%s ×%d", r.db, n)
	for round := range b.opts.rounds {
		for i, k := range b.opts.kinds {
			x := &r.rows[i]
			if x.skipped != "" {
				continue
			}
			b.logf("%s: round %d, %s", label, round+1, k.id)
			after, err := b.runOnce(ctx, t, x, etags[k.etagOf], before, label)
			if err != nil {
				return r, err
			}
			r.limit = merge(r.limit, after)
			before = after
		}
	}
	// A kind that got (almost) no answer in time from -conns connections
	// is measured one request at a time, so that its cost is still known:
	// over a few answers the CPU of the requests still in flight weighs
	// too much.
	for i := range r.rows {
		x := &r.rows[i]
		if x.skipped != "" || x.m.ok >= minAnswers {
			continue
		}
		b.logf("%s ×%d: %s had %d correct answers at %d connections; %d requests one at a time", r.db, n, x.kind.id, x.m.ok, b.opts.conns, singleRequests)
		m, err := single(ctx, t, x.kind, etags[x.kind.etagOf], singleRequests, max(b.opts.timeout, singleTimeout))
		if err != nil {
			return r, err
		}
		x.single = &m
	}
	if r.after, err = readMemory(pid); err != nil {
		return r, err
	}
	if b.opts.peer != "" && db == "postgres" {
		x, err := b.measurePeer(ctx, dbURL, t.base, dbCPU, n, label)
		if err != nil {
			return r, err
		}
		r.rows = append(r.rows, x)
	}
	return r, nil
}

// limitRun measures the fixed-JSON limit once.
func (b *bench) limitRun(ctx context.Context) (measurement, error) {
	l := load{conns: b.opts.conns, warmup: b.opts.warmup, duration: b.opts.duration, timeout: b.opts.timeout}
	return drive(ctx, b.limit.target(), kind{path: "/", method: http.MethodGet, want: http.StatusOK}, "", l, b.opts.settle)
}

// runOnce measures x's kind once on t (paced at -pace of the limit run
// before it), then the limit again, and adds the run to x; it returns
// that limit run, the one before the next kind.
func (b *bench) runOnce(ctx context.Context, t target, x *row, etag string, before measurement, label string) (measurement, error) {
	l := load{conns: b.opts.conns, warmup: b.opts.warmup, duration: b.opts.duration, timeout: b.opts.timeout,
		rate: b.opts.pace * before.rate()}
	m, err := drive(ctx, t, x.kind, etag, l, b.opts.settle)
	if err != nil {
		return measurement{}, err
	}
	after, err := b.limitRun(ctx)
	if err != nil {
		return measurement{}, err
	}
	b.logf("%s: %s %.1f req/s (%d errors), limit %.0f req/s", label, x.kind.id, m.rate(), m.bad, after.rate())
	x.m = merge(x.m, m)
	// The limit around this run: the mean of the runs before and after.
	x.limitRate += (before.rate() + after.rate()) / 2 / float64(b.opts.rounds)
	return after, nil
}

// The one-at-a-time measurement of a kind that got fewer than minAnswers
// correct answers under load: singleRequests requests, each allowed
// singleTimeout.
const (
	minAnswers     = 10
	singleRequests = 3
	singleTimeout  = 2 * time.Minute
)

// check sends one request of every kind and returns the ETags of the
// answers, and why a kind cannot be measured (it does not answer
// correctly).
func (b *bench) check(ctx context.Context, t target) (map[string]string, map[string]string) {
	client := newClient(1, time.Minute)
	defer client.CloseIdleConnections()
	etags, skipped := map[string]string{}, map[string]string{}
	for _, k := range b.opts.kinds {
		req := k.request(t.base).WithContext(ctx)
		if k.etagOf != "" {
			if etags[k.etagOf] == "" {
				skipped[k.id] = "no ETag on " + k.etagOf
				continue
			}
			req.Header.Set("If-None-Match", etags[k.etagOf])
		}
		resp, err := client.Do(req)
		if err != nil {
			skipped[k.id] = err.Error()
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if !k.ok(resp.StatusCode, body) {
			skipped[k.id] = fmt.Sprintf("answered %d %.200s", resp.StatusCode, body)
			b.logf("%s: %s", k.id, skipped[k.id])
			continue
		}
		etags[k.id] = resp.Header.Get("ETag")
	}
	return etags, skipped
}

// database returns the URL of the database for db at scale n, how to read
// its server's CPU time (nil when not measured) and how to drop it.
func (b *bench) database(ctx context.Context, db string, n int) (string, func() (time.Duration, error), func(), error) {
	if db == "sqlite" {
		path := filepath.Join(b.dir, fmt.Sprintf("relocate-x%d.db", n))
		drop := func() {
			if !b.opts.keep {
				for _, suffix := range []string{"", "-wal", "-shm"} {
					_ = os.Remove(path + suffix)
				}
			}
		}
		return "file:" + path, nil, drop, nil
	}
	server := b.opts.pgURL
	var cpu func() (time.Duration, error)
	if server == "" {
		if b.pg == nil {
			b.logf("starting a private PostgreSQL (initdb)")
			pg, err := loadkit.StartPrivatePG(ctx, b.opts.pgBin)
			if err != nil {
				return "", nil, nil, err
			}
			b.pg = pg
		}
		server = b.pg.URL("postgres")
		pid, err := postmasterPid(b.pg.DataDir())
		if err != nil {
			return "", nil, nil, err
		}
		cpu = func() (time.Duration, error) { return treeCPU(pid) }
	}
	name := fmt.Sprintf("relocate_bench_x%d", n)
	dbURL, err := loadkit.WithDatabase(server, name)
	if err != nil {
		return "", nil, nil, err
	}
	admin, err := sql.Open("pgx", server)
	if err != nil {
		return "", nil, nil, err
	}
	dropDB := func() {
		c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, _ = admin.ExecContext(c, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	}
	if !b.opts.keep {
		dropDB() // a database left by an interrupted run
	}
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil && !b.opts.keep {
		_ = admin.Close()
		return "", nil, nil, fmt.Errorf("create database %s: %w", name, err)
	}
	drop := func() {
		if !b.opts.keep {
			dropDB()
		}
		_ = admin.Close()
	}
	return dbURL, cpu, drop, nil
}
