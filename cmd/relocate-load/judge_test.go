package main

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
)

// at is a request sent at from seconds and answered at to seconds.
func at(from, to float64, o outcome) sample {
	return sample{kind: "graphql", start: time.Duration(from * float64(time.Second)), end: time.Duration(to * float64(time.Second)), outcome: o, status: 200}
}

func TestJudgeOutage(t *testing.T) {
	o := outageTimes{stop: 5 * time.Second, accept: 10 * time.Second}
	clean := []sample{
		at(1, 1.1, outOK),
		at(4.9, 5.2, outUnavailable), // under way when the database stopped
		at(7, 7.1, outUnavailable),
		at(10.1, 10.4, outUnavailable), // just back: within the recovery target
		at(10.5, 10.6, outOK),
		at(13, 13.1, outOK),
	}
	for _, tc := range []struct {
		name     string
		extra    []sample
		misses   []string
		recovery time.Duration
	}{
		{"503s during the outage only, quick recovery", nil, nil, 400 * time.Millisecond},
		{"sent during the outage, refused after it", []sample{at(9.9, 12.5, outUnavailable)}, nil, 400 * time.Millisecond},
		{"a 500 during the outage", []sample{at(6, 6.1, outServerError)}, []string{"1 requests failed (5xx 1)"}, 400 * time.Millisecond},
		{"an internal error in a 200", []sample{at(6, 6.1, outInternal200)}, []string{"1 requests failed (200+INTERNAL 1)"}, 400 * time.Millisecond},
		{"a 503 before the stop", []sample{at(2, 2.1, outUnavailable)}, []string{"1 503s before the database stopped"}, 400 * time.Millisecond},
		{"503s long after the database was back", []sample{at(12.5, 12.6, outUnavailable)},
			[]string{"1 503s for requests sent more than 2s after", "recovered 2.6s after"}, 2600 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			recovery, misses := judgeOutage(append(append([]sample{}, clean...), tc.extra...), o, 2*time.Second)
			if recovery != tc.recovery {
				t.Errorf("recovery %v, want %v", recovery, tc.recovery)
			}
			if len(misses) != len(tc.misses) {
				t.Fatalf("misses %q, want %d", misses, len(tc.misses))
			}
			for i, m := range tc.misses {
				if !strings.HasPrefix(misses[i], m) {
					t.Errorf("miss %q, want it to start with %q", misses[i], m)
				}
			}
		})
	}
	if _, misses := judgeOutage(clean[:3], o, 2*time.Second); len(misses) != 1 || misses[0] != "no request succeeded after the database was back" {
		t.Errorf("a server that never comes back: %q", misses)
	}
}

func TestJudgeWritesAndCrash(t *testing.T) {
	writes := []sample{{kind: "write", outcome: outOK}, {kind: "write", outcome: outUnavailable}, {kind: "write", outcome: outError200}, {kind: "graphql", outcome: outServerError}}
	if m := missUnacknowledged(writes); len(m) != 1 || !strings.HasPrefix(m[0], "2 of 3 writes not acknowledged (503+RA 1, 200+error 1)") {
		t.Errorf("writers: %q", m)
	}
	if m := missLost([]writeCheck{{label: "texts", lost: 2, lostSample: []string{"a", "b"}}, {label: "forms"}}); len(m) != 1 || !strings.HasPrefix(m[0], "texts: 2 acknowledged writes lost") {
		t.Errorf("lost: %q", m)
	}
	if m := judgeCrash("ok", 80*time.Millisecond, 5*time.Second, 10); m != nil {
		t.Errorf("a clean restart: %q", m)
	}
	if m := judgeCrash("row 5 missing from index x", 6*time.Second, 5*time.Second, 0); len(m) != 3 {
		t.Errorf("a bad restart: %q", m)
	}
}

func TestReportShowsTablesAndVerdict(t *testing.T) {
	r := result{
		title:   "writers · SQLite · 2 writers · 1s",
		samples: []sample{at(0, 0.012, outOK), at(0.1, 5.07, outError200)},
		writes:  []writeCheck{{label: "article texts (editor)", sent: 2, acked: 1, found: 1}},
		misses:  []string{"1 of 2 writes not acknowledged"},
	}
	r.samples[1].detail = "no code: cannot create transaction"
	var buf bytes.Buffer
	r.write(&buf)
	out := buf.String()
	for _, want := range []string{
		"### writers · SQLite · 2 writers · 1s",
		"| kind | requests | 2xx | 3xx | 4xx | 429+RA | 5xx | 503+RA | 200+INTERNAL | 200+error | net | p50 | p95 | p99 |",
		"| graphql | 2 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | 12 ms | 4.97 s | 4.97 s |",
		"| article texts (editor) | 2 | 1 | 1 | 0 | 0 |",
		"1 × graphql 200 no code: cannot create transaction",
		"**FAIL**\n- 1 of 2 writes not acknowledged",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 12735: "12,735", 1234567: "1,234,567", -4195: "-4,195"} {
		if got := thousands(n); got != want {
			t.Errorf("%d: %q", n, got)
		}
	}
}

func TestShortFormKeepsExplicitFlags(t *testing.T) {
	o, names, err := parseFlags([]string{"-short", "-clients", "7", "mixed", "all"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.clients != 7 || o.writers != 100 || o.duration != 5*time.Second || o.outage != 3*time.Second {
		t.Errorf("%+v", o)
	}
	if strings.Join(names, " ") != "mixed writers pg-outage kill9" {
		t.Errorf("scenarios %q", names)
	}
	if _, _, err := parseFlags([]string{"-db", "postgres", "-pg-url", "postgres://postgres@127.0.0.1:5432/postgres", "mixed"}, io.Discard); err == nil {
		t.Error("200 clients on a shared server were allowed")
	}
}
