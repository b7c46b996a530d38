package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"relocate/cmd/internal/loadkit"
)

// runner holds what the runs share: the binary, the temporary folder and
// the private PostgreSQL server, started when first needed.
type runner struct {
	opts     options
	out      io.Writer
	progress io.Writer
	tmp      string
	bin      string
	pg       *loadkit.PrivatePG
	started  time.Time
}

func newRunner(ctx context.Context, opts options, out, progress io.Writer) (*runner, error) {
	tmp, err := os.MkdirTemp("", "relocate-load-")
	if err != nil {
		return nil, err
	}
	r := &runner{opts: opts, out: out, progress: progress, tmp: tmp, bin: opts.bin, started: time.Now()}
	if r.bin == "" {
		r.logf("building relocate")
		if r.bin, err = loadkit.BuildRelocate(ctx, tmp); err != nil {
			r.close()
			return nil, err
		}
	} else if r.bin, err = filepath.Abs(r.bin); err != nil {
		r.close()
		return nil, err
	}
	return r, nil
}

func (r *runner) close() {
	if r.pg != nil {
		if r.opts.keep {
			r.logf("private PostgreSQL left running in %s, port %d", r.pg.Dir, r.pg.Port)
		} else {
			r.pg.Close()
		}
	}
	if r.opts.keep {
		r.logf("kept %s", r.tmp)
		return
	}
	_ = os.RemoveAll(r.tmp)
}

func (r *runner) logf(format string, args ...any) {
	fmt.Fprintf(r.progress, "[%5.1fs] %s\n", time.Since(r.started).Seconds(), fmt.Sprintf(format, args...))
}

// dialects are the databases scenario name runs on.
func (r *runner) dialects(name string) []string {
	switch name {
	case "pg-outage":
		return []string{"PostgreSQL"}
	case "kill9":
		return []string{"SQLite"}
	}
	var out []string
	for _, d := range r.opts.dbs {
		if d == "postgres" {
			out = append(out, "PostgreSQL")
		} else {
			out = append(out, "SQLite")
		}
	}
	return out
}

func (r *runner) scenario(ctx context.Context, name, dialect string) (result, error) {
	switch name {
	case "mixed":
		return r.mixed(ctx, dialect)
	case "writers":
		return r.writersRun(ctx, dialect)
	case "pg-outage":
		return r.pgOutage(ctx)
	case "kill9":
		return r.kill9(ctx)
	}
	return result{}, fmt.Errorf("unknown scenario %q", name)
}

// instance is relocate running for one run, with the editor signed in.
type instance struct {
	dir    string
	db     *database
	srv    *loadkit.Server
	token  string
	arts   []article
	prefix string // of this run's markers
	ready  time.Duration
	// pg is the private PostgreSQL server the database is on, and pgLog
	// where its log stood when the run began; nil otherwise.
	pg    *loadkit.PrivatePG
	pgLog int64
}

// addEditor creates the editor account the writes sign in with, through
// the real command line (which also creates the schema and loads the demo
// content).
func addEditor(ctx context.Context, srv *loadkit.Server) error {
	return srv.Command(ctx, editorPassword+"\n", "user", "add", "-email", editorEmail, "-name", "Load Editor", "-role", "EDITOR")
}

