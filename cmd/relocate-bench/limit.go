package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"relocate/cmd/internal/loadkit"
)

// fixedJSON is the limit's answer: about 2 KB of JSON shaped like a
// GraphQL answer, serialized once.
var fixedJSON = func() []byte {
	type node struct {
		Title, Summary, TranslationStatus string
	}
	var arts []node
	for i := range 13 {
		arts = append(arts, node{
			Title:             fmt.Sprintf("Raksts %d par dzīvi Magdeburgā", i+1),
			Summary:           "Īss kopsavilkums: kas jāzina, kur jāiet un kādi dokumenti jāņem līdzi.",
			TranslationStatus: "CURRENT",
		})
	}
	b, _ := json.Marshal(map[string]any{"data": map[string]any{"articles": arts}})
	return b
}()

// serveLimit answers every request with fixedJSON until ctx ends: the
// physical limit of this machine for an HTTP/1.1 JSON answer, measured with
// the same client as relocate.
func serveLimit(ctx context.Context, addr string) error {
	length := strconv.Itoa(len(fixedJSON))
	srv := &http.Server{Addr: addr, ReadHeaderTimeout: 5 * time.Second, Handler: http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", length)
			_, _ = w.Write(fixedJSON)
		})}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	if err := srv.ListenAndServe(); err != http.ErrServerClosed {
		return err
	}
	return nil
}

// limitServer is serveLimit running in a child process of the tool (this
// same program), so that its CPU time is its own.
type limitServer struct {
	cmd  *exec.Cmd
	base string
}

func startLimit(ctx context.Context) (*limitServer, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	port, err := loadkit.FreePort()
	if err != nil {
		return nil, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	cmd := exec.Command(self, "limit", "-addr", addr)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start the limit server: %w", err)
	}
	l := &limitServer{cmd: cmd, base: "http://" + addr}
	probe := &http.Client{Timeout: time.Second}
	for begun := time.Now(); time.Since(begun) < 10*time.Second; time.Sleep(10 * time.Millisecond) {
		if ctx.Err() != nil {
			break
		}
		resp, err := probe.Get(l.base + "/")
		if err == nil {
			_ = resp.Body.Close()
			return l, nil
		}
	}
	l.stop()
	return nil, fmt.Errorf("the limit server did not answer on %s", addr)
}

func (l *limitServer) target() target {
	pid := l.cmd.Process.Pid
	return target{base: l.base, cpu: func() (time.Duration, error) { return processCPU(pid) }}
}

func (l *limitServer) stop() {
	_ = l.cmd.Process.Signal(syscall.SIGTERM)
	_ = l.cmd.Wait()
}

// limitMain is "relocate-bench limit -addr host:port".
func limitMain(args []string) error {
	addr := "127.0.0.1:0"
	for i := 0; i+1 < len(args); i++ {
		if strings.TrimLeft(args[i], "-") == "addr" {
			addr = args[i+1]
		}
	}
	ctx, stop := signalContext()
	defer stop()
	return serveLimit(ctx, addr)
}
