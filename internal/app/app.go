// Package app builds relocate from its configuration: database, services,
// GraphQL and HTTP face. The binary and the tests share it, so tests run the
// same wiring as production.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"relocate/ent"
	"relocate/graph"
	"relocate/internal/audit"
	"relocate/internal/auth"
	"relocate/internal/guide"
	"relocate/internal/inquiry"
	"relocate/internal/seed"
	"relocate/internal/server"
	"relocate/internal/site"
	"relocate/internal/store"
	"relocate/locales"
)

// App is a wired relocate instance.
type App struct {
	Store   *store.Store
	Guide   *guide.Service
	Inquiry *inquiry.Service
	Auth    *auth.Service
	Audit   *audit.Recorder
	Catalog *locales.Catalog
	Handler http.Handler
}

// Options configure New.
type Options struct {
	DatabaseURL   string
	CORSOrigins   []string
	Introspection bool
	Logger        *slog.Logger
	// SeedIfEmpty loads the demo content into an empty database.
	SeedIfEmpty bool
	// EntOptions are passed to the ent client (tests count statements).
	EntOptions []ent.Option
	// Pool bounds the database connections; zero: store.DefaultPool.
	Pool store.Pool
	// Migrate says whether start-up migrates the schema; "": auto.
	Migrate store.MigrateMode
	// Secret signs the site's form tokens; empty: random per process.
	Secret []byte
	// PublicURL is the site's public origin for canonical links.
	PublicURL string
	// SecurityContacts are named first in security.txt.
	SecurityContacts []string
	// Now tells the time (tests); nil: time.Now.
	Now func() time.Time
	// FormLimits override the site's spam limits.
	FormLimits *site.FormLimits
	// Auth configures sign-in; zero: auth.DefaultOptions.
	Auth auth.Options
	// AllowedQueries, when set, are the only GraphQL operations accepted
	// (graph.LoadPersisted).
	AllowedQueries *graph.PersistedDocuments
	// Limits bound each GraphQL operation; zero: graph.DefaultLimits.
	Limits graph.Limits
	// GraphQLTimeout bounds one GraphQL request; zero: 10 seconds.
	GraphQLTimeout time.Duration
	// TrustedProxies are the load balancers whose X-Forwarded-For is believed.
	TrustedProxies []netip.Prefix
}

// New opens the database, creates its schema, loads the demo content into
// an empty database and assembles the HTTP handler.
func New(ctx context.Context, o Options) (*App, error) {
	st, err := store.Open(ctx, o.DatabaseURL, store.Options{Pool: o.Pool, Migrate: o.Migrate, EntOptions: o.EntOptions, Logger: o.Logger})
	if err != nil {
		return nil, err
	}
	a, err := wire(ctx, st, o)
	if err != nil {
		_ = st.Close()
		return nil, err
	}
	return a, nil
}

func wire(ctx context.Context, st *store.Store, o Options) (*App, error) {
	g, err := guide.New(st.Client, st.DB, st.Dialect)
	if err != nil {
		return nil, err
	}
	if err := g.Setup(ctx); err != nil {
		return nil, err
	}
	if o.SeedIfEmpty {
		start := time.Now()
		content, err := seed.Embedded()
		if err != nil {
			return nil, err
		}
		loaded, report, err := seed.LoadIfEmpty(ctx, st.Client, content)
		if err != nil {
			return nil, fmt.Errorf("app: load demo content: %w", err)
		}
		if loaded {
			o.Logger.Info("demo content loaded into the empty database", slog.String("rows", report.String()), slog.Duration("took", time.Since(start)))
		}
	}
	catalog, err := locales.Load()
	if err != nil {
		return nil, err
	}
	rec := audit.New(st.Client, audit.Options{Now: o.Now})
	authOpts := o.Auth
	if authOpts.SessionTTL == 0 {
		authOpts.SessionTTL = auth.DefaultOptions.SessionTTL
	}
	if authOpts.FreeAttempts == 0 {
		authOpts.FreeAttempts = auth.DefaultOptions.FreeAttempts
	}
	if authOpts.PerAddressAttempts == 0 {
		authOpts.PerAddressAttempts = auth.DefaultOptions.PerAddressAttempts
	}
	if authOpts.FirstWait == 0 {
		authOpts.FirstWait, authOpts.MaxWait = auth.DefaultOptions.FirstWait, auth.DefaultOptions.MaxWait
	}
	if authOpts.Now == nil {
		authOpts.Now = o.Now
	}
	authn, err := auth.New(st.Client, rec, authOpts)
	if err != nil {
		return nil, err
	}
	gql := graph.NewHandler(graph.NewResolver(st.Client, g, authn, rec), graph.Options{
		Catalog: catalog, Logger: o.Logger, Introspection: o.Introspection,
		AllowedQueries: o.AllowedQueries, Limits: o.Limits,
	})
	inq := inquiry.New(st.Client)
	web, err := site.New(site.Deps{
		Guide: g, Inquiry: inq, Catalog: catalog, Logger: o.Logger, Secret: o.Secret,
		BaseURL: o.PublicURL, SecurityContacts: o.SecurityContacts, Now: o.Now, Form: o.FormLimits, Auth: authn,
	})
	if err != nil {
		return nil, err
	}
	h := server.New(server.Deps{
		Logger: o.Logger, Catalog: catalog, GraphQL: gql, Ping: st.Ping, CORSOrigins: o.CORSOrigins, Site: web, Auth: authn,
		GraphQLTimeout: o.GraphQLTimeout, TrustedProxies: o.TrustedProxies,
	})
	return &App{Store: st, Guide: g, Inquiry: inq, Auth: authn, Audit: rec, Catalog: catalog, Handler: h}, nil
}

// Close writes the audit entries still being summed up and releases the
// database.
func (a *App) Close() error {
	err := a.Audit.Flush(context.Background())
	return errors.Join(err, a.Store.Close())
}
