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
	"time"

	"relocate/ent"
	"relocate/graph"
	"relocate/internal/agenda"
	"relocate/internal/audit"
	"relocate/internal/auth"
	"relocate/internal/calendar"
	"relocate/internal/casework"
	"relocate/internal/checklist"
	"relocate/internal/config"
	"relocate/internal/guide"
	"relocate/internal/inquiry"
	"relocate/internal/network"
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
	// Casework is case management: companies, people, cases, tasks.
	Casework *casework.Service
	Auth     *auth.Service
	Audit    *audit.Recorder
	Catalog  *locales.Catalog
	Handler  http.Handler
	// Checklists, Agenda and Calendar: checklist templates and the tasks
	// made of them, appointments and the start page, iCalendar export.
	Checklists *checklist.Service
	Agenda     *agenda.Service
	Calendar   *calendar.Service
}

// Option changes how New wires the app beyond its configuration: the hooks
// tests need.
type Option func(*hooks)

type hooks struct {
	entOptions []ent.Option
	now        func() time.Time
}

// WithEntOptions passes options to the ent client (tests count statements).
func WithEntOptions(opts ...ent.Option) Option {
	return func(h *hooks) { h.entOptions = append(h.entOptions, opts...) }
}

// WithClock makes the app tell time by now (form fill times, opening
// hours, sign-in throttles, the audit log's windows, which reviews of the
// guide are due).
func WithClock(now func() time.Time) Option {
	return func(h *hooks) { h.now = now }
}

// New opens the database described by cfg, brings its schema up to date,
// loads the demo content into an empty database and assembles the HTTP
// handler. log receives what the app reports.
func New(ctx context.Context, cfg config.Config, log *slog.Logger, opts ...Option) (*App, error) {
	h := hooks{now: time.Now}
	for _, o := range opts {
		o(&h)
	}
	st, err := store.Open(ctx, cfg.Database.URL, store.Options{
		Pool: cfg.Database.Pool, Migrate: cfg.Database.Migrate, EntOptions: h.entOptions, Logger: log,
	})
	if err != nil {
		return nil, err
	}
	a, err := wire(ctx, st, cfg, log, h)
	if err != nil {
		_ = st.Close()
		return nil, err
	}
	return a, nil
}

func wire(ctx context.Context, st *store.Store, cfg config.Config, log *slog.Logger, h hooks) (*App, error) {
	guideOpts := cfg.Guide
	guideOpts.Now = h.now
	g, err := guide.New(st.Client, st.DB, st.Dialect, guideOpts)
	if err != nil {
		return nil, err
	}
	if err := g.Setup(ctx); err != nil {
		return nil, err
	}
	// Registers the hook that makes the tasks of support needs: before
	// anything changes a case.
	chk := checklist.New(st.Client, h.now)
	if cfg.Database.SeedIfEmpty {
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
			log.Info("demo content loaded into the empty database", slog.String("rows", report.String()), slog.Duration("took", time.Since(start)))
		}
	}
	// Public readers are served from memory from here on.
	if err := g.Start(ctx, guideOpts.Poll, log); err != nil {
		return nil, err
	}
	catalog, err := locales.Load()
	if err != nil {
		g.Stop()
		return nil, err
	}
	auditOpts := cfg.Audit
	auditOpts.Now = h.now
	rec, err := audit.New(st.Client, auditOpts)
	if err != nil {
		return nil, err
	}
	authOpts := cfg.Auth
	authOpts.Now = h.now
	authn, err := auth.New(st.Client, rec, authOpts)
	if err != nil {
		return nil, err
	}
	var allowed *graph.PersistedDocuments
	if cfg.GraphQL.PersistedQueries != "" {
		if allowed, err = graph.LoadPersisted(cfg.GraphQL.PersistedQueries); err != nil {
			return nil, err
		}
	}
	inq := inquiry.New(st.Client)
	cw := casework.New(st.Client, h.now)
	ag := agenda.New(st.Client, h.now)
	cal, err := calendar.New(st.Client, rec, catalog, calendar.Options{BaseURL: cfg.Site.PublicURL, Now: h.now, ViewerOf: auth.ViewerOf})
	if err != nil {
		return nil, err
	}
	resolver := graph.NewResolver(st.Client, g, authn, rec).WithCaseManagement(cw, inq).
		WithNetwork(network.New(st.Client, h.now), inquiry.NewTriage(st.Client, cw, h.now)).
		WithAgenda(chk, ag, cal)
	gql, err := graph.NewHandler(resolver, graph.Options{
		Catalog: catalog, Logger: log, Introspection: cfg.GraphQL.Introspection,
		AllowedQueries: allowed, Limits: cfg.GraphQL.Limits,
	})
	if err != nil {
		return nil, err
	}
	web, err := site.New(site.Deps{
		Guide: g, Inquiry: inq, Catalog: catalog, Logger: log, Secret: []byte(cfg.Site.Secret),
		BaseURL: cfg.Site.PublicURL, SecurityContacts: cfg.Site.SecurityContacts, Now: h.now, Form: cfg.Site.Forms, Auth: authn,
		AnswerCacheBytes: cfg.Server.AnswerCacheMB << 20,
	})
	if err != nil {
		return nil, err
	}
	handler := server.New(server.Deps{
		Logger: log, Catalog: catalog, GraphQL: gql, Ping: st.Ping, CORSOrigins: cfg.Server.CORSOrigins, Site: web, Auth: authn,
		GraphQLTimeout: cfg.GraphQL.Timeout, RequestTimeout: cfg.Server.RequestTimeout, TrustedProxies: cfg.Server.TrustedProxies,
		Calendar: cal.Handler(log), Guide: g, AnswerCacheBytes: cfg.Server.AnswerCacheMB << 20,
	})
	return &App{Store: st, Guide: g, Inquiry: inq, Casework: cw, Auth: authn, Audit: rec, Catalog: catalog, Handler: handler,
		Checklists: chk, Agenda: ag, Calendar: cal}, nil
}

// Close writes the audit entries still being summed up and releases the
// database.
func (a *App) Close() error {
	a.Guide.Stop()
	err := a.Audit.Flush(context.Background())
	return errors.Join(err, a.Store.Close())
}
