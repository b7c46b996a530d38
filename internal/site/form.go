package site

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/time/rate"

	"relocate/internal/audit"
)

// FormLimits protect the inquiry forms against spam and abuse, without
// third-party services.
type FormLimits struct {
	// MinFillTime is the least time between showing a form and sending it;
	// bots are faster than people.
	MinFillTime time.Duration
	// MaxAge is how long a shown form may be sent.
	MaxAge time.Duration
	// PerClient submissions are allowed per Window from one IP address.
	PerClient int
	Window    time.Duration
	// MaxBody is the largest form accepted, in bytes.
	MaxBody int64
}

// honeypot is a form field people never see (hidden by the stylesheet);
// a form that fills it is treated as sent and thrown away.
const honeypot = "website"

// formToken returns the hidden token of a form shown now: when it was
// shown and a random nonce, signed, so that the fill time can be checked
// on submission and each form shown is sent once.
func (s *Site) formToken(form string) string {
	issued := strconv.FormatInt(s.now().Unix(), 10)
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	nonce := hex.EncodeToString(b)
	return issued + "." + nonce + "." + s.sign(form, issued, nonce)
}

func (s *Site) sign(form, issued, nonce string) string {
	m := hmac.New(sha256.New, s.secret)
	m.Write([]byte(form + "|" + issued + "|" + nonce))
	return hex.EncodeToString(m.Sum(nil))[:32]
}

var (
	errFormExpired = errors.New("site: form token invalid or expired")
	errFormTooFast = errors.New("site: form sent too fast")
)

// checkToken verifies the token of a submitted form.
func (s *Site) checkToken(form, token string) error {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || !hmac.Equal([]byte(parts[2]), []byte(s.sign(form, parts[0], parts[1]))) {
		return errFormExpired
	}
	issued := parts[0]
	unix, err := strconv.ParseInt(issued, 10, 64)
	if err != nil {
		return errFormExpired
	}
	age := s.now().Sub(time.Unix(unix, 0))
	switch {
	case age < s.formConf.MinFillTime:
		return errFormTooFast
	case age > s.formConf.MaxAge:
		return errFormExpired
	}
	return nil
}

// tokenUse is what became of a form token.
type tokenUse int

// The uses of a token.
const (
	tokenNew     tokenUse = iota // not sent before: the caller has it now
	tokenPending                 // being sent by another request right now
	tokenSent                    // sent and stored
)

// usedTokens binds each form token to one stored submission: it remembers
// the tokens of stored forms until they expire. It lives in memory, so
// after a restart, or at another instance behind the same load balancer,
// a token can be sent once more; the per-address limit still holds.
type usedTokens struct {
	mu     sync.Mutex
	tokens map[string]usedToken
	maxAge time.Duration
	sweep  time.Time
}

type usedToken struct {
	at   time.Time
	sent bool
}

func newUsedTokens(maxAge time.Duration) *usedTokens {
	return &usedTokens{tokens: map[string]usedToken{}, maxAge: maxAge}
}

// claim takes token for one submission, unless it was sent or is being
// sent; finish tells what became of a claimed token.
func (u *usedTokens) claim(token string, now time.Time) tokenUse {
	u.mu.Lock()
	defer u.mu.Unlock()
	if now.Sub(u.sweep) > u.maxAge/24 {
		// Expired tokens are refused by their signature anyway.
		for k, t := range u.tokens {
			if now.Sub(t.at) > u.maxAge+time.Hour {
				delete(u.tokens, k)
			}
		}
		u.sweep = now
	}
	if t, ok := u.tokens[token]; ok {
		if t.sent {
			return tokenSent
		}
		return tokenPending
	}
	u.tokens[token] = usedToken{at: now}
	return tokenNew
}

// finish records that the submission with a claimed token was stored
// (sent) or not, in which case the token may be sent again.
func (u *usedTokens) finish(token string, sent bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if sent {
		t := u.tokens[token]
		t.sent = true
		u.tokens[token] = t
		return
	}
	delete(u.tokens, token)
}

// limiter allows each client a few submissions per window. It lives in
// memory: each instance counts for itself, and no address is stored. Only
// accepted submissions count: a form sent back for corrections gives its
// allowance back.
type limiter struct {
	mu      sync.Mutex
	clients map[string]*client
	every   rate.Limit
	burst   int
	window  time.Duration
	sweep   time.Time
}

type client struct {
	lim  *rate.Limiter
	seen time.Time
}

func newLimiter(perWindow int, window time.Duration) *limiter {
	return &limiter{
		clients: map[string]*client{}, burst: perWindow, window: window,
		every: rate.Every(window / time.Duration(max(perWindow, 1))),
	}
}

// reserve takes one submission of the allowance of the client at ip, if
// it has one left now. The returned function gives it back.
func (l *limiter) reserve(ip string, now time.Time) (giveBack func(time.Time), ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.sweep) > l.window {
		// Forget clients idle for a whole window: their allowance is full again.
		for k, c := range l.clients {
			if now.Sub(c.seen) > l.window {
				delete(l.clients, k)
			}
		}
		l.sweep = now
	}
	c, ok := l.clients[ip]
	if !ok {
		c = &client{lim: rate.NewLimiter(l.every, l.burst)}
		l.clients[ip] = c
	}
	c.seen = now
	r := c.lim.ReserveN(now, 1)
	if !r.OK() || r.DelayFrom(now) > 0 {
		r.CancelAt(now)
		return nil, false
	}
	return r.CancelAt, true
}

// clientIP is the address a request came from, as the server worked it
// out (behind a load balancer, not the balancer's).
func clientIP(r *http.Request) string {
	if ip := audit.RequestFrom(r.Context()).IP; ip != "" {
		return ip
	}
	return r.RemoteAddr
}

var crossOrigin = http.NewCrossOriginProtection()

// readForm applies the checks every form submission passes before its
// fields are looked at, and decodes them from the charset the request
// declares. It answers the request itself and returns false when one
// fails: a cross-site request (403), too many submissions (429), a body
// too large (413) or malformed (400). Otherwise the submission counts
// towards the client's limit until giveBack is called.
func (s *Site) readForm(w http.ResponseWriter, r *http.Request, v *view) (giveBack func(), ok bool) {
	if err := crossOrigin.Check(r); err != nil {
		s.errorPage(w, v, http.StatusForbidden)
		return nil, false
	}
	cancel, ok := s.limiter.reserve(clientIP(r), s.now())
	if !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(s.formConf.Window.Seconds())))
		s.errorPage(w, v, http.StatusTooManyRequests)
		return nil, false
	}
	giveBack = func() { cancel(s.now()) }
	r.Body = http.MaxBytesReader(w, r.Body, s.formConf.MaxBody)
	if err := r.ParseForm(); err != nil {
		giveBack()
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			s.errorPage(w, v, http.StatusRequestEntityTooLarge)
		} else {
			s.errorPage(w, v, http.StatusBadRequest)
		}
		return nil, false
	}
	decodeCharset(r)
	return giveBack, true
}

// decodeCharset turns the posted values into UTF-8 when the request
// declares another charset (browsers send UTF-8 for our UTF-8 pages;
// other clients may not). Undeclared invalid bytes stay, and are refused
// field by field.
func decodeCharset(r *http.Request) {
	_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	cs := params["charset"]
	if err != nil || cs == "" || strings.EqualFold(cs, "utf-8") {
		return
	}
	enc, err := htmlindex.Get(cs)
	if err != nil {
		return
	}
	for _, values := range r.PostForm {
		for i, v := range values {
			if d, err := enc.NewDecoder().String(v); err == nil {
				values[i] = d
			}
		}
	}
}
