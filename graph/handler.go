package graph

import (
	"log/slog"
	"net/http"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"relocate/graph/generated"
	"relocate/locales"
)

// Options configure the GraphQL handler.
type Options struct {
	Catalog *locales.Catalog
	Logger  *slog.Logger
	// Introspection lets clients read the schema (GraphiQL needs it).
	Introspection bool
}

// NewHandler returns the GraphQL endpoint over r: GET and POST per the
// GraphQL-over-HTTP specification, with localized errors.
func NewHandler(r *Resolver, opts Options) http.Handler {
	srv := handler.New(generated.NewExecutableSchema(generated.Config{
		Resolvers:  r,
		Directives: generated.DirectiveRoot{InContext: inContext},
	}))
	srv.AddTransport(transport.Options{AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions}})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	if opts.Introspection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(languageExtension{})
	p := &presenter{catalog: opts.Catalog, log: opts.Logger}
	srv.SetErrorPresenter(p.present)
	srv.SetRecoverFunc(p.recover)
	return srv
}
