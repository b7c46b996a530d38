package migrations_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"ariga.io/atlas/sql/migrate"

	"relocate/ent/migrate/migrations"
	"relocate/internal/testenv"
)

// TestFilesMatchTheEntSchema is the drift check: the migration files,
// replayed on an empty PostgreSQL database, give exactly the schema that
// ent/schema describes. It fails when ent/schema changed without a new
// migration file (go run ./ent/migrate/main.go <name>), or when a file
// was edited without atlas.sum (go run ./ent/migrate/main.go -hash).
// PostgreSQL only: the files are PostgreSQL's; SQLite migrates itself.
func TestFilesMatchTheEntSchema(t *testing.T) {
	dir, err := migrations.Dir()
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate.Validate(dir); err != nil {
		t.Fatalf("atlas.sum does not match the files (go run ./ent/migrate/main.go -hash): %v", err)
	}
	files, _ := dir.Files()
	if len(files) < 2 || files[1].Version() != migrations.Baseline {
		t.Errorf("the baseline %s is not the second file: %v", migrations.Baseline, files)
	}
	dev, err := sql.Open("pgx", testenv.DBs[1].URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	wrote, err := migrations.Diff(context.Background(), dev, dir, "drift")
	if err != nil {
		t.Fatal(err)
	}
	if wrote {
		t.Errorf("ent/schema differs from the migration files; run `go run ./ent/migrate/main.go <name>` and commit the file. The missing statements:\n%s",
			newFile(t, dir, "drift"))
	}

	// The check sees a difference: without the index on the audit log's
	// time, the diff writes a file that creates it.
	initial := string(files[0].Bytes())
	stmt := `CREATE INDEX "auditentry_created_at" ON "audit_entries" ("created_at");` + "\n"
	if !strings.Contains(initial, stmt) {
		t.Fatalf("the first file lacks %s", stmt)
	}
	changed := &migrate.MemDir{}
	_ = changed.WriteFile(files[0].Name(), []byte(strings.Replace(initial, stmt, "", 1)))
	_ = changed.WriteFile(files[1].Name(), files[1].Bytes())
	if err := migrations.Rehash(changed); err != nil {
		t.Fatal(err)
	}
	if wrote, err := migrations.Diff(context.Background(), dev, changed, "missing"); err != nil || !wrote ||
		!strings.Contains(newFile(t, changed, "missing"), `CREATE INDEX "auditentry_created_at"`) {
		t.Errorf("a missing index went unnoticed: %v", err)
	}
}

// newFile returns the text of the file the diff named name wrote.
func newFile(t *testing.T, dir migrate.Dir, name string) string {
	t.Helper()
	files, _ := dir.Files()
	for _, f := range files {
		if strings.HasSuffix(f.Name(), "_"+name+".sql") {
			return string(f.Bytes())
		}
	}
	t.Fatalf("no file %s written", name)
	return ""
}
