package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strings"
	"time"

	"relocate/internal/lang"
	"relocate/locales"
)

type requestIDKey struct{}

// logRequests writes one log line per request: method, path, status,
// size, duration and a request ID, which it also sends back in
// X-Request-ID.
func logRequests(next http.Handler, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := newRequestID()
		w.Header().Set("X-Request-ID", id)
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		r = r.WithContext(contextWithRequestID(r.Context(), id))
		next.ServeHTTP(rec, r)
		log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("id", id),
			slog.String("method", r.Method),
			slog.String("path", loggedPath(r.URL.Path)),
			slog.Int("status", rec.status),
			slog.Int("bytes", rec.bytes),
			slog.Duration("duration", time.Since(start)),
		)
	})
}

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// statusRecorder remembers the status and size of a response.
type statusRecorder struct {
	http.ResponseWriter
	status, bytes int
	wrote         bool
}

func (s *statusRecorder) WriteHeader(code int) {
	if !s.wrote {
		s.status, s.wrote = code, true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	s.wrote = true
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// bounded gives every request at most d: its context ends then, which
// stops its database statements and GraphQL execution (the API answers
// its own TIMEOUT before that, after the shorter GraphQL timeout). A
// handler that has answered nothing by then is answered 503 with
// Retry-After and a translated message. Unlike http.TimeoutHandler it
// neither runs the handler in a goroutine of its own nor holds the whole
// response in a buffer: a page or an answer kept in memory is written as
// it is, and a handler that ignores its context cannot keep running
// after its answer was sent (every handler here stops with its context).
func bounded(next http.Handler, d time.Duration, catalog *locales.Catalog) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		bw := &answeredWriter{ResponseWriter: w}
		next.ServeHTTP(bw, r.WithContext(ctx))
		if bw.answered || !errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return
		}
		w.Header().Set("Retry-After", "5")
		if r.URL.Path == "/graphql" || !acceptsHTML(r) {
			writeError(w, r, catalog, http.StatusServiceUnavailable, "TIMEOUT", "error.timeout")
			return
		}
		// A browser's page: the message as text, in the reader's language.
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, catalog.T(lang.FromAcceptLanguage(r.Header.Get("Accept-Language")).Language, "error.timeout", nil))
	})
}

// answeredWriter remembers whether a handler has begun its answer.
type answeredWriter struct {
	http.ResponseWriter
	answered bool
}

func (a *answeredWriter) WriteHeader(code int) {
	if code >= 200 { // 1xx are not the answer
		a.answered = true
	}
	a.ResponseWriter.WriteHeader(code)
}

func (a *answeredWriter) Write(b []byte) (int, error) {
	a.answered = true
	return a.ResponseWriter.Write(b)
}

func (a *answeredWriter) Unwrap() http.ResponseWriter { return a.ResponseWriter }

// recoverPanics answers a panic with 500 and logs it with its stack.
func recoverPanics(next http.Handler, log *slog.Logger, catalog *locales.Catalog) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				log.ErrorContext(r.Context(), "http: panic", slog.String("panic", fmt.Sprint(v)), slog.String("stack", string(debug.Stack())))
				writeError(w, r, catalog, http.StatusInternalServerError, "INTERNAL_SERVER_ERROR", "error.internal")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// hsts asks browsers to use only HTTPS for a year once they have seen the
// site over HTTPS.
const hsts = "max-age=31536000"

// securityFields are the headers every response carries, in canonical
// form. Their value lists are shared by all responses, which is safe
// because they hold one value each (len = cap): Header.Set replaces a
// list and Header.Add appends to a new one, neither writes into it.
var (
	securityFields = []struct {
		name  string
		value []string
	}{
		{"X-Content-Type-Options", []string{"nosniff"}},
		{"Referrer-Policy", []string{"strict-origin-when-cross-origin"}},
		{"X-Frame-Options", []string{"DENY"}},
		{"Content-Security-Policy", []string{"default-src 'self'; img-src 'self' data:; font-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"}},
	}
	hstsValue = []string{hsts}
)

// securityHeaders sets the headers every response carries; HSTS only on
// responses that go out over HTTPS (see servedOverHTTPS).
func securityHeaders(next http.Handler, trusted []netip.Prefix) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if servedOverHTTPS(r, trusted) {
			h["Strict-Transport-Security"] = hstsValue
		}
		for _, f := range securityFields {
			h[f.name] = f.value
		}
		next.ServeHTTP(w, r)
	})
}

// servedOverHTTPS reports whether the client reached the service over
// HTTPS: this server's own TLS, or a trusted proxy's (one of trusted)
// X-Forwarded-Proto. A proxy that is not trusted could claim anything.
func servedOverHTTPS(r *http.Request, trusted []netip.Prefix) bool {
	if r.TLS != nil {
		return true
	}
	proto := r.Header.Get("X-Forwarded-Proto")
	if proto == "" || len(trusted) == 0 {
		return false
	}
	addr, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	for _, p := range trusted {
		if p.Contains(addr.Addr().Unmap()) {
			// The proxy nearest to us appends last.
			hops := strings.Split(proto, ",")
			return strings.EqualFold(strings.TrimSpace(hops[len(hops)-1]), "https")
		}
	}
	return false
}
