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
	"slices"
	"strconv"
	"strings"

	"golang.org/x/term"

	entcompany "relocate/ent/company"
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
	companyID := fs.String("company", "", "for COMPANY_CONTACT: the ID of their company as the API shows it (add)")
	caseRef := fs.String("case", "", "for NEWCOMER: the reference of their own case, e.g. RS-2026-0001 (add)")
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
		nu := auth.NewUser{Email: *email, DisplayName: *name, Roles: rs, TranslationLanguages: ls}
		if err := linkAccount(ctx, a, &nu, *companyID, *caseRef); err != nil {
			return err
		}
		pw, err := readPassword(in, out)
		if err != nil {
			return err
		}
		nu.Password = pw
		u, err := a.Auth.CreateUser(ctx, nu)
		if err != nil {
			return describe(a, err)
		}
		fmt.Fprintf(out, "created %s (%s) with roles %v\n", u.Email, u.DisplayName, u.Roles)
		if u.CompanyID != nil {
			fmt.Fprintf(out, "acting for company %d\n", *u.CompanyID)
		}
		if nu.CaseID != nil {
			fmt.Fprintf(out, "following case %s\n", *caseRef)
		}
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

// linkAccount links a new account to the company it acts for (company:
// its ID as the API shows it) or the case it follows (ref: its
// reference), as its roles need: a company contact needs a company, a
// newcomer a case.
func linkAccount(ctx context.Context, a *app.App, nu *auth.NewUser, company, ref string) error {
	contact, newcomer := slices.Contains(nu.Roles, viewer.CompanyContact), slices.Contains(nu.Roles, viewer.Newcomer)
	switch {
	case company != "" && !contact:
		return errors.New("-company is for accounts with the role COMPANY_CONTACT")
	case ref != "" && !newcomer:
		return errors.New("-case is for accounts with the role NEWCOMER")
	case contact && company == "":
		return errors.New("a COMPANY_CONTACT needs -company <the company's ID>")
	case newcomer && ref == "":
		return errors.New("a NEWCOMER needs -case <the reference of their case>")
	}
	if company != "" {
		id, err := strconv.Atoi(strings.TrimSpace(company))
		if err != nil || id <= 0 {
			return fmt.Errorf("unknown company %q: give its ID as the API shows it", company)
		}
		if ok, err := a.Store.Client.Company.Query().Where(entcompany.ID(id)).Exist(ctx); err != nil {
			return err
		} else if !ok {
			return fmt.Errorf("unknown company %q", company)
		}
		nu.CompanyID = &id
	}
	if ref != "" {
		c, err := a.Casework.CaseByReference(ctx, ref)
		if err != nil {
			return err
		}
		if c == nil {
			return fmt.Errorf("unknown case %q", ref)
		}
		nu.CaseID = &c.ID
	}
	return nil
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
