// Command relocate-load drives the real relocate binary with heavy and
// hostile traffic and judges what it answers against the targets of
// issue 8: no 5xx except deliberate 503s with Retry-After, no write lost,
// clean recovery from a database outage and from kill -9.
//
// It builds relocate (or takes -bin), starts it on a free port with a
// database of its own (a SQLite file in a temporary folder, or a fresh
// PostgreSQL database: on a private server it starts with initdb, or on
// -pg-url), creates an editor with "relocate user add", signs in, and runs
// the scenarios named on the command line:
//
//	mixed      clients send the review's GraphQL reads and site pages, fill
//	           in the contact form and write article texts as the editor
//	writers    writers store unique texts; every acknowledged one must be found
//	pg-outage  readers and writers while a private PostgreSQL is stopped
//	kill9      writers while relocate on SQLite is killed and restarted
//
// Usage:
//
//	go run ./cmd/relocate-load [flags] mixed writers pg-outage kill9
//	go run ./cmd/relocate-load -short -db sqlite,postgres mixed writers pg-outage kill9   # as CI
//
// It prints a Markdown table per run and exits 1 when a target is missed,
// 2 when the tool could not run.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"
)

// options are the command line.
type options struct {
	bin       string
	dbs       []string
	pgURL     string
	pgBin     string
	force     bool
	clients   int
	writers   int
	duration  time.Duration
	outage    time.Duration
	outageRun time.Duration
	outageN   int
	killN     int
	killRun   time.Duration
	timeout   time.Duration
	recovery  time.Duration
	ready     time.Duration
	formLimit int
	env       []string
	keep      bool
}

// shortForm is what -short sets, for CI: the same scenarios, small.
var shortForm = map[string]string{
	"clients": "40", "writers": "100", "duration": "5s", "outage": "3s", "outage-duration": "12s",
	"outage-clients": "15", "kill-writers": "20", "kill-duration": "6s",
}

var scenarios = []string{"mixed", "writers", "pg-outage", "kill9"}

// sharedLimit is how many concurrent clients the tool sends to a
// PostgreSQL server it did not start (-pg-url) unless -force: today's
// server can take a dozen connections per request, and a shared server
// must not be exhausted.
const sharedLimit = 60

