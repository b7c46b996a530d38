package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseURL(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ in, driver string }{
		{"file:" + dir + "/x.db", "sqlite"},
		{"file:" + dir + "/y.db?cache=shared", "sqlite"},
		{"postgres://u@h/db", "pgx"},
		{"postgresql://u@h/db?sslmode=disable", "pgx"},
	} {
		driver, dsn, _, err := parseURL(tc.in)
		if err != nil || driver != tc.driver {
			t.Errorf("%q: %s %v", tc.in, driver, err)
		}
		if driver == "sqlite" {
			for _, p := range []string{"foreign_keys%281%29", "journal_mode%28WAL%29", "busy_timeout%285000%29", "_txlock=immediate", "_time_format=sqlite", "_timezone=UTC"} {
				if !strings.Contains(dsn, p) {
					t.Errorf("%q: DSN %s lacks %s", tc.in, dsn, p)
				}
			}
		}
	}
	// Parsing creates nothing; Open creates the directory of the file.
	if _, err := os.Stat("data"); err == nil {
		t.Error("parsing the default URL created a directory")
	}
	if _, _, _, err := parseURL("mysql://x"); err == nil {
		t.Error("mysql accepted")
	}
	if _, _, _, err := parseURL(""); err == nil {
		t.Error("no URL accepted")
	}
}

func TestOpenCreatesTheDirectoryOfTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new", "dir", "relocate.db")
	pool := Pool{MaxConns: 4, MaxIdleConns: 2, ConnMaxLifetime: time.Minute, ConnMaxIdleTime: time.Minute, Wait: time.Second, PerRequest: 2}
	s, err := Open(context.Background(), "file:"+path, Options{Pool: pool})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Errorf("no database file: %v", err)
	}
}
