package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"relocate/internal/config"
	"relocate/internal/store"
)

// migrateCommand brings the database schema up to date and says what it
// did: on PostgreSQL the versioned migrations the database has not seen
// (a database of the release before them is recognised and baselined
// first), on SQLite ent's automatic migration. Deployments run it before
// the new version starts, or let the server do it (RELOCATE_MIGRATE=auto).
func migrateCommand(ctx context.Context, cfg config.Config, log *slog.Logger, out io.Writer) error {
	st, err := store.Open(ctx, cfg.Database.URL, store.Options{Pool: cfg.Database.Pool, Migrate: store.MigrateAuto, Logger: log})
	if err != nil {
		return err
	}
	defer st.Close()
	_, err = fmt.Fprintln(out, st.Migrated)
	return err
}
