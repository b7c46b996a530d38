package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"relocate/internal/guide"
	"relocate/internal/lang"
)

// asPublicReader implements the @asPublicReader field directive: the field
// and everything below it are resolved as a public reader of the field's
// language argument sees them (that language, then English, then German),
// whoever asks: offline copies hold published content only.
func asPublicReader(ctx context.Context, _ any, next graphql.Resolver) (any, error) {
	if l, ok := graphql.GetFieldContext(ctx).Args["language"].(lang.Code); ok {
		ctx = lang.NewContext(ctx, lang.For(l))
	}
	return next(guide.AsPublicReader(ctx))
}
