package main

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// database is where one run's relocate keeps its data.
type database struct {
	dialect string // "SQLite" or "PostgreSQL"
	url     string // RELOCATE_DATABASE_URL
	path    string // the SQLite file
	drop    func() // removes a PostgreSQL database; nil for SQLite
}

func (d *database) open() (*sql.DB, error) {
	if d.dialect == "SQLite" {
		return sql.Open("sqlite", "file:"+d.path+"?_pragma=busy_timeout(10000)")
	}
	return sql.Open("pgx", d.url)
}

// markers returns the texts in table.column that start with prefix: the
// markers of writes that reached the database. prefix is the tool's own
// (letters, digits and hyphens), so it is safe in the statement.
func (d *database) markers(ctx context.Context, table, column, prefix string) (map[string]bool, error) {
	db, err := d.open()
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, fmt.Sprintf("SELECT %s FROM %s WHERE %s LIKE '%s%%'", column, table, column, prefix))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", table, err)
	}
	defer rows.Close()
	found := map[string]bool{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		found[s] = true
	}
	return found, rows.Err()
}

// integrity runs SQLite's PRAGMA integrity_check; "ok" when the file is sound.
func (d *database) integrity(ctx context.Context) (string, error) {
	db, err := d.open()
	if err != nil {
		return "", err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return "", err
		}
		lines = append(lines, s)
	}
	return strings.Join(lines, "; "), rows.Err()
}

// writeCheck compares the writes a server acknowledged with the rows found
// afterwards.
type writeCheck struct {
	label string
	sent  int // attempts
	acked int
	found int // rows with one of this run's markers
	lost  int // acknowledged, not found
	// unanswered rows were stored although the client got no
	// acknowledgement (a crash or outage between commit and answer):
	// allowed, reported.
	unanswered int
	lostSample []string
}

func checkWrites(label string, sent int, acked []string, found map[string]bool) writeCheck {
	c := writeCheck{label: label, sent: sent, acked: len(acked), found: len(found)}
	ack := make(map[string]bool, len(acked))
	for _, m := range acked {
		ack[m] = true
		if !found[m] {
			c.lost++
			if len(c.lostSample) < 3 {
				c.lostSample = append(c.lostSample, m)
			}
		}
	}
	for m := range found {
		if !ack[m] {
			c.unanswered++
		}
	}
	return c
}

// logSummary counts the server's warnings and errors by message.
type logSummary struct {
	errors, warnings int
	top              []string
}

// summarizeLog reads a relocate log (slog text format).
func summarizeLog(path string) logSummary {
	f, err := os.Open(path)
	if err != nil {
		return logSummary{}
	}
	defer f.Close()
	var s logSummary
	msgs := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		var level string
		switch {
		case strings.Contains(line, "level=ERROR"):
			s.errors++
			level = "ERROR"
		case strings.Contains(line, "level=WARN"):
			s.warnings++
			level = "WARN"
		default:
			continue
		}
		msgs[level+" "+logMessage(line)]++
	}
	s.top = topCounts(msgs, 4)
	return s
}

// summarizePGLog counts the FATAL and ERROR lines a PostgreSQL server
// wrote to its log at path from offset on, by message.
func summarizePGLog(path string, offset int64) []string {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	if _, err := f.Seek(offset, 0); err != nil {
		return nil
	}
	msgs := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		for _, level := range []string{"FATAL:  ", "ERROR:  ", "PANIC:  "} {
			if i := strings.Index(line, level); i >= 0 {
				msgs[strings.TrimSpace(level)+" "+shorten(line[i+len(level):], 120)]++
			}
		}
	}
	return topCounts(msgs, 3)
}

// topCounts lists the n most frequent keys as "count × key".
func topCounts(counts map[string]int, n int) []string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if counts[a] != counts[b] {
			return counts[b] - counts[a]
		}
		return strings.Compare(a, b)
	})
	if len(keys) > n {
		keys = keys[:n]
	}
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = strconv.Itoa(counts[k]) + " × " + k
	}
	return out
}

// logMessage extracts msg (and err, shortened) from a slog text line.
func logMessage(line string) string {
	msg := field(line, "msg")
	if e := field(line, "err"); e != "" {
		msg += ": " + shorten(e, 140)
	} else if e := field(line, "error"); e != "" {
		msg += ": " + shorten(e, 140)
	}
	return msg
}

// field returns the value of key=… in a slog text line, unquoted.
func field(line, key string) string {
	i := strings.Index(line, " "+key+"=")
	if i < 0 {
		return ""
	}
	rest := line[i+len(key)+2:]
	if strings.HasPrefix(rest, `"`) {
		if v, err := strconv.QuotedPrefix(rest); err == nil {
			u, _ := strconv.Unquote(v)
			return u
		}
	}
	if j := strings.IndexByte(rest, ' '); j >= 0 {
		return rest[:j]
	}
	return rest
}