// launch makes a database, creates the editor, starts relocate, signs in
// and checks that the tool's requests fit the server. private asks for
// the tool's own PostgreSQL server even when -pg-url is given.
func (r *runner) launch(ctx context.Context, name, dialect string, private bool) (*instance, error) {
	in := &instance{dir: filepath.Join(r.tmp, name+"-"+strings.ToLower(dialect)), prefix: "rl-" + loadkit.RandomHex(4) + "-"}
	if err := os.MkdirAll(in.dir, 0o755); err != nil {
		return nil, err
	}
	in.db = &database{dialect: dialect}
	switch {
	case dialect == "SQLite":
		in.db.path = filepath.Join(in.dir, "relocate.db")
		in.db.url = "file:" + in.db.path
	case r.opts.pgURL != "" && !private:
		u, drop, err := loadkit.CreateDatabase(ctx, r.opts.pgURL, "relocate_load_")
		if err != nil {
			return nil, err
		}
		in.db.url, in.db.drop = u, drop
	default:
		if r.pg == nil {
			r.logf("starting a private PostgreSQL (initdb)")
			pg, err := loadkit.StartPrivatePG(ctx, r.opts.pgBin)
			if err != nil {
				return nil, err
			}
			r.pg = pg
			r.logf("private PostgreSQL on 127.0.0.1:%d in %s", pg.Port, pg.Dir)
		}
		u, drop, err := loadkit.CreateDatabase(ctx, r.pg.URL("postgres"), "relocate_load_")
		if err != nil {
			return nil, err
		}
		in.db.url, in.db.drop = u, drop
		in.pg, in.pgLog = r.pg, r.pg.LogSize()
	}
	env := r.opts.env
	if r.opts.formLimit > 0 {
		env = append([]string{"RELOCATE_FORM_LIMIT=" + strconv.Itoa(r.opts.formLimit)}, env...)
	}
	srv, err := loadkit.NewServer(r.bin, in.db.url, filepath.Join(in.dir, "relocate.log"), env)
	if err != nil {
		in.close()
		return nil, err
	}
	in.srv = srv
	r.logf("%s on %s: creating the editor and the demo content", name, dialect)
	if err := addEditor(ctx, srv); err != nil {
		in.close()
		return nil, err
	}
	if in.ready, err = srv.Start(ctx); err != nil {
		in.close()
		return nil, err
	}
	r.logf("relocate ready on %s after %s", srv.Addr, round(in.ready))
	c := &client{base: srv.Base(), http: newHTTPClient(newTransport(2), r.opts.timeout), t0: time.Now()}
	if err := c.login(ctx); err != nil {
		in.close()
		return nil, err
	}
	if in.arts, err = c.articles(ctx); err != nil {
		in.close()
		return nil, err
	}
	if err := c.preflight(ctx); err != nil {
		in.close()
		return nil, err
	}
	in.token = c.token
	return in, nil
}

func (in *instance) close() {
	if in.srv != nil {
		_ = in.srv.Stop()
	}
	if in.db != nil && in.db.drop != nil {
		in.db.drop()
	}
}

// worker is one load goroutine: its client, its random numbers and what
// its writes came to.
type worker struct {
	*client
	id     int
	rng    *rand.Rand
	prefix string
	seq    int
	// writes sent and the markers of those acknowledged
	writes int
	acked  []string
	// forms sent and the markers of those accepted
	forms    int
	accepted []string
	form     form
}

func (w *worker) marker(kind string) string {
	w.seq++
	return fmt.Sprintf("%s%s%d-%d", w.prefix, kind, w.id, w.seq)
}

// write stores one marked article text.
func (w *worker) write(ctx context.Context, arts []article) {
	m := w.marker("w")
	w.writes++
	if _, ok := w.client.write(ctx, w.rng, arts, m); ok {
		w.acked = append(w.acked, m)
	}
}

// fillForm takes the worker's contact form one step further.
func (w *worker) fillForm(ctx context.Context) {
	m := w.marker("f")
	_, posted, accepted := w.formStep(ctx, w.rng, &w.form, m)
	if posted {
		w.forms++
	}
	if accepted {
		w.accepted = append(w.accepted, m)
	}
}

// drive runs n workers against in from t0 until until; see driveUntil.
func (r *runner) drive(ctx context.Context, in *instance, t0 time.Time, n int, until time.Time, step func(*worker)) []*worker {
	return r.driveUntil(ctx, in, t0, n, func() time.Time { return until }, step)
}

