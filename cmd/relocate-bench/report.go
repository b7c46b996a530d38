package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// row is one request kind measured at one scale on one database, with the
// limit measured right before and after it.
type row struct {
	kind kind
	m    measurement
	// limitRate is the mean req/s of the limit runs before and after;
	// limitCPU their CPU per request.
	limitRate float64
	limitCPU  time.Duration
	// skipped says why the kind was not measured ("" when it was).
	skipped string
	// single is the kind measured one request at a time, when it got no
	// correct answer under load; nil otherwise.
	single *measurement
}

// cost is the kind's CPU per request: under load, or one request at a
// time when it got (almost) no answer under load (then alone is true); 0
// when unknown.
func (r row) cost() (cost time.Duration, alone bool) {
	if r.single != nil && r.single.ok > 0 {
		return r.single.cpuPerRequest(), true
	}
	return r.m.cpuPerRequest(), false
}

// percentOfLimit is the kind's req/s as a percentage of the limit's.
func (r row) percentOfLimit() float64 {
	if r.limitRate <= 0 {
		return 0
	}
	return 100 * r.m.rate() / r.limitRate
}

// result is one database at one scale.
type result struct {
	db    string // SQLite or PostgreSQL
	prep  prepared
	limit measurement // every limit run of this scale together
	rows  []row
	// started is the server's memory after start and one request of each
	// kind; after its memory after the load (with the peak in hwm).
	started, after memory
	ready          time.Duration
}

// merge adds the runs of b to a (several rounds of one kind).
func merge(a, b measurement) measurement {
	a.ok += b.ok
	a.bad += b.bad
	a.timeouts += b.timeouts
	a.unavailable += b.unavailable
	a.window += b.window
	a.latencies = append(slices.Clip(a.latencies), b.latencies...)
	slices.Sort(a.latencies)
	a.bytes = max(a.bytes, b.bytes)
	a.cpu += b.cpu
	a.dbCPU += b.dbCPU
	a.hasDBCPU = a.hasDBCPU || b.hasDBCPU
	return a
}

// costRatio is cost(×N)/cost(×1): the CPU per request at the larger
// scale over that at ×1; 0 when either is unknown.
func costRatio(base, scaled time.Duration) float64 {
	if base <= 0 || scaled <= 0 {
		return 0
	}
	return float64(scaled) / float64(base)
}

// settings are the run's parameters, for the report's head.
type settings struct {
	conns                    int
	duration, warmup, timout time.Duration
	rounds                   int
	commit                   string
	pace                     float64
}

// writeReport writes the Markdown report of results (ordered by database,
// then scale).
func writeReport(w io.Writer, s settings, results []result) {
	fmt.Fprintf(w, "# relocate-bench: issue 11's table\n\n")
	fmt.Fprintf(w, "Code: %s. %d connections, %s per kind and run after %s of warm-up, %d round(s), client timeout %s; "+
		"each kind runs between two runs of the fixed-JSON limit (interleaved), and %% of limit compares with their mean. "+
		"CPU is the server process's (plus PostgreSQL's, when the tool started it) per correct answer.\n",
		s.commit, s.conns, s.duration, s.warmup, s.rounds, s.timout)
	if s.pace > 0 {
		fmt.Fprintf(w, "\n**Paced:** each kind was sent at %.0f %% of the limit measured just before it, spread over the connections, "+
			"each request's latency counted from when it was due (req/s and %% of limit are what was sent, not what the server could do; "+
			"p50 and p99 are the latency a reader sees at that load).\n", s.pace*100)
	}
	for _, r := range results {
		writeResult(w, r)
	}
	for _, db := range databases(results) {
		var scaled []result
		for _, r := range results {
			if r.db == db {
				scaled = append(scaled, r)
			}
		}
		if len(scaled) > 1 {
			writeGrowth(w, db, scaled)
		}
	}
	writeMemory(w, results)
}

