package server

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"slices"
	"time"

	"github.com/rs/cors"

	"relocate/internal/edge"
	"relocate/internal/guide"
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
	// Auth checks session tokens.
	Auth Authenticator
	// GraphQLTimeout bounds one GraphQL request, RequestTimeout any other.
	GraphQLTimeout, RequestTimeout time.Duration
	// TrustedProxies are the load balancers whose X-Forwarded-For is believed.
	TrustedProxies []netip.Prefix
	// Calendar serves the iCalendar export below /calendar/ (for signed-in
	// readers and feed tokens); nil: none.
	Calendar http.Handler
	// Guide is the published guide, whose snapshot version kept answers
	// are made for; nil: no answers are kept.
	Guide *guide.Service
	// AnswerCacheBytes bounds the memory of kept GraphQL answers
	// (internal/edge); 0: none are kept.
	AnswerCacheBytes int
}

// MaxBodyBytes bounds a request body. GraphQL operations are small; a
// larger body is refused with 413 before it is read.
const MaxBodyBytes = 256 << 10

// New returns the HTTP handler of the whole service.
func New(d Deps) http.Handler {
	mux := http.NewServeMux()
	gql := graphqlEndpoint{next: d.GraphQL, catalog: d.Catalog, timeout: d.GraphQLTimeout,
		answers: answers{cache: edge.New(d.AnswerCacheBytes), guide: d.Guide, edition: edge.Edition()}}
	// Requests signed in by cookie may come from this site and from the
	// origins allowed to use credentials, nowhere else.
	crossOrigin := http.NewCrossOriginProtection()
	for _, o := range d.CORSOrigins {
		if o != "*" {
			_ = crossOrigin.AddTrustedOrigin(o)
		}
	}
	mux.Handle("/graphql", apiContext(authenticate(gql, d.Auth, d.Catalog, crossOrigin)))
	mux.Handle("GET /graphiql/", graphiqlAssets())
	if d.Calendar != nil {
		// Signed in like the API (cookie or bearer token); feeds by their token.
		mux.Handle("GET /calendar/", apiContext(authenticate(d.Calendar, d.Auth, d.Catalog, crossOrigin)))
	}
	mux.HandleFunc("GET /healthz", healthz)
	mux.Handle("GET /readyz", readyz(d.Ping))
	mux.Handle("/", authenticateSite(d.Site, d.Auth, crossOrigin))

	var h http.Handler = mux
	if len(d.CORSOrigins) > 0 { // rs/cors allows every origin when given none
		// Credentials (the session cookie) only for origins named one by one.
		h = cors.New(cors.Options{
			AllowedOrigins:   d.CORSOrigins,
			AllowedMethods:   []string{http.MethodGet, http.MethodPost, http.MethodOptions},
			AllowedHeaders:   []string{"Content-Type", "Accept", "Accept-Language", "Authorization"},
			AllowCredentials: !slices.Contains(d.CORSOrigins, "*"),
			MaxAge:           600,
		}).Handler(h)
	}
	h = withRequestInfo(h, d.TrustedProxies)
	h = securityHeaders(h, d.TrustedProxies)
	h = bounded(h, d.RequestTimeout, d.Catalog)
	h = compress(h)
	h = recoverPanics(h, d.Logger, d.Catalog)
	h = logRequests(h, d.Logger)
	return h
}
