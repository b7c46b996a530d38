package testenv

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// GraphQL sends operations to a real HTTP handler, as a client would.
type GraphQL struct {
	t testing.TB
	h http.Handler
}

// NewGraphQL returns a client for handler h.
func NewGraphQL(t testing.TB, h http.Handler) *GraphQL { return &GraphQL{t: t, h: h} }

// Error is one error of a response.
type Error struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Response is a decoded GraphQL response.
type Response struct {
	Status     int
	Header     http.Header
	Data       json.RawMessage `json:"data"`
	Errors     []Error         `json:"errors"`
	Extensions map[string]any  `json:"extensions"`
	Raw        []byte          `json:"-"`
	t          testing.TB      `json:"-"`
}

// Post sends query with variables; header holds name, value pairs.
func (c *GraphQL) Post(query string, vars map[string]any, header ...string) *Response {
	c.t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		c.t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return c.Do(req)
}

// Do sends a prepared request and decodes the answer.
func (c *GraphQL) Do(req *http.Request) *Response {
	c.t.Helper()
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	r := &Response{Status: rec.Code, Header: rec.Header(), Raw: rec.Body.Bytes(), t: c.t}
	if err := json.Unmarshal(r.Raw, r); err != nil {
		c.t.Fatalf("testenv: response is not JSON (status %d): %v\n%s", rec.Code, err, r.Raw)
	}
	return r
}

// MustData decodes data into v and fails the test when the response has
// errors.
func (r *Response) MustData(v any) {
	r.t.Helper()
	if len(r.Errors) > 0 {
		r.t.Fatalf("unexpected errors: %s", r.Raw)
	}
	if err := json.Unmarshal(r.Data, v); err != nil {
		r.t.Fatalf("decode data: %v\n%s", err, r.Raw)
	}
}

// Code returns extensions.code of the first error, or "".
func (r *Response) Code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// Language returns extensions.context.language.
func (r *Response) Language() string {
	ctx, _ := r.Extensions["context"].(map[string]any)
	l, _ := ctx["language"].(string)
	return l
}
