// Package config reads relocate's configuration from the environment into
// one typed struct and checks it at start, so a mistake stops the process
// with a clear message instead of surfacing later.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"relocate/graph"
	"relocate/internal/audit"
	"relocate/internal/auth"
	"relocate/internal/guide"
	"relocate/internal/paging"
	"relocate/internal/site"
	"relocate/internal/store"
)

// Config is the whole configuration, in one section per part of the
// service. Default returns it with every default; Load reads the
// environment over it.
type Config struct {
	Server   Server
	Database Database
	GraphQL  GraphQL
	Site     Site
	// Guide configures the welcome guide: how many months after the last
	// check of an article's German source its review is due
	// (RELOCATE_REVIEW_INTERVAL).
	Guide guide.Options
	// Auth configures sign-in: session lifetime (RELOCATE_SESSION_TTL) and
	// the throttles (RELOCATE_LOGIN_ATTEMPTS: failed sign-ins per account
	// and address before each further one waits longer).
	Auth auth.Options
	// Audit configures the audit log: how long repeated refusals of one
	// kind are summed up into one entry.
	Audit audit.Options
	// LogLevel is debug, info, warn or error (RELOCATE_LOG_LEVEL).
	LogLevel slog.Level
}

// Server is the HTTP server.
type Server struct {
	// Addr is where the server listens (RELOCATE_ADDR).
	Addr string
	// TrustedProxies are the addresses or networks of load balancers whose
	// X-Forwarded-For and X-Forwarded-Proto headers are believed
	// (RELOCATE_TRUSTED_PROXIES, comma-separated, e.g. 10.0.0.0/8); none by
	// default.
	TrustedProxies []netip.Prefix
	// CORSOrigins may call the API from a browser (RELOCATE_CORS_ORIGINS,
	// comma-separated origins; "*" for any; none by default).
	CORSOrigins []string
	// RequestTimeout bounds any one request; GraphQL.Timeout is shorter.
	RequestTimeout time.Duration
	// ShutdownTimeout bounds a graceful shutdown.
	ShutdownTimeout time.Duration
	// AnswerCacheMB bounds the memory that keeps whole answers of public
	// reads (GraphQL and site pages, each; internal/edge), in MiB
	// (RELOCATE_ANSWER_CACHE_MB; 0 turns the caches off, e.g. to measure
	// the cost of an answer that is made anew).
	AnswerCacheMB int
}

// Database is where the data lives and how it is reached.
type Database struct {
	// URL is "file:…" for SQLite or "postgres://…"
	// (RELOCATE_DATABASE_URL or RELOCATE_DATABASE_URL_FILE).
	URL string
	// Pool bounds the database connections (RELOCATE_DB_MAX_CONNS,
	// RELOCATE_DB_MAX_IDLE_CONNS, RELOCATE_DB_CONN_LIFETIME,
	// RELOCATE_DB_CONN_IDLE_TIME, RELOCATE_DB_POOL_WAIT,
	// RELOCATE_DB_CONNS_PER_REQUEST).
	Pool store.Pool
	// Migrate says whether start-up brings the database schema up to date
	// (RELOCATE_MIGRATE: auto or off).
	Migrate store.MigrateMode
	// SeedIfEmpty loads the demo content into an empty database at start.
	SeedIfEmpty bool
}

// GraphQL is the API at /graphql.
type GraphQL struct {
	// Introspection lets clients read the schema (RELOCATE_INTROSPECTION).
	Introspection bool
	// PersistedQueries names a directory of *.graphql files or a manifest
	// of persisted documents (Apollo's or relay-compiler's JSON): when set,
	// the API accepts only these operations (RELOCATE_PERSISTED_QUERIES).
	PersistedQueries string
	// Limits bound what one operation may ask for.
	Limits graph.Limits
	// Timeout bounds one GraphQL request.
	Timeout time.Duration
}

