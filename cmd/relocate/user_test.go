package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"relocate/ent/session"
	"relocate/internal/app"
	"relocate/internal/config"
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
