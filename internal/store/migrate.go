package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/postgres"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	entmigrate "relocate/ent/migrate"
	"relocate/ent/migrate/migrations"
	"relocate/internal/casesearch"
)

// MigrateMode says whether opening the database brings its schema up to
// date (RELOCATE_MIGRATE).
type MigrateMode string

// The migration modes.
const (
	// MigrateAuto migrates at start-up: the pending versioned migrations
	// on PostgreSQL, ent's automatic migration on SQLite.
	MigrateAuto MigrateMode = "auto"
	// MigrateOff changes no schema at start-up; on PostgreSQL the start
	// fails while migrations are pending, so that `relocate migrate` (run
	// by the deployment before the new version starts) is not forgotten.
	MigrateOff MigrateMode = "off"
)

// ParseMigrateMode reads "auto" or "off".
func ParseMigrateMode(s string) (MigrateMode, error) {
	switch m := MigrateMode(strings.ToLower(strings.TrimSpace(s))); m {
	case MigrateAuto, MigrateOff:
		return m, nil
	}
	return "", fmt.Errorf("store: migration mode %q must be auto or off", s)
}

// migrateLock is the PostgreSQL advisory lock that instances starting
// together take, so that one migrates and the others wait for it.
const migrateLock = 0x72656c6f63617465 // "relocate"

// MigrationReport says what Migrate did.
type MigrationReport struct {
	// Baselined is set when a database of the release before versioned
	// migrations was recognised and marked as migrated up to
	// migrations.Baseline.
	Baselined bool
	// Applied are the files applied, in order.
	Applied []string
	// Version is the version the database is at now; "" on SQLite.
	Version string
	// TimesConverted counts the times of a SQLite database rewritten from
	// the old text format into the sortable UTC format.
	TimesConverted int
	// SearchTexts counts the cases stored before they had a search text
	// that got one (internal/casesearch).
	SearchTexts int
}

// String describes the report for a person.
func (r MigrationReport) String() string {
	var b strings.Builder
	if r.Baselined {
		fmt.Fprintf(&b, "recognised a database of the release before versioned migrations; marked as at version %s\n", migrations.Baseline)
	}
	if r.TimesConverted > 0 {
		fmt.Fprintf(&b, "converted %d times to the sortable UTC format\n", r.TimesConverted)
	}
	for _, f := range r.Applied {
		fmt.Fprintf(&b, "applied %s\n", f)
	}
	if r.SearchTexts > 0 {
		fmt.Fprintf(&b, "made the search text of %d cases\n", r.SearchTexts)
	}
	if r.Version != "" {
		fmt.Fprintf(&b, "the schema is at version %s", r.Version)
	} else {
		b.WriteString("the schema is up to date")
	}
	return b.String()
}

// Migrate brings the schema up to date. On PostgreSQL it applies the
// versioned migrations of ent/migrate/migrations that the database has not
// seen, each file in a transaction of its own, under an advisory lock; a
// database of the release before them (ent's automatic migration, no
// revision table) is recognised and baselined first, so that its data
// stays. On SQLite it runs ent's automatic migration, rewrites times
// stored in the old text format and fills in the data of cases the
// statistics read.
func (s *Store) Migrate(ctx context.Context) (MigrationReport, error) {
	r, err := s.migrateSchema(ctx)
	if err != nil {
		return r, err
	}
	// Data the schema's new columns derive from others, in Go.
	r.SearchTexts, err = casesearch.Backfill(ctx, s.DB, s.Dialect)
	return r, err
}

