package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"relocate/internal/edge"
)

// queryMarker tells the request's edge.Record that the operation is a
// query: only answers to queries may be kept by the server's answer
// cache, never those of mutations (or subscriptions).
type queryMarker struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = queryMarker{}

func (queryMarker) ExtensionName() string                   { return "QueryMarker" }
func (queryMarker) Validate(graphql.ExecutableSchema) error { return nil }

func (queryMarker) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	if rc.Operation != nil && rc.Operation.Operation == ast.Query {
		edge.Query(ctx)
	}
	return nil
}
