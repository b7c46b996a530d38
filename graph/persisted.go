package graph

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/go-viper/mapstructure/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"
	"github.com/vektah/gqlparser/v2/parser"
)

// PersistedDocuments are the operations a server with an allow-list
// accepts: by a document identifier (the SHA-256 of the text, or the ID a
// client build tool gave it) or by their text. Texts match when they
// consist of the same tokens: whitespace, commas and comments do not
// matter, so a file ending in a newline accepts the same operation sent
// without it.
type PersistedDocuments struct {
	byID   map[string]string // document identifier → text
	byForm map[string]string // normalised text → text
}

// NewPersistedDocuments returns the allow-list of texts, each known by the
// SHA-256 of its text.
func NewPersistedDocuments(texts ...string) (*PersistedDocuments, error) {
	d := &PersistedDocuments{byID: map[string]string{}, byForm: map[string]string{}}
	for _, t := range texts {
		if err := d.add("", t); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// Len returns how many documents there are.
func (d *PersistedDocuments) Len() int { return len(d.byForm) }

// add adds text, known by the SHA-256 of its text (with and without the
// whitespace around it) and by id when it is not empty.
func (d *PersistedDocuments) add(id, text string) error {
	if _, err := parser.ParseQuery(&ast.Source{Input: text}); err != nil {
		return fmt.Errorf("graph: persisted document %q: %w", shorten(text), err)
	}
	form, err := normalise(text)
	if err != nil {
		return fmt.Errorf("graph: persisted document %q: %w", shorten(text), err)
	}
	if prev, ok := d.byForm[form]; ok {
		text = prev // the same operation, written differently
	}
	d.byForm[form] = text
	d.byID[hashOf(text)] = text
	d.byID[hashOf(strings.TrimSpace(text))] = text
	if id != "" {
		d.byID[id] = text
	}
	return nil
}

// byDocumentID returns the text known by id.
func (d *PersistedDocuments) byDocumentID(id string) (string, bool) {
	t, ok := d.byID[id]
	return t, ok
}

// match returns the persisted text of the same operation as text.
func (d *PersistedDocuments) match(text string) (string, bool) {
	if t, ok := d.byID[hashOf(text)]; ok && t == text {
		return t, true
	}
	form, err := normalise(text)
	if err != nil {
		return "", false
	}
	t, ok := d.byForm[form]
	return t, ok
}

// LoadPersisted reads persisted documents from path, which names either a
// directory of .graphql (or .gql) files, one operation with its fragments
// each, or a JSON manifest as client build tools write it: Apollo's
// persisted-query manifest ({"format": "apollo-persisted-query-manifest",
// "version": 1, "operations": [{"id", "name", "type", "body"}]}) or an
// object of document IDs and texts (relay-compiler's persisted queries,
// graphql-codegen's persisted documents).
func LoadPersisted(path string) (*PersistedDocuments, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("graph: persisted documents: %w", err)
	}
	d, _ := NewPersistedDocuments()
	if st.IsDir() {
		var files []string
		for _, pattern := range []string{"*.graphql", "*.gql"} {
			m, err := filepath.Glob(filepath.Join(path, pattern))
			if err != nil {
				return nil, fmt.Errorf("graph: persisted documents: %w", err)
			}
			files = append(files, m...)
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("graph: persisted documents: no .graphql files in %s", path)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, fmt.Errorf("graph: persisted documents: %w", err)
			}
			if err := d.add("", string(b)); err != nil {
				return nil, fmt.Errorf("%w (%s)", err, f)
			}
		}
		return d, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("graph: persisted documents: %w", err)
	}
	if err := d.addManifest(b); err != nil {
		return nil, fmt.Errorf("%w (%s)", err, path)
	}
	return d, nil
}

// addManifest adds the documents of an Apollo or relay manifest.
func (d *PersistedDocuments) addManifest(b []byte) error {
	var apollo struct {
		Format     string `json:"format"`
		Version    int    `json:"version"`
		Operations []struct {
			ID   string `json:"id"`
			Body string `json:"body"`
		} `json:"operations"`
	}
	if err := json.Unmarshal(b, &apollo); err == nil && apollo.Format != "" {
		if apollo.Format != "apollo-persisted-query-manifest" || apollo.Version != 1 {
			return fmt.Errorf("graph: persisted documents: unknown manifest format %q version %d", apollo.Format, apollo.Version)
		}
		for _, op := range apollo.Operations {
			if err := d.add(op.ID, op.Body); err != nil {
				return err
			}
		}
		return nil
	}
	var relay map[string]string
	if err := json.Unmarshal(b, &relay); err != nil {
		return fmt.Errorf("graph: persisted documents: neither an Apollo manifest nor an object of IDs and texts: %w", err)
	}
	ids := make([]string, 0, len(relay))
	for id := range relay {
		ids = append(ids, id)
	}
	sort.Strings(ids) // the same document under two IDs keeps the first text
	for _, id := range ids {
		if err := d.add(id, relay[id]); err != nil {
			return err
		}
	}
	return nil
}