// collect merges the workers' samples and checks their writes against
// the database.
func collect(ctx context.Context, in *instance, workers []*worker) ([]sample, []writeCheck, error) {
	var samples []sample
	var acked, accepted []string
	writes, forms := 0, 0
	for _, w := range workers {
		samples = append(samples, w.samples...)
		acked, accepted = append(acked, w.acked...), append(accepted, w.accepted...)
		writes, forms = writes+w.writes, forms+w.forms
	}
	var checks []writeCheck
	if writes > 0 {
		found, err := in.db.markers(ctx, "guide_article_revisions", "summary", in.prefix)
		if err != nil {
			return nil, nil, err
		}
		checks = append(checks, checkWrites("article texts (editor)", writes, acked, found))
	}
	if forms > 0 {
		found, err := in.db.markers(ctx, "inquiries", "message", in.prefix)
		if err != nil {
			return nil, nil, err
		}
		checks = append(checks, checkWrites("inquiries (contact form)", forms, accepted, found))
	}
	return samples, checks, nil
}

// finish stops the server and completes res with the server's log.
func (r *runner) finish(in *instance, res *result) {
	if err := in.srv.Stop(); err != nil {
		res.misses = append(res.misses, err.Error())
	}
	res.log = summarizeLog(in.srv.LogPath)
	if in.pg != nil {
		res.pgLog = summarizePGLog(in.pg.LogPath(), in.pgLog)
	}
	if r.opts.keep {
		res.logPath = in.srv.LogPath
	}
	in.close()
}

// mixed: clients send the review's reads and pages, fill in the contact
// form and write as the editor. Target: no failures but deliberate ones;
// nothing acknowledged lost.
func (r *runner) mixed(ctx context.Context, dialect string) (result, error) {
	in, err := r.launch(ctx, "mixed", dialect, false)
	if err != nil {
		return result{}, err
	}
	r.logf("mixed on %s: %d clients for %s", dialect, r.opts.clients, r.opts.duration)
	t0 := time.Now()
	workers := r.drive(ctx, in, t0, r.opts.clients, t0.Add(r.opts.duration), func(w *worker) {
		switch p := w.rng.IntN(100); {
		case p < 85:
			w.read(ctx, w.rng)
		case p < 90:
			w.fillForm(ctx)
		default:
			w.write(ctx, in.arts)
		}
	})
	elapsed := time.Since(t0)
	samples, checks, err := collect(ctx, in, workers)
	if err != nil {
		in.close()
		return result{}, err
	}
	res := result{
		title:   fmt.Sprintf("mixed · %s · %d clients · %s", dialect, r.opts.clients, r.opts.duration),
		samples: samples, writes: checks,
		facts: []string{
			"each client in a loop: 85 % reads (half the review's five GraphQL queries, half its nine site pages), " +
				"5 % contact form (fetch, send ≥ 3.2 s later), 10 % editor writes (article summary, German source or a translation)",
			fmt.Sprintf("%.0f requests/s over %s; start-up to ready %s", float64(len(samples))/elapsed.Seconds(), round(elapsed), round(in.ready)),
		},
	}
	res.misses = append(missFailures(samples), missLost(checks)...)
	r.finish(in, &res)
	return res, nil
}

// writersRun: writers store unique texts. Target: every write
// acknowledged, every acknowledged write found.
func (r *runner) writersRun(ctx context.Context, dialect string) (result, error) {
	in, err := r.launch(ctx, "writers", dialect, false)
	if err != nil {
		return result{}, err
	}
	r.logf("writers on %s: %d writers for %s", dialect, r.opts.writers, r.opts.duration)
	t0 := time.Now()
	workers := r.drive(ctx, in, t0, r.opts.writers, t0.Add(r.opts.duration), func(w *worker) { w.write(ctx, in.arts) })
	elapsed := time.Since(t0)
	samples, checks, err := collect(ctx, in, workers)
	if err != nil {
		in.close()
		return result{}, err
	}
	res := result{
		title:   fmt.Sprintf("writers · %s · %d writers · %s", dialect, r.opts.writers, r.opts.duration),
		samples: samples, writes: checks,
		facts: []string{
			"each writer in a loop: the summary of a random article, German source (minor edit) or a translation, a unique marker each",
			fmt.Sprintf("%.0f writes/s over %s", float64(len(samples))/elapsed.Seconds(), round(elapsed)),
		},
	}
	res.misses = append(missUnacknowledged(samples), missLost(checks)...)
	r.finish(in, &res)
	return res, nil
}