// Site is the public website.
type Site struct {
	// PublicURL is the public origin of the website, for canonical links
	// and the sitemap (RELOCATE_PUBLIC_URL). Unset, it is the local address
	// of Server.Addr (http://localhost:8080), never a request's Host
	// header, and PublicURLDefaulted says so.
	PublicURL          string
	PublicURLDefaulted bool
	// SecurityContacts are named in security.txt before the contact page
	// (RELOCATE_SECURITY_CONTACT, comma-separated mailto:, https: or tel: URIs).
	SecurityContacts []string
	// Secret signs the website's form tokens (RELOCATE_SECRET or
	// RELOCATE_SECRET_FILE, at least 32 characters). Instances behind one
	// load balancer need the same. Empty: a random secret per process.
	Secret string
	// Forms bound the inquiry forms (RELOCATE_FORM_LIMIT: inquiries one
	// address may send per window).
	Forms site.FormLimits
}

// Default returns the configuration of a fresh checkout: every default of
// the service, set here and nowhere else.
func Default() Config {
	return Config{
		Server: Server{
			Addr:            ":8080",
			RequestTimeout:  30 * time.Second,
			ShutdownTimeout: 10 * time.Second,
			AnswerCacheMB:   32,
		},
		Database: Database{
			URL: "file:data/relocate.db",
			// 20 connections: well under PostgreSQL's default
			// max_connections of 100, which several instances and the
			// operators share.
			Pool: store.Pool{
				MaxConns: 20, MaxIdleConns: 10, ConnMaxLifetime: 30 * time.Minute, ConnMaxIdleTime: 5 * time.Minute,
				Wait: 3 * time.Second, PerRequest: 4,
			},
			Migrate:     store.MigrateAuto,
			SeedIfEmpty: true,
		},
		GraphQL: GraphQL{
			Introspection: true,
			// A full page of 100 articles with 40 fields each passes; a page
			// of pages (100 topics × 100 articles) does not. The deepest
			// query the site or an app needs is about 7 levels; graphql-js's
			// standard introspection query nests 15.
			Limits: graph.Limits{
				MaxDepth: 10, MaxAliases: 30, MaxCost: 5000, MaxFields: 2000,
				MaxIntrospectionDepth: 20, MaxListItems: paging.MaxPageSize, MaxFilterConditions: 20,
			},
			Timeout: 10 * time.Second,
		},
		Site: Site{
			PublicURL: LocalURL(":8080"), PublicURLDefaulted: true,
			Forms: site.FormLimits{
				MinFillTime: 3 * time.Second, MaxAge: 24 * time.Hour,
				PerClient: 10, Window: 10 * time.Minute, MaxBody: 64 << 10,
			},
		},
		Guide: guide.Options{ReviewMonths: 12, Poll: 250 * time.Millisecond},
		Auth: auth.Options{
			SessionTTL:   12 * time.Hour,
			FreeAttempts: 5, PerAddressAttempts: 20, PerAccountAttempts: 50, PerAccountStep: 10,
			FirstWait: time.Second, MaxWait: 15 * time.Minute,
		},
		Audit:    audit.Options{Window: 10 * time.Minute},
		LogLevel: slog.LevelInfo,
	}
}