// normalise returns the tokens of a GraphQL text, without whitespace,
// commas and comments.
func normalise(text string) (string, error) {
	var b strings.Builder
	lx := lexer.New(&ast.Source{Input: text})
	for {
		t, err := lx.ReadToken()
		if err != nil {
			return "", err
		}
		switch t.Kind {
		case lexer.EOF:
			return b.String(), nil
		case lexer.Comment:
			continue
		}
		b.WriteString(strconv.Itoa(int(t.Kind)))
		b.WriteString(strconv.Quote(t.Value))
	}
}

func hashOf(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// persisted answers the persisted query protocols: the GraphQL-over-HTTP
// persisted documents appendix (documentId) and Apollo's automatic
// persisted queries (extensions.persistedQuery). With an allow-list
// (known) only its operations are accepted, by identifier or by text, and
// anything else is refused before it is parsed. Without one, any
// operation is accepted, and clients may register theirs by sending the
// text with its SHA-256 hash, to send the hash alone later.
type persisted struct {
	known *PersistedDocuments
	cache graphql.Cache[string] // registered texts by hash, without an allow-list
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = persisted{}

func (persisted) ExtensionName() string                   { return "PersistedDocuments" }
func (persisted) Validate(graphql.ExecutableSchema) error { return nil }

// Codes of the persisted query protocols (clients look for them).
const (
	codePersistedNotFound   = "PERSISTED_QUERY_NOT_FOUND"
	codePersistedNotAllowed = "PERSISTED_QUERY_NOT_ALLOWED"
)

func (p persisted) MutateOperationParameters(ctx context.Context, raw *graphql.RawParams) *gqlerror.Error {
	id, sha, err := requestedDocument(ctx, raw)
	if err != nil {
		return err
	}
	if id == "" && raw.Query == "" {
		return nil // gqlgen answers that there is no operation
	}
	if sha && raw.Query != "" && hashOf(raw.Query) != id {
		return limitError(codeBadRequest, "error.persisted_hash_mismatch", 0)
	}
	if p.known == nil {
		switch {
		case id == "":
		case raw.Query != "":
			if sha {
				p.cache.Add(ctx, id, raw.Query)
			}
		default:
			text, ok := p.cache.Get(ctx, id)
			if !ok {
				return notFound()
			}
			raw.Query = text
		}
		return nil
	}
	if raw.Query != "" {
		text, ok := p.known.match(raw.Query)
		if !ok {
			return limitError(codePersistedNotAllowed, "error.not_allowed_query", 0)
		}
		raw.Query = text
		return nil
	}
	text, ok := p.known.byDocumentID(id)
	if !ok {
		return notFound()
	}
	raw.Query = text
	return nil
}

// notFound is the protocol's own answer to an unknown identifier: Apollo
// clients then send the text.
func notFound() *gqlerror.Error {
	return &gqlerror.Error{Message: "PersistedQueryNotFound", Extensions: map[string]any{"code": codePersistedNotFound}}
}

// requestedDocument returns the document identifier a request names, and
// whether it is a SHA-256 hash of the text: documentId (with or without
// the "sha256:" prefix), else the hash of extensions.persistedQuery.
func requestedDocument(ctx context.Context, raw *graphql.RawParams) (id string, sha bool, _ *gqlerror.Error) {
	if id, ok := ctx.Value(documentIDKey{}).(string); ok && id != "" {
		if h, ok := strings.CutPrefix(id, "sha256:"); ok {
			return strings.ToLower(h), true, nil
		}
		return id, isSHA256(id), nil
	}
	ext, ok := raw.Extensions["persistedQuery"]
	if !ok || ext == nil {
		return "", false, nil
	}
	var pq struct {
		Version int    `mapstructure:"version"`
		Hash    string `mapstructure:"sha256Hash"`
	}
	if err := mapstructure.Decode(ext, &pq); err != nil || pq.Hash == "" {
		return "", false, limitError(codeBadRequest, "error.bad_request", 0)
	}
	if pq.Version != 1 {
		return "", false, limitError(codeBadRequest, "error.persisted_version", 0)
	}
	return strings.ToLower(pq.Hash), true, nil
}

func isSHA256(id string) bool {
	if len(id) != 64 {
		return false
	}
	_, err := hex.DecodeString(id)
	return err == nil
}

type documentIDKey struct{}

// withDocumentID puts the documentId of a request (a GET parameter or a
// field of the JSON body, which gqlgen's transports do not read) into its
// context for persisted.
func withDocumentID(r *http.Request) *http.Request {
	id := ""
	switch r.Method {
	case http.MethodGet:
		id = r.URL.Query().Get("documentId")
	case http.MethodPost:
		body, err := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body)) // on an error gqlgen answers BAD_REQUEST
		if err == nil && bytes.Contains(body, []byte(`"documentId"`)) {
			var p struct {
				DocumentID string `json:"documentId"`
			}
			if json.Unmarshal(body, &p) == nil {
				id = p.DocumentID
			}
		}
	}
	if id == "" {
		return r
	}
	return r.WithContext(context.WithValue(r.Context(), documentIDKey{}, id))
}
