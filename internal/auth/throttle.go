package auth

import (
	"sync"
	"time"
)

// throttle slows down guessing: after a few failed sign-ins for one key (an
// address or an account), each further attempt must wait twice as long as
// the last, up to a maximum. A success clears the key. It lives in memory:
// each instance throttles on its own.
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

// wait returns how long key must still wait before the next attempt.
func (t *throttle) wait(key string, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	if e, ok := t.entries[key]; ok && now.Before(e.until) {
		return e.until.Sub(now)
	}
	return 0
}

// fail records a failed attempt for key.
func (t *throttle) fail(key string, now time.Time) {
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
	e.failures++
	e.last = now
	if over := e.failures - t.free; over > 0 {
		d := t.base << min(over-1, 20)
		e.until = now.Add(min(d, t.max))
	}
}

// succeed forgets key's failures.
func (t *throttle) succeed(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.entries, key)
}
