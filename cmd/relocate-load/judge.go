package main

import (
	"fmt"
	"strings"
	"time"
)

// The judges compare a run with the targets of issue 8 and return one
// line per target missed; none when the run passes.

// missFailures: no request may fail except deliberately (429 or 503 with
// Retry-After). Used by mixed.
func missFailures(samples []sample) []string {
	var by [numOutcomes]int
	n := 0
	for _, s := range samples {
		if s.outcome.failure() {
			by[s.outcome]++
			n++
		}
	}
	if n == 0 {
		return nil
	}
	return []string{fmt.Sprintf("%s requests failed (%s); target: 0 except 429/503 with Retry-After", thousands(n), splitText(by))}
}

// missUnacknowledged: every write must be acknowledged; a 503 with
// Retry-After is an error for a writer too. Used by writers.
func missUnacknowledged(samples []sample) []string {
	var by [numOutcomes]int
	n, sent := 0, 0
	for _, s := range samples {
		if s.kind != "write" {
			continue
		}
		sent++
		if s.outcome != outOK {
			by[s.outcome]++
			n++
		}
	}
	if n == 0 {
		return nil
	}
	return []string{fmt.Sprintf("%s of %s writes not acknowledged (%s); target: 0 errors", thousands(n), thousands(sent), splitText(by))}
}

// missLost: every acknowledged write must be found afterwards.
func missLost(checks []writeCheck) []string {
	var out []string
	for _, c := range checks {
		if c.lost > 0 {
			out = append(out, fmt.Sprintf("%s: %s acknowledged writes lost (e.g. %s); target: 0",
				c.label, thousands(c.lost), strings.Join(c.lostSample, ", ")))
		}
	}
	return out
}

// outageTimes are the moments of a database outage, as offsets from the
// start of the run: stop issued, server accepting connections again.
type outageTimes struct {
	stop, accept time.Duration
}

// judgeOutage checks a run during which the database was down: no
// failures but 503s with Retry-After, those only while the database was
// down or within recoveryTarget after it accepted connections again, and
// successes afterwards. recovery is when the last answer that was not a
// success ended, of the requests sent after the database was back (0 when
// none): a request sent during the outage may rightly wait and fail.
func judgeOutage(samples []sample, o outageTimes, recoveryTarget time.Duration) (recovery time.Duration, misses []string) {
	misses = missFailures(samples)
	early, late, okAfter := 0, 0, 0
	for _, s := range samples {
		if s.outcome == outOK || s.outcome == outRedirect {
			if s.start >= o.accept+recoveryTarget {
				okAfter++
			}
			continue
		}
		if s.start >= o.accept {
			recovery = max(recovery, s.end-o.accept)
		}
		if s.outcome != outUnavailable {
			continue
		}
		switch {
		case s.end < o.stop:
			early++
		case s.start > o.accept+recoveryTarget:
			late++
		}
	}
	if early > 0 {
		misses = append(misses, fmt.Sprintf("%s 503s before the database stopped; target: 503s during the outage only", thousands(early)))
	}
	if late > 0 {
		misses = append(misses, fmt.Sprintf("%s 503s for requests sent more than %s after the database was back; target: 503s during the outage only",
			thousands(late), recoveryTarget))
	}
	if recovery >= recoveryTarget {
		misses = append(misses, fmt.Sprintf("recovered %s after the database accepted connections again; target: < %s",
			round(recovery), recoveryTarget))
	}
	if okAfter == 0 {
		misses = append(misses, "no request succeeded after the database was back")
	}
	return recovery, misses
}

// judgeCrash checks the restart after kill -9: a sound file, ready within
// readyWithin, and writes acknowledged after the restart.
func judgeCrash(integrity string, ready, readyWithin time.Duration, acksAfter int) []string {
	var misses []string
	if integrity != "ok" {
		misses = append(misses, "PRAGMA integrity_check after the restart: "+integrity)
	}
	if ready > readyWithin {
		misses = append(misses, fmt.Sprintf("ready %s after the restart; target: ≤ %s", round(ready), readyWithin))
	}
	if acksAfter == 0 {
		misses = append(misses, "no write was acknowledged after the restart")
	}
	return misses
}

// splitText lists the non-zero failure classes of by.
func splitText(by [numOutcomes]int) string {
	var parts []string
	for o, n := range by {
		if n > 0 {
			parts = append(parts, outcomeNames[o]+" "+thousands(n))
		}
	}
	return strings.Join(parts, ", ")
}
