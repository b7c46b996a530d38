package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"relocate/ent/casefile"
	"relocate/ent/consent"
	"relocate/ent/session"
	"relocate/internal/app"
	"relocate/internal/casework"
	"relocate/internal/config"
	"relocate/internal/lang"
	"relocate/internal/viewer"
)

// TestUserCommands creates the first administrator from the command line,
// changes the password and disables the account, as a new installation
// would.
func TestUserCommands(t *testing.T) {
	cfg := config.Default()
	cfg.Database.URL = "file:" + filepath.Join(t.TempDir(), "relocate.db")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx := context.Background()
	run := func(stdin string, args ...string) (string, error) {
		var out bytes.Buffer
		err := userCommand(ctx, cfg, log, args, strings.NewReader(stdin), &out)
		return out.String(), err
	}
	login := func(password string) error {
		signIn := cfg
		signIn.Database.SeedIfEmpty = false
		a, err := app.New(ctx, signIn, log)
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		_, err = a.Auth.Login(ctx, "admin@magdeburg.example", password, "127.0.0.1", session.KindBEARER)
		return err
	}

	out, err := run("first admin password\n", "add", "-email", "Admin@Magdeburg.example", "-name", "Anna Admin", "-role", "admin")
	if err != nil || !strings.Contains(out, "created admin@magdeburg.example") {
		t.Fatalf("add: %v %s", err, out)
	}
	if err := login("first admin password"); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	if _, err := run("short\n", "add", "-email", "x@example.org", "-name", "X", "-role", "EDITOR"); err == nil || !strings.Contains(err.Error(), "at least 12") {
		t.Errorf("short password: %v", err)
	}
	if _, err := run("another long password\n", "add", "-email", "admin@magdeburg.example", "-name", "Again", "-role", "EDITOR"); err == nil || !strings.Contains(err.Error(), "already") {
		t.Errorf("duplicate: %v", err)
	}
	if _, err := run("x\n", "add", "-email", "y@example.org", "-name", "Y", "-role", "WIZARD"); err == nil {
		t.Error("an unknown role was accepted")
	}
	if _, err := run("a new admin password\n", "passwd", "-email", "admin@magdeburg.example"); err != nil {
		t.Fatal(err)
	}
	if login("first admin password") == nil || login("a new admin password") != nil {
		t.Error("the password did not change")
	}
	if _, err := run("", "disable", "-email", "admin@magdeburg.example"); err != nil {
		t.Fatal(err)
	}
	if login("a new admin password") == nil {
		t.Error("a disabled account can sign in")
	}
}

// TestLinkedAccounts: a newcomer's account follows the case named by its
// reference, a company contact's acts for the company named by its ID as
// the API shows it; unknown ones and links that do not fit the role are
// refused and create nothing.
func TestLinkedAccounts(t *testing.T) {
	cfg := config.Default()
	cfg.Database.URL = "file:" + filepath.Join(t.TempDir(), "relocate.db")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx := context.Background()
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := userCommand(ctx, cfg, log, args, strings.NewReader("a long enough password\n"), &out)
		return out.String(), err
	}
	a, err := app.New(ctx, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	sys := viewer.SystemContext(ctx)
	co, err := a.Casework.CreateCompany(sys, casework.CompanyInput{Name: ptr("Elbe Stahlbau GmbH")})
	if err != nil {
		t.Fatal(err)
	}
	p, err := a.Casework.CreatePerson(sys, casework.PersonInput{GivenName: ptr("Sergejs"), FamilyName: ptr("Ozoliņš"), PreferredLanguage: ptr(lang.LV)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Casework.RecordConsent(sys, casework.ConsentInput{PersonID: p.ID, Purpose: consent.PurposeCASE_PROCESSING, Channel: consent.ChannelPAPER}); err != nil {
		t.Fatal(err)
	}
	c, err := a.Casework.OpenCase(sys, casework.OpenCaseInput{PersonID: p.ID, Kind: casefile.KindPLACEMENT})
	if err != nil {
		t.Fatal(err)
	}
	_ = a.Close()

	for _, tc := range []struct {
		args []string
		want string // in the error
	}{
		{[]string{"-role", "NEWCOMER", "-case", "RS-1999-0001"}, "unknown case"},
		{[]string{"-role", "NEWCOMER"}, "needs -case"},
		{[]string{"-role", "COMPANY_CONTACT", "-company", "99999999"}, "unknown company"},
		{[]string{"-role", "COMPANY_CONTACT", "-company", "Elbe Stahlbau GmbH"}, "unknown company"},
		{[]string{"-role", "COMPANY_CONTACT", "-company", strconv.Itoa(p.ID)}, "unknown company"},
		{[]string{"-role", "COMPANY_CONTACT"}, "needs -company"},
		{[]string{"-role", "CASEWORKER", "-case", c.Reference}, "-case is for"},
		{[]string{"-role", "EDITOR", "-company", strconv.Itoa(co.ID)}, "-company is for"},
	} {
		args := append([]string{"add", "-email", "x@example.org", "-name", "X"}, tc.args...)
		if _, err := run(args...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want %q", tc.args, err, tc.want)
		}
	}
	out, err := run("add", "-email", "sergejs@example.lv", "-name", "Sergejs", "-role", "NEWCOMER", "-case", strings.ToLower(c.Reference))
	if err != nil || !strings.Contains(out, "following case") {
		t.Fatalf("newcomer: %v %s", err, out)
	}
	out, err = run("add", "-email", "hr@elbe-stahlbau.example", "-name", "HR", "-role", "COMPANY_CONTACT", "-company", strconv.Itoa(co.ID))
	if err != nil || !strings.Contains(out, "acting for company") {
		t.Fatalf("company contact: %v %s", err, out)
	}
	a, err = app.New(ctx, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	for email, check := range map[string]func(v viewer.Viewer) bool{
		// The newcomer reads in the language of their case's person.
		"sergejs@example.lv": func(v viewer.Viewer) bool {
			return v.CaseID != nil && *v.CaseID == c.ID && v.CompanyID == nil && v.Language == lang.LV
		},
		"hr@elbe-stahlbau.example": func(v viewer.Viewer) bool { return v.CompanyID != nil && *v.CompanyID == co.ID && v.CaseID == nil },
	} {
		s, err := a.Auth.Login(ctx, email, "a long enough password", "127.0.0.1", session.KindBEARER)
		if err != nil {
			t.Fatal(err)
		}
		v, err := a.Auth.Authenticate(ctx, s.Token)
		if err != nil || !check(v) {
			t.Errorf("%s signs in as %+v (%v)", email, v, err)
		}
	}
	if n := a.Store.Client.User.Query().CountX(sys); n != 2 {
		t.Errorf("%d accounts, want the 2 that were valid", n)
	}
}

func ptr[T any](v T) *T { return &v }
