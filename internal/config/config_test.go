package config

import (
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || c.DatabaseURL != "file:data/relocate.db" || len(c.CORSOrigins) != 0 || c.LogLevel != slog.LevelInfo || !c.Introspection {
		t.Errorf("defaults: %+v", c)
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
	if c.Addr != "127.0.0.1:9000" || c.DatabaseURL != "postgres://u:p@db/relocate" || c.LogLevel != slog.LevelDebug || c.Introspection ||
		!slices.Equal(c.CORSOrigins, []string{"https://a.example", "http://localhost:3000"}) ||
		len(c.TrustedProxies) != 2 || c.TrustedProxies[1].String() != "192.0.2.1/32" {
		t.Errorf("got %+v", c)
	}
}

func TestMistakesAreAllReported(t *testing.T) {
	_, err := Load(env(map[string]string{
		"RELOCATE_ADDR": "8080", "RELOCATE_DATABASE_URL": "mysql://x", "RELOCATE_CORS_ORIGINS": "https://a.example/path",
		"RELOCATE_LOG_LEVEL": "loud", "RELOCATE_INTROSPECTION": "maybe", "RELOCATE_TRUSTED_PROXIES": "the balancer",
	}))
	if err == nil {
		t.Fatal("accepted")
	}
	for _, want := range []string{"RELOCATE_ADDR", "RELOCATE_DATABASE_URL", "RELOCATE_CORS_ORIGINS", "RELOCATE_LOG_LEVEL", "RELOCATE_INTROSPECTION", "RELOCATE_TRUSTED_PROXIES"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not name %s: %v", want, err)
		}
	}
}
