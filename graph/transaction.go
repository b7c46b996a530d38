package graph

import (
	"context"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
)

// transactions runs each mutation operation in one transaction (entgql's
// Transactioner), except sign-ins, whose failure must stay audited. It
// passes through responses that have no operation at all (a body that was
// not JSON), which the Transactioner cannot handle.
type transactions struct{ entgql.Transactioner }

func (t transactions) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) || graphql.GetOperationContext(ctx).Operation == nil {
		return next(ctx)
	}
	resp := t.Transactioner.InterceptResponse(ctx, next)
	if resp != nil && resp.Extensions == nil {
		// A rolled-back response is rebuilt without the extensions
		// (the language chosen): keep them.
		resp.Extensions = graphql.GetExtensions(ctx)
	}
	return resp
}
