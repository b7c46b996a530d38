package graph_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"relocate/internal/testenv"
)

// The introspection queries in testdata are the texts the tools send,
// written by graphql-js 16.15 itself:
//
//	npm install graphql@16
//	node -e 'const g = require("graphql"); process.stdout.write(g.getIntrospectionQuery())'
//	node -e '… g.getIntrospectionQuery({descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true,
//	         schemaDescription: true, inputValueDeprecation: true, oneOf: true})'
//
// graphiql-introspection.graphql is what the bundled GraphiQL
// (internal/server/graphiql) sends: its own copy of getIntrospectionQuery,
// called as GraphiQL calls it, with the options it is given (none).

// introspected is the part of an introspection result the tests read.
type introspected struct {
	Schema struct {
		QueryType    struct{ Name string }
		MutationType struct{ Name string }
		Types        []struct {
			Kind, Name string
			Fields     []struct{ Name string }
		}
		Directives []struct {
			Name      string
			Locations []string
		}
	} `json:"__schema"`
}

func TestStandardIntrospectionQueries(t *testing.T) {
	h := testenv.Shared(t, testenv.DBs[0]).Handler
	for _, file := range []string{"introspection.graphql", "introspection-all-options.graphql", "graphiql-introspection.graphql"} {
		t.Run(file, func(t *testing.T) {
			text, err := os.ReadFile("testdata/" + file)
			if err != nil {
				t.Fatal(err)
			}
			// As GraphiQL's fetcher and graphql-js clients send it.
			body, _ := json.Marshal(map[string]any{"query": string(text), "operationName": "IntrospectionQuery"})
			req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept", "application/graphql-response+json, application/json, multipart/mixed")
			r := testenv.NewGraphQL(t, h).Do(req)
			if r.Status != http.StatusOK {
				t.Fatalf("status %d: %s", r.Status, r.Raw)
			}
			var d introspected
			r.MustData(&d)
			s := d.Schema
			if s.QueryType.Name != "Query" || s.MutationType.Name != "Mutation" {
				t.Errorf("root types: %+v %+v", s.QueryType, s.MutationType)
			}
			i := slices.IndexFunc(s.Types, func(t struct {
				Kind, Name string
				Fields     []struct{ Name string }
			}) bool {
				return t.Name == "GuideArticle"
			})
			if i < 0 || len(s.Types[i].Fields) < 10 {
				t.Fatalf("GuideArticle is missing or has no fields: %d types", len(s.Types))
			}
			if !slices.ContainsFunc(s.Directives, func(d struct {
				Name      string
				Locations []string
			}) bool {
				return d.Name == "inContext"
			}) {
				t.Errorf("@inContext is not in the schema: %+v", s.Directives)
			}
		})
	}
}

func TestIntrospectionHasItsOwnDepthLimit(t *testing.T) {
	gql := testenv.NewGraphQL(t, testenv.Shared(t, testenv.DBs[0]).Handler)
	chain := func(n int) string { return strings.Repeat("ofType { ", n) + "name" + strings.Repeat(" }", n) }
	// A hostile ofType chain is refused, under __type and under __schema.
	for _, q := range []string{
		`{ __type(name: "GuideArticle") { ` + chain(50) + ` } }`,
		`{ __schema { types { fields { type { ` + chain(50) + ` } } } } }`,
	} {
		r := gql.Post(q, nil, "Accept-Language", "en")
		if r.Code() != "QUERY_TOO_DEEP" || !strings.Contains(r.Errors[0].Message, "introspection") {
			t.Errorf("a 50-level ofType chain: %s", r.Raw)
		}
	}
	// Introspection nested as deep as the tools nest it does not count
	// toward the depth of the operation's own fields (10).
	deep := strings.Repeat("related { ", 9) + "title" + strings.Repeat(" }", 9)
	r := gql.Post(`{ guideArticles(first: 1) { edges { node { title } } } __type(name: "GuideArticle") { fields { type { `+chain(12)+` } } } }`, nil)
	if len(r.Errors) > 0 {
		t.Errorf("introspection 15 levels deep: %s", r.Raw)
	}
	if r := gql.Post(`{ guideArticle(slug: "x") { `+deep+` } }`, nil); r.Code() != "QUERY_TOO_DEEP" {
		t.Errorf("11 levels of fields: %s", r.Raw)
	}
}

func TestServedSchemaHasOnlyDirectivesClientsCanUse(t *testing.T) {
	gql := testenv.NewGraphQL(t, testenv.Shared(t, testenv.DBs[0]).Handler)
	var d introspected
	gql.Post(`{ __schema { directives { name locations } } }`, nil).MustData(&d)
	var names []string
	for _, dir := range d.Schema.Directives {
		names = append(names, dir.Name)
	}
	slices.Sort(names)
	// gqlgen's code-generation directives (goField, goModel) and @defer,
	// which is refused, are not served.
	if want := []string{"deprecated", "inContext", "include", "oneOf", "skip", "specifiedBy"}; !slices.Equal(names, want) {
		t.Errorf("directives %v, want %v", names, want)
	}
}

func TestDeferIsRefusedClearly(t *testing.T) {
	h := testenv.Shared(t, testenv.DBs[0]).Handler
	gql := testenv.NewGraphQL(t, h)
	for _, q := range []string{
		`{ guideArticles(first: 1) { edges { node { id ... @defer { title } } } } }`,
		`{ guideArticles(first: 1) { edges { node { id ...Later @defer(label: "later") } } } } fragment Later on GuideArticle { title }`,
		`query($d: Boolean = false) { languages { code ... @defer(if: $d) { nativeName } } }`,
	} {
		r := gql.Post(q, nil, "Accept-Language", "de")
		if r.Code() != "DEFER_NOT_SUPPORTED" || !strings.Contains(r.Errors[0].Message, "nicht unterstützt") || string(r.Data) != "null" && r.Data != nil {
			t.Errorf("%s: %s", q, r.Raw)
		}
		if strings.Contains(string(r.Raw), "hasNext") {
			t.Errorf("an incremental answer: %s", r.Raw)
		}
	}
	req := httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(`{ languages { code ... @defer { nativeName } } }`), nil)
	req.Header.Set("Accept", "multipart/mixed; deferSpec=20220824, application/json")
	if r := gql.Do(req); r.Code() != "DEFER_NOT_SUPPORTED" {
		t.Errorf("GET: %s", r.Raw)
	}
}