// Load reads the configuration through getenv (os.Getenv in production)
// over the defaults and validates it.
func Load(getenv func(string) string) (Config, error) {
	c := Default()
	var errs []error
	c.Server.Addr = or(getenv("RELOCATE_ADDR"), c.Server.Addr)
	c.Database.URL = or(getenv("RELOCATE_DATABASE_URL"), c.Database.URL)
	errs = append(errs, loadDatabase(getenv, &c.Database)...)
	if f := getenv("RELOCATE_DATABASE_URL_FILE"); f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			errs = append(errs, fmt.Errorf("RELOCATE_DATABASE_URL_FILE: %w", err))
		}
		c.Database.URL = strings.TrimSpace(string(b))
	}
	c.Site.Secret = getenv("RELOCATE_SECRET")
	if f := getenv("RELOCATE_SECRET_FILE"); f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			errs = append(errs, fmt.Errorf("RELOCATE_SECRET_FILE: %w", err))
		}
		c.Site.Secret = strings.TrimSpace(string(b))
	}
	if c.Site.Secret != "" && len(c.Site.Secret) < 32 {
		errs = append(errs, errors.New("RELOCATE_SECRET must be at least 32 characters"))
	}
	if _, _, err := net.SplitHostPort(c.Server.Addr); err != nil {
		errs = append(errs, fmt.Errorf("RELOCATE_ADDR %q must be host:port or :port: %w", c.Server.Addr, err))
	}
	if public := strings.TrimRight(getenv("RELOCATE_PUBLIC_URL"), "/"); public != "" {
		c.Site.PublicURL, c.Site.PublicURLDefaulted = public, false
		if err := checkOrigin(public); err != nil || public == "*" {
			errs = append(errs, fmt.Errorf("RELOCATE_PUBLIC_URL %q must be an origin like https://relocation.magdeburg.de", public))
		}
	} else {
		c.Site.PublicURL = LocalURL(c.Server.Addr)
	}
	for _, v := range strings.Split(getenv("RELOCATE_SECURITY_CONTACT"), ",") {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		if u, err := url.Parse(v); err != nil || (u.Scheme != "mailto" && u.Scheme != "https" && u.Scheme != "tel") || u.Opaque == "" && u.Host == "" {
			errs = append(errs, fmt.Errorf("RELOCATE_SECURITY_CONTACT %q must be a mailto:, https: or tel: URI", v))
			continue
		}
		c.Site.SecurityContacts = append(c.Site.SecurityContacts, v)
	}
	if !strings.HasPrefix(c.Database.URL, "file:") && !strings.HasPrefix(c.Database.URL, "postgres://") &&
		!strings.HasPrefix(c.Database.URL, "postgresql://") {
		errs = append(errs, errors.New("RELOCATE_DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL)"))
	}
	for _, o := range strings.Split(getenv("RELOCATE_CORS_ORIGINS"), ",") {
		o = strings.TrimSpace(o)
		if o == "" {
			continue
		}
		if err := checkOrigin(o); err != nil {
			errs = append(errs, fmt.Errorf("RELOCATE_CORS_ORIGINS: %w", err))
			continue
		}
		c.Server.CORSOrigins = append(c.Server.CORSOrigins, o)
	}
	if v := getenv("RELOCATE_LOG_LEVEL"); v != "" {
		if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
			errs = append(errs, fmt.Errorf("RELOCATE_LOG_LEVEL %q must be debug, info, warn or error", v))
		}
	}
	if v := getenv("RELOCATE_ANSWER_CACHE_MB"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			errs = append(errs, fmt.Errorf("RELOCATE_ANSWER_CACHE_MB %q must be a whole number of MiB (0: no cache)", v))
		}
		c.Server.AnswerCacheMB = max(n, 0)
	}
	switch v := strings.ToLower(getenv("RELOCATE_INTROSPECTION")); v {
	case "", "true", "1", "on":
	case "false", "0", "off":
		c.GraphQL.Introspection = false
	default:
		errs = append(errs, fmt.Errorf("RELOCATE_INTROSPECTION %q must be true or false", v))
	}
	if v := getenv("RELOCATE_SESSION_TTL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Minute || d > 30*24*time.Hour {
			errs = append(errs, fmt.Errorf("RELOCATE_SESSION_TTL %q must be a duration between 1m and 720h, e.g. 12h", v))
		}
		c.Auth.SessionTTL = d
	}
	for name, dst := range map[string]*int{"RELOCATE_LOGIN_ATTEMPTS": &c.Auth.FreeAttempts, "RELOCATE_FORM_LIMIT": &c.Site.Forms.PerClient} {
		if v := getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 1000 {
				errs = append(errs, fmt.Errorf("%s %q must be a number from 1 to 1000", name, v))
			}
			*dst = n
		}
	}
	if v := getenv("RELOCATE_REVIEW_INTERVAL"); v != "" {
		n, err := parseMonths(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("RELOCATE_REVIEW_INTERVAL %q must be a number of months from 1 to 120 (12, 18mo) or of years (1y)", v))
		}
		c.Guide.ReviewMonths = n
	}
	if v := getenv("RELOCATE_GUIDE_POLL"); v != "" {
		t, err := time.ParseDuration(v)
		if err != nil || t < 10*time.Millisecond || t > time.Minute {
			errs = append(errs, fmt.Errorf("RELOCATE_GUIDE_POLL %q must be a duration between 10ms and 1m", v))
		}
		c.Guide.Poll = t
	}
	if c.GraphQL.PersistedQueries = getenv("RELOCATE_PERSISTED_QUERIES"); c.GraphQL.PersistedQueries != "" {
		if _, err := os.Stat(c.GraphQL.PersistedQueries); err != nil {
			errs = append(errs, fmt.Errorf("RELOCATE_PERSISTED_QUERIES %q must be a directory of .graphql files or a manifest (.json)", c.GraphQL.PersistedQueries))
		}
	}
	for _, p := range strings.Split(getenv("RELOCATE_TRUSTED_PROXIES"), ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if !strings.Contains(p, "/") {
			if a, err := netip.ParseAddr(p); err == nil {
				p = netip.PrefixFrom(a, a.BitLen()).String()
			}
		}
		prefix, err := netip.ParsePrefix(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("RELOCATE_TRUSTED_PROXIES: %q is not an address or network", p))
			continue
		}
		c.Server.TrustedProxies = append(c.Server.TrustedProxies, prefix.Masked())
	}
	if len(errs) > 0 {
		return c, fmt.Errorf("config: %w", errors.Join(errs...))
	}
	return c, nil
}

