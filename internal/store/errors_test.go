package store_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"testing"

	"relocate/internal/config"
	"relocate/internal/store"
	"relocate/internal/testenv"
)

// TestUnavailableKnowsTheDriversErrors produces, on each database, the
// errors of a database that is busy or out of reach, and some that are
// not, and asks Unavailable about them.
func TestUnavailableKnowsTheDriversErrors(t *testing.T) {
	ctx := context.Background()
	for _, err := range []error{nil, sql.ErrNoRows, context.Canceled, context.DeadlineExceeded, errors.New("boom")} {
		if store.Unavailable(err) {
			t.Errorf("%v counts as unavailable", err)
		}
	}
	if !store.Unavailable(fmt.Errorf("guide: %w", store.ErrPoolExhausted)) {
		t.Error("an exhausted pool does not count as unavailable")
	}
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		dbURL := db.URL(t)
		s, err := store.Open(ctx, dbURL, store.Options{Pool: config.Default().Database.Pool})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		// A statement that is wrong is not the database's trouble.
		_, err = s.DB.Exec(`INSERT INTO languages (code, native_name, english_name) VALUES ('de', 'x', 'x'), ('de', 'x', 'x')`)
		if err == nil || store.Unavailable(err) {
			t.Errorf("duplicate key: %v", err)
		}
		if _, err := s.DB.Exec(`SELEKT 1`); err == nil || store.Unavailable(err) {
			t.Errorf("syntax error: %v", err)
		}

		if db.Name == "sqlite" {
			// Another process holds the write lock; this one does not wait.
			path := filepath.Join(t.TempDir(), "busy.db")
			holder, _ := sql.Open("sqlite", "file:"+path)
			other, _ := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(0)")
			defer holder.Close()
			defer other.Close()
			tx, err := holder.Begin()
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			if _, err := tx.Exec(`CREATE TABLE t (x)`); err != nil {
				t.Fatal(err)
			}
			_, err = other.Exec(`CREATE TABLE u (x)`)
			if err == nil || !store.Unavailable(err) {
				t.Errorf("SQLITE_BUSY: %v", err)
			}
			return
		}

		// The server ends the connection (pg_terminate_backend, as at a
		// shutdown): SQLSTATE 57P01.
		victim, err := s.DB.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var pid int
		if err := victim.QueryRowContext(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DB.Exec(`SELECT pg_terminate_backend($1)`, pid); err != nil {
			t.Fatal(err)
		}
		_, err = victim.ExecContext(ctx, `SELECT 1`)
		if err == nil || !store.Unavailable(err) {
			t.Errorf("terminated connection: %v", err)
		}
		_ = victim.Close()

		// Too many connections (SQLSTATE 53300), for a role limited to one.
		b := make([]byte, 4)
		_, _ = rand.Read(b)
		role := "relocate_test_role_" + hex.EncodeToString(b)
		if _, err := s.DB.Exec(`CREATE ROLE ` + role + ` LOGIN CONNECTION LIMIT 1`); err != nil {
			t.Fatal(err)
		}
		defer s.DB.Exec(`DROP ROLE ` + role) //nolint:errcheck
		u, _ := url.Parse(dbURL)
		u.User = url.User(role)
		limited, _ := sql.Open("pgx", u.String())
		limited.SetMaxOpenConns(5)
		first, err := limited.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		_, err = limited.Conn(ctx)
		if err == nil || !store.Unavailable(err) {
			t.Errorf("too many connections: %v", err)
		}
		_ = first.Close()
		_ = limited.Close()

		// Nobody listens.
		down, _ := sql.Open("pgx", "postgres://postgres@127.0.0.1:1/relocate?sslmode=disable&connect_timeout=2")
		defer down.Close()
		if err := down.PingContext(ctx); err == nil || !store.Unavailable(err) {
			t.Errorf("connection refused: %v", err)
		}
	})
}

// TestSQLiteTransactionsTakeTheWriteLockAtBegin: a transaction of the ent
// client holds SQLite's write lock from BEGIN (the DSN's _txlock=immediate
// reaches ent's transactions), so no statement inside can fail for want of
// it; another process that wants to write meanwhile is refused at once.
func TestSQLiteTransactionsTakeTheWriteLockAtBegin(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "relocate.db")
	s, err := store.Open(ctx, "file:"+path, store.Options{Pool: config.Default().Database.Pool})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tx, err := s.Client.Tx(ctx) // no statement yet
	if err != nil {
		t.Fatal(err)
	}
	other, _ := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(0)")
	defer other.Close()
	_, err = other.Exec(`BEGIN IMMEDIATE`)
	if err == nil || !store.Unavailable(err) {
		t.Errorf("another writer got the lock while a transaction was open: %v", err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Exec(`BEGIN IMMEDIATE; ROLLBACK`); err != nil {
		t.Errorf("the lock was not given back: %v", err)
	}
}