func databases(results []result) []string {
	var out []string
	for _, r := range results {
		if len(out) == 0 || out[len(out)-1] != r.db {
			out = append(out, r.db)
		}
	}
	return out
}

func writeResult(w io.Writer, r result) {
	fmt.Fprintf(w, "\n## %s, content ×%d: %d articles, %d published texts (ready %s after start)\n\n",
		r.db, r.prep.scale, r.prep.articles, r.prep.texts, r.ready.Round(time.Millisecond))
	cpuHead := "CPU ms/req"
	pg := r.db == "PostgreSQL" && len(r.rows) > 0 && r.rows[0].m.hasDBCPU
	if pg {
		cpuHead = "CPU ms/req (of which PostgreSQL)"
	}
	fmt.Fprintf(w, "| request | req/s | %% of limit | p50 ms | p99 ms | %s | errors (503 / time-outs) | bytes |\n", cpuHead)
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|")
	lim := r.limit
	fmt.Fprintf(w, "| fixed %d-byte JSON (the limit) | %s | 100 %% | %s | %s | %s | %d (%d / %d) | %d |\n",
		len(fixedJSON), num(lim.rate()), ms(lim.quantile(0.5)), ms(lim.quantile(0.99)), ms(lim.cpuPerRequest()),
		lim.bad, lim.unavailable, lim.timeouts, lim.bytes)
	for _, x := range r.rows {
		if x.skipped != "" {
			fmt.Fprintf(w, "| %s | — | — | — | — | — | not measured: %s | — |\n", x.kind.label, x.skipped)
			continue
		}
		m := x.m
		cpu := ms(m.cpuPerRequest())
		if pg && m.ok > 0 {
			cpu += " (" + ms(m.dbCPU/time.Duration(m.ok)) + ")"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %d (%d / %d) | %d |\n", x.kind.label, num(m.rate()), percent(x.percentOfLimit()),
			ms(m.quantile(0.5)), ms(m.quantile(0.99)), cpu, m.bad, m.unavailable, m.timeouts, m.bytes)
		if s := x.single; s != nil {
			fmt.Fprintf(w, "| ↳ the same, one request at a time (too few answers under load) | %d of %d answered | — | %s | %s | %s | %d (%d / %d) | %d |\n",
				s.ok, s.ok+s.bad, ms(s.quantile(0.5)), ms(s.quantile(0.99)), ms(s.cpuPerRequest()), s.bad, s.unavailable, s.timeouts, s.bytes)
		}
	}
	if line := versusPeer(r.rows); line != "" {
		fmt.Fprintf(w, "\n%s\n", line)
	}
}

// versusPeer compares topics10 with the peer's equivalent, when both were
// measured: "" otherwise.
func versusPeer(rows []row) string {
	ours := slices.IndexFunc(rows, func(x row) bool { return x.kind.id == "topics10" })
	theirs := slices.IndexFunc(rows, func(x row) bool { return x.kind.id == "peer-topics10" })
	if ours < 0 || theirs < 0 || rows[ours].skipped != "" || rows[theirs].skipped != "" {
		return ""
	}
	o, t := rows[ours].m, rows[theirs].m
	if o.ok == 0 || t.ok == 0 || o.cpuPerRequest() <= 0 {
		return ""
	}
	return fmt.Sprintf("topics10 against the peer: %s its req/s; the peer's CPU per request is %s relocate's (p99 %s ms against %s ms).",
		ratio(o.rate()/t.rate()), ratio(float64(t.cpuPerRequest())/float64(o.cpuPerRequest())), ms(o.quantile(0.99)), ms(t.quantile(0.99)))
}

