// Package testenv runs relocate's database tests against every supported
// database: SQLite always, PostgreSQL when a server answers (and always in
// CI, where RELOCATE_TEST_POSTGRES=require turns a missing server into a
// failure instead of a skip). Each test gets the same wiring as production
// (internal/app) on a database of its own: a copy of the database a first
// start leaves, made once per test binary (a PostgreSQL template, a copied
// SQLite file), so that a test does not wait for the migrations and the
// demo content every time.
package testenv

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"relocate/ent"
	"relocate/ent/session"
	"relocate/internal/app"
	"relocate/internal/auth"
	"relocate/internal/config"
	"relocate/internal/lang"
	"relocate/internal/site"
	"relocate/internal/viewer"
)

// DB is one database kind a test runs against.
type DB struct {
	Name string // "sqlite" or "postgres"
}

// DBs are the database kinds of every database test.
var DBs = []DB{{Name: "sqlite"}, {Name: "postgres"}}

// ForEachDB runs fn as a subtest on each database kind.
func ForEachDB(t *testing.T, fn func(t *testing.T, db DB)) {
	t.Helper()
	for _, db := range DBs {
		t.Run(db.Name, func(t *testing.T) {
			fn(t, db)
		})
	}
}

// URL returns the URL of a new, empty database of kind db that is removed
// when the test ends.
func (db DB) URL(t testing.TB) string {
	t.Helper()
	if db.Name == "sqlite" {
		return "file:" + filepath.Join(t.TempDir(), "relocate.db")
	}
	u, drop := newPostgresDB(t, "")
	t.Cleanup(drop)
	return u
}

// Option changes how NewApp wires the app.
type Option func(*setup)

// setup is what NewApp passes to app.New: the configuration of a fresh
// checkout on the test's database, a logger and the app's test hooks.
type setup struct {
	cfg  config.Config
	log  *slog.Logger
	opts []app.Option
}

// WithConfig changes the configuration the app is started with.
func WithConfig(change func(*config.Config)) Option {
	return func(s *setup) { change(&s.cfg) }
}

// WithEntOptions passes options to the ent client, e.g. statement logging.
func WithEntOptions(opts ...ent.Option) Option {
	return func(s *setup) { s.opts = append(s.opts, app.WithEntOptions(opts...)) }
}

