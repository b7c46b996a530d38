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
	// Limits bound each operation (config.Default has them).
	Limits Limits
	// AllowedQueries, when set, are the only operations accepted (by
	// document ID, hash or text), see LoadPersisted. Otherwise any
	// operation is accepted, and clients may send known ones by hash
	// (automatic persisted queries).
	AllowedQueries *PersistedDocuments
}

// NewHandler returns the GraphQL endpoint over r: GET and POST per the
// GraphQL-over-HTTP specification, every field checked against the access
// table, every mutation in one transaction with its audit entry, limits on
// each operation, localized errors.
func NewHandler(r *Resolver, opts Options) (http.Handler, error) {
	if err := opts.Limits.check(); err != nil {
		return nil, err
	}
	es := generated.NewExecutableSchema(generated.Config{
		Resolvers:  r,
		Directives: generated.DirectiveRoot{InContext: inContext, AsPublicReader: asPublicReader},
		Complexity: complexity(),
	})
	srv := handler.New(es)
	srv.AddTransport(transport.Options{AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions}})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	// Parsed and validated operations, keyed by their text.
	docs := newCapped(1000, func(query string, _ *ast.QueryDocument) int { return len(query) })
	srv.SetQueryCache(docs)
	if opts.Introspection {
		srv.Use(extension.Introspection{})
	}
	// Without an allow-list, operation texts registered by clients, keyed by their hash.
	srv.Use(persisted{known: opts.AllowedQueries, cache: newCapped(1000, func(_ string, query string) int { return len(query) })})
	srv.Use(preflight{limits: opts.Limits, validated: docs})
	srv.Use(shape{limits: opts.Limits, es: es, measured: newCapped(1000, func(key string, _ size) int { return len(key) })})
	srv.Use(textCheck{}) // NUL bytes and other control characters in arguments: BAD_USER_INPUT
	srv.Use(languageExtension{})
	srv.Use(queryMarker{}) // answers of queries alone may be kept whole (internal/edge)
	audits := auditor{rec: r.audit}
	srv.Use(audits) // outside the transaction: reads are recorded after it
	// A sign-in is not rolled back when it fails: its audit entry must stay.
	srv.Use(transactions{entgql.Transactioner{TxOpener: r.client, SkipTxFunc: entgql.SkipIfHasFields("login")}})
	srv.AroundFields(abandon)
	srv.AroundFields(hideDirectives)
	srv.AroundFields(authorize)
	srv.AroundFields(audits.field)
	p := &presenter{catalog: opts.Catalog, log: opts.Logger}
	srv.SetErrorPresenter(p.present)
	srv.SetRecoverFunc(p.recover)
	return withDatabaseLimits(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = withDocumentID(r)
		srv.ServeHTTP(w, r.WithContext(withDirectiveMemo(r.Context())))
	})), nil
}
