// Package store opens the database behind relocate: an embedded SQLite file
// by default, PostgreSQL when the URL says so. It creates the schema on an
// empty database and hands out the ent client and the raw connection pool.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"relocate/ent"
	_ "relocate/ent/runtime" // schema hooks and interceptors
)

// DefaultURL is where the embedded database lives when nothing is configured.
const DefaultURL = "file:data/relocate.db"

// Store is an open database.
type Store struct {
	Client  *ent.Client
	DB      *sql.DB
	Dialect string // dialect.SQLite or dialect.Postgres
}

// Open connects to the database at rawURL ("file:…" or a path for SQLite,
// "postgres://…" for PostgreSQL) and creates or updates its schema.
func Open(ctx context.Context, rawURL string, opts ...ent.Option) (*Store, error) {
	driver, dsn, d, err := parseURL(rawURL)
	if err != nil {
		return nil, err
	}
	if dir := sqliteDir(d, dsn); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("store: create directory %s: %w", dir, err)
		}
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", d, err)
	}
	if d == dialect.SQLite {
		// One writer at a time is SQLite's nature; readers run in parallel
		// thanks to WAL. Keep a few connections warm.
		db.SetMaxIdleConns(4)
	}
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("store: connect to %s: %w", d, err)
	}
	client := ent.NewClient(append([]ent.Option{ent.Driver(entsql.OpenDB(d, db))}, opts...)...)
	if err := client.Schema.Create(ctx); err != nil {
		_ = client.Close()
		return nil, fmt.Errorf("store: create schema: %w", err)
	}
	return &Store{Client: client, DB: db, Dialect: d}, nil
}

// Close closes the connection pool.
func (s *Store) Close() error { return s.Client.Close() }

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.DB.PingContext(ctx) }

// parseURL maps a configured database URL to a driver name, a DSN and the
// ent dialect.
func parseURL(raw string) (driver, dsn, d string, err error) {
	if raw == "" {
		raw = DefaultURL
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
	if values.Get("_txlock") == "" {
		values.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + values.Encode(), nil
}