// readOrWrite is the step of the fault scenarios: every third worker
// writes, the others read.
func readOrWrite(ctx context.Context, arts []article) func(*worker) {
	return func(w *worker) {
		if w.id%3 == 2 {
			w.write(ctx, arts)
			return
		}
		w.read(ctx, w.rng)
	}
}

// pgOutage: readers and writers while the private PostgreSQL is stopped
// for a while and started again.
func (r *runner) pgOutage(ctx context.Context) (result, error) {
	in, err := r.launch(ctx, "pg-outage", "PostgreSQL", true)
	if err != nil {
		return result{}, err
	}
	n := r.opts.outageN
	r.logf("pg-outage: %d clients; PostgreSQL down for %s", n, r.opts.outage)
	t0 := time.Now()
	// The end of the run is known once PostgreSQL is back; until then the
	// workers run against a far deadline.
	var end atomic.Int64
	end.Store(t0.Add(time.Hour).UnixNano())
	var o outageTimes
	var stopTook time.Duration
	var pgErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if pgErr != nil {
				end.Store(time.Now().UnixNano())
			}
		}()
		time.Sleep(time.Until(t0.Add(r.opts.outageRun / 4)))
		o.stop = time.Since(t0)
		r.logf("pg-outage: stopping PostgreSQL (pg_ctl stop -m fast)")
		if pgErr = r.pg.Stop(ctx); pgErr != nil {
			return
		}
		stopTook = time.Since(t0) - o.stop
		time.Sleep(time.Until(t0.Add(o.stop + r.opts.outage)))
		r.logf("pg-outage: starting PostgreSQL again")
		if pgErr = r.pg.Start(ctx); pgErr != nil {
			return
		}
		at, err := loadkit.WaitAccepting(ctx, r.pg.URL("postgres"), 30*time.Second)
		if pgErr = err; err != nil {
			return
		}
		o.accept = at.Sub(t0)
		r.logf("pg-outage: PostgreSQL accepts connections again")
		end.Store(maxTime(t0.Add(r.opts.outageRun), at.Add(r.opts.recovery+3*time.Second)).UnixNano())
	}()
	workers := r.driveUntil(ctx, in, t0, n, func() time.Time { return time.Unix(0, end.Load()) }, readOrWrite(ctx, in.arts))
	<-done
	if pgErr != nil {
		in.close()
		return result{}, pgErr
	}
	endAt := time.Unix(0, end.Load())
	samples, checks, err := collect(ctx, in, workers)
	if err != nil {
		in.close()
		return result{}, err
	}
	recovery, misses := judgeOutage(samples, o, r.opts.recovery)
	res := result{
		title:   fmt.Sprintf("pg-outage · PostgreSQL (private) · %d clients (%d readers, %d writers) · down %s", n, n-n/3, n/3, r.opts.outage),
		samples: samples, writes: checks,
		phases: []phase{
			{"before", 0, o.stop}, {"database down", o.stop, o.accept},
			{"recovery window", o.accept, o.accept + r.opts.recovery}, {"after", o.accept + r.opts.recovery, endAt.Sub(t0) + time.Minute},
		},
		facts: []string{
			fmt.Sprintf("PostgreSQL stopped at %s (pg_ctl stop -m fast took %s), accepting connections again at %s: down %s",
				secs(o.stop), round(stopTook), secs(o.accept), round(o.accept-o.stop)),
			fmt.Sprintf("recovery: of the requests sent after PostgreSQL accepted connections again, the last one that did not succeed ended %s after that", round(recovery)),
		},
		misses: append(misses, missLost(checks)...),
	}
	r.finish(in, &res)
	return res, nil
}