// LocalURL is the URL a developer opens for a server listening on addr:
// http://localhost:8080 for ":8080".
func LocalURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://localhost:8080"
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// loadDatabase reads the pool and migration settings into c.
func loadDatabase(getenv func(string) string, c *Database) []error {
	var errs []error
	if v := getenv("RELOCATE_MIGRATE"); v != "" {
		m, err := store.ParseMigrateMode(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("RELOCATE_MIGRATE %q must be auto or off", v))
		}
		c.Migrate = m
	}
	for _, n := range []struct {
		name     string
		dst      *int
		min, max int
	}{
		{"RELOCATE_DB_MAX_CONNS", &c.Pool.MaxConns, 2, 1000},
		{"RELOCATE_DB_MAX_IDLE_CONNS", &c.Pool.MaxIdleConns, 1, 1000},
		{"RELOCATE_DB_CONNS_PER_REQUEST", &c.Pool.PerRequest, 2, 100},
	} {
		if v := getenv(n.name); v != "" {
			i, err := strconv.Atoi(v)
			if err != nil || i < n.min || i > n.max {
				errs = append(errs, fmt.Errorf("%s %q must be a number from %d to %d", n.name, v, n.min, n.max))
			}
			*n.dst = i
		}
	}
	for _, d := range []struct {
		name     string
		dst      *time.Duration
		min, max time.Duration
	}{
		{"RELOCATE_DB_CONN_LIFETIME", &c.Pool.ConnMaxLifetime, time.Second, 24 * time.Hour},
		{"RELOCATE_DB_CONN_IDLE_TIME", &c.Pool.ConnMaxIdleTime, time.Second, 24 * time.Hour},
		{"RELOCATE_DB_POOL_WAIT", &c.Pool.Wait, 10 * time.Millisecond, time.Minute},
	} {
		if v := getenv(d.name); v != "" {
			t, err := time.ParseDuration(v)
			if err != nil || t < d.min || t > d.max {
				errs = append(errs, fmt.Errorf("%s %q must be a duration between %s and %s", d.name, v, d.min, d.max))
			}
			*d.dst = t
		}
	}
	// Neither more idle connections nor more per request than the pool has.
	c.Pool.MaxIdleConns = min(c.Pool.MaxIdleConns, c.Pool.MaxConns)
	c.Pool.PerRequest = min(c.Pool.PerRequest, c.Pool.MaxConns)
	return errs
}

// parseMonths reads a period of whole months: "12" or "12mo", or of
// whole years: "1y". It accepts 1 to 120 months.
func parseMonths(v string) (int, error) {
	v = strings.ToLower(strings.TrimSpace(v))
	factor := 1
	switch {
	case strings.HasSuffix(v, "mo"):
		v = strings.TrimSuffix(v, "mo")
	case strings.HasSuffix(v, "y"):
		v, factor = strings.TrimSuffix(v, "y"), 12
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 || n > 120 || n*factor > 120 {
		return 0, fmt.Errorf("config: %q is not a number of months from 1 to 120", v)
	}
	return n * factor, nil
}

// checkOrigin accepts "*" and origins such as https://app.example.org or
// http://localhost:3000: a scheme and a host, nothing else.
func checkOrigin(o string) error {
	if o == "*" {
		return nil
	}
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return fmt.Errorf("%q is not an origin like https://app.example.org", o)
	}
	return nil
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
