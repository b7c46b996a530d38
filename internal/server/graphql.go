package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"relocate/internal/edge"
	"relocate/internal/guide"
	"relocate/internal/lang"
	"relocate/locales"
)

// graphqlEndpoint guards /graphql before gqlgen sees a request: it serves
// GraphiQL to browsers, refuses methods, media types and bodies the
// GraphQL-over-HTTP specification does not allow, with translated errors.
type graphqlEndpoint struct {
	next    http.Handler
	catalog *locales.Catalog
	timeout time.Duration
	answers answers // kept answers of public reads (graphql_answers.go)
}

func (g graphqlEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var (
		key, stamp string
		keep       bool
	)
	switch r.Method {
	case http.MethodGet:
		q := r.URL.Query()
		if q.Get("query") == "" && q.Get("extensions") == "" && q.Get("documentId") == "" && acceptsHTML(r) {
			serveGraphiQL(w, r)
			return
		}
		// A kept answer is the answer to a query: no need to look for a mutation.
		if key, stamp, keep = g.answers.keyOf(r, nil); keep {
			if ans := g.answers.cache.Get(key, stamp); ans != nil {
				g.answers.serve(w, r, ans, edge.StatusHit)
				return
			}
		}
		if changesState(q.Get("query"), q.Get("operationName")) {
			w.Header().Set("Allow", "POST")
			writeError(w, r, g.catalog, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "error.get_mutation")
			return
		}
	case http.MethodPost:
		mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || mt != "application/json" {
			writeError(w, r, g.catalog, http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", "error.unsupported_media_type")
			return
		}
		if r.ContentLength > MaxBodyBytes {
			g.tooLarge(w, r)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			g.tooLarge(w, r)
			return
		}
		if err != nil {
			writeError(w, r, g.catalog, http.StatusBadRequest, "BAD_REQUEST", "error.bad_request")
			return
		}
		if trimmed := bytes.TrimLeft(body, " \t\r\n"); len(trimmed) > 0 && trimmed[0] == '[' {
			// Batches would multiply every limit per request; send operations one by one.
			writeError(w, r, g.catalog, http.StatusBadRequest, "BATCHING_NOT_SUPPORTED", "error.batching")
			return
		}
		if key, stamp, keep = g.answers.keyOf(r, body); keep {
			if ans := g.answers.cache.Get(key, stamp); ans != nil {
				g.answers.serve(w, r, ans, edge.StatusHit)
				return
			}
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
	case http.MethodOptions:
	default:
		w.Header().Set("Allow", "GET, POST, OPTIONS")
		writeError(w, r, g.catalog, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "error.method_not_allowed")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), g.timeout)
	defer cancel()
	var rec *edge.Record
	if keep {
		ctx, rec = edge.WithRecord(ctx)
	}
	buf := &bufferedResponse{header: w.Header(), status: http.StatusOK}
	g.next.ServeHTTP(buf, r.WithContext(ctx))
	if errors.Is(ctx.Err(), context.DeadlineExceeded) && bytes.Equal(bytes.TrimSpace(buf.body.Bytes()), []byte("null")) {
		// gqlgen gives up on an expired context with a bare null.
		w.Header().Set("Retry-After", "5")
		writeError(w, r, g.catalog, http.StatusServiceUnavailable, "TIMEOUT", "error.timeout")
		return
	}
	status := legacyStatusCode(w.Header(), buf.status)
	if keep {
		if ans := g.answers.keep(r, key, stamp, rec, status, w.Header(), buf.body.Bytes()); ans != nil {
			g.answers.serve(w, r, ans, edge.StatusStored)
			return
		}
		w.Header().Set("Cache-Status", edge.StatusMiss)
	}
	if cacheFor(w.Header(), r, status, buf.body.Bytes()) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.WriteHeader(status)
	_, _ = w.Write(buf.body.Bytes())
}

// bufferedResponse holds gqlgen's answer until it is known to be one.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header         { return b.header }
func (b *bufferedResponse) WriteHeader(code int)        { b.status = code }
func (b *bufferedResponse) Write(p []byte) (int, error) { return b.body.Write(p) }

// changesState reports whether the operation text of a GET request is a
// mutation (or subscription): GET must never change anything. A GET that
// names a persisted query without its text is checked by gqlgen, whose 406
// legacyStatusCode turns into 405.
func changesState(query, name string) bool {
	if query == "" {
		return false
	}
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil {
		return false // gqlgen answers the syntax error
	}
	op := doc.Operations.ForName(name)
	if op == nil && len(doc.Operations) == 1 {
		op = doc.Operations[0]
	}
	return op != nil && op.Operation != ast.Query
}

// legacyStatusCode answers application/json responses to well-formed
// requests with 200 even when the operation did not validate, as the
// GraphQL-over-HTTP specification asks; gqlgen uses 422 there.
// application/graphql-response+json keeps its 4xx codes.
func legacyStatusCode(h http.Header, code int) int {
	switch {
	case code == http.StatusUnprocessableEntity && strings.HasPrefix(h.Get("Content-Type"), "application/json"):
		return http.StatusOK
	case code == http.StatusNotAcceptable: // a persisted mutation sent by GET
		h.Set("Allow", "POST")
		return http.StatusMethodNotAllowed
	}
	return code
}

func (g graphqlEndpoint) tooLarge(w http.ResponseWriter, r *http.Request) {
	writeErrorData(w, r, g.catalog, http.StatusRequestEntityTooLarge, "PAYLOAD_TOO_LARGE", "error.body_too_large",
		map[string]any{"Limit": fmt.Sprintf("%d KiB", MaxBodyBytes>>10)})
}

// acceptsHTML reports whether the request comes from a browser navigating
// to the endpoint.
func acceptsHTML(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "text/html")
}

// apiContext builds the API face's request context once: the reader's
// language preference from Accept-Language (an operation's @inContext
// directive refines it) and a per-request cache of the guide. The site
// builds its own, from the language in its URLs; the transport layer
// below both sets only transport facts (request ID, client address).
func apiContext(next http.Handler) http.Handler {
	var negotiator lang.Negotiator
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := lang.NewContext(r.Context(), negotiator.FromAcceptLanguage(r.Header.Get("Accept-Language")))
		next.ServeHTTP(w, r.WithContext(guide.WithRequestCache(ctx)))
	})
}

// writeError answers with a GraphQL-shaped error in the request's language.
func writeError(w http.ResponseWriter, r *http.Request, c *locales.Catalog, status int, code, messageID string) {
	writeErrorData(w, r, c, status, code, messageID, nil)
}

func writeErrorData(w http.ResponseWriter, r *http.Request, c *locales.Catalog, status int, code, messageID string, data map[string]any) {
	p := lang.FromContext(r.Context())
	if p.ChosenBy == lang.ByDefault { // outside a face (a panic): the reader's header
		p = lang.FromAcceptLanguage(r.Header.Get("Accept-Language"))
	}
	l := p.Language
	body := map[string]any{
		"errors": []map[string]any{{
			"message":    c.T(l, messageID, data),
			"extensions": map[string]any{"code": code},
		}},
		"extensions": map[string]any{"context": map[string]any{"language": strings.ToUpper(string(l))}},
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
