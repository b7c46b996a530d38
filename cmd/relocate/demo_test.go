package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"relocate/ent"
	"relocate/ent/casefile"
	"relocate/ent/schema/schematype"
	"relocate/internal/app"
	"relocate/internal/config"
	"relocate/internal/demo"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// demoDigest sums up the case management data of a database: every case
// with its person, vacancy, dates and tasks, and the number of rows of
// each kind around them.
func demoDigest(t *testing.T, c *ent.Client) (string, map[schematype.CaseStatus]int) {
	t.Helper()
	ctx := viewer.SystemContext(context.Background())
	cases, err := c.CaseFile.Query().WithPerson().WithVacancy().WithTasks().Order(casefile.ByReference()).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	statuses := map[schematype.CaseStatus]int{}
	for _, cf := range cases {
		statuses[cf.Status]++
		p := cf.Edges.Person
		fmt.Fprintln(h, cf.Reference, cf.Status, cf.Kind, cf.OpenedOn, cf.ArrivedOn, cf.ClosedOn, cf.Outcome, cf.SupportNeeds,
			cf.NextDueOn, p.GivenName, p.FamilyName, p.Email, p.DateOfBirth, len(cf.Edges.Tasks))
		if v := cf.Edges.Vacancy; v != nil {
			fmt.Fprintln(h, v.Title, v.StartDate)
		}
	}
	n := func(k int, err error) int {
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	fmt.Fprintln(h, n(c.Company.Query().Count(ctx)), n(c.Vacancy.Query().Count(ctx)), n(c.Consent.Query().Count(ctx)),
		n(c.Appointment.Query().Count(ctx)), n(c.CaseNote.Query().Count(ctx)), n(c.Referral.Query().Count(ctx)),
		n(c.Recognition.Query().Count(ctx)), n(c.Training.Query().Count(ctx)), n(c.FamilyMember.Query().Count(ctx)))
	return fmt.Sprintf("%x", h.Sum(nil)), statuses
}

// TestDemoCommand: a first start makes no personal data; relocate demo
// makes the same data for the same seed, cases in every status, on both
// databases; it refuses a database with a real case, and a second run.
func TestDemoCommand(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx := context.Background()
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		newDB := func() (config.Config, *app.App) {
			cfg := config.Default()
			cfg.Database.URL = db.URL(t)
			a, err := app.New(ctx, cfg, log)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = a.Close() })
			return cfg, a
		}
		run := func(cfg config.Config, args ...string) (string, error) {
			var out bytes.Buffer
			err := demoCommand(ctx, cfg, log, args, &out)
			return out.String(), err
		}
		first, a := newDB()
		sys := viewer.SystemContext(ctx)
		if n := a.Store.Client.Person.Query().CountX(sys) + a.Store.Client.CaseFile.Query().CountX(sys) +
			a.Store.Client.Company.Query().CountX(sys); n != 0 {
			t.Fatalf("a first start made %d people, cases and companies", n)
		}
		out, err := run(first, "-cases", "60", "-seed", "42")
		if err != nil || !strings.Contains(out, "60 cases of 60 newcomers") {
			t.Fatalf("demo: %v %s", err, out)
		}
		digest, statuses := demoDigest(t, a.Store.Client)
		for _, s := range schematype.CaseStatuses {
			if statuses[s] == 0 {
				t.Errorf("no case is %s: %v", s, statuses)
			}
		}
		if n := a.Store.Client.CaseFile.Query().Where(casefile.Demo(false)).CountX(sys); n != 0 {
			t.Errorf("%d demo cases are not marked demo", n)
		}
		if _, err := run(first, "-cases", "5"); !errors.Is(err, demo.ErrDemoPresent) {
			t.Errorf("a second run: %v", err)
		}

		second, b := newDB()
		if _, err := run(second, "-cases", "60", "-seed", "42"); err != nil {
			t.Fatal(err)
		}
		if again, _ := demoDigest(t, b.Store.Client); again != digest {
			t.Errorf("seed 42 made other data the second time")
		}
		third, c := newDB()
		if _, err := run(third, "-cases", "60", "-seed", "43"); err != nil {
			t.Fatal(err)
		}
		if other, _ := demoDigest(t, c.Store.Client); other == digest {
			t.Errorf("seeds 42 and 43 made the same data")
		}

		// A database with one real case: refused, nothing added.
		real, d := newDB()
		p := d.Store.Client.Person.Create().SetGivenName("Līga").SetFamilyName("Bērziņa").SaveX(sys)
		d.Store.Client.CaseFile.Create().SetReference("RS-2026-0001").SetKind("PLACEMENT").SetPersonID(p.ID).
			SetOpenedOn(schematype.Today(time.Now())).ExecX(sys)
		if _, err := run(real, "-cases", "10"); !errors.Is(err, demo.ErrRealData) {
			t.Errorf("a database with a real case: %v", err)
		}
		if n := d.Store.Client.CaseFile.Query().CountX(sys); n != 1 {
			t.Errorf("%d cases after the refusal", n)
		}
		if _, err := run(real, "-cases", "0"); err == nil {
			t.Error("-cases 0 accepted")
		}
	})
}
