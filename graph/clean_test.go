package graph_test

import (
	"strings"
	"testing"

	"relocate/internal/testenv"
)

// assertClean fails when an error shows internals: SQL, Go types or stack
// traces, or has no code.
func assertClean(t *testing.T, r *testenv.Response) {
	t.Helper()
	for _, e := range r.Errors {
		if e.Extensions["code"] == nil || e.Message == "" {
			t.Errorf("error without code or message: %s", r.Raw)
		}
	}
	raw := strings.ToLower(string(r.Raw))
	for _, leak := range []string{"select ", "insert ", "sqlite", "pq:", "pgx", "strconv", "goroutine", ".go:", "*ent.", "ent:", "unexpected eof", "runtime error", "sql:", "duplicate key", "violates", "constraint failed"} {
		if strings.Contains(raw, leak) {
			t.Errorf("response leaks %q: %s", leak, r.Raw)
		}
	}
}
