//go:build ignore

// Command main writes a new versioned migration for PostgreSQL from the
// difference between the ent schema and the files in ent/migrate/migrations.
// Run it from the repository root after changing ent/schema and running
// go generate ./...:
//
//	go run ./ent/migrate/main.go add_case_files   # writes <version>_add_case_files.sql and atlas.sum
//	go run ./ent/migrate/main.go -hash            # atlas.sum after editing a file by hand
//
// It replays the files on a temporary database it creates on the PostgreSQL
// server at RELOCATE_TEST_POSTGRES_URL (default: postgres@127.0.0.1:5432,
// as for the tests) and drops it afterwards.
package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"

	"ariga.io/atlas/sql/migrate"
	_ "github.com/jackc/pgx/v5/stdlib"

	"relocate/ent/migrate/migrations"
)

func main() {
	hash := flag.Bool("hash", false, "only recompute atlas.sum")
	flag.Parse()
	dir, err := migrate.NewLocalDir("ent/migrate/migrations")
	if err != nil {
		log.Fatalf("migrate: %v (run from the repository root)", err)
	}
	if *hash {
		if err := migrations.Rehash(dir); err != nil {
			log.Fatal(err)
		}
		return
	}
	if flag.NArg() != 1 {
		log.Fatal("usage: go run ./ent/migrate/main.go <name>")
	}
	admin := os.Getenv("RELOCATE_TEST_POSTGRES_URL")
	if admin == "" {
		admin = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	ctx := context.Background()
	dev, drop, err := tempDatabase(ctx, admin)
	if err != nil {
		log.Fatal(err)
	}
	wrote, err := migrations.Diff(ctx, dev, dir, flag.Arg(0))
	drop()
	if err != nil {
		log.Fatal(err)
	}
	if !wrote {
		fmt.Println("the migration files already match the ent schema; nothing written")
		return
	}
	fmt.Println("wrote a new file in ent/migrate/migrations; review it and commit it with atlas.sum")
}

// tempDatabase creates an empty database on the server at admin.
func tempDatabase(ctx context.Context, admin string) (*sql.DB, func(), error) {
	adb, err := sql.Open("pgx", admin)
	if err != nil {
		return nil, nil, err
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "relocate_dev_" + hex.EncodeToString(b)
	if _, err := adb.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return nil, nil, fmt.Errorf("create a temporary database on %s: %w", admin, err)
	}
	u, _ := url.Parse(admin)
	u.Path = "/" + name
	dev, err := sql.Open("pgx", u.String())
	if err != nil {
		return nil, nil, err
	}
	return dev, func() {
		_ = dev.Close()
		_, _ = adb.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		_ = adb.Close()
	}, nil
}
