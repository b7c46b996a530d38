package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"golang.org/x/term"

	"relocate/internal/app"
	"relocate/internal/apperr"
	"relocate/internal/audit"
	"relocate/internal/auth"
	"relocate/internal/config"
	"relocate/internal/lang"
	"relocate/internal/viewer"
)

// listFlag collects a flag given several times.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// userCommand manages accounts from the command line, acting as the
// system: this is how the first administrator comes to be. Every change is
// audited as made on the command line.
func userCommand(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, in io.Reader, out io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: relocate user add|passwd|disable -email …")
	}
	fs := flag.NewFlagSet("relocate user "+args[0], flag.ContinueOnError)
	email := fs.String("email", "", "the account's e-mail address")
	name := fs.String("name", "", "display name (add)")
	var roles, langs listFlag
	fs.Var(&roles, "role", "a role: ADMIN, CASEWORKER, EDITOR, TRANSLATOR, COMPANY_CONTACT, NEWCOMER (add; repeatable)")
	fs.Var(&langs, "language", "for translators: a language they write, lv, ru or en (add; repeatable)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *email == "" {
		return errors.New("-email is required")
	}
	a, err := app.New(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	ctx = audit.WithRequest(viewer.SystemContext(ctx), audit.Request{ID: "command-line"})
	record := func(op, id string) error {
		return a.Audit.Record(ctx, audit.Entry{Action: audit.Mutation, Operation: "cli: " + op, ObjectIDs: []string{id}, ActorEmail: "command line"})
	}
	switch args[0] {
	case "add":
		var rs []viewer.Role
		for _, r := range roles {
			if !viewer.Role(strings.ToUpper(r)).Valid() {
				return fmt.Errorf("unknown role %q", r)
			}
			rs = append(rs, viewer.Role(strings.ToUpper(r)))
		}
		var ls []lang.Code
		for _, l := range langs {
			c, err := lang.Parse(l)
			if err != nil {
				return err
			}
			ls = append(ls, c)
		}
		pw, err := readPassword(in, out)
		if err != nil {
			return err
		}
		u, err := a.Auth.CreateUser(ctx, auth.NewUser{Email: *email, DisplayName: *name, Password: pw, Roles: rs, TranslationLanguages: ls})
		if err != nil {
			return describe(a, err)
		}
		fmt.Fprintf(out, "created %s (%s) with roles %v\n", u.Email, u.DisplayName, u.Roles)
		return record("user add", fmt.Sprint(u.ID))
	case "passwd", "disable":
		u, err := a.Auth.UserByEmail(ctx, *email)
		if err != nil {
			return describe(a, err)
		}
		up := auth.UserUpdate{}
		if args[0] == "passwd" {
			pw, err := readPassword(in, out)
			if err != nil {
				return err
			}
			up.Password = &pw
		} else {
			off := false
			up.Active = &off
		}
		if _, err := a.Auth.UpdateUser(ctx, u.ID, up); err != nil {
			return describe(a, err)
		}
		fmt.Fprintf(out, "%s: done; the account's sessions have ended\n", u.Email)
		return record("user "+args[0], fmt.Sprint(u.ID))
	}
	return fmt.Errorf("unknown user command %q (add, passwd, disable)", args[0])
}

// readPassword reads a password from a terminal without echo, or the first
// line of a pipe.
func readPassword(in io.Reader, out io.Writer) (string, error) {
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(out, "Password: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(out)
		return string(b), err
	}
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// describe turns a user-facing error into its English message.
func describe(a *app.App, err error) error {
	if e, ok := apperr.As(err); ok {
		return errors.New(a.Catalog.T(lang.EN, e.MessageID, e.Data))
	}
	return err
}
