package logging

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// sink is a destination that may be read while it is written.
type sink struct {
	mu     sync.Mutex
	b      bytes.Buffer
	writes int
}

func (s *sink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writes++
	return s.b.Write(p)
}

func (s *sink) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (s *sink) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writes
}

// TestLinesArriveWholeInOrderInBatches logs from eight goroutines at once:
// nothing reaches the destination before a batch is due, every line
// arrives whole, each goroutine's lines in their order, in far fewer
// writes than lines; after Close a line is written at once.
func TestLinesArriveWholeInOrderInBatches(t *testing.T) {
	out := &sink{}
	w := NewWriter(out, 4<<10, time.Hour)
	log := slog.New(slog.NewTextHandler(w, nil))
	log.Info("first")
	if got := out.String(); got != "" {
		t.Fatalf("written before a batch was due: %q", got)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				log.Info("request", slog.Int("g", g), slog.Int("i", i))
			}
		})
	}
	wg.Wait()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 1+8*500 || !strings.Contains(lines[0], "msg=first") {
		t.Fatalf("%d lines, want %d, the first line first (%q)", len(lines), 1+8*500, lines[0])
	}
	next := map[int]int{}
	for _, l := range lines[1:] {
		var g, i int
		rest := l[strings.Index(l, "msg=request"):]
		if _, err := fmt.Sscanf(rest, "msg=request g=%d i=%d", &g, &i); err != nil || !strings.HasPrefix(l, "time=") {
			t.Fatalf("broken line %q: %v", l, err)
		}
		if i != next[g] {
			t.Fatalf("goroutine %d: line %d came where %d was due", g, i, next[g])
		}
		next[g]++
	}
	if n := out.count(); n > len(lines)/20 {
		t.Errorf("%d writes for %d lines, want batches", n, len(lines))
	}
	log.Info("after close")
	if !strings.HasSuffix(out.String(), "msg=\"after close\"\n") {
		t.Errorf("a line after Close was held back: %q", out.String()[max(0, len(out.String())-80):])
	}
}

// TestALineWaitsAtMostTheInterval: a quiet server's last request line
// reaches the log without another line to push it out.
func TestALineWaitsAtMostTheInterval(t *testing.T) {
	out := &sink{}
	w := NewWriter(out, 64<<10, 20*time.Millisecond)
	defer w.Close()
	fmt.Fprintln(w, "quiet")
	deadline := time.Now().Add(5 * time.Second)
	for out.String() == "" && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if out.String() != "quiet\n" {
		t.Fatalf("after the interval the log holds %q", out.String())
	}
}

// TestWarningsAreWrittenAtOnce: a warning, and the lines before it, reach
// the log with the warning; an info line waits for its batch.
func TestWarningsAreWrittenAtOnce(t *testing.T) {
	out := &sink{}
	w := NewWriter(out, 64<<10, time.Hour)
	defer w.Close()
	log := slog.New(NewHandler(slog.NewTextHandler(w, nil), w, slog.LevelWarn)).With(slog.String("component", "test"))
	log.Info("request")
	if out.String() != "" {
		t.Fatalf("an info line was written at once: %q", out.String())
	}
	log.WithGroup("db").Warn("slow statement")
	got := out.String()
	if !strings.Contains(got, "msg=request") || !strings.Contains(got, `msg="slow statement" component=test`) {
		t.Fatalf("after a warning the log holds %q", got)
	}
	log.Error("failed")
	if !strings.Contains(out.String(), "level=ERROR msg=failed") {
		t.Fatalf("an error was held back: %q", out.String())
	}
}