// writeGrowth writes the side-by-side table for one database and
// the cost ratios against the first (smallest) scale.
func writeGrowth(w io.Writer, db string, scaled []result) {
	base := scaled[0]
	fmt.Fprintf(w, "\n## %s side by side (as in issue 11)\n\n| request |", db)
	for _, r := range scaled {
		fmt.Fprintf(w, " ×%d (%d articles) |", r.prep.scale, r.prep.articles)
	}
	for _, r := range scaled[1:] {
		fmt.Fprintf(w, " cost ×%d / ×%d |", r.prep.scale, base.prep.scale)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "|---|"+strings.Repeat("---|", 2*len(scaled)-1))
	for i, x := range base.rows {
		fmt.Fprintf(w, "| %s |", x.kind.label)
		for _, r := range scaled {
			fmt.Fprintf(w, " %s |", cell(r.rows[i]))
		}
		baseCost, baseAlone := x.cost()
		for _, r := range scaled[1:] {
			c, alone := r.rows[i].cost()
			cr := ratio(costRatio(baseCost, c))
			if (alone || baseAlone) && cr != "—" {
				cr += " (one at a time)"
			}
			fmt.Fprintf(w, " %s |", cr)
		}
		fmt.Fprintln(w)
	}
}

// cell is one measurement in the side-by-side table.
func cell(x row) string {
	switch {
	case x.skipped != "":
		return "not measured"
	case x.m.ok == 0 && x.single != nil && x.single.ok > 0:
		return fmt.Sprintf("0 (%d errors: %d 503, %d time-outs); one at a time: %s ms, %s ms CPU/request", x.m.bad, x.m.unavailable,
			x.m.timeouts, ms(x.single.quantile(0.5)), ms(x.single.cpuPerRequest()))
	case x.m.ok == 0:
		return fmt.Sprintf("0 (%d errors: %d 503, %d time-outs)", x.m.bad, x.m.unavailable, x.m.timeouts)
	}
	if x.single != nil && x.single.ok > 0 {
		return fmt.Sprintf("%s req/s (%s of the limit), p99 %s ms; one at a time: %s ms, %s ms CPU/request", num(x.m.rate()),
			percent(x.percentOfLimit()), ms(x.m.quantile(0.99)), ms(x.single.quantile(0.5)), ms(x.single.cpuPerRequest()))
	}
	s := fmt.Sprintf("%s req/s (%s of the limit), %s ms CPU/request, p99 %s ms", num(x.m.rate()), percent(x.percentOfLimit()),
		ms(x.m.cpuPerRequest()), ms(x.m.quantile(0.99)))
	if x.m.bad > 0 {
		s += fmt.Sprintf(", %d errors (%d 503)", x.m.bad, x.m.unavailable)
	}
	return s
}

func writeMemory(w io.Writer, results []result) {
	fmt.Fprintln(w, "\n## Memory of the relocate process\n\n| database | content | RSS after start | RSS after the load | peak RSS (VmHWM) |\n|---|---|---|---|---|")
	for _, r := range results {
		fmt.Fprintf(w, "| %s | ×%d | %s | %s | %s |\n", r.db, r.prep.scale, mib(r.started.rss), mib(r.after.rss), mib(r.after.hwm))
	}
}

// num writes a rate: whole numbers with thousands separators above 100,
// one decimal below.
func num(v float64) string {
	if v < 100 {
		return fmt.Sprintf("%.1f", v)
	}
	s := fmt.Sprintf("%.0f", v)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// ms writes a duration in milliseconds with three significant digits.
func ms(d time.Duration) string {
	if d <= 0 {
		return "—"
	}
	v := float64(d) / float64(time.Millisecond)
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	case v >= 1:
		return fmt.Sprintf("%.2f", v)
	}
	return fmt.Sprintf("%.3f", v)
}

func percent(p float64) string {
	switch {
	case p >= 10:
		return fmt.Sprintf("%.0f %%", p)
	case p >= 1:
		return fmt.Sprintf("%.1f %%", p)
	}
	return fmt.Sprintf("%.2f %%", p)
}

func ratio(r float64) string {
	if r <= 0 {
		return "—"
	}
	if r >= 10 {
		return fmt.Sprintf("%.0f×", r)
	}
	return fmt.Sprintf("%.2f×", r)
}

func mib(kb int64) string {
	if kb <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f MB", float64(kb)/1024)
}
