package main

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

// buildRelocate builds the relocate binary of the module the tool runs in
// into dir.
func buildRelocate(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "relocate")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "relocate/cmd/relocate")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build relocate/cmd/relocate: %w", err)
	}
	return bin, nil
}

// freePort returns a TCP port on 127.0.0.1 that nothing listens on now.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// server is a relocate process started by the tool on its own port and
// database.
type server struct {
	bin     string
	addr    string
	env     []string
	logPath string
	cmd     *exec.Cmd
	exited  chan error
}

// newServer prepares a relocate instance on dbURL: its environment (none
// of the caller's RELOCATE_ variables, a fixed secret so that form tokens
// survive a restart, extra on top) and its log file.
func newServer(bin, dbURL, logPath string, formLimit int, extra []string) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	s := &server{bin: bin, addr: "127.0.0.1:" + strconv.Itoa(port), logPath: logPath}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "RELOCATE_") {
			s.env = append(s.env, kv)
		}
	}
	s.env = append(s.env, "RELOCATE_ADDR="+s.addr, "RELOCATE_DATABASE_URL="+dbURL, "RELOCATE_SECRET="+randomHex(24),
		"RELOCATE_PUBLIC_URL=http://"+s.addr)
	if formLimit > 0 {
		s.env = append(s.env, "RELOCATE_FORM_LIMIT="+strconv.Itoa(formLimit))
	}
	s.env = append(s.env, extra...)
	return s, nil
}

func (s *server) base() string { return "http://" + s.addr }

func (s *server) logFile() (*os.File, error) {
	return os.OpenFile(s.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
}

// addEditor creates the editor account the writes sign in with, through
// the real command line (which also creates the schema and loads the demo
// content).
func (s *server) addEditor(ctx context.Context) error {
	log, err := s.logFile()
	if err != nil {
		return err
	}
	defer log.Close()
	cmd := exec.CommandContext(ctx, s.bin, "user", "add", "-email", editorEmail, "-name", "Load Editor", "-role", "EDITOR")
	cmd.Env, cmd.Stdin, cmd.Stdout, cmd.Stderr = s.env, strings.NewReader(editorPassword+"\n"), log, log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("relocate user add: %w (see %s)", err, s.logPath)
	}
	return nil
}

// start starts the process and waits until /readyz answers 200; it returns
// how long that took.
func (s *server) start(ctx context.Context) (time.Duration, error) {
	log, err := s.logFile()
	if err != nil {
		return 0, err
	}
	begun := time.Now()
	cmd := exec.Command(s.bin)
	cmd.Env, cmd.Stdout, cmd.Stderr = s.env, log, log
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
			return 0, fmt.Errorf("relocate exited during start-up: %v (see %s)", err, s.logPath)
		case <-ctx.Done():
			return 0, ctx.Err()
		default:
		}
		resp, err := probe.Get(s.base() + "/readyz")
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(begun), nil
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	return 0, fmt.Errorf("relocate was not ready within 60 s (see %s)", s.logPath)
}

// stop ends the process gracefully (SIGTERM), killing it after 15 s.
func (s *server) stop() error {
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

// kill ends the process with SIGKILL, as a crash would.
func (s *server) kill() {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.exited
	s.cmd = nil
}
