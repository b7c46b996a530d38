package graph

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// allowList accepts only operations known in advance, sent by the SHA-256
// hash of their text (the automatic persisted query protocol's
// "persistedQuery" extension) or in full. Anything else is refused before
// it is parsed.
type allowList struct {
	queries map[string]string // hash → text
}

// NewAllowList returns an allow-list of the given operation texts.
func NewAllowList(texts []string) map[string]string {
	m := make(map[string]string, len(texts))
	for _, t := range texts {
		sum := sha256.Sum256([]byte(t))
		m[hex.EncodeToString(sum[:])] = t
	}
	return m
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = allowList{}

func (allowList) ExtensionName() string                   { return "PersistedQueryAllowList" }
func (allowList) Validate(graphql.ExecutableSchema) error { return nil }

func (a allowList) MutateOperationParameters(_ context.Context, p *graphql.RawParams) *gqlerror.Error {
	hash := ""
	if pq, ok := p.Extensions["persistedQuery"].(map[string]any); ok {
		hash, _ = pq["sha256Hash"].(string)
	}
	if hash == "" && p.Query != "" {
		sum := sha256.Sum256([]byte(p.Query))
		hash = hex.EncodeToString(sum[:])
	}
	text, ok := a.queries[hash]
	if !ok || (p.Query != "" && p.Query != text) {
		return limitError("PERSISTED_QUERY_NOT_ALLOWED", "error.not_allowed_query", 0)
	}
	p.Query = text
	return nil
}