// kill9: writers while relocate on SQLite is killed with SIGKILL half-way
// and started again on the same file.
func (r *runner) kill9(ctx context.Context) (result, error) {
	in, err := r.launch(ctx, "kill9", "SQLite", false)
	if err != nil {
		return result{}, err
	}
	n := r.opts.killN
	r.logf("kill9: %d writers for %s; kill -9 half-way", n, r.opts.killRun)
	t0 := time.Now()
	var killAt, readyAt, ready time.Duration
	var restartErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		time.Sleep(time.Until(t0.Add(r.opts.killRun / 2)))
		killAt = time.Since(t0)
		r.logf("kill9: kill -9")
		in.srv.Kill()
		ready, restartErr = in.srv.Start(ctx)
		readyAt = time.Since(t0)
		r.logf("kill9: restarted, ready after %s", round(ready))
	}()
	workers := r.drive(ctx, in, t0, n, t0.Add(r.opts.killRun), func(w *worker) { w.write(ctx, in.arts) })
	<-done
	if restartErr != nil {
		in.close()
		return result{}, fmt.Errorf("restart after kill -9: %w", restartErr)
	}
	integrity, err := in.db.integrity(ctx)
	if err != nil {
		integrity = err.Error()
	}
	samples, checks, err := collect(ctx, in, workers)
	if err != nil {
		in.close()
		return result{}, err
	}
	acksAfter, failedOutside := 0, 0
	for _, s := range samples {
		if s.start >= readyAt && s.outcome == outOK {
			acksAfter++
		}
		if s.outcome != outOK && (s.end < killAt || s.start >= readyAt) {
			failedOutside++
		}
	}
	res := result{
		title:   fmt.Sprintf("kill9 · SQLite · %d writers · %s", n, r.opts.killRun),
		samples: samples, writes: checks,
		phases: []phase{{"before", 0, killAt}, {"killed, restarting", killAt, readyAt}, {"after", readyAt, r.opts.killRun + time.Minute}},
		facts: []string{
			fmt.Sprintf("kill -9 at %s; restarted on the same file, ready after %s", secs(killAt), round(ready)),
			"PRAGMA integrity_check after the run: " + integrity,
			fmt.Sprintf("writes that failed outside the crash window: %s (judged by the writers scenario)", thousands(failedOutside)),
		},
	}
	res.misses = append(judgeCrash(integrity, ready, r.opts.ready, acksAfter), missLost(checks)...)
	r.finish(in, &res)
	return res, nil
}

// driveUntil runs n workers against in from t0 until end(), which may
// move while they run; each repeats step, pausing briefly after an answer
// that was not a success. Requests under way at the end are finished, not
// cancelled, so that acknowledgements are exact.
func (r *runner) driveUntil(ctx context.Context, in *instance, t0 time.Time, n int, end func() time.Time, step func(*worker)) []*worker {
	tr := newTransport(n)
	defer tr.CloseIdleConnections()
	workers := make([]*worker, n)
	var wg sync.WaitGroup
	seed := rand.Uint64()
	for i := range workers {
		w := &worker{
			client: &client{base: in.srv.Base(), http: newHTTPClient(tr, r.opts.timeout), token: in.token, t0: t0},
			id:     i, rng: rand.New(rand.NewPCG(seed, uint64(i))), prefix: in.prefix,
		}
		workers[i] = w
		wg.Go(func() {
			for time.Now().Before(end()) && ctx.Err() == nil {
				step(w)
				if last := w.samples[len(w.samples)-1]; last.outcome != outOK && last.outcome != outRedirect {
					time.Sleep(backoff)
				}
			}
		})
	}
	wg.Wait()
	return workers
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
