package main

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// kind is one request of issue 11's table, sent again and again.
type kind struct {
	// id names the kind on the command line (-kinds) and in the report.
	id string
	// label is the request as the report shows it.
	label string
	// method, path, body and header make the request.
	method, path string
	body         []byte
	header       http.Header
	// want is the status a correct answer has.
	want int
	// etagOf names the kind whose ETag this one sends as If-None-Match
	// (filled in after one request of that kind).
	etagOf string
}

// articlePath is the site's article page of the review (f2).
const articlePath = "/lv/celvedis/dzivesvietas-registracija"

// The GraphQL operations of the review, word for word (its §1 and the
// load section's GQL_BODY).
const (
	queryTopics10 = `{ guideCategories { name articles(first: 10) { edges { node { title summary translationStatus } } } } }`
	queryTopics2  = `{ guideCategories { name articles(first: 2) { edges { node { title summary translationStatus } } } } }`
	queryArticle  = `{ guideArticle(slug: "wohnsitz-anmelden") { title bodyHtml translations { language path } } }`
	querySearch   = `{ searchGuide(query: "Anmeldung") { article { title path } snippet } }`
)

// kinds are the request kinds of issue 11's table, in its order.
var kinds = []kind{
	graphqlKind("topics10", "`guideCategories { name articles(first: 10) { … title summary translationStatus } }`, lv", queryTopics10, "lv"),
	graphqlKind("topics2", "same with `articles(first: 2)`, lv", queryTopics2, "lv"),
	graphqlKind("article", "`guideArticle(slug:) { title bodyHtml translations { language path } }`, ru", queryArticle, "ru"),
	graphqlKind("search", "`searchGuide(query: \"Anmeldung\")`, de", querySearch, "de"),
	{id: "page", label: "site article page `" + articlePath + "`", method: http.MethodGet, path: articlePath, want: http.StatusOK},
	{id: "page304", label: "same page, `If-None-Match` → 304", method: http.MethodGet, path: articlePath,
		want: http.StatusNotModified, etagOf: "page"},
}

func graphqlKind(id, label, query, language string) kind {
	body, _ := json.Marshal(map[string]string{"query": query})
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("Accept-Language", language)
	return kind{id: id, label: label, method: http.MethodPost, path: "/graphql", body: body, header: h, want: http.StatusOK}
}

// graphql reports whether k is a GraphQL request (whose answer must carry
// no "errors").
func (k kind) graphql() bool { return k.path == "/graphql" }

// request makes one request of k to base.
func (k kind) request(base string) *http.Request {
	var req *http.Request
	if k.body != nil {
		req, _ = http.NewRequest(k.method, base+k.path, bytes.NewReader(k.body))
	} else {
		req, _ = http.NewRequest(k.method, base+k.path, nil)
	}
	for name, v := range k.header {
		req.Header[name] = v
	}
	return req
}

// ok reports whether an answer with status and body is a correct answer
// to k.
func (k kind) ok(status int, body []byte) bool {
	if status != k.want {
		return false
	}
	return !k.graphql() || !bytes.Contains(body, []byte(`"errors"`))
}
