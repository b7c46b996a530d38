package graph

import (
	"context"
	"regexp"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/introspection"
)

// codegenOnly matches gqlgen's code-generation directives (@goModel,
// @goField, @goTag, @goExtraField, @goEnum …): they are declared in the
// SDL for gqlgen and mean nothing to clients.
var codegenOnly = regexp.MustCompile(`^go[A-Z]`)

// hidden reports whether the served schema leaves directive name out:
// the code-generation directives, @asPublicReader (server-side only: how
// guideChanges resolves its objects), and @defer, which the parser
// declares but this endpoint refuses (see shape).
func hidden(name string) bool {
	return name == "defer" || name == "stream" || name == "asPublicReader" || codegenOnly.MatchString(name)
}

// hideDirectives is the field middleware that leaves the hidden
// directives out of __schema { directives }.
func hideDirectives(ctx context.Context, next graphql.Resolver) (any, error) {
	res, err := next(ctx)
	if fc := graphql.GetFieldContext(ctx); err != nil || fc.Object != "__Schema" || fc.Field.Name != "directives" {
		return res, err
	}
	all, ok := res.([]introspection.Directive)
	if !ok {
		return res, nil
	}
	served := make([]introspection.Directive, 0, len(all))
	for _, d := range all {
		if !hidden(d.Name) {
			served = append(served, d)
		}
	}
	return served, nil
}
