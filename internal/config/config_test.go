package config

import (
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"relocate/internal/store"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Server.Addr != ":8080" || c.Database.URL != "file:data/relocate.db" || len(c.Server.CORSOrigins) != 0 || c.LogLevel != slog.LevelInfo || !c.GraphQL.Introspection {
		t.Errorf("defaults: %+v", c)
	}
	if c.Site.PublicURL != "http://localhost:8080" || !c.Site.PublicURLDefaulted {
		t.Errorf("public URL %q (defaulted %v)", c.Site.PublicURL, c.Site.PublicURLDefaulted)
	}
}

func TestPublicURL(t *testing.T) {
	for _, tc := range []struct{ addr, public, want string }{
		{":9000", "", "http://localhost:9000"},
		{"127.0.0.1:8081", "", "http://127.0.0.1:8081"},
		{"[::]:8080", "", "http://localhost:8080"},
		{"[::1]:8080", "", "http://[::1]:8080"},
		{":8080", "https://relocation.magdeburg.de/", "https://relocation.magdeburg.de"},
	} {
		c, err := Load(env(map[string]string{"RELOCATE_ADDR": tc.addr, "RELOCATE_PUBLIC_URL": tc.public}))
		if err != nil {
			t.Fatal(err)
		}
		if c.Site.PublicURL != tc.want || c.Site.PublicURLDefaulted != (tc.public == "") {
			t.Errorf("%s %s: %s (defaulted %v), want %s", tc.addr, tc.public, c.Site.PublicURL, c.Site.PublicURLDefaulted, tc.want)
		}
	}
	c, err := Load(env(map[string]string{"RELOCATE_SECURITY_CONTACT": "mailto:security@example.org, https://example.org/report"}))
	if err != nil || !slices.Equal(c.Site.SecurityContacts, []string{"mailto:security@example.org", "https://example.org/report"}) {
		t.Errorf("security contacts %v (%v)", c.Site.SecurityContacts, err)
	}
}

func TestValues(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "db")
	if err := os.WriteFile(secret, []byte("postgres://u:p@db/relocate\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(env(map[string]string{
		"RELOCATE_ADDR": "127.0.0.1:9000", "RELOCATE_DATABASE_URL_FILE": secret,
		"RELOCATE_CORS_ORIGINS": "https://a.example, http://localhost:3000", "RELOCATE_LOG_LEVEL": "debug",
		"RELOCATE_INTROSPECTION": "false", "RELOCATE_TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.1",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Server.Addr != "127.0.0.1:9000" || c.Database.URL != "postgres://u:p@db/relocate" || c.LogLevel != slog.LevelDebug || c.GraphQL.Introspection ||
		!slices.Equal(c.Server.CORSOrigins, []string{"https://a.example", "http://localhost:3000"}) ||
		len(c.Server.TrustedProxies) != 2 || c.Server.TrustedProxies[1].String() != "192.0.2.1/32" {
		t.Errorf("got %+v", c)
	}
}

func TestMistakesAreAllReported(t *testing.T) {
	_, err := Load(env(map[string]string{
		"RELOCATE_ADDR": "8080", "RELOCATE_DATABASE_URL": "mysql://x", "RELOCATE_CORS_ORIGINS": "https://a.example/path",
		"RELOCATE_LOG_LEVEL": "loud", "RELOCATE_INTROSPECTION": "maybe", "RELOCATE_TRUSTED_PROXIES": "the balancer",
		"RELOCATE_SECURITY_CONTACT": "security@example.org",
	}))
	if err == nil {
		t.Fatal("accepted")
	}
	for _, want := range []string{"RELOCATE_ADDR", "RELOCATE_DATABASE_URL", "RELOCATE_CORS_ORIGINS", "RELOCATE_LOG_LEVEL", "RELOCATE_INTROSPECTION", "RELOCATE_TRUSTED_PROXIES", "RELOCATE_SECURITY_CONTACT"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not name %s: %v", want, err)
		}
	}
}

func TestDatabasePoolAndMigration(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Database.Migrate != store.MigrateAuto || !c.Database.SeedIfEmpty {
		t.Errorf("defaults: migrate %q, seed %v", c.Database.Migrate, c.Database.SeedIfEmpty)
	}
	if c.Database.Pool.MaxConns < 2 || c.Database.Pool.MaxConns > 50 {
		t.Errorf("default pool of %d connections is not well under PostgreSQL's 100", c.Database.Pool.MaxConns)
	}
	c, err = Load(env(map[string]string{
		"RELOCATE_DB_MAX_CONNS": "8", "RELOCATE_DB_MAX_IDLE_CONNS": "20", "RELOCATE_DB_CONN_LIFETIME": "10m",
		"RELOCATE_DB_CONN_IDLE_TIME": "1m", "RELOCATE_DB_POOL_WAIT": "500ms", "RELOCATE_DB_CONNS_PER_REQUEST": "3",
		"RELOCATE_MIGRATE": "OFF",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := store.Pool{MaxConns: 8, MaxIdleConns: 8, ConnMaxLifetime: 10 * time.Minute, ConnMaxIdleTime: time.Minute, Wait: 500 * time.Millisecond, PerRequest: 3}
	if c.Database.Pool != want || c.Database.Migrate != store.MigrateOff {
		t.Errorf("got pool %+v, migrate %q; want %+v, off", c.Database.Pool, c.Database.Migrate, want)
	}
	_, err = Load(env(map[string]string{
		"RELOCATE_DB_MAX_CONNS": "0", "RELOCATE_DB_POOL_WAIT": "forever", "RELOCATE_DB_CONNS_PER_REQUEST": "1", "RELOCATE_MIGRATE": "sometimes",
	}))
	for _, name := range []string{"RELOCATE_DB_MAX_CONNS", "RELOCATE_DB_POOL_WAIT", "RELOCATE_DB_CONNS_PER_REQUEST", "RELOCATE_MIGRATE"} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("error does not name %s: %v", name, err)
		}
	}
}

// An empty environment gives exactly the defaults, so a default lives in
// Default and nowhere else.
func TestAnEmptyEnvironmentIsTheDefault(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Load with nothing set:\n%+v\nDefault:\n%+v", c, want)
	}
}

func TestReviewInterval(t *testing.T) {
	if c := Default(); c.Guide.ReviewMonths != 12 {
		t.Errorf("default review interval %d months, want 12", c.Guide.ReviewMonths)
	}
	for v, want := range map[string]int{"12": 12, "18mo": 18, "6 mo": 6, "1y": 12, "2Y": 24, "120": 120} {
		c, err := Load(env(map[string]string{"RELOCATE_REVIEW_INTERVAL": v}))
		if err != nil || c.Guide.ReviewMonths != want {
			t.Errorf("%q: %d months (%v), want %d", v, c.Guide.ReviewMonths, err, want)
		}
	}
	for _, v := range []string{"0", "-3", "121", "11y", "12m", "1h", "a year", "99999999999999999y"} {
		if _, err := Load(env(map[string]string{"RELOCATE_REVIEW_INTERVAL": v})); err == nil || !strings.Contains(err.Error(), "RELOCATE_REVIEW_INTERVAL") {
			t.Errorf("%q: accepted (%v)", v, err)
		}
	}
}
