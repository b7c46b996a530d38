// Package store opens the database behind relocate: an embedded SQLite file
// by default, PostgreSQL when the URL says so. It brings the schema up to
// date (versioned migrations on PostgreSQL, automatic migration on SQLite),
// bounds the connection pool, and hands out the ent client and the raw
// pool. It is also the one place that knows which driver errors mean "the
// database is unavailable for a moment" (Unavailable).
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"relocate/ent"
	_ "relocate/ent/runtime" // schema hooks and interceptors
	"relocate/internal/casesearch"
)

// Store is an open database.
type Store struct {
	Client  *ent.Client
	DB      *sql.DB
	Dialect string // dialect.SQLite or dialect.Postgres
	// Migrated says what Open's migration did (MigrateAuto).
	Migrated MigrationReport
	log      *slog.Logger
}

// Pool bounds the connections to the database; config.Default has the
// values.
type Pool struct {
	// MaxConns is the most connections open at once
	// (RELOCATE_DB_MAX_CONNS); several instances share the server's
	// max_connections (100 by default), and operators need some too.
	MaxConns int
	// MaxIdleConns are kept open when idle (RELOCATE_DB_MAX_IDLE_CONNS).
	MaxIdleConns int
	// ConnMaxLifetime closes connections older than this
	// (RELOCATE_DB_CONN_LIFETIME), so a fail-over or a changed setting
	// reaches every connection.
	ConnMaxLifetime time.Duration
	// ConnMaxIdleTime closes connections idle for longer
	// (RELOCATE_DB_CONN_IDLE_TIME).
	ConnMaxIdleTime time.Duration
	// Wait is how long a statement waits for a free connection before
	// the request is answered 503 with Retry-After (RELOCATE_DB_POOL_WAIT).
	Wait time.Duration
	// PerRequest is the most connections one request holds at a time
	// (RELOCATE_DB_CONNS_PER_REQUEST); at least 2, so that a mutation's
	// transaction and a read beside it can both go on.
	PerRequest int
}

// check refuses a pool that is not fully configured (config.Default has
// the values).
func (p Pool) check() error {
	if p.MaxConns < 2 || p.MaxIdleConns < 1 || p.ConnMaxLifetime <= 0 || p.ConnMaxIdleTime <= 0 || p.Wait <= 0 || p.PerRequest < 2 {
		return fmt.Errorf("store: the connection pool is not configured: %+v", p)
	}
	return nil
}

// Options configure Open.
type Options struct {
	// Pool bounds the connections (config.Default has the values).
	Pool Pool
	// Migrate says whether Open brings the schema up to date; "" is
	// MigrateAuto.
	Migrate MigrateMode
	// EntOptions are passed to the ent client (tests count statements).
	EntOptions []ent.Option
	// Logger tells what migrations did; nil: nothing is logged.
	Logger *slog.Logger
}

// Open connects to the database at rawURL ("file:…" or a path for SQLite,
// "postgres://…" for PostgreSQL) and, unless o.Migrate is MigrateOff,
// brings its schema up to date (see Migrate).
func Open(ctx context.Context, rawURL string, o Options) (*Store, error) {
	driver, dsn, d, err := parseURL(rawURL)
	if err != nil {
		return nil, err
	}
	if dir := sqliteDir(d, dsn); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("store: create directory %s: %w", dir, err)
		}
	}
	db, err := openObserved(driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", d, err)
	}
	if err := o.Pool.check(); err != nil {
		return nil, err
	}
	pool := o.Pool
	pool.PerRequest = min(pool.PerRequest, pool.MaxConns)
	db.SetMaxOpenConns(pool.MaxConns)
	db.SetMaxIdleConns(pool.MaxIdleConns)
	db.SetConnMaxLifetime(pool.ConnMaxLifetime)
	db.SetConnMaxIdleTime(pool.ConnMaxIdleTime)
	if err := connect(ctx, db, d); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("store: connect to %s: %w", d, err)
	}
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	drv := newPooledDriver(db, d, pool)
	client := ent.NewClient(append([]ent.Option{ent.Driver(drv)}, o.EntOptions...)...)
	casesearch.Register(client)
	s := &Store{Client: client, DB: db, Dialect: d, log: log}
	switch o.Migrate {
	case MigrateAuto, "":
		if s.Migrated, err = s.Migrate(ctx); err != nil {
			_ = client.Close()
			return nil, err
		}
	case MigrateOff:
		if err := s.checkMigrated(ctx); err != nil {
			_ = client.Close()
			return nil, err
		}
	default:
		_ = client.Close()
		return nil, fmt.Errorf("store: unknown migration mode %q", o.Migrate)
	}
	return s, nil
}

// Close closes the connection pool.
func (s *Store) Close() error { return s.Client.Close() }

// connect opens the first connection. A new SQLite file is switched to WAL
// by its first connection, which needs the file to itself: when another
// process (a second instance, the command line) opens it at the same
// moment, SQLite answers SQLITE_BUSY at once, whatever the busy timeout, so
// the first connection is tried again for a few seconds.
func connect(ctx context.Context, db *sql.DB, d string) error {
	for wait := 10 * time.Millisecond; ; wait *= 2 {
		err := db.PingContext(ctx)
		if err == nil || d != dialect.SQLite || !Unavailable(err) || wait > 2*time.Second {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
	}
}

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.DB.PingContext(ctx) }

// parseURL maps a configured database URL to a driver name, a DSN and the
// ent dialect.
func parseURL(raw string) (driver, dsn, d string, err error) {
	if raw == "" {
		return "", "", "", errors.New("store: no database URL")
	}
	switch {
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		return "pgx", raw, dialect.Postgres, nil
	case strings.HasPrefix(raw, "file:"), !strings.Contains(raw, "://"):
		dsn, err := sqliteDSN(raw)
		return "sqlite", dsn, dialect.SQLite, err
	}
	return "", "", "", errors.New("store: database URL must start with file: or postgres://")
}

// sqliteDir is the directory a SQLite database file goes in; "" for
// PostgreSQL and in-memory databases.
func sqliteDir(d, dsn string) string {
	if d != dialect.SQLite {
		return ""
	}
	path, query, _ := strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
	if values, _ := url.ParseQuery(query); values.Get("mode") == "memory" {
		return ""
	}
	return filepath.Dir(path)
}

// sqliteDSN adds the pragmas relocate relies on to a SQLite URL.
func sqliteDSN(raw string) (string, error) {
	path, query, _ := strings.Cut(strings.TrimPrefix(raw, "file:"), "?")
	if path == "" {
		return "", errors.New("store: SQLite URL names no file")
	}
	values, err := url.ParseQuery(query)
	if err != nil {
		return "", fmt.Errorf("store: SQLite URL: %w", err)
	}
	for _, p := range []string{"foreign_keys(1)", "busy_timeout(5000)", "journal_mode(WAL)", "synchronous(NORMAL)"} {
		values.Add("_pragma", p)
	}
	// Transactions take the write lock when they begin: a deferred BEGIN
	// that later needs it fails at once with SQLITE_BUSY, whatever the
	// busy timeout.
	if values.Get("_txlock") == "" {
		values.Set("_txlock", "immediate")
	}
	// Times are stored as sortable text in UTC ("2006-01-02
	// 15:04:05.999999999+00:00"), not as Go's time.String() with the zone
	// of whoever wrote them, which does not sort across zones and
	// daylight-saving changes.
	if values.Get("_time_format") == "" {
		values.Set("_time_format", "sqlite")
	}
	if values.Get("_timezone") == "" {
		values.Set("_timezone", "UTC")
	}
	return "file:" + path + "?" + values.Encode(), nil
}
