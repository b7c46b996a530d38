package main

import (
	"bytes"
	"encoding/json"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// outcome is what one request came to, from a client's point of view. The
// classes are disjoint: every request has exactly one.
type outcome int

// The outcomes, in the order of the table's columns.
const (
	outOK          outcome = iota // 2xx without GraphQL errors
	outRedirect                   // 3xx (a form accepted: 303 to ?sent=1)
	outClientError                // 4xx other than a 429 with Retry-After
	outLimited                    // 429 with a valid Retry-After: a limit working as intended
	outServerError                // 5xx other than a 503 with Retry-After
	outUnavailable                // 503 with a valid Retry-After: deliberate back-pressure
	outInternal200                // 200 carrying INTERNAL_SERVER_ERROR
	outError200                   // 200 carrying other GraphQL errors
	outNetError                   // no HTTP answer: refused, reset, timed out
	numOutcomes
)

// outcomeNames head the table's columns.
var outcomeNames = [numOutcomes]string{"2xx", "3xx", "4xx", "429+RA", "5xx", "503+RA", "200+INTERNAL", "200+error", "net"}

// failure reports whether o counts against the target "no errors except
// deliberate ones": limits and 503s that say when to come back are
// deliberate, everything else that is not a success is a failure.
func (o outcome) failure() bool {
	switch o {
	case outOK, outRedirect, outLimited, outUnavailable:
		return false
	}
	return true
}

// sample is one request: what it was, when, and how it ended. Times are
// offsets from the start of the run.
type sample struct {
	kind       string
	start, end time.Duration
	status     int
	outcome    outcome
	// detail says why a request that did not succeed failed: the GraphQL
	// error's code and message, or the transport error; empty on success.
	detail string
}

func (s sample) latency() time.Duration { return s.end - s.start }

// gqlResponse is the part of a GraphQL answer the tool looks at.
type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string `json:"message"`
		Extensions struct {
			Code string `json:"code"`
		} `json:"extensions"`
	} `json:"errors"`
}

// classify sorts an HTTP answer into its outcome. graphql says whether the
// body is a GraphQL response (then errors in a 200 count); detail names the
// first error for the report.
func classify(status int, header http.Header, body []byte, graphql bool) (outcome, string) {
	switch {
	case status == http.StatusTooManyRequests && validRetryAfter(header.Get("Retry-After")):
		return outLimited, ""
	case status == http.StatusServiceUnavailable && validRetryAfter(header.Get("Retry-After")):
		return outUnavailable, errorDetail(body, graphql)
	case status >= 500:
		return outServerError, errorDetail(body, graphql)
	case status >= 400:
		return outClientError, errorDetail(body, graphql)
	case status >= 300:
		return outRedirect, ""
	}
	if bytes.Contains(body, []byte("INTERNAL_SERVER_ERROR")) {
		return outInternal200, errorDetail(body, graphql)
	}
	if graphql {
		var r gqlResponse
		if err := json.Unmarshal(body, &r); err != nil {
			return outError200, "unreadable GraphQL answer: " + err.Error()
		}
		if len(r.Errors) > 0 || len(r.Data) == 0 || string(r.Data) == "null" {
			return outError200, errorDetail(body, true)
		}
	}
	return outOK, ""
}

// errorDetail names the first GraphQL error of body, or the start of body.
func errorDetail(body []byte, graphql bool) string {
	if graphql {
		var r gqlResponse
		if json.Unmarshal(body, &r) == nil && len(r.Errors) > 0 {
			e := r.Errors[0]
			code := e.Extensions.Code
			if code == "" {
				code = "no code"
			}
			return code + ": " + shorten(e.Message, 160)
		}
	}
	return shorten(strings.Join(strings.Fields(string(body)), " "), 120)
}

// validRetryAfter reports whether v is a Retry-After value a client can
// act on: seconds or an HTTP date.
func validRetryAfter(v string) bool {
	if v == "" {
		return false
	}
	if n, err := strconv.Atoi(v); err == nil {
		return n >= 0
	}
	_, err := http.ParseTime(v)
	return err == nil
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8Start(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// tally counts the samples of one kind (or all) by outcome, with latency
// percentiles.
type tally struct {
	kind          string
	requests      int
	by            [numOutcomes]int
	p50, p95, p99 time.Duration
}

func (t tally) failures() int {
	n := 0
	for o, c := range t.by {
		if outcome(o).failure() {
			n += c
		}
	}
	return n
}

// tallies returns one tally per kind, in order of first appearance, and a
// last one over all samples when there is more than one kind.
func tallies(samples []sample) []tally {
	var kinds []string
	byKind := map[string][]sample{}
	for _, s := range samples {
		if _, ok := byKind[s.kind]; !ok {
			kinds = append(kinds, s.kind)
		}
		byKind[s.kind] = append(byKind[s.kind], s)
	}
	slices.SortStableFunc(kinds, func(a, b string) int { return kindRank(a) - kindRank(b) })
	var out []tally
	for _, k := range kinds {
		out = append(out, tallyOf(k, byKind[k]))
	}
	if len(kinds) > 1 {
		out = append(out, tallyOf("all", samples))
	}
	return out
}

// kindRank orders the table's rows: reads first, writes last.
func kindRank(kind string) int {
	if i := slices.Index([]string{"graphql", "page", "form", "write"}, kind); i >= 0 {
		return i
	}
	return 4
}

func tallyOf(kind string, samples []sample) tally {
	t := tally{kind: kind, requests: len(samples)}
	lat := make([]time.Duration, 0, len(samples))
	for _, s := range samples {
		t.by[s.outcome]++
		lat = append(lat, s.latency())
	}
	slices.Sort(lat)
	t.p50, t.p95, t.p99 = percentile(lat, 50), percentile(lat, 95), percentile(lat, 99)
	return t
}

// percentile returns the p-th percentile of sorted by the nearest-rank
// method: the smallest value that at least p % of the values do not
// exceed. Zero for no values.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(float64(len(sorted)) * p / 100))
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}

// examples returns up to n distinct failure details with their counts,
// most frequent first, for the report.
func examples(samples []sample, n int, include func(sample) bool) []string {
	counts := map[string]int{}
	for _, s := range samples {
		if include(s) {
			counts[s.kind+" "+statusText(s)+" "+s.detail]++
		}
	}
	return topCounts(counts, n)
}

func statusText(s sample) string {
	if s.outcome == outNetError {
		return "(no answer)"
	}
	return strconv.Itoa(s.status)
}
