package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/rs/cors"

	"relocate/locales"
)

// Deps are what the HTTP face needs.
type Deps struct {
	Logger  *slog.Logger
	Catalog *locales.Catalog
	// GraphQL is the GraphQL handler (graph.NewHandler).
	GraphQL http.Handler
	// Ping reports whether the database answers.
	Ping func(context.Context) error
	// CORSOrigins may call the API from browsers; "*" allows any.
	CORSOrigins []string
	// Site serves every path the API does not: the public website.
	Site http.Handler
}

// MaxBodyBytes bounds a request body. GraphQL operations are small; a
// larger body is refused with 413 before it is read.
const MaxBodyBytes = 256 << 10

// requestTimeout bounds the time one request may take.
const requestTimeout = 30 * time.Second

// New returns the HTTP handler of the whole service.
func New(d Deps) http.Handler {
	mux := http.NewServeMux()
	gql := graphqlEndpoint{next: d.GraphQL, catalog: d.Catalog}
	mux.Handle("/graphql", gql)
	mux.Handle("GET /graphiql/", graphiqlAssets())
	mux.HandleFunc("GET /healthz", healthz)
	mux.Handle("GET /readyz", readyz(d.Ping))
	mux.Handle("/", d.Site)

	var h http.Handler = mux
	if len(d.CORSOrigins) > 0 { // rs/cors allows every origin when given none
		h = cors.New(cors.Options{
			AllowedOrigins: d.CORSOrigins,
			AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions},
			AllowedHeaders: []string{"Content-Type", "Accept", "Accept-Language"},
			MaxAge:         600,
		}).Handler(h)
	}
	h = withContext(h)
	h = securityHeaders(h)
	h = http.TimeoutHandler(h, requestTimeout, "")
	h = recoverPanics(h, d.Logger, d.Catalog)
	h = logRequests(h, d.Logger)
	return h
}
