package graph_test

import (
	"os"
	"testing"

	"relocate/internal/seed"
	"relocate/internal/testenv"
)

func TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }

// demo returns the demo content the databases are loaded with; tests
// compare the API's answers with it instead of repeating texts.
func demo(t *testing.T) *seed.Content {
	t.Helper()
	c, err := seed.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func demoArticle(t *testing.T, key string) seed.Article {
	t.Helper()
	for _, a := range demo(t).Articles {
		if a.Key == key {
			return a
		}
	}
	t.Fatalf("no demo article %q", key)
	return seed.Article{}
}
