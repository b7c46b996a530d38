package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"relocate/internal/app"
	"relocate/internal/config"
	"relocate/internal/demo"
	"relocate/internal/store"
)

// demoCommand fills the database with made-up case management data (see
// internal/demo): relocate demo -cases N [-seed S]. It brings the schema
// and the content up to date first, as a start would; it refuses a
// database with real cases or people.
func demoCommand(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("relocate demo", flag.ContinueOnError)
	cases := fs.Int("cases", 0, "how many cases (and newcomers) to make")
	seed := fs.Uint64("seed", 1, "picks the data: the same seed on the same day makes the same data")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *cases < 1 || fs.NArg() > 0 {
		return fmt.Errorf("usage: relocate demo -cases N [-seed S]")
	}
	a, err := app.New(ctx, cfg, log) // the schema, the guide, checklists and partners
	if err != nil {
		return err
	}
	if err := a.Close(); err != nil {
		return err
	}
	// A client of its own, without the services' hooks: demo writes tasks
	// and next-due dates itself, in bulk.
	st, err := store.Open(ctx, cfg.Database.URL, store.Options{Pool: cfg.Database.Pool, Migrate: store.MigrateOff})
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	r, err := demo.Generate(ctx, st.Client, demo.Options{Cases: *cases, Seed: *seed})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "demo data made in %s (seed %d): %d cases of %d newcomers (%d consents), %d tasks, %d appointments, %d notes, "+
		"%d referrals, %d recognition procedures; %d companies with %d vacancies, %d trainings; %d demo caseworkers\n",
		time.Since(start).Round(time.Millisecond), *seed, r.Cases, r.Persons, r.Consents, r.Tasks, r.Appointments, r.Notes,
		r.Referrals, r.Recognitions, r.Companies, r.Vacancies, r.Trainings, r.Caseworkers)
	return nil
}
