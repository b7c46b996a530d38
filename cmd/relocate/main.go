// Command relocate serves the welcome guide of the City of Magdeburg's
// Relocation Service: the public GraphQL API at /graphql on an embedded
// SQLite database (or PostgreSQL), with the demo content in four languages.
//
// Usage:
//
//	relocate                       serve on RELOCATE_ADDR (default :8080)
//	relocate migrate               bring the database schema up to date and exit
//	relocate seed                  load the demo content again (changed items only)
//	relocate user add -email E -name N -role R [-role R] [-language L]
//	                               create an account; the password is read from standard input
//	relocate user passwd -email E  set a new password, read from standard input
//	relocate user disable -email E disable an account and end its sessions
//	relocate demo -cases N [-seed S]
//	                               add made-up companies, newcomers and cases (never to real data)
//	relocate help [command]        the commands and the environment variables
//
// Configuration comes from the environment; see relocate -h and the README.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"entgo.io/ent/dialect"

	"relocate/internal/app"
	"relocate/internal/config"
	"relocate/internal/logging"
	"relocate/internal/seed"
	"relocate/internal/store"
)

func main() {
	if handled, err := help(os.Args[1:], os.Stdout, os.Stderr); handled {
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		return
	}
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "relocate:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	cfg, err := config.Load(os.Getenv)
	if err != nil {
		return err
	}
	// The log is written in batches (one line per request would cost a
	// system call each): at most 100 ms late, warnings and errors at once.
	out := logging.NewWriter(os.Stderr, 32<<10, 100*time.Millisecond)
	defer out.Close()
	log := slog.New(logging.NewHandler(slog.NewTextHandler(out, &slog.HandlerOptions{Level: cfg.LogLevel}), out, slog.LevelWarn))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch {
	case len(args) == 0 || args[0] == "serve":
		return serve(ctx, cfg, log)
	case args[0] == "migrate":
		return migrateCommand(ctx, cfg, log, os.Stdout)
	case args[0] == "seed":
		return reseed(ctx, cfg)
	case args[0] == "user":
		return userCommand(ctx, cfg, log, args[1:], os.Stdin, os.Stdout)
	case args[0] == "demo":
		return demoCommand(ctx, cfg, log, args[1:], os.Stdout)
	}
	return fmt.Errorf("unknown command %q (commands: serve, migrate, seed, user, demo)", args[0])
}

func serve(ctx context.Context, cfg config.Config, log *slog.Logger) error {
	start := time.Now()
	a, err := app.New(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	if cfg.Site.Secret == "" {
		log.Warn("RELOCATE_SECRET is not set: forms shown before a restart or by another instance cannot be sent")
	}
	if cfg.Site.PublicURLDefaulted && (a.Store.Dialect == dialect.Postgres || len(cfg.Server.TrustedProxies) > 0) {
		log.Warn("RELOCATE_PUBLIC_URL is not set: canonical links, the sitemap and robots.txt name "+cfg.Site.PublicURL+
			"; set it to the site's public origin, e.g. https://relocation.magdeburg.de", slog.String("public_url", cfg.Site.PublicURL))
	}
	srv := &http.Server{
		Addr:              cfg.Server.Addr,
		Handler:           a.Handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      45 * time.Second,
		IdleTimeout:       90 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	log.Info("relocate is ready", slog.String("addr", cfg.Server.Addr), slog.String("database", a.Store.Dialect),
		slog.Duration("startup", time.Since(start)), slog.String("graphiql", config.LocalURL(cfg.Server.Addr)+"/graphql"))
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.Server.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func reseed(ctx context.Context, cfg config.Config) error {
	st, err := store.Open(ctx, cfg.Database.URL, store.Options{Pool: cfg.Database.Pool, Migrate: cfg.Database.Migrate})
	if err != nil {
		return err
	}
	defer st.Close()
	content, err := seed.Embedded()
	if err != nil {
		return err
	}
	report, err := seed.Load(ctx, st.Client, content)
	if err != nil {
		return err
	}
	fmt.Printf("demo content loaded: %s\n", report)
	return nil
}
