package loadkit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// PrivatePG is a PostgreSQL server the tool made for itself: initdb in a
// temporary folder, its own port, trust authentication for 127.0.0.1 and a
// local socket in the folder. It may be stopped and started at will;
// nobody else uses it.
type PrivatePG struct {
	bin  string // folder with initdb and pg_ctl
	Dir  string // temporary folder (data, socket, log)
	Port int
	// as is the account the server runs as when the tool runs as root
	// (initdb refuses root); nil otherwise.
	as *user.User
}

// FindPGBin returns the folder of the newest PostgreSQL's programs: want
// when given, else pg_ctl on PATH, else /usr/lib/postgresql/<version>/bin.
func FindPGBin(want string) (string, error) {
	if want != "" {
		return want, nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int {
		va, _ := strconv.Atoi(filepath.Base(filepath.Dir(a)))
		vb, _ := strconv.Atoi(filepath.Base(filepath.Dir(b)))
		return vb - va
	})
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New("no PostgreSQL programs found (initdb, pg_ctl); install postgresql or pass -pg-bin")
}

// StartPrivatePG makes and starts a private PostgreSQL server.
func StartPrivatePG(ctx context.Context, binDir string) (*PrivatePG, error) {
	bin, err := FindPGBin(binDir)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "relocate-load-pg-")
	if err != nil {
		return nil, err
	}
	p := &PrivatePG{bin: bin, Dir: dir}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			_ = os.RemoveAll(dir)
			return nil, errors.New("running as root, and initdb refuses root: a user 'postgres' is needed to run the private PostgreSQL")
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			_ = os.RemoveAll(dir)
			return nil, err
		}
		p.as = u
	}
	if p.Port, err = FreePort(); err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	if p.Port == 5432 { // never the shared server's port
		_ = os.RemoveAll(dir)
		return nil, errors.New("free port search returned 5432")
	}
	if out, err := p.run(ctx, "initdb", "-D", p.DataDir(), "-U", "postgres", "-A", "trust", "-E", "UTF8",
		"--locale=C.UTF-8", "--no-sync"); err != nil {
		_ = os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %w\n%s", err, out)
	}
	if err := p.Start(ctx); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

// DataDir is the server's data directory (with postmaster.pid).
func (p *PrivatePG) DataDir() string { return filepath.Join(p.Dir, "data") }

// run runs one of PostgreSQL's programs, as the postgres user when the
// tool is root.
func (p *PrivatePG) run(ctx context.Context, prog string, args ...string) ([]byte, error) {
	path := filepath.Join(p.bin, prog)
	var cmd *exec.Cmd
	if p.as != nil {
		cmd = exec.CommandContext(ctx, "runuser", append([]string{"-u", p.as.Username, "--", path}, args...)...)
	} else {
		cmd = exec.CommandContext(ctx, path, args...)
	}
	cmd.Dir = p.Dir
	return cmd.CombinedOutput()
}

// Start starts the server and waits until it accepts connections.
func (p *PrivatePG) Start(ctx context.Context) error {
	opts := fmt.Sprintf("-c port=%d -c listen_addresses=127.0.0.1 -c unix_socket_directories=%s -c max_connections=100",
		p.Port, p.Dir)
	out, err := p.run(ctx, "pg_ctl", "-D", p.DataDir(), "-l", p.LogPath(), "-w", "-t", "60", "-o", opts, "start")
	if err != nil {
		return fmt.Errorf("pg_ctl start: %w\n%s", err, out)
	}
	return nil
}

// Stop stops the server with pg_ctl stop -m fast: sessions are ended,
// new connections refused.
func (p *PrivatePG) Stop(ctx context.Context) error {
	out, err := p.run(ctx, "pg_ctl", "-D", p.DataDir(), "-m", "fast", "-w", "-t", "60", "stop")
	if err != nil {
		return fmt.Errorf("pg_ctl stop: %w\n%s", err, out)
	}
	return nil
}

// Close stops the server (at once) and removes its folder.
func (p *PrivatePG) Close() {
	_, _ = p.run(context.Background(), "pg_ctl", "-D", p.DataDir(), "-m", "immediate", "-w", "stop")
	_ = os.RemoveAll(p.Dir)
}

// LogPath is the server's log file.
func (p *PrivatePG) LogPath() string { return filepath.Join(p.Dir, "postgres.log") }

// LogSize is how far the server's log has grown: where the lines of a run
// that starts now begin.
func (p *PrivatePG) LogSize() int64 {
	fi, err := os.Stat(p.LogPath())
	if err != nil {
		return 0
	}
	return fi.Size()
}

// URL is the address of database name on this server.
func (p *PrivatePG) URL(name string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", p.Port, name)
}

// WaitAccepting waits until the server accepts a connection and returns
// when it did.
func WaitAccepting(ctx context.Context, rawURL string, within time.Duration) (time.Time, error) {
	deadline := time.Now().Add(within)
	for {
		db, err := sql.Open("pgx", rawURL)
		if err == nil {
			c, cancel := context.WithTimeout(ctx, time.Second)
			err = db.PingContext(c)
			cancel()
			_ = db.Close()
			if err == nil {
				return time.Now(), nil
			}
		}
		if time.Now().After(deadline) {
			return time.Time{}, fmt.Errorf("PostgreSQL did not accept connections within %s: %w", within, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// WithDatabase returns serverURL with its database name replaced.
func WithDatabase(serverURL, name string) (string, error) {
	u, err := url.Parse(serverURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", fmt.Errorf("-pg-url %q is not a postgres:// URL", serverURL)
	}
	u.Path = "/" + name
	return u.String(), nil
}

// CreateDatabase creates a fresh database named prefix plus random hex
// on the server of serverURL and returns its URL and a function that drops it.
func CreateDatabase(ctx context.Context, serverURL, prefix string) (string, func(), error) {
	name := prefix + RandomHex(4)
	admin, err := WithDatabase(serverURL, strings.TrimPrefix(mustPath(serverURL), "/"))
	if err != nil {
		return "", nil, err
	}
	db, err := sql.Open("pgx", admin)
	if err != nil {
		return "", nil, err
	}
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		_ = db.Close()
		return "", nil, fmt.Errorf("create database %s: %w", name, err)
	}
	dbURL, _ := WithDatabase(serverURL, name)
	drop := func() {
		c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, _ = db.ExecContext(c, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		_ = db.Close()
	}
	return dbURL, drop, nil
}

func mustPath(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Path == "" || u.Path == "/" {
		return "/postgres"
	}
	return u.Path
}
