package auth

import (
	"slices"
	"sync"
	"time"
)

// throttle slows down guessing for one kind of key: after free failed
// sign-ins for a key, each further attempt must wait, the wait doubling
// every step failures, from base up to max. Attempts refused while waiting
// do not count.
type throttle struct {
	free, step int
	base, max  time.Duration
	entries    map[string]*attempts
}

type attempts struct {
	failures int
	until    time.Time
	last     time.Time
}

func newThrottle(free, step int, base, ceiling time.Duration) *throttle {
	return &throttle{free: free, step: max(step, 1), base: base, max: ceiling, entries: map[string]*attempts{}}
}

// wait returns how long key must still wait at now.
func (t *throttle) wait(key string, now time.Time) time.Duration {
	if e, ok := t.entries[key]; ok && now.Before(e.until) {
		return e.until.Sub(now)
	}
	return 0
}

// fail counts an attempt for key as failed and sets the wait it causes.
func (t *throttle) fail(key string, now time.Time) {
	e, ok := t.entries[key]
	if !ok {
		e = &attempts{}
		t.entries[key] = e
	}
	e.failures++
	e.last = now
	if over := e.failures - t.free; over > 0 {
		e.until = now.Add(min(t.base<<min((over-1)/t.step, 20), t.max))
	}
}

// undo takes back one failure of key (the attempt succeeded); forget
// clears its earlier failures too.
func (t *throttle) undo(key string, forget bool) {
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

// sweep forgets keys idle for longer than the longest wait.
func (t *throttle) sweep(now time.Time) {
	for k, e := range t.entries {
		if now.Sub(e.last) > t.max && now.After(e.until) {
			delete(t.entries, k)
		}
	}
}

// scope says which limit refused a sign-in.
type scope string

const (
	byPair    scope = "account and address"
	byAddress scope = "address"
	byAccount scope = "account"
)

// maxUsual is how many addresses of an account's recent sign-ins are
// remembered.
const maxUsual = 20

// guard throttles sign-ins three ways at once, so that neither one guesser
// nor many together get far, while nobody can lock an owner out:
//   - per account and address: a few failures, then doubling waits. This
//     is what slows a guesser down; it touches nobody else.
//   - per address: more failures (one address may try many accounts).
//   - per account, from every address together: a high ceiling, then
//     waits that grow slowly. Addresses the account recently signed in
//     from (the owner's usual ones) are exempt, so guessing from
//     elsewhere cannot lock the owner out.
//
// An attempt counts as failed from the moment it starts, so guesses sent
// in parallel cannot slip through while passwords are checked; a success
// takes it back.
type guard struct {
	mu        sync.Mutex
	pairs     *throttle
	addresses *throttle
	accounts  *throttle
	users     map[string]int    // account → user ID, learned from failed checks
	usual     map[string]*usual // account → addresses it signed in from
	swept     time.Time
}

// usual are the addresses an account signed in from, newest last; loaded
// says they were read from the audit log since the process started.
type usual struct {
	addrs  []string
	loaded bool
}

func newGuard(o Options) *guard {
	return &guard{
		pairs:     newThrottle(o.FreeAttempts, 1, o.FirstWait, o.MaxWait),
		addresses: newThrottle(o.PerAddressAttempts, 1, o.FirstWait, o.MaxWait),
		accounts:  newThrottle(o.PerAccountAttempts, o.PerAccountStep, o.FirstWait, o.MaxWait),
		users:     map[string]int{}, usual: map[string]*usual{},
	}
}

func pairKey(account, ip string) string { return account + "\x00" + ip }

// begin starts an attempt to sign in to account from ip: it returns how
// long to wait and which limit says so, or 0 and counts the attempt as
// failed until success is reported.
func (g *guard) begin(account, ip string, now time.Time) (time.Duration, scope) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if now.Sub(g.swept) > g.pairs.max {
		g.pairs.sweep(now)
		g.addresses.sweep(now)
		g.accounts.sweep(now)
		for a, u := range g.usual {
			if _, ok := g.accounts.entries[a]; !ok && len(u.addrs) == 0 {
				delete(g.usual, a)
			}
		}
		for a := range g.users {
			if _, ok := g.accounts.entries[a]; !ok {
				delete(g.users, a)
			}
		}
		g.swept = now
	}
	pk := pairKey(account, ip)
	if w := g.pairs.wait(pk, now); w > 0 {
		return w, byPair
	}
	if w := g.addresses.wait(ip, now); w > 0 {
		return w, byAddress
	}
	if w := g.accounts.wait(account, now); w > 0 && !g.isUsual(account, ip) {
		return w, byAccount
	}
	g.pairs.fail(pk, now)
	g.addresses.fail(ip, now)
	g.accounts.fail(account, now)
	return 0, ""
}

// needsUsual reports whether account is over its ceiling while its usual
// addresses are not known yet: they must be loaded before begin decides.
func (g *guard) needsUsual(account string, now time.Time) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	u := g.usual[account]
	return g.accounts.wait(account, now) > 0 && (u == nil || !u.loaded)
}

// loadedUsual adds the addresses read from the audit log to account's.
func (g *guard) loadedUsual(account string, addrs []string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	u := g.usualOf(account)
	for _, a := range addrs {
		if !slices.Contains(u.addrs, a) && len(u.addrs) < maxUsual {
			u.addrs = append(u.addrs, a)
		}
	}
	u.loaded = true
}

func (g *guard) usualOf(account string) *usual {
	u, ok := g.usual[account]
	if !ok {
		u = &usual{}
		g.usual[account] = u
	}
	return u
}

func (g *guard) isUsual(account, ip string) bool {
	u, ok := g.usual[account]
	return ok && slices.Contains(u.addrs, ip)
}

// failed notes that account belongs to user id (0: no such account), for
// the audit entries of later throttled attempts.
func (g *guard) failed(account string, id int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if id != 0 {
		g.users[account] = id
	}
}

// userOf returns the user ID of account, if a failed attempt found one.
func (g *guard) userOf(account string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.users[account]
}

// succeeded takes back the attempt begun for account from ip, clears the
// failures of that pair and remembers ip as one of account's usual
// addresses.
func (g *guard) succeeded(account, ip string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.pairs.undo(pairKey(account, ip), true)
	g.addresses.undo(ip, false)
	g.accounts.undo(account, false)
	u := g.usualOf(account)
	if i := slices.Index(u.addrs, ip); i >= 0 {
		u.addrs = slices.Delete(u.addrs, i, i+1)
	}
	u.addrs = append(u.addrs, ip)
	if len(u.addrs) > maxUsual {
		u.addrs = u.addrs[len(u.addrs)-maxUsual:]
	}
}