// migrateSchema brings the schema up to date (see Migrate).
func (s *Store) migrateSchema(ctx context.Context) (MigrationReport, error) {
	if s.Dialect == dialect.SQLite {
		// ent's migration reads through database/sql's own rows, so it
		// runs on the plain pool rather than the pooled driver. It looks
		// at the schema before it takes the write lock: when another
		// process (a command line starting with the server) changed the
		// schema in between, looking again finds nothing left to do.
		schema := entmigrate.NewSchema(entsql.OpenDB(dialect.SQLite, s.DB))
		err := schema.Create(ctx)
		for attempt := 1; err != nil && attempt < 3 && ctx.Err() == nil; attempt++ {
			err = schema.Create(ctx)
		}
		if err != nil {
			return MigrationReport{}, fmt.Errorf("store: create schema: %w", err)
		}
		n, err := s.migrateSQLiteTimes(ctx)
		if err != nil {
			return MigrationReport{}, err
		}
		return MigrationReport{TimesConverted: n}, s.migrateSQLiteDerived(ctx)
	}
	conn, err := s.DB.Conn(ctx)
	if err != nil {
		return MigrationReport{}, fmt.Errorf("store: migrate: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrateLock); err != nil {
		return MigrationReport{}, fmt.Errorf("store: migrate: take the lock: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrateLock) //nolint:errcheck // the lock ends with the session anyway
	return s.migratePostgres(ctx, conn)
}

func (s *Store) migratePostgres(ctx context.Context, conn *sql.Conn) (MigrationReport, error) {
	var report MigrationReport
	dir, err := migrations.Dir()
	if err != nil {
		return report, err
	}
	revs, err := newRevisions(ctx, conn)
	if err != nil {
		return report, err
	}
	var opts []migrate.ExecutorOption
	if legacy, err := s.isLegacy(ctx, conn, revs); err != nil {
		return report, err
	} else if legacy {
		opts = append(opts, migrate.WithBaselineVersion(migrations.Baseline))
		report.Baselined = true
		s.log.InfoContext(ctx, "store: a database of the release before versioned migrations: baselined", slog.String("version", migrations.Baseline))
	}
	drv, err := postgres.Open(conn)
	if err != nil {
		return report, fmt.Errorf("store: migrate: %w", err)
	}
	ex, err := migrate.NewExecutor(drv, dir, revs, opts...)
	if err != nil {
		return report, fmt.Errorf("store: migrate: %w", err)
	}
	pending, err := ex.Pending(ctx)
	if err != nil && !errors.Is(err, migrate.ErrNoPendingFiles) {
		return report, fmt.Errorf("store: migrate: %w", err)
	}
	for _, f := range pending {
		if err := s.applyFile(ctx, conn, dir, f); err != nil {
			return report, err
		}
		report.Applied = append(report.Applied, f.Name())
		s.log.InfoContext(ctx, "store: migration applied", slog.String("file", f.Name()))
	}
	report.Version, err = revs.current(ctx)
	return report, err
}

// applyFile applies one migration file in a transaction: a file fails
// whole or not at all, and its revision row commits with it.
func (s *Store) applyFile(ctx context.Context, conn *sql.Conn, dir migrate.Dir, f migrate.File) (err error) {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: migrate %s: %w", f.Name(), err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	drv, err := postgres.Open(tx)
	if err != nil {
		return fmt.Errorf("store: migrate %s: %w", f.Name(), err)
	}
	ex, err := migrate.NewExecutor(drv, dir, &revisions{q: tx})
	if err != nil {
		return fmt.Errorf("store: migrate %s: %w", f.Name(), err)
	}
	if err := ex.Execute(ctx, f); err != nil {
		return fmt.Errorf("store: migrate %s: %w", f.Name(), err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: migrate %s: commit: %w", f.Name(), err)
	}
	return nil
}

// isLegacy reports whether the database was made by the release before
// versioned migrations: it has relocate's tables but no revisions.
func (s *Store) isLegacy(ctx context.Context, conn *sql.Conn, revs *revisions) (bool, error) {
	if v, err := revs.current(ctx); err != nil || v != "" {
		return false, err
	}
	var exists bool
	err := conn.QueryRowContext(ctx, `SELECT to_regclass('guide_articles') IS NOT NULL`).Scan(&exists)
	if err != nil {
		return false, fmt.Errorf("store: migrate: look for the tables of an older release: %w", err)
	}
	return exists, nil
}

// pending counts the migration files the database has not seen (all of
// them when it has no revisions yet).
func (s *Store) pending(ctx context.Context) (int, error) {
	conn, err := s.DB.Conn(ctx)
	if err != nil {
		return 0, fmt.Errorf("store: %w", err)
	}
	defer conn.Close()
	dir, err := migrations.Dir()
	if err != nil {
		return 0, err
	}
	files, err := dir.Files()
	if err != nil {
		return 0, fmt.Errorf("store: %w", err)
	}
	var exists bool
	if err := conn.QueryRowContext(ctx, `SELECT to_regclass($1) IS NOT NULL`, revisionTable).Scan(&exists); err != nil {
		return 0, fmt.Errorf("store: look for the revision table: %w", err)
	}
	if !exists {
		return len(files), nil
	}
	revs := &revisions{q: conn}
	if v, err := revs.current(ctx); err != nil || v == "" {
		return len(files), err
	}
	drv, err := postgres.Open(conn)
	if err != nil {
		return 0, fmt.Errorf("store: %w", err)
	}
	ex, err := migrate.NewExecutor(drv, dir, revs)
	if err != nil {
		return 0, fmt.Errorf("store: %w", err)
	}
	p, err := ex.Pending(ctx)
	if errors.Is(err, migrate.ErrNoPendingFiles) {
		return 0, nil
	}
	return len(p), err
}

// checkMigrated fails when a PostgreSQL database has migrations pending
// (RELOCATE_MIGRATE=off): the code would not match its schema.
func (s *Store) checkMigrated(ctx context.Context) error {
	if s.Dialect != dialect.Postgres {
		return nil
	}
	n, err := s.pending(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("store: the database schema lacks %d migration(s); run `relocate migrate` or set RELOCATE_MIGRATE=auto", n)
	}
	return nil
}
