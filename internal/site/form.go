package site

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

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

// DefaultFormLimits are the limits of a production site.
var DefaultFormLimits = FormLimits{
	MinFillTime: 3 * time.Second,
	MaxAge:      24 * time.Hour,
	PerClient:   10,
	Window:      10 * time.Minute,
	MaxBody:     64 << 10,
}

// honeypot is a form field people never see (hidden by the stylesheet);
// a form that fills it is treated as sent and thrown away.
const honeypot = "website"

// formToken returns the hidden token of a form shown now: when it was
// shown, signed, so that the fill time can be checked on submission.
func (s *Site) formToken(form string) string {
	issued := strconv.FormatInt(s.now().Unix(), 10)
	return issued + "." + s.sign(form, issued)
}

func (s *Site) sign(form, issued string) string {
	m := hmac.New(sha256.New, s.secret)
	m.Write([]byte(form + "|" + issued))
	return hex.EncodeToString(m.Sum(nil))[:32]
}

var (
	errFormExpired = errors.New("site: form token invalid or expired")
	errFormTooFast = errors.New("site: form sent too fast")
)

// checkToken verifies the token of a submitted form.
func (s *Site) checkToken(form, token string) error {
	issued, sig, ok := strings.Cut(token, ".")
	if !ok || !hmac.Equal([]byte(sig), []byte(s.sign(form, issued))) {
		return errFormExpired
	}
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

// limiter allows each client a few submissions per window. It lives in
// memory: each instance counts for itself, and no address is stored.
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

// allow reports whether the client at ip may send a form now.
func (l *limiter) allow(ip string, now time.Time) bool {
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
	return c.lim.AllowN(now, 1)
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
// fields are looked at. It answers the request itself and returns false
// when one fails: a cross-site request (403), too many submissions (429),
// a body too large (413) or malformed (400).
func (s *Site) readForm(w http.ResponseWriter, r *http.Request, v *view) bool {
	if err := crossOrigin.Check(r); err != nil {
		s.errorPage(w, v, http.StatusForbidden)
		return false
	}
	if !s.limiter.allow(clientIP(r), s.now()) {
		w.Header().Set("Retry-After", strconv.Itoa(int(s.formConf.Window.Seconds())))
		s.errorPage(w, v, http.StatusTooManyRequests)
		return false
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.formConf.MaxBody)
	if err := r.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			s.errorPage(w, v, http.StatusRequestEntityTooLarge)
		} else {
			s.errorPage(w, v, http.StatusBadRequest)
		}
		return false
	}
	return true
}
