package graph_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"relocate/internal/testenv"
)

// fanOut is a document whose fragments each spread the next one k times:
// n fragments make k^n paths to the last one, in a few hundred bytes.
// body(i) is what fragment i holds besides its spreads.
func fanOut(n, k int, on, root, leaf string, body func(i int) string) string {
	var b strings.Builder
	b.WriteString(root + "\n")
	for i := range n {
		fmt.Fprintf(&b, "fragment F%d on %s {%s", i, on, body(i))
		for range k {
			fmt.Fprintf(&b, " ...F%d", i+1)
		}
		b.WriteString(" }\n")
	}
	fmt.Fprintf(&b, "fragment F%d on %s { %s }", n, on, leaf)
	return b.String()
}

func nothing(int) string { return "" }

func TestFragmentFanOutIsRefusedAtOnce(t *testing.T) {
	h := testenv.Shared(t, testenv.DBs[0]).Handler
	gql := testenv.NewGraphQL(t, h)
	shapes := []struct{ name, query string }{
		// The shapes of the reliability review: 19 s, 20 s and over 30 s of CPU before.
		{"2^25 paths", fanOut(25, 2, "Query", "{ ...F0 }", "__typename", nothing)},
		{"4^13 paths", fanOut(13, 4, "Query", "{ ...F0 }", "__typename", nothing)},
		{"4^14 paths", fanOut(14, 4, "Query", "{ ...F0 }", "__typename", nothing)},
		// Nested: every level goes one field deeper.
		{"nested", fanOut(12, 3, "GuideCategory", "{ guideCategories { ...F0 } }", "name",
			func(i int) string { return fmt.Sprintf(" children { ...F%d } parent { ...F%d }", i+1, i+1) })},
		// Wide: every fragment selects many fields of its own.
		{"wide", fanOut(10, 4, "Query", "{ ...F0 }", "languages { code nativeName }",
			func(i int) string {
				s := ""
				for j := range 8 {
					s += fmt.Sprintf(" w%d_%d: languages { code completeness }", i, j)
				}
				return s
			})},
		// Inline fragments and aliases mixed with the spreads.
		{"inline fragments and aliases", fanOut(16, 2, "Query", "query Mixed { a: __typename ... on Query { ...F0 } }", "t: __typename",
			func(i int) string {
				return fmt.Sprintf(" ... on Query { x%d: __typename ...F%d } ... { ...F%d }", i, i+1, i+1)
			})},
		// Introspection is no way around it.
		{"introspection", fanOut(14, 4, "__Type", "{ __schema { types { ...F0 } } }", "name", nothing)},
	}
	send := func(query string, get bool) (*testenv.Response, time.Duration) {
		var req *http.Request
		if get {
			req = httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(query), nil)
		} else {
			body, _ := json.Marshal(map[string]any{"query": query})
			req = httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
			req.Header.Set("Content-Type", "application/json")
		}
		req.Header.Set("Accept-Language", "lv")
		start := time.Now()
		r := gql.Do(req)
		return r, time.Since(start)
	}
	for _, s := range shapes {
		for _, get := range []bool{false, true} {
			name := s.name + map[bool]string{false: " (POST)", true: " (GET)"}[get]
			t.Run(name, func(t *testing.T) {
				// The best of three, so that a busy machine does not fail
				// the test: an exponential walk takes seconds every time.
				// Each is parsed anew (a comment makes it a new text).
				best := time.Hour
				for i := range 3 {
					r, took := send(fmt.Sprintf("%s\n# %s %d", s.query, t.Name(), i), get)
					best = min(best, took)
					if r.Code() != "QUERY_TOO_LARGE" || r.Data != nil && string(r.Data) != "null" {
						t.Fatalf("%d bytes: want QUERY_TOO_LARGE, got %s", len(s.query), r.Raw)
					}
					if !strings.Contains(r.Errors[0].Message, "ne vairāk kā 2000") {
						t.Errorf("the message is not Latvian or does not name the limit: %s", r.Errors[0].Message)
					}
					if took > time.Second {
						break // no need to wait for more
					}
				}
				t.Logf("%d bytes answered in %v", len(s.query), best)
				if best > 50*time.Millisecond {
					t.Errorf("%d bytes took %v to refuse, want < 50 ms", len(s.query), best)
				}
			})
		}
	}
}

func TestRepeatedFieldsAreRefusedBeforeValidation(t *testing.T) {
	gql := testenv.NewGraphQL(t, testenv.Shared(t, testenv.DBs[0]).Handler)
	repeat := func(n int, s string) string { return strings.Repeat(s, n) }
	fragments := func(n int) string {
		var spreads, defs strings.Builder
		for i := range n {
			fmt.Fprintf(&spreads, " ...R%d", i)
			fmt.Fprintf(&defs, " fragment R%d on Query { languages { code } }", i)
		}
		return "{" + spreads.String() + " }" + defs.String()
	}
	// Validation compares every two fields of one name: each of these took
	// 3 to 14 s of CPU before.
	for _, tc := range []struct{ name, query string }{
		{"one alias 8000 times", "{" + repeat(8000, " a: __typename") + " }"},
		{"one field 5000 times", "{" + repeat(5000, " languages { code }") + " }"},
		{"nested fields 2000 times", "{" + repeat(2000, " guideCategories { children { name } }") + " }"},
		{"inline fragments 5000 times", "{" + repeat(5000, " ... on Query { languages { code } }") + " }"},
		{"2000 fragments with the same field", fragments(2000)},
		{"in a fragment nobody spreads", "{ languages { code } } fragment Unused on Query {" + repeat(5000, " languages { code }") + " }"},
	} {
		best := time.Hour
		for i := range 3 { // the best of three, each a new text
			start := time.Now()
			r := gql.Post(fmt.Sprintf("%s # %d", tc.query, i), nil, "Accept-Language", "en")
			took := time.Since(start)
			best = min(best, took)
			if r.Code() != "QUERY_TOO_LARGE" {
				t.Fatalf("%s (%d bytes): %.300s", tc.name, len(tc.query), r.Raw)
			}
			if took > time.Second {
				break
			}
		}
		t.Logf("%s: %d bytes answered in %v", tc.name, len(tc.query), best)
		if best > 50*time.Millisecond {
			t.Errorf("%s: %d bytes took %v, want < 50 ms", tc.name, len(tc.query), best)
		}
	}
	// Refused before gqlgen parses it, the error is still in the
	// operation's language.
	if r := gql.Post("query Many @inContext(language: RU) {"+repeat(5000, " languages { code }")+" }", nil); r.Code() != "QUERY_TOO_LARGE" || r.Language() != "RU" || !strings.Contains(r.Errors[0].Message, "поле") {
		t.Errorf("in Russian: %s", r.Raw)
	}
	// Repeating a field a few times, as fragments of one object do, is fine.
	if r := gql.Post("{"+repeat(20, " languages { code nativeName }")+" }", nil); len(r.Errors) > 0 {
		t.Errorf("20 repeats: %s", r.Raw)
	}
}

func TestFragmentsSpreadOftenButSmallAreServed(t *testing.T) {
	gql := testenv.NewGraphQL(t, testenv.Shared(t, testenv.DBs[0]).Handler)
	// 2^5 paths to the same fragment: 32 copies of 3 fields.
	q := fanOut(5, 2, "Query", "{ ...F0 }", "languages { code nativeName }", nothing)
	var d struct{ Languages []struct{ Code string } }
	gql.Post(q, nil).MustData(&d)
	if len(d.Languages) != 4 {
		t.Errorf("languages: %+v", d.Languages)
	}
}
