// Package migrations holds the versioned migrations of relocate's
// PostgreSQL schema: SQL files written by Atlas from the ent schema
// (go run ./ent/migrate/main.go <name>) or by hand (the full-text search),
// with their checksums in atlas.sum. The files are embedded into the
// binary; internal/store applies them. SQLite keeps ent's automatic
// migration (see the README).
package migrations

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"strings"

	"ariga.io/atlas/sql/migrate"
	atlas "ariga.io/atlas/sql/schema"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"

	entmigrate "relocate/ent/migrate"
)

//go:embed *.sql atlas.sum
var files embed.FS

// Baseline is the version of the last file that describes the schema of
// the release before versioned migrations (commit 007cdd3), which ent's
// automatic migration and the guide's start-up created. A database of that
// release has no revision table; it is marked as migrated up to Baseline,
// and the files after it are applied.
const Baseline = "20261128000002"

// SearchIndexPrefix starts the names of the full-text search indexes: they
// are written by hand (expressions ent cannot describe), so a diff against
// the ent schema must not drop them.
const SearchIndexPrefix = "guide_article_search_"

// Dir returns the embedded migration directory.
func Dir() (migrate.Dir, error) {
	dir := &migrate.MemDir{}
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		return nil, fmt.Errorf("migrations: read embedded files: %w", err)
	}
	for _, e := range entries {
		b, err := files.ReadFile(e.Name())
		if err != nil {
			return nil, fmt.Errorf("migrations: read %s: %w", e.Name(), err)
		}
		if err := dir.WriteFile(e.Name(), b); err != nil {
			return nil, fmt.Errorf("migrations: copy %s: %w", e.Name(), err)
		}
	}
	return dir, nil
}

// Diff compares the schema that the files of dir create with the ent
// schema and, when they differ, writes a new file <version>_<name>.sql
// with the statements between them (and updates atlas.sum). dev is an
// empty PostgreSQL database that the files are replayed on; it is empty
// again afterwards. It reports whether it wrote a file.
func Diff(ctx context.Context, dev *sql.DB, dir migrate.Dir, name string) (bool, error) {
	before, err := dir.Files()
	if err != nil {
		return false, fmt.Errorf("migrations: list files: %w", err)
	}
	// Trigram indexes (ent/schema's gin_trgm_ops) need the extension
	// before the files that create it are replayed.
	if _, err := dev.ExecContext(ctx, `CREATE EXTENSION IF NOT EXISTS pg_trgm`); err != nil {
		return false, fmt.Errorf("migrations: pg_trgm on the dev database: %w", err)
	}
	m, err := schema.NewMigrate(entsql.OpenDB(dialect.Postgres, dev),
		schema.WithDir(dir),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithDialect(dialect.Postgres),
		schema.WithFormatter(migrate.DefaultFormatter),
		// Files are reviewed: they say everything, drops included.
		schema.WithDropColumn(true),
		schema.WithDropIndex(true),
		schema.WithDiffHook(keepSearchIndexes),
	)
	if err != nil {
		return false, fmt.Errorf("migrations: %w", err)
	}
	if err := m.NamedDiff(ctx, name, entmigrate.Tables...); err != nil {
		return false, fmt.Errorf("migrations: diff: %w", err)
	}
	after, err := dir.Files()
	if err != nil {
		return false, fmt.Errorf("migrations: list files: %w", err)
	}
	return len(after) > len(before), nil
}

// keepSearchIndexes leaves the hand-written search indexes out of a diff.
func keepSearchIndexes(next schema.Differ) schema.Differ {
	return schema.DiffFunc(func(current, desired *atlas.Schema) ([]atlas.Change, error) {
		changes, err := next.Diff(current, desired)
		if err != nil {
			return nil, err
		}
		for _, c := range changes {
			if m, ok := c.(*atlas.ModifyTable); ok {
				kept := m.Changes[:0]
				for _, tc := range m.Changes {
					if d, ok := tc.(*atlas.DropIndex); ok && strings.HasPrefix(d.I.Name, SearchIndexPrefix) {
						continue
					}
					kept = append(kept, tc)
				}
				m.Changes = kept
			}
		}
		out := changes[:0]
		for _, c := range changes {
			if m, ok := c.(*atlas.ModifyTable); ok && len(m.Changes) == 0 {
				continue
			}
			out = append(out, c)
		}
		return out, nil
	})
}

// Rehash writes atlas.sum for the files of dir, after a file was written
// or changed by hand.
func Rehash(dir migrate.Dir) error {
	sum, err := dir.Checksum()
	if err != nil {
		return fmt.Errorf("migrations: checksum: %w", err)
	}
	return migrate.WriteSumFile(dir, sum)
}
