#!/usr/bin/env bash
# Makes the databases of the release before versioned migrations (commit
# 007cdd3) that TestMigrateUpgradesRelease007cdd3 migrates: the release is
# built from git history and run as an operator would — accounts made on
# the command line, sign-ins through the API — once in Berlin time and once
# in UTC, so that SQLite holds times of both zones in Go's time.String()
# text. The schema is dumped whole; the rows of the tables the test checks
# (languages, users, sessions, audit entries, inquiries) are dumped as
# INSERT statements, the demo content is left out to keep the files small.
#
# Usage, from the repository root, with PostgreSQL on 127.0.0.1:5432 and
# the sqlite3 and pg_dump programs:
#   bash cmd/relocate/testdata/release-007cdd3.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=cmd/relocate/testdata
admin=${RELOCATE_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}
tmp=$(mktemp -d)
db=relocate_release_$$
trap 'kill "${pid:-0}" 2>/dev/null || true; psql "$admin" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1; rm -rf "$tmp"' EXIT

mkdir "$tmp/src"
git archive 007cdd3 | tar -x -C "$tmp/src"
(cd "$tmp/src" && go build -o "$tmp/relocate" ./cmd/relocate)

run_release() { # $1: database URL
  export RELOCATE_DATABASE_URL=$1
  echo "password-12345678" | TZ=Europe/Berlin "$tmp/relocate" user add -email admin@legacy.example -name "Anna Admin" -role ADMIN
  port=$(( 20000 + RANDOM % 20000 ))
  TZ=Europe/Berlin RELOCATE_ADDR=127.0.0.1:$port "$tmp/relocate" 2>"$tmp/log" &
  pid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
  for password in wrong-password password-12345678 password-12345678; do
    curl -s -o /dev/null "http://127.0.0.1:$port/graphql" -H 'Content-Type: application/json' \
      -d "{\"query\":\"mutation{login(input:{email:\\\"admin@legacy.example\\\",password:\\\"$password\\\"}){token}}\"}"
  done
  kill "$pid"; wait "$pid" || true
  echo "password-87654321" | TZ=UTC "$tmp/relocate" user add -email editor@legacy.example -name "Eva Editor" -role EDITOR
  unset RELOCATE_DATABASE_URL
}

tables="languages users sessions audit_entries inquiries"

run_release "file:$tmp/release.db"
{
  echo "-- The schema and some rows of a SQLite database made by release 007cdd3; see release-007cdd3.sh."
  # The tables and indexes of ent, not the search index (the guide makes it at start).
  sqlite3 "$tmp/release.db" "SELECT sql || ';' FROM sqlite_master WHERE sql IS NOT NULL AND type IN ('table', 'index')
    AND name NOT LIKE 'guide_article_search%' AND name NOT LIKE 'sqlite_%' ORDER BY type = 'index', rowid"
  for t in $tables; do sqlite3 "$tmp/release.db" ".mode insert $t" "SELECT * FROM $t ORDER BY id"; done
  sqlite3 "$tmp/release.db" ".mode insert sqlite_sequence" "SELECT * FROM sqlite_sequence ORDER BY name"
} >"$out/release-007cdd3.sqlite.sql"

psql "$admin" -qc "CREATE DATABASE $db"
u=${admin%/*}/$db?sslmode=disable
run_release "$u"
{
  echo "-- The schema and some rows of a PostgreSQL database made by release 007cdd3; see release-007cdd3.sh."
  pg_dump --schema-only --no-owner --no-privileges --no-comments "$u"
  pg_dump --data-only --inserts --no-owner --no-privileges $(printf -- '-t %s ' $tables) "$u"
} | grep -v -e '^--' -e '^$' -e '^SET ' -e 'set_config' -e '^\\' >"$out/release-007cdd3.postgres.sql"
wc -c "$out"/release-007cdd3.*.sql
