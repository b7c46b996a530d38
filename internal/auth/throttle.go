package auth

import (
	"sync"
	"time"
)

// throttle slows down guessing: after a few failed sign-ins for one key (an
// address or an account), each further attempt must wait twice as long as
// the last, up to a maximum. An attempt counts as failed from the moment it
// starts, so guesses sent in parallel cannot slip through while passwords
// are checked; a success takes it back.
type throttle struct {
	mu      sync.Mutex
	free    int           // failures allowed before waiting starts
	base    time.Duration // the first wait
	max     time.Duration
	entries map[string]*attempts
	swept   time.Time
}

type attempts struct {
	failures int
	until    time.Time
	last     time.Time
}

func newThrottle(free int, base, max time.Duration) *throttle {
	return &throttle{free: free, base: base, max: max, entries: map[string]*attempts{}}
}

// begin starts an attempt for key: it returns how long key must still
// wait, or 0 and counts the attempt as failed until success is reported.
func (t *throttle) begin(key string, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	if now.Sub(t.swept) > t.max {
		for k, e := range t.entries {
			if now.Sub(e.last) > t.max && now.After(e.until) {
				delete(t.entries, k)
			}
		}
		t.swept = now
	}
	e, ok := t.entries[key]
	if !ok {
		e = &attempts{}
		t.entries[key] = e
	}
	if now.Before(e.until) {
		return e.until.Sub(now)
	}
	e.failures++
	e.last = now
	if over := e.failures - t.free; over > 0 {
		e.until = now.Add(min(t.base<<min(over-1, 20), t.max))
	}
	return 0
}

// succeeded takes back the attempt begun for key; forget also clears its
// earlier failures.
func (t *throttle) succeeded(key string, forget bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.entries[key]
	if !ok {
		return
	}
	if forget {
		delete(t.entries, key)
		return
	}
	e.failures = max(e.failures-1, 0)
	if e.failures <= t.free {
		e.until = time.Time{}
	}
}
