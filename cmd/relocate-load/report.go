package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// result is what one scenario on one database found.
type result struct {
	title   string
	samples []sample
	phases  []phase
	writes  []writeCheck
	facts   []string
	misses  []string
	log     logSummary
	logPath string
	// pgLog lists what the private PostgreSQL server refused or reported
	// during the run, most frequent first.
	pgLog []string
}

// phase is a stretch of a run reported on its own (before, during and
// after an outage or a crash); a request belongs to the phase it started in.
type phase struct {
	name     string
	from, to time.Duration
}

// write prints r as Markdown tables like the reliability review's.
func (r result) write(w io.Writer) {
	fmt.Fprintf(w, "\n### %s\n\n", r.title)
	head := append([]string{"kind", "requests"}, outcomeNames[:]...)
	head = append(head, "p50", "p95", "p99")
	var rows [][]string
	for _, t := range tallies(r.samples) {
		row := []string{t.kind, thousands(t.requests)}
		for _, n := range t.by {
			row = append(row, thousands(n))
		}
		rows = append(rows, append(row, ms(t.p50), ms(t.p95), ms(t.p99)))
	}
	table(w, head, rows)
	if len(r.phases) > 0 {
		rows = nil
		last := time.Duration(0)
		for _, s := range r.samples {
			last = max(last, s.start)
		}
		for _, p := range r.phases {
			p.to = min(p.to, last+time.Nanosecond)
			var in []sample
			for _, s := range r.samples {
				if s.start >= p.from && s.start < p.to {
					in = append(in, s)
				}
			}
			t := tallyOf(p.name, in)
			rows = append(rows, []string{
				fmt.Sprintf("%s (%s–%s)", p.name, secs(p.from), secs(p.to)), thousands(t.requests),
				thousands(t.by[outOK] + t.by[outRedirect]), thousands(t.by[outUnavailable]), thousands(t.failures()),
				ms(t.p99),
			})
		}
		fmt.Fprintln(w)
		table(w, []string{"phase", "requests", "ok", "503+RA", "failures", "p99"}, rows)
	}
	if len(r.writes) > 0 {
		rows = nil
		for _, c := range r.writes {
			rows = append(rows, []string{c.label, thousands(c.sent), thousands(c.acked), thousands(c.found),
				thousands(c.lost), thousands(c.unanswered)})
		}
		fmt.Fprintln(w)
		table(w, []string{"writes", "sent", "acknowledged", "found afterwards", "lost", "stored without answer"}, rows)
	}
	fmt.Fprintln(w)
	for _, f := range r.facts {
		fmt.Fprintf(w, "- %s\n", f)
	}
	if ex := examples(r.samples, 5, func(s sample) bool { return s.outcome.failure() || s.outcome == outUnavailable }); len(ex) > 0 {
		fmt.Fprintln(w, "- answers that were not successes, most frequent first:")
		for _, e := range ex {
			fmt.Fprintf(w, "  - %s\n", e)
		}
	}
	fmt.Fprintf(w, "- server log: %s ERROR, %s WARN lines", thousands(r.log.errors), thousands(r.log.warnings))
	if r.logPath != "" {
		fmt.Fprintf(w, " (%s)", r.logPath)
	}
	fmt.Fprintln(w)
	for _, l := range r.log.top {
		fmt.Fprintf(w, "  - %s\n", l)
	}
	if len(r.pgLog) > 0 {
		fmt.Fprintln(w, "- PostgreSQL's log during the run:")
		for _, l := range r.pgLog {
			fmt.Fprintf(w, "  - %s\n", l)
		}
	}
	if len(r.misses) == 0 {
		fmt.Fprintln(w, "\n**PASS**")
		return
	}
	fmt.Fprintln(w, "\n**FAIL**")
	for _, m := range r.misses {
		fmt.Fprintf(w, "- %s\n", m)
	}
}

// table prints a Markdown table.
func table(w io.Writer, head []string, rows [][]string) {
	line := func(cells []string) { fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | ")) }
	line(head)
	sep := make([]string, len(head))
	for i := range sep {
		sep[i] = "---"
		if i > 0 {
			sep[i] = "--:"
		}
	}
	line(sep)
	for _, r := range rows {
		line(r)
	}
}

// thousands formats n with commas, as the review does: 12,735.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// ms formats a latency: 0.4 ms, 12 ms, 1.25 s.
func ms(d time.Duration) string {
	switch {
	case d == 0:
		return "—"
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	case d < time.Second:
		return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

func secs(d time.Duration) string { return fmt.Sprintf("%.1f s", d.Seconds()) }

func round(d time.Duration) time.Duration { return d.Round(time.Millisecond) }
