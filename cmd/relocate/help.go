package main

import (
	"errors"
	"fmt"
	"io"
	"slices"
)

// errUsage is returned when the command line is wrong; the usage was
// printed and the process exits with status 2.
var errUsage = errors.New("usage")

const usage = `relocate serves the welcome guide of the City of Magdeburg's Relocation
Service: the public website in four languages and the GraphQL API at /graphql.

Usage:
  relocate [serve]                  serve on RELOCATE_ADDR (default :8080)
  relocate migrate                  bring the database schema up to date (versioned migrations on PostgreSQL)
  relocate seed                     load the demo content again (changed items only)
  relocate user add -email E -name N -role R [-role R] [-language L] [-company ID] [-case RS-…]
                                    create an account; the password is read from standard input
  relocate user passwd -email E     set a new password, read from standard input
  relocate user disable -email E    disable an account and end its sessions
  relocate demo -cases N [-seed S]  add made-up companies, newcomers and cases for trying and benchmarks
  relocate help [command]           show this help, or a command's (also -h)

Environment (all optional; checked at start):
  RELOCATE_ADDR                 where to listen (:8080)
  RELOCATE_DATABASE_URL         file:<path> for SQLite (file:data/relocate.db), postgres://… for PostgreSQL
  RELOCATE_DATABASE_URL_FILE    read the database URL from a file
  RELOCATE_PUBLIC_URL           the site's public origin, e.g. https://relocation.magdeburg.de
                                (default: the local address of RELOCATE_ADDR, http://localhost:8080)
  RELOCATE_SECRET               signs the website's form tokens, at least 32 characters
  RELOCATE_SECRET_FILE          read the secret from a file
  RELOCATE_SECURITY_CONTACT     mailto:, https: or tel: URIs for security.txt, comma-separated
  RELOCATE_TRUSTED_PROXIES      load balancers whose X-Forwarded-For and X-Forwarded-Proto
                                are believed, e.g. 10.0.0.0/8,192.0.2.1
  RELOCATE_CORS_ORIGINS         origins allowed to call the API from browsers, comma-separated; * for any
  RELOCATE_INTROSPECTION        false hides the GraphQL schema (true)
  RELOCATE_PERSISTED_QUERIES    a directory of .graphql files or a persisted-query manifest
                                (Apollo, relay-compiler): accept only these operations
  RELOCATE_MIGRATE              auto brings the schema up to date at start; off changes nothing (auto)
  RELOCATE_DB_MAX_CONNS         database connections one instance opens at most (20)
  RELOCATE_DB_MAX_IDLE_CONNS    connections kept open while idle (10)
  RELOCATE_DB_CONN_LIFETIME     connections older than this are replaced (30m)
  RELOCATE_DB_CONN_IDLE_TIME    idle connections are closed after this (5m)
  RELOCATE_DB_POOL_WAIT         how long a request waits for a connection before it gets 503 (3s)
  RELOCATE_DB_CONNS_PER_REQUEST connections one request holds at once, at least 2 (4)
  RELOCATE_SESSION_TTL          how long a sign-in lasts (12h)
  RELOCATE_LOGIN_ATTEMPTS       failed sign-ins per account before each further one waits longer (5)
  RELOCATE_FORM_LIMIT           inquiries one address may send per 10 minutes (10)
  RELOCATE_REVIEW_INTERVAL      months after its last check an article's review is due: 12, 18mo or 1y (12)
  RELOCATE_GUIDE_POLL           how often to look for guide changes made by other instances (250ms)
  RELOCATE_ANSWER_CACHE_MB      MiB for public answers kept whole, API and site each; 0: none (32)
  RELOCATE_LOG_LEVEL            debug, info, warn or error (info)

More in the README.
`

// commandUsage is the help of each command.
var commandUsage = map[string]string{
	"serve": `Usage: relocate [serve]

Serves the website and the GraphQL API on RELOCATE_ADDR until SIGINT or
SIGTERM, then shuts down gracefully. An empty database gets the schema
and the demo content. Configuration: see relocate -h.
`,
	"migrate": `Usage: relocate migrate

Brings the schema of RELOCATE_DATABASE_URL up to date and exits. On
PostgreSQL it applies the versioned migrations embedded in the binary
(each in its own transaction, under a lock, so several instances may
start at once); a database made by a release before versioned migrations
is recognised and kept. On SQLite the schema is migrated automatically.
`,
	"seed": `Usage: relocate seed

Loads the demo content embedded in the binary into RELOCATE_DATABASE_URL:
items that differ from the files are updated, equal ones are left alone,
other content is kept.
`,
	"demo": `Usage: relocate demo -cases N [-seed S]

Adds made-up case management data to RELOCATE_DATABASE_URL: companies of
the Magdeburg region with vacancies, N newcomers with Latvian,
Russian-Latvian and German names, their consents and families, and N
cases in every status with tasks from the checklist templates,
appointments, notes, referrals, recognition procedures and intercultural
trainings. Cases are assigned to the active caseworkers (demo caseworkers
that cannot sign in are made when there are none). The same seed on the
same day makes the same data (dates lie around today).

The rows are marked demo (the demo field of companies, people, cases and
trainings). It refuses a database that holds a case or a person not made
by demo, or demo cases already. A normal start never makes such data.

Flags:
  -cases N   how many cases to make (100000 take a few minutes)
  -seed S    picks the data (1)
`,
	"user": `Usage:
  relocate user add -email E -name N -role R [-role R] [-language L] [-company ID] [-case REF]
  relocate user passwd -email E
  relocate user disable -email E

Manages staff accounts on RELOCATE_DATABASE_URL, audited as made on the
command line. Passwords are read from standard input (without echo on a
terminal), never from the command line.

Flags:
  -email E      the account's e-mail address
  -name N       display name (add)
  -role R       ADMIN, EDITOR, TRANSLATOR, CASEWORKER, COMPANY_CONTACT or NEWCOMER (add; repeatable)
  -language L   for translators: a language they write, lv, ru or en (add; repeatable)
  -company ID   for COMPANY_CONTACT (required): their company's ID as the API shows it (add)
  -case REF     for NEWCOMER (required): the reference of their own case, e.g. RS-2026-0001 (add)
`,
}

// isHelp reports whether arg asks for help.
func isHelp(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help" || arg == "help"
}

// help handles the command lines that ask for help or name no known
// command; handled reports whether it did, and err is errUsage for a
// wrong command line.
func help(args []string, stdout, stderr io.Writer) (handled bool, err error) {
	if len(args) == 0 {
		return false, nil
	}
	cmd := args[0]
	if isHelp(cmd) {
		if len(args) > 1 && !isHelp(args[1]) {
			if text, ok := commandUsage[args[1]]; ok {
				fmt.Fprint(stdout, text)
				return true, nil
			}
			fmt.Fprintf(stderr, "relocate: no command %q\n\n%s", args[1], usage)
			return true, errUsage
		}
		fmt.Fprint(stdout, usage)
		return true, nil
	}
	text, known := commandUsage[cmd]
	if !known {
		fmt.Fprintf(stderr, "relocate: unknown command %q\n\n%s", cmd, usage)
		return true, errUsage
	}
	if slices.ContainsFunc(args[1:], func(a string) bool { return a != "help" && isHelp(a) }) ||
		(cmd == "user" && len(args) > 1 && args[1] == "help") {
		fmt.Fprint(stdout, text)
		return true, nil
	}
	if cmd == "user" && len(args) == 1 {
		fmt.Fprintf(stderr, "relocate user: which one, add, passwd or disable?\n\n%s", text)
		return true, errUsage
	}
	return false, nil
}
