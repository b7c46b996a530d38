// Package loadkit holds what the load tools (cmd/relocate-load,
// cmd/relocate-bench) share: building relocate and running it as a child
// process on a port of its own, and a private PostgreSQL server.
package loadkit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// BuildRelocate builds the relocate binary of the module the tool runs in
// into dir.
func BuildRelocate(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "relocate")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "relocate/cmd/relocate")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build relocate/cmd/relocate: %w", err)
	}
	return bin, nil
}

// FreePort returns a TCP port on 127.0.0.1 that nothing listens on now.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// RandomHex returns n random bytes in hex.
func RandomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Server is a relocate process started by the tool on its own port and
// database.
type Server struct {
	Bin     string
	Addr    string
	Env     []string
	LogPath string
	cmd     *exec.Cmd
	exited  chan error
}

// NewServer prepares a relocate instance on dbURL: its environment (none
// of the caller's RELOCATE_ variables, a fixed secret so that form tokens
// survive a restart, extra on top) and its log file.
func NewServer(bin, dbURL, logPath string, extra []string) (*Server, error) {
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	s := &Server{Bin: bin, Addr: "127.0.0.1:" + strconv.Itoa(port), LogPath: logPath}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "RELOCATE_") {
			s.Env = append(s.Env, kv)
		}
	}
	s.Env = append(s.Env, "RELOCATE_ADDR="+s.Addr, "RELOCATE_DATABASE_URL="+dbURL, "RELOCATE_SECRET="+RandomHex(24),
		"RELOCATE_PUBLIC_URL=http://"+s.Addr)
	s.Env = append(s.Env, extra...)
	return s, nil
}

// Base is the server's URL without a path.
func (s *Server) Base() string { return "http://" + s.Addr }

// LogFile opens the server's log for appending.
func (s *Server) LogFile() (*os.File, error) {
	return os.OpenFile(s.LogPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
}

// Command runs the relocate binary with args (a command such as "user
// add") in the server's environment, stdin as its input and its output in
// the server's log.
func (s *Server) Command(ctx context.Context, stdin string, args ...string) error {
	log, err := s.LogFile()
	if err != nil {
		return err
	}
	defer log.Close()
	cmd := exec.CommandContext(ctx, s.Bin, args...)
	cmd.Env, cmd.Stdin, cmd.Stdout, cmd.Stderr = s.Env, strings.NewReader(stdin), log, log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("relocate %s: %w (see %s)", strings.Join(args, " "), err, s.LogPath)
	}
	return nil
}

// Pid is the process id of the running server, 0 when it is not running.
func (s *Server) Pid() int {
	if s.cmd == nil {
		return 0
	}
	return s.cmd.Process.Pid
}

// Start starts the process and waits until /readyz answers 200; it returns
// how long that took.
func (s *Server) Start(ctx context.Context) (time.Duration, error) {
	log, err := s.LogFile()
	if err != nil {
		return 0, err
	}
	begun := time.Now()
	cmd := exec.Command(s.Bin)
	cmd.Env, cmd.Stdout, cmd.Stderr = s.Env, log, log
	if err := cmd.Start(); err != nil {
		_ = log.Close()
		return 0, fmt.Errorf("start relocate: %w", err)
	}
	s.cmd, s.exited = cmd, make(chan error, 1)
	go func() { s.exited <- cmd.Wait(); _ = log.Close() }()
	probe := &http.Client{Timeout: time.Second}
	for time.Since(begun) < 60*time.Second {
		select {
		case err := <-s.exited:
			s.exited <- err
			return 0, fmt.Errorf("relocate exited during start-up: %v (see %s)", err, s.LogPath)
		case <-ctx.Done():
			return 0, ctx.Err()
		default:
		}
		resp, err := probe.Get(s.Base() + "/readyz")
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(begun), nil
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	return 0, fmt.Errorf("relocate was not ready within 60 s (see %s)", s.LogPath)
}

// Stop ends the process gracefully (SIGTERM), killing it after 15 s.
func (s *Server) Stop() error {
	if s.cmd == nil {
		return nil
	}
	defer func() { s.cmd = nil }()
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.exited:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return fmt.Errorf("relocate exited with %v on SIGTERM", err)
		}
		return nil
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
		return errors.New("relocate did not stop within 15 s of SIGTERM; killed")
	}
}

// Kill ends the process with SIGKILL, as a crash would.
func (s *Server) Kill() {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.exited
	s.cmd = nil
}
