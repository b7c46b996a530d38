package store_test

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"testing"

	"relocate/ent/migrate/migrations"
	"relocate/internal/config"
	"relocate/internal/store"
	"relocate/internal/testenv"
)

// TestMigrateOnStart: a new database gets the schema at start (the files
// on PostgreSQL, applied once even when several instances start at the
// same time; ent's automatic migration on SQLite); with RELOCATE_MIGRATE
// off a PostgreSQL database that lacks migrations is refused with a clear
// message, and one that has them all starts.
func TestMigrateOnStart(t *testing.T) {
	ctx := context.Background()
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		url := db.URL(t)
		if db.Name == "postgres" {
			_, err := store.Open(ctx, url, store.Options{Pool: config.Default().Database.Pool, Migrate: store.MigrateOff})
			if err == nil || !strings.Contains(err.Error(), "relocate migrate") {
				t.Errorf("an empty database started with migrations off: %v", err)
			}
		}
		var (
			wg      sync.WaitGroup
			mu      sync.Mutex
			applied []string
		)
		for range 3 { // three instances start together
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, err := store.Open(ctx, url, store.Options{Pool: config.Default().Database.Pool})
				if err != nil {
					t.Error(err)
					return
				}
				defer s.Close()
				mu.Lock()
				applied = append(applied, s.Migrated.Applied...)
				mu.Unlock()
			}()
		}
		wg.Wait()
		if db.Name == "sqlite" {
			if len(applied) != 0 {
				t.Errorf("SQLite applied files: %v", applied)
			}
			return
		}
		dir, _ := migrations.Dir()
		files, _ := dir.Files()
		if len(applied) != len(files) {
			t.Errorf("applied %v, want each of the %d files once", applied, len(files))
		}
		s, err := store.Open(ctx, url, store.Options{Pool: config.Default().Database.Pool, Migrate: store.MigrateOff})
		if err != nil {
			t.Fatalf("a migrated database did not start with migrations off: %v", err)
		}
		defer s.Close()
		raw, _ := sql.Open("pgx", url)
		defer raw.Close()
		var n int
		if err := raw.QueryRow(`SELECT count(*) FROM atlas_schema_revisions WHERE applied = total AND error IS NULL`).Scan(&n); err != nil || n != len(files) {
			t.Errorf("%d revisions recorded (%v), want %d", n, err, len(files))
		}
	})
}
