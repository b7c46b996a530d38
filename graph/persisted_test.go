package graph_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"relocate/graph"
	"relocate/internal/config"
	"relocate/internal/testenv"
)

func sha(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// post sends a JSON body as it is.
func post(gql *testenv.GraphQL, body string, header ...string) *testenv.Response {
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return gql.Do(req)
}

// get sends a GET with the parameters as they are.
func get(gql *testenv.GraphQL, params url.Values, header ...string) *testenv.Response {
	req := httptest.NewRequest(http.MethodGet, "/graphql?"+params.Encode(), nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return gql.Do(req)
}

func apq(hash string, version int) string {
	b, _ := json.Marshal(map[string]any{"persistedQuery": map[string]any{"version": version, "sha256Hash": hash}})
	return string(b)
}

func TestAutomaticPersistedQueries(t *testing.T) {
	var log syncBuffer
	a := testenv.NewApp(t, testenv.DBs[0], testenv.WithLogger(slog.New(slog.NewTextHandler(&log, nil))))
	gql := testenv.NewGraphQL(t, a.Handler)
	query := `{ languages { code nativeName } }`
	hash := sha(query)
	byHash := url.Values{"extensions": {apq(hash, 1)}}
	if r := get(gql, byHash); r.Code() != "PERSISTED_QUERY_NOT_FOUND" || r.Errors[0].Message != "PersistedQueryNotFound" {
		t.Fatalf("unknown hash: %s", r.Raw)
	}
	body, _ := json.Marshal(map[string]any{"query": query, "extensions": json.RawMessage(apq(hash, 1))})
	if r := post(gql, string(body)); len(r.Errors) > 0 {
		t.Fatalf("register: %s", r.Raw)
	}
	if r := get(gql, byHash); len(r.Errors) > 0 || !strings.Contains(string(r.Data), "Latviešu") {
		t.Errorf("by hash, with GET: %s", r.Raw)
	}
	// The same document by its documentId, with and without the prefix.
	for _, id := range []string{"sha256:" + hash, hash} {
		if r := get(gql, url.Values{"documentId": {id}}); len(r.Errors) > 0 || !strings.Contains(string(r.Data), "Latviešu") {
			t.Errorf("documentId %s, with GET: %s", id, r.Raw)
		}
		if r := post(gql, `{"documentId":"`+id+`"}`); len(r.Errors) > 0 || !strings.Contains(string(r.Data), "Latviešu") {
			t.Errorf("documentId %s, with POST: %s", id, r.Raw)
		}
	}
	if r := post(gql, `{"documentId":"sha256:`+sha("{ nothing }")+`"}`); r.Code() != "PERSISTED_QUERY_NOT_FOUND" {
		t.Errorf("unknown documentId: %s", r.Raw)
	}
	// Mistakes of the client are the client's.
	for _, tc := range []struct{ name, body, message string }{
		{"hash of another text", `{"query":"{ languages { code } }","extensions":` + apq(strings.Repeat("0", 64), 1) + `}`, "does not match"},
		{"version 2", `{"query":"{ languages { code } }","extensions":` + apq(hash, 2) + `}`, "version 1"},
		{"documentId of another text", `{"query":"{ languages { code } }","documentId":"sha256:` + hash + `"}`, "does not match"},
	} {
		r := post(gql, tc.body, "Accept-Language", "en")
		if r.Code() != "BAD_REQUEST" || !strings.Contains(r.Errors[0].Message, tc.message) {
			t.Errorf("%s: %s", tc.name, r.Raw)
		}
	}
	if strings.Contains(log.String(), "level=ERROR") {
		t.Errorf("client mistakes were logged as errors:\n%s", log.String())
	}
}

func TestPersistedDocumentsAllowList(t *testing.T) {
	dir := "testdata/persisted"
	relay := map[string]string{}
	b, _ := os.ReadFile(filepath.Join(dir, "relay-persisted-queries.json"))
	if err := json.Unmarshal(b, &relay); err != nil {
		t.Fatal(err)
	}
	languages, _ := os.ReadFile(filepath.Join(dir, "queries/languages.graphql"))
	for _, tc := range []struct {
		source string
		// sent are the ways a client of this source sends a known
		// operation, as JSON bodies for POST.
		sent []string
	}{
		{"queries", []string{
			`{"documentId":"sha256:` + sha(string(languages)) + `"}`,
			`{"documentId":"` + sha(string(languages)) + `"}`,
			`{"extensions":` + apq(sha(string(languages)), 1) + `}`,
			// The text without the file's last newline, or written on one line.
			`{"query":` + quote(strings.TrimSpace(string(languages))) + `}`,
			`{"query":"query Languages { languages { code, nativeName } }"}`,
		}},
		// As @apollo/generate-persisted-query-manifest writes it; Apollo
		// Client sends the ID as the APQ hash.
		{"apollo-manifest.json", []string{
			`{"extensions":` + apq("d9847485c57ebab3b710383905d83c58446de1aa2cb7b49f92fd03c81dd783c4", 1) + `}`,
			`{"documentId":"sha256:d9847485c57ebab3b710383905d83c58446de1aa2cb7b49f92fd03c81dd783c4"}`,
		}},
		// As relay-compiler writes it: MD5 IDs, sent by the network layer as documentId.
		{"relay-persisted-queries.json", []string{
			`{"documentId":"6e7e3d8cdfcae4599b473765cd3173fc","variables":{"language":"LV"}}`,
			`{"query":` + quote(relay["6e7e3d8cdfcae4599b473765cd3173fc"]) + `}`,
		}},
	} {
		t.Run(tc.source, func(t *testing.T) {
			a := testenv.NewApp(t, testenv.DBs[0], testenv.WithConfig(func(c *config.Config) { c.GraphQL.PersistedQueries = filepath.Join(dir, tc.source) }))
			gql := testenv.NewGraphQL(t, a.Handler)
			for _, body := range tc.sent {
				if r := post(gql, body); len(r.Errors) > 0 || !strings.Contains(string(r.Data), "Latvie") {
					t.Errorf("%s: %s", body, r.Raw)
				}
			}
			// Unknown operations are refused before they are parsed.
			unknown := `{ languages { code } }`
			if r := gql.Post(unknown, nil, "Accept-Language", "ru"); r.Code() != "PERSISTED_QUERY_NOT_ALLOWED" || !strings.Contains(r.Errors[0].Message, "известные") {
				t.Errorf("an unknown operation: %s", r.Raw)
			}
			if r := post(gql, `{"query":"`+unknown+`","extensions":`+apq(sha(unknown), 1)+`}`); r.Code() != "PERSISTED_QUERY_NOT_ALLOWED" {
				t.Errorf("an unknown operation with its hash: %s", r.Raw)
			}
			for _, id := range []string{"sha256:" + sha(unknown), "x-app:unknown", "unknown"} {
				if r := get(gql, url.Values{"documentId": {id}}); r.Code() != "PERSISTED_QUERY_NOT_FOUND" {
					t.Errorf("unknown documentId %s: %s", id, r.Raw)
				}
			}
			if r := post(gql, `{"query":`+quote(fanOut(14, 4, "Query", "{ ...F0 }", "__typename", nothing))+`}`); r.Code() != "PERSISTED_QUERY_NOT_ALLOWED" {
				t.Errorf("fan-out: %s", r.Raw)
			}
		})
	}
	// A persisted mutation cannot be run by GET.
	a := testenv.NewApp(t, testenv.DBs[0], testenv.WithConfig(func(c *config.Config) { c.GraphQL.PersistedQueries = filepath.Join(dir, "queries") }))
	publish, _ := os.ReadFile(filepath.Join(dir, "queries/publish.graphql"))
	r := get(testenv.NewGraphQL(t, a.Handler), url.Values{"documentId": {"sha256:" + sha(string(publish))}, "variables": {`{"id":"1"}`}})
	if r.Status != http.StatusMethodNotAllowed {
		t.Errorf("a persisted mutation by GET: %d %s", r.Status, r.Raw)
	}
}

func TestLoadPersistedRefusesWhatItCannotRead(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for name, path := range map[string]string{
		"missing":            filepath.Join(dir, "missing"),
		"empty directory":    filepath.Dir(write("empty/README", "")),
		"syntax error":       filepath.Dir(write("broken/a.graphql", "query { languages { code }")),
		"not JSON":           write("m1.json", "query { languages { code } }"),
		"unknown format":     write("m2.json", `{"format":"something-else","version":1,"operations":[]}`),
		"text with an error": write("m3.json", `{"abc":"query {"}`),
	} {
		if _, err := graph.LoadPersisted(path); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	docs, err := graph.LoadPersisted(write("ok.json", `{"a":"{ languages { code } }","b":"{ languages{code} }"}`))
	if err != nil || docs.Len() != 1 {
		t.Errorf("two IDs of one operation: %v, %d documents", err, docs.Len())
	}
}

func quote(s string) string {
	var b bytes.Buffer
	_ = json.NewEncoder(&b).Encode(s)
	return strings.TrimSpace(b.String())
}
