package graph

import (
	"log/slog"
	"net/http"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
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
	// Limits bound each operation; zero: DefaultLimits.
	Limits Limits
	// AllowedQueries, when set, are the only operations accepted (by hash
	// or text), see NewAllowList. Otherwise any operation is accepted, and
	// clients may send known ones by hash (automatic persisted queries).
	AllowedQueries map[string]string
}

// NewHandler returns the GraphQL endpoint over r: GET and POST per the
// GraphQL-over-HTTP specification, every field checked against the access
// table, every mutation in one transaction with its audit entry, limits on
// each operation, localized errors.
func NewHandler(r *Resolver, opts Options) http.Handler {
	if opts.Limits == (Limits{}) {
		opts.Limits = DefaultLimits
	}
	srv := handler.New(generated.NewExecutableSchema(generated.Config{
		Resolvers:  r,
		Directives: generated.DirectiveRoot{InContext: inContext},
		Complexity: complexity(),
	}))
	srv.AddTransport(transport.Options{AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions}})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	// Parsed operations, keyed by their text.
	srv.SetQueryCache(newCapped(1000, func(query string, _ *ast.QueryDocument) int { return len(query) }))
	if opts.Introspection {
		srv.Use(extension.Introspection{})
	}
	if opts.AllowedQueries != nil {
		srv.Use(allowList{queries: opts.AllowedQueries})
	} else {
		// Operation texts, keyed by their hash.
		srv.Use(extension.AutomaticPersistedQuery{Cache: newCapped(1000, func(_ string, query string) int { return len(query) })})
	}
	srv.Use(shape{limits: opts.Limits})
	srv.Use(extension.FixedComplexityLimit(opts.Limits.MaxCost))
	srv.Use(languageExtension{})
	audits := auditor{rec: r.audit}
	srv.Use(audits) // outside the transaction: reads are recorded after it
	// A sign-in is not rolled back when it fails: its audit entry must stay.
	srv.Use(transactions{entgql.Transactioner{TxOpener: r.client, SkipTxFunc: entgql.SkipIfHasFields("login")}})
	srv.AroundFields(authorize)
	srv.AroundFields(audits.field)
	p := &presenter{catalog: opts.Catalog, log: opts.Logger, limits: opts.Limits}
	srv.SetErrorPresenter(p.present)
	srv.SetRecoverFunc(p.recover)
	return withDatabaseLimits(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		srv.ServeHTTP(w, r.WithContext(withDirectiveMemo(r.Context())))
	}))
}