// NewApp returns relocate wired on a new database of kind db with the demo
// content loaded: a copy of the database a first start leaves, made once
// per test binary (copying it takes a fraction of migrating and loading
// anew). With a database URL or without SeedIfEmpty in its options, the
// app starts as on a first start on that database, or on an empty one.
func NewApp(t testing.TB, db DB, opts ...Option) *app.App {
	t.Helper()
	s := setup{cfg: config.Default(), log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	s.cfg.Database.URL = ""
	for _, opt := range opts {
		opt(&s)
	}
	switch {
	case s.cfg.Database.URL != "":
	case s.cfg.Database.SeedIfEmpty:
		s.cfg.Database.URL = db.started(t)
	default:
		s.cfg.Database.URL = db.URL(t)
	}
	a, err := app.New(context.Background(), s.cfg, s.log, s.opts...)
	if err != nil {
		t.Fatalf("testenv: start app on %s: %v", db.Name, err)
	}
	t.Cleanup(func() { _ = a.Close() })
	return a
}

// firstStarts are the databases a first start leaves (schema and demo
// content), one per kind, made once per test binary; NewApp copies them.
var firstStarts struct {
	sync.Mutex
	sqlitePath string // the SQLite file
	pgName     string // the PostgreSQL database, used as a template
}

// started returns the URL of a new database of kind db, removed when the
// test ends, that holds what a first start leaves.
func (db DB) started(t testing.TB) string {
	t.Helper()
	firstStarts.Lock()
	defer firstStarts.Unlock()
	cfg := config.Default()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	if db.Name == "sqlite" {
		if firstStarts.sqlitePath == "" {
			dir, err := os.MkdirTemp("", "relocate-first-start-")
			if err != nil {
				t.Fatal(err)
			}
			shared.Lock()
			shared.cleanup = append(shared.cleanup, func() { _ = os.RemoveAll(dir) })
			shared.Unlock()
			path := filepath.Join(dir, "relocate.db")
			cfg.Database.URL = "file:" + path
			a, err := app.New(context.Background(), cfg, quiet)
			if err != nil {
				t.Fatalf("testenv: first start on sqlite: %v", err)
			}
			_ = a.Close() // the last connection's close folds the WAL into the file
			firstStarts.sqlitePath = path
		}
		path := filepath.Join(t.TempDir(), "relocate.db")
		b, err := os.ReadFile(firstStarts.sqlitePath)
		if err == nil {
			err = os.WriteFile(path, b, 0o600)
		}
		if err != nil {
			t.Fatalf("testenv: copy the first start's database: %v", err)
		}
		return "file:" + path
	}
	if firstStarts.pgName == "" {
		u, drop := newPostgresDB(t, "")
		shared.Lock()
		shared.cleanup = append(shared.cleanup, drop)
		shared.Unlock()
		cfg.Database.URL = u
		a, err := app.New(context.Background(), cfg, quiet)
		if err != nil {
			t.Fatalf("testenv: first start on postgres: %v", err)
		}
		_ = a.Close()
		parsed, _ := url.Parse(u)
		firstStarts.pgName = parsed.Path[1:]
	}
	u, drop := newPostgresDB(t, firstStarts.pgName)
	t.Cleanup(drop)
	return u
}

var shared struct {
	sync.Mutex
	apps    map[string]*app.App
	cleanup []func()
}

// Shared returns an app on db with the demo content that all tests of the
// package share. Tests must not change its content; use NewApp for that.
// The package's TestMain must call Main.
func Shared(t testing.TB, db DB) *app.App {
	t.Helper()
	shared.Lock()
	defer shared.Unlock()
	if a, ok := shared.apps[db.Name]; ok {
		return a
	}
	dbURL := ""
	if db.Name == "sqlite" {
		dir, err := os.MkdirTemp("", "relocate-test-")
		if err != nil {
			t.Fatal(err)
		}
		shared.cleanup = append(shared.cleanup, func() { _ = os.RemoveAll(dir) })
		dbURL = "file:" + filepath.Join(dir, "relocate.db")
	} else {
		u, drop := newPostgresDB(t, "")
		shared.cleanup = append(shared.cleanup, drop)
		dbURL = u
	}
	cfg := config.Default()
	cfg.Database.URL = dbURL
	a, err := app.New(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatalf("testenv: start shared app on %s: %v", db.Name, err)
	}
	shared.cleanup = append([]func(){func() { _ = a.Close() }}, shared.cleanup...)
	if shared.apps == nil {
		shared.apps = map[string]*app.App{}
	}
	shared.apps[db.Name] = a
	return a
}

// Main runs the tests of a package and then removes the shared databases.
func Main(m *testing.M) int {
	code := m.Run()
	shared.Lock()
	defer shared.Unlock()
	for _, f := range shared.cleanup {
		f()
	}
	return code
}

// adminURLs are tried in order to reach a PostgreSQL server.
func adminURLs() []string {
	if u := os.Getenv("RELOCATE_TEST_POSTGRES_URL"); u != "" {
		return []string{u}
	}
	return []string{
		"postgres://postgres@127.0.0.1:5432/test?sslmode=disable",
		"postgres://root@127.0.0.1:5432/test?sslmode=disable",
	}
}

var admin struct {
	once sync.Once
	db   *sql.DB
	url  *url.URL
	err  error
}

// newPostgresDB creates a database of its own for a test, a copy of
// template when one is named, and returns its URL and a function that
// drops it.
func newPostgresDB(t testing.TB, template string) (string, func()) {
	t.Helper()
	admin.once.Do(func() {
		for _, u := range adminURLs() {
			db, err := sql.Open("pgx", u)
			if err != nil {
				admin.err = err
				continue
			}
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			err = db.PingContext(ctx)
			cancel()
			if err != nil {
				admin.err = err
				_ = db.Close()
				continue
			}
			admin.db, admin.err = db, nil
			admin.url, _ = url.Parse(u)
			return
		}
	})
	if admin.db == nil {
		if os.Getenv("RELOCATE_TEST_POSTGRES") == "require" {
			t.Fatalf("testenv: PostgreSQL is required but not reachable: %v", admin.err)
		}
		t.Skipf("testenv: PostgreSQL not reachable (%v); set RELOCATE_TEST_POSTGRES_URL", admin.err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "relocate_test_" + hex.EncodeToString(b)
	create := "CREATE DATABASE " + name
	if template != "" {
		create += " TEMPLATE " + template
	}
	if _, err := admin.db.Exec(create); err != nil {
		t.Fatalf("testenv: create database: %v", err)
	}
	u := *admin.url
	u.Path = "/" + name
	return u.String(), func() {
		if _, err := admin.db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			fmt.Fprintf(os.Stderr, "testenv: drop database %s: %v\n", name, err)
		}
	}
}

// WithClock makes the app tell time by now (form fill times, opening hours).
func WithClock(now func() time.Time) Option {
	return func(s *setup) { s.opts = append(s.opts, app.WithClock(now)) }
}

// WithFormLimits sets the site's spam limits.
func WithFormLimits(l site.FormLimits) Option {
	return func(s *setup) { s.cfg.Site.Forms = l }
}

// SignIn creates an account with roles (and, for translators, languages)
// on a and returns a bearer token of a new session for it.
func SignIn(t testing.TB, a *app.App, email string, roles []viewer.Role, langs ...lang.Code) string {
	t.Helper()
	ctx := viewer.SystemContext(context.Background())
	const password = "a password for tests"
	if _, err := a.Auth.UserByEmail(ctx, email); err != nil {
		if _, err := a.Auth.CreateUser(ctx, auth.NewUser{Email: email, DisplayName: email, Password: password, Roles: roles, TranslationLanguages: langs}); err != nil {
			t.Fatalf("testenv: create %s: %v", email, err)
		}
	}
	s, err := a.Auth.Login(context.Background(), email, password, "192.0.2.200", session.KindBEARER)
	if err != nil {
		t.Fatalf("testenv: sign in %s: %v", email, err)
	}
	return s.Token
}

// WithLogger makes the app log to l (tests read what it logged).
func WithLogger(l *slog.Logger) Option {
	return func(s *setup) { s.log = l }
}
