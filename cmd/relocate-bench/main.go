// Command relocate-bench measures what one public request of the guide
// costs, and how that cost grows with the amount of content: the table of
// issue 11, re-measured the same way before and after a change.
//
// For each database (-db) and content scale (-scale) it prepares a
// database with the demo guide n times over (see prepare), starts the real
// relocate binary on it, and sends each request kind of the issue from
// -conns connections for -duration, each run between two runs against a
// plain net/http handler that answers a fixed 2 KB JSON (the limit of this
// machine), so that machine noise cancels out. It prints a Markdown table
// per database and scale (req/s, % of the limit, p50/p99, server CPU per
// request), the side-by-side table with the cost ratios
// cost(×N)/cost(×1), and the server's memory.
//
// Usage:
//
//	go run ./cmd/relocate-bench [flags]                    # measure
//	go run ./cmd/relocate-bench -db sqlite,postgres -scale 1,20,100 -duration 5s -out bench.md
//	go run ./cmd/relocate-bench prepare -scale 100 -db file:guide-x100.db   # only fill a database
//
// With -peer, PostGraphile (the peer of issue 11) serves each PostgreSQL
// database too, and its equivalent of topics10 is measured the same way.
//
// PostgreSQL runs on a private server the tool starts (initdb), whose CPU
// is counted with relocate's; -pg-url uses another server instead (its CPU
// is not counted).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// options are the command line of a measurement.
type options struct {
	dbs      []string
	scales   []int
	kinds    []kind
	duration time.Duration
	warmup   time.Duration
	conns    int
	rounds   int
	timeout  time.Duration
	settle   time.Duration
	out      string
	bin      string
	pgURL    string
	pgBin    string
	dir      string
	keep     bool
	env      []string
	// pace, when above 0, sends each kind at this share of the limit
	// measured just before it, instead of as fast as the answers come.
	pace float64
	// peer is the postgraphile executable; when set, each PostgreSQL
	// database is also served by it and its equivalent of topics10 is
	// measured in the same run.
	peer string
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	o := options{}
	fs := flag.NewFlagSet("relocate-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: relocate-bench [flags]\n       relocate-bench prepare -scale N -db URL")
		fs.PrintDefaults()
	}
	dbs := fs.String("db", "sqlite", "databases: sqlite, postgres or sqlite,postgres")
	scales := fs.String("scale", "1", "content scales, e.g. 1,20,100 (the demo guide n times over)")
	kindList := fs.String("kinds", "", "request kinds to measure (default all): "+kindIDs())
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "measured time per kind and run")
	fs.DurationVar(&o.warmup, "warmup", time.Second, "warm-up before each measured run (sent, not counted)")
	fs.IntVar(&o.conns, "conns", 32, "concurrent connections")
	fs.Float64Var(&o.pace, "pace", 0, "send each kind at this share of the limit measured just before it (e.g. 0.2), latency counted from when each request was due, instead of as fast as the answers come")
	fs.StringVar(&o.peer, "peer", "", "the postgraphile executable (npm install postgraphile@4): on each PostgreSQL database, also measure PostGraphile's equivalent of topics10, in the same run")
	fs.IntVar(&o.rounds, "rounds", 1, "rounds over all kinds; a kind's runs are added up")
	fs.DurationVar(&o.timeout, "timeout", 10*time.Second, "client timeout per request (a request without an answer counts as an error)")
	fs.DurationVar(&o.settle, "settle", 30*time.Second, "after each run, wait at most this long for the server to become idle")
	fs.StringVar(&o.out, "out", "", "also write the report to this file")
	fs.StringVar(&o.bin, "bin", "", "the relocate binary (default: go build relocate/cmd/relocate)")
	fs.StringVar(&o.pgURL, "pg-url", "", "a PostgreSQL server for the databases (default: a private server started with initdb)")
	fs.StringVar(&o.pgBin, "pg-bin", "", "folder with initdb and pg_ctl (default: the newest /usr/lib/postgresql/*/bin)")
	fs.StringVar(&o.dir, "dir", "", "folder for the SQLite databases and the logs (default: a temporary folder, removed)")
	fs.BoolVar(&o.keep, "keep", false, "keep the databases for the next run: SQLite files in -dir, PostgreSQL databases relocate_bench_x<N> on -pg-url")
	fs.Func("env", "KEY=VALUE for relocate's environment (repeatable), e.g. -env RELOCATE_LOG_LEVEL=warn", func(v string) error {
		if !strings.Contains(v, "=") {
			return errors.New("want KEY=VALUE")
		}
		o.env = append(o.env, v)
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	var err error
	if o.dbs, err = parseDBs(*dbs); err != nil {
		return o, err
	}
	if o.scales, err = parseScales(*scales); err != nil {
		return o, err
	}
	if o.kinds, err = selectKinds(*kindList); err != nil {
		return o, err
	}
	if o.pace < 0 || o.pace > 1 {
		return o, errors.New("-pace is a share of the limit, from 0 to 1")
	}
	if o.conns < 1 || o.rounds < 1 || o.duration <= 0 {
		return o, errors.New("-conns, -rounds and -duration must be positive")
	}
	if o.keep && o.dir == "" && slices.Contains(o.dbs, "sqlite") {
		return o, errors.New("-keep needs -dir for the SQLite databases")
	}
	if o.keep && o.pgURL == "" && slices.Contains(o.dbs, "postgres") {
		return o, errors.New("-keep needs -pg-url for the PostgreSQL databases (the private server is removed)")
	}
	return o, nil
}

func parseDBs(s string) ([]string, error) {
	var out []string
	for _, d := range strings.Split(s, ",") {
		switch d = strings.TrimSpace(d); d {
		case "sqlite", "postgres":
			if !slices.Contains(out, d) {
				out = append(out, d)
			}
		default:
			return nil, fmt.Errorf("-db %q: want sqlite, postgres or both", d)
		}
	}
	return out, nil
}

// parseScales reads "1,20,100", sorted, smallest first (the base of the
// cost ratios).
func parseScales(s string) ([]int, error) {
	var out []int
	for _, part := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || n < 1 || n > 1000 {
			return nil, fmt.Errorf("-scale %q: want whole numbers from 1 to 1000, e.g. 1,20,100", s)
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out, nil
}

func kindIDs() string {
	var ids []string
	for _, k := range kinds {
		ids = append(ids, k.id)
	}
	return strings.Join(ids, ",")
}

func selectKinds(s string) ([]kind, error) {
	if s == "" {
		return kinds, nil
	}
	var out []kind
	for _, id := range strings.Split(s, ",") {
		i := slices.IndexFunc(kinds, func(k kind) bool { return k.id == strings.TrimSpace(id) })
		if i < 0 {
			return nil, fmt.Errorf("-kinds: unknown kind %q (want %s)", id, kindIDs())
		}
		out = append(out, kinds[i])
	}
	// A 304 needs the page's ETag: measure the page too.
	for _, k := range out {
		if k.etagOf != "" && !slices.ContainsFunc(out, func(o kind) bool { return o.id == k.etagOf }) {
			i := slices.IndexFunc(kinds, func(o kind) bool { return o.id == k.etagOf })
			out = append([]kind{kinds[i]}, out...)
		}
	}
	return out, nil
}

func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

func main() {
	ctx, stop := signalContext()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run runs the command line and returns the exit status: 0 done, 2 the
// tool could not run.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		var err error
		switch args[0] {
		case "prepare":
			err = prepareMain(ctx, args[1:], stdout, stderr)
		case "limit":
			err = limitMain(args[1:])
		case "run":
			return run(ctx, args[1:], stdout, stderr)
		default:
			err = fmt.Errorf("unknown command %q (want prepare, or flags to measure)", args[0])
		}
		if err != nil {
			if !errors.Is(err, flag.ErrHelp) {
				fmt.Fprintln(stderr, "relocate-bench:", err)
			}
			return 2
		}
		return 0
	}
	opts, err := parseFlags(args, stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "relocate-bench:", err)
		}
		return 2
	}
	if err := measure(ctx, opts, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "relocate-bench:", err)
		return 2
	}
	return 0
}

// prepareMain is "relocate-bench prepare -scale N -db URL".
func prepareMain(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("relocate-bench prepare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("scale", 1, "the demo guide n times over")
	dbURL := fs.String("db", "", "the database: file:<path> (SQLite) or postgres://… (it must exist)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dbURL == "" || *n < 1 {
		fs.Usage()
		return errors.New("prepare needs -db and a -scale of at least 1")
	}
	p, err := prepare(ctx, *dbURL, *n, slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		return err
	}
	verb := "loaded"
	if !p.loaded {
		verb = "already there"
	}
	fmt.Fprintf(stdout, "content ×%d %s: %d published articles, %d published texts (%s)\n", p.scale, verb, p.articles, p.texts,
		p.took.Round(time.Millisecond))
	return nil
}

// commit names the code measured: the module's git commit, with
// "-dirty" when the work tree has changes.
func commit(ctx context.Context) string {
	out, err := exec.CommandContext(ctx, "git", "describe", "--always", "--dirty").Output()
	if err != nil {
		return "unknown commit"
	}
	return strings.TrimSpace(string(out))
}
