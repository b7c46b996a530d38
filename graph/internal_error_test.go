package graph_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"relocate/internal/testenv"
)

// syncBuffer is a log destination safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestInternalErrorsAreLoggedNotBlamedOnTheClient(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		var log syncBuffer
		a := testenv.NewApp(t, db, testenv.WithLogger(slog.New(slog.NewTextHandler(&log, nil))))
		// A bug: the code asks for tables that are not there. (A database
		// that is down is another matter: SERVICE_UNAVAILABLE, see
		// TestDatabaseOutageAnswers503.)
		for _, table := range []string{"guide_articles", "places", "glossary_terms"} {
			if _, err := a.Store.DB.Exec(`ALTER TABLE ` + table + ` RENAME TO ` + table + `_gone`); err != nil {
				t.Fatal(err)
			}
		}
		gql := testenv.NewGraphQL(t, a.Handler)
		for _, q := range []string{
			`{ guideArticles(first: 5, where: {keyNEQ: ""}) { totalCount } }`,
			`{ glossaryTerms(first: 3, where: {keyNEQ: ""}) { totalCount } }`,
			`{ places(where: {keyNEQ: ""}) { totalCount } }`,
		} {
			r := gql.Post(q, nil, "Accept-Language", "lv")
			if r.Code() != "INTERNAL_SERVER_ERROR" || r.Errors[0].Message != "Mūsu pusē radās kļūda. Lūdzu, mēģiniet vēlreiz vēlāk." {
				t.Errorf("%s: %s", q, r.Raw)
			}
			assertClean(t, r)
		}
		if !strings.Contains(log.String(), "graphql: internal error") || !strings.Contains(log.String(), "request=") {
			t.Errorf("nothing logged:\n%s", log.String())
		}
	})
}

func manyMistakes(n int) string {
	var b strings.Builder
	b.WriteString("query @inContext(language: RU) {")
	for i := range n {
		fmt.Fprintf(&b, " f%d", i)
	}
	b.WriteString(" }")
	return b.String()
}

func TestManyMistakesGetAShortAnswer(t *testing.T) {
	gql := testenv.NewGraphQL(t, testenv.Shared(t, testenv.DBs[0]).Handler)
	r := gql.Post(manyMistakes(1900), nil) // within the 2000 fields an operation may have
	if r.Code() != "GRAPHQL_VALIDATION_FAILED" || len(r.Errors) != 50 || r.Language() != "RU" {
		t.Errorf("%d errors, code %s, language %s", len(r.Errors), r.Code(), r.Language())
	}
}

// BenchmarkManyMistakes measures an operation with 1900 unknown fields:
// reading the language directive once per request keeps it linear.
func BenchmarkManyMistakes(b *testing.B) {
	gql := testenv.NewGraphQL(b, testenv.NewApp(b, testenv.DBs[0]).Handler)
	q := manyMistakes(1900)
	for b.Loop() {
		gql.Post(q, nil)
	}
}
