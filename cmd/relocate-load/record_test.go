package main

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestPercentileIsNearestRank(t *testing.T) {
	var hundred []time.Duration
	for i := 1; i <= 100; i++ {
		hundred = append(hundred, time.Duration(i)*time.Millisecond)
	}
	for _, tc := range []struct {
		values []time.Duration
		p      float64
		want   time.Duration
	}{
		{hundred, 50, 50 * time.Millisecond},
		{hundred, 95, 95 * time.Millisecond},
		{hundred, 99, 99 * time.Millisecond},
		{hundred, 100, 100 * time.Millisecond},
		{hundred[:10], 99, 10 * time.Millisecond}, // few values: p99 is the slowest
		{hundred[:10], 50, 5 * time.Millisecond},
		{[]time.Duration{7}, 50, 7},
		{nil, 99, 0},
	} {
		if got := percentile(tc.values, tc.p); got != tc.want {
			t.Errorf("p%v of %d values = %v, want %v", tc.p, len(tc.values), got, tc.want)
		}
	}
}

func TestClassifySeparatesDeliberateAnswersFromFailures(t *testing.T) {
	ra := func(v string) http.Header { h := http.Header{}; h.Set("Retry-After", v); return h }
	for _, tc := range []struct {
		name    string
		status  int
		header  http.Header
		body    string
		graphql bool
		want    outcome
		detail  string
	}{
		{"data", 200, nil, `{"data":{"languages":[]}}`, true, outOK, ""},
		{"page", 200, nil, `<html>`, false, outOK, ""},
		{"form accepted", 303, nil, ``, false, outRedirect, ""},
		{"internal error in a 200", 200, nil, `{"errors":[{"message":"x","extensions":{"code":"INTERNAL_SERVER_ERROR"}}],"data":null}`, true, outInternal200, "INTERNAL_SERVER_ERROR: x"},
		{"raw driver text in a 200", 200, nil, `{"errors":[{"message":"cannot create transaction: database is locked (5) (SQLITE_BUSY)"}],"data":null}`, true, outError200, "no code: cannot create transaction"},
		{"data null without errors", 200, nil, `{"data":null}`, true, outError200, ""},
		{"not JSON", 200, nil, `<html>`, true, outError200, "unreadable"},
		{"pool exhausted, told when to retry", 503, ra("2"), `{"errors":[{"message":"busy","extensions":{"code":"SERVICE_UNAVAILABLE"}}]}`, true, outUnavailable, "SERVICE_UNAVAILABLE: busy"},
		{"503 with an HTTP date", 503, ra("Wed, 21 Oct 2026 07:28:00 GMT"), ``, false, outUnavailable, ""},
		{"503 without Retry-After", 503, nil, `Service Unavailable`, false, outServerError, "Service Unavailable"},
		{"503 with a Retry-After no client understands", 503, ra("soon"), ``, false, outServerError, ""},
		{"500", 500, nil, `{"errors":[{"message":"m","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}`, true, outServerError, "INTERNAL_SERVER_ERROR: m"},
		{"form limit", 429, ra("600"), ``, false, outLimited, ""},
		{"429 without Retry-After", 429, nil, ``, false, outClientError, ""},
		{"422 form error", 422, nil, ``, false, outClientError, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := tc.header
			if h == nil {
				h = http.Header{}
			}
			got, detail := classify(tc.status, h, []byte(tc.body), tc.graphql)
			if got != tc.want {
				t.Errorf("outcome %s, want %s", outcomeNames[got], outcomeNames[tc.want])
			}
			if !strings.HasPrefix(detail, tc.detail) {
				t.Errorf("detail %q, want it to start with %q", detail, tc.detail)
			}
		})
	}
}

func TestTalliesSplitByKindAndCountEveryRequestOnce(t *testing.T) {
	samples := []sample{
		{kind: "write", start: 0, end: 10 * time.Millisecond, outcome: outOK},
		{kind: "graphql", start: 0, end: 2 * time.Millisecond, outcome: outOK},
		{kind: "write", start: 0, end: 30 * time.Millisecond, outcome: outError200},
		{kind: "graphql", start: 0, end: 4 * time.Millisecond, outcome: outUnavailable},
	}
	ts := tallies(samples)
	if len(ts) != 3 || ts[0].kind != "graphql" || ts[1].kind != "write" || ts[2].kind != "all" {
		t.Fatalf("rows %+v, want graphql, write, all", ts)
	}
	all := ts[2]
	if all.requests != 4 || all.by[outOK] != 2 || all.by[outError200] != 1 || all.by[outUnavailable] != 1 {
		t.Errorf("all: %+v", all)
	}
	if all.failures() != 1 {
		t.Errorf("failures %d, want 1: a 503 with Retry-After is deliberate", all.failures())
	}
	if ts[1].p99 != 30*time.Millisecond || ts[1].p50 != 10*time.Millisecond {
		t.Errorf("write percentiles p50 %v p99 %v", ts[1].p50, ts[1].p99)
	}
}

func TestCheckWritesFindsLostAndUnansweredWrites(t *testing.T) {
	c := checkWrites("texts", 5, []string{"m1", "m2", "m3"}, map[string]bool{"m1": true, "m3": true, "m4": true})
	if c.acked != 3 || c.found != 3 || c.lost != 1 || c.unanswered != 1 || c.lostSample[0] != "m2" {
		t.Errorf("%+v", c)
	}
}

func TestSummarizeLogLine(t *testing.T) {
	line := `time=2026-11-29T06:00:00Z level=ERROR msg="graphql: internal error" request=abc err="cannot commit: FATAL: terminating connection" op=x`
	if got := logMessage(line); got != "graphql: internal error: cannot commit: FATAL: terminating connection" {
		t.Errorf("got %q", got)
	}
}