func parseFlags(args []string, stderr io.Writer) (options, []string, error) {
	var o options
	fs := flag.NewFlagSet("relocate-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: relocate-load [flags] scenario... (mixed, writers, pg-outage, kill9, all)")
		fs.PrintDefaults()
	}
	fs.StringVar(&o.bin, "bin", "", "the relocate binary (default: go build relocate/cmd/relocate)")
	dbs := fs.String("db", "sqlite", "databases for mixed and writers: sqlite, postgres or sqlite,postgres (pg-outage is always PostgreSQL, kill9 SQLite)")
	fs.StringVar(&o.pgURL, "pg-url", "", "a PostgreSQL server to create the test databases on (default: a private server started with initdb)")
	fs.StringVar(&o.pgBin, "pg-bin", "", "folder with initdb and pg_ctl (default: the newest /usr/lib/postgresql/*/bin)")
	fs.BoolVar(&o.force, "force", false, fmt.Sprintf("allow more than %d clients on a -pg-url server", sharedLimit))
	fs.IntVar(&o.clients, "clients", 200, "mixed: concurrent clients")
	fs.IntVar(&o.writers, "writers", 100, "writers: concurrent writers")
	fs.DurationVar(&o.duration, "duration", 30*time.Second, "mixed and writers: how long to send")
	fs.DurationVar(&o.outage, "outage", 5*time.Second, "pg-outage: how long PostgreSQL is down")
	fs.DurationVar(&o.outageRun, "outage-duration", 20*time.Second, "pg-outage: how long to send (at least until 5 s after recovery)")
	fs.IntVar(&o.outageN, "outage-clients", 30, "pg-outage: concurrent clients, two readers for each writer")
	fs.IntVar(&o.killN, "kill-writers", 50, "kill9: concurrent writers")
	fs.DurationVar(&o.killRun, "kill-duration", 10*time.Second, "kill9: how long to send; the kill comes half-way")
	fs.DurationVar(&o.timeout, "timeout", 35*time.Second, "client timeout per request")
	fs.DurationVar(&o.recovery, "recovery", 2*time.Second, "pg-outage target: answers are successes again within this after PostgreSQL accepts connections")
	fs.DurationVar(&o.ready, "ready-within", 5*time.Second, "kill9 target: the restarted server is ready within this")
	fs.IntVar(&o.formLimit, "form-limit", 1000, "RELOCATE_FORM_LIMIT for the server (its maximum), so that forms reach the database; 0 keeps the server's limit (its 429s count as deliberate)")
	fs.Func("env", "KEY=VALUE for the server's environment (repeatable), e.g. -env RELOCATE_DB_MAX_CONNS=20", func(v string) error {
		if !strings.Contains(v, "=") {
			return errors.New("want KEY=VALUE")
		}
		o.env = append(o.env, v)
		return nil
	})
	fs.BoolVar(&o.keep, "keep", false, "keep the temporary folder (databases, server logs)")
	short := fs.Bool("short", false, "the short form for CI: "+shortText())
	if err := fs.Parse(args); err != nil {
		return o, nil, err
	}
	if *short {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		for name, v := range shortForm {
			if !set[name] {
				_ = fs.Set(name, v)
			}
		}
	}
	for _, d := range strings.Split(*dbs, ",") {
		switch d = strings.TrimSpace(d); d {
		case "sqlite", "postgres":
			o.dbs = append(o.dbs, d)
		default:
			return o, nil, fmt.Errorf("-db %q: want sqlite, postgres or both", d)
		}
	}
	var names []string
	add := func(n string) {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	for _, a := range fs.Args() {
		switch {
		case a == "all":
			for _, n := range scenarios {
				add(n)
			}
		case slices.Contains(scenarios, a):
			add(a)
		default:
			return o, nil, fmt.Errorf("unknown scenario %q (want %s or all)", a, strings.Join(scenarios, ", "))
		}
	}
	if len(names) == 0 {
		fs.Usage()
		return o, nil, errors.New("name at least one scenario")
	}
	if o.pgURL != "" && slices.Contains(o.dbs, "postgres") && !o.force &&
		(slices.Contains(names, "mixed") && o.clients > sharedLimit || slices.Contains(names, "writers") && o.writers > sharedLimit) {
		return o, nil, fmt.Errorf("more than %d clients on the server of -pg-url could exhaust its connections: use the private server (leave -pg-url out) or -force", sharedLimit)
	}
	return o, names, nil
}

func shortText() string {
	keys := make([]string, 0, len(shortForm))
	for k := range shortForm {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, "-"+k+" "+shortForm[k])
	}
	return strings.Join(parts, " ")
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run runs the scenarios and returns the exit status: 0 all targets met,
// 1 a target missed, 2 the tool could not run.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	opts, names, err := parseFlags(args, stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "relocate-load:", err)
		}
		return 2
	}
	r, err := newRunner(ctx, opts, stdout, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "relocate-load:", err)
		return 2
	}
	defer r.close()
	type verdict struct {
		title  string
		misses int
		err    error
	}
	var verdicts []verdict
	for _, name := range names {
		for _, dialect := range r.dialects(name) {
			res, err := r.scenario(ctx, name, dialect)
			if err != nil {
				fmt.Fprintf(stderr, "relocate-load: %s on %s: %v\n", name, dialect, err)
				verdicts = append(verdicts, verdict{title: name + " · " + dialect, err: err})
				if ctx.Err() != nil {
					return 2
				}
				continue
			}
			res.write(stdout)
			verdicts = append(verdicts, verdict{title: res.title, misses: len(res.misses)})
		}
	}
	fmt.Fprintln(stdout, "\n### Verdict")
	code := 0
	for _, v := range verdicts {
		switch {
		case v.err != nil:
			fmt.Fprintf(stdout, "- ERROR %s: %v\n", v.title, v.err)
			code = 2
		case v.misses > 0:
			fmt.Fprintf(stdout, "- FAIL  %s: %d target(s) missed\n", v.title, v.misses)
			code = max(code, 1)
		default:
			fmt.Fprintf(stdout, "- PASS  %s\n", v.title)
		}
	}
	return code
}
