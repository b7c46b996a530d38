package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"relocate/internal/apperr"
	"relocate/internal/guide"
	"relocate/internal/lang"
	"relocate/internal/store"
)

// csp allows nothing but the site's own styles, images and forms: no
// scripts at all, no inline styles, no framing.
const csp = "default-src 'none'; style-src 'self'; img-src 'self' data:; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// langCookie remembers the language a reader chose, for the redirect from /.
const langCookie = "lang"

// page wraps a page handler: it sets the reader's language (l, or for
// pages outside the language tree the best guess), the security headers,
// remembers the language in a cookie and turns panics into the error page.
func (s *Site) page(l lang.Code, h func(http.ResponseWriter, *http.Request, *view)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pageLang := l
		if pageLang == "" {
			pageLang = s.readerLanguage(r)
		}
		pref := lang.FromAcceptLanguage(r.Header.Get("Accept-Language")).WithLanguage(pageLang)
		ctx := guide.WithRequestCache(lang.NewContext(r.Context(), pref))
		r = r.WithContext(ctx)
		hdr := w.Header()
		hdr.Set("Content-Security-Policy", csp)
		hdr.Set("Content-Language", string(pageLang))
		hdr.Add("Vary", "Accept-Language, Cookie")
		if l != "" {
			if c, err := r.Cookie(langCookie); err != nil || c.Value != string(l) {
				http.SetCookie(w, &http.Cookie{Name: langCookie, Value: string(l), Path: "/", MaxAge: 365 * 24 * 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode,
					Secure: r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")})
			}
		}
		v := &view{Lang: pageLang, site: s, r: r, status: http.StatusOK}
		if signedIn(r) {
			// A page that shows who is signed in is theirs alone.
			v.private = true
			hdr.Set("Cache-Control", "private, no-store")
		}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.ErrorContext(ctx, "site: panic", slog.String("panic", fmt.Sprint(p)), slog.String("stack", string(debug.Stack())))
				s.errorPage(w, v, http.StatusInternalServerError)
			}
		}()
		h(w, r, v)
	})
}

// readerLanguage guesses the language of a reader outside the language
// tree: the path's first segment, the language cookie, Accept-Language.
func (s *Site) readerLanguage(r *http.Request) lang.Code {
	first, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if l, err := lang.Parse(first); err == nil && first == string(l) {
		return l
	}
	if c, err := r.Cookie(langCookie); err == nil {
		if l, err := lang.Parse(c.Value); err == nil {
			return l
		}
	}
	return lang.FromAcceptLanguage(r.Header.Get("Accept-Language")).Language
}

// render executes the page template name with v and answers with it. Pages
// carry an ETag of their content: a reader who has the page gets 304.
func (s *Site) render(w http.ResponseWriter, v *view, name string) {
	t, ok := s.pages[name]
	if !ok {
		panic("site: no template " + name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", v); err != nil {
		s.log.ErrorContext(v.r.Context(), "site: render", slog.String("page", name), slog.String("error", err.Error()))
		if name != "error" {
			s.errorPage(w, v, http.StatusInternalServerError)
			return
		}
		// The error page itself failed: answer in plain text, never an
		// empty 200.
		status := v.status
		if status < 400 {
			status = http.StatusInternalServerError
		}
		http.Error(w, http.StatusText(status), status)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", "text/html; charset=utf-8")
	if v.private {
		hdr.Set("Cache-Control", "private, no-store")
	} else {
		hdr.Set("Cache-Control", "no-cache")
		etag := v.etag
		if etag == "" {
			sum := sha256.Sum256(buf.Bytes())
			etag = `W/"` + hex.EncodeToString(sum[:12]) + `"`
		}
		hdr.Set("ETag", etag)
		if v.status == http.StatusOK && v.r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.WriteHeader(v.status)
	_, _ = w.Write(buf.Bytes())
}

// lastModified sets Last-Modified and answers 304 when the reader's copy
// is current; it reports whether the answer is complete.
func lastModified(w http.ResponseWriter, r *http.Request, t time.Time) bool {
	if t.IsZero() {
		return false
	}
	t = t.UTC().Truncate(time.Second)
	w.Header().Set("Last-Modified", t.Format(http.TimeFormat))
	if since, err := http.ParseTime(r.Header.Get("If-Modified-Since")); err == nil && r.Header.Get("If-None-Match") == "" && !t.After(since) {
		w.WriteHeader(http.StatusNotModified)
		return true
	}
	return false
}

// fail answers err: its 404 page when nothing was found, 503 when the
// database is busy or down for a moment, else 500.
func (s *Site) fail(w http.ResponseWriter, v *view, err error) {
	if e, ok := apperr.As(err); ok && e.Code == apperr.NotFound {
		s.errorPage(w, v, http.StatusNotFound)
		return
	}
	if store.Unavailable(err) {
		s.log.WarnContext(v.r.Context(), "site: database unavailable", slog.String("path", v.r.URL.Path), slog.String("error", err.Error()))
		w.Header().Set("Retry-After", strconv.Itoa(store.RetryAfterSeconds))
		s.errorPage(w, v, http.StatusServiceUnavailable)
		return
	}
	s.log.ErrorContext(v.r.Context(), "site: page failed", slog.String("path", v.r.URL.Path), slog.String("error", err.Error()))
	s.errorPage(w, v, http.StatusInternalServerError)
}

// errorPage answers with the 400, 403, 404, 405, 413, 429, 500 or 503 page
// in the reader's language.
func (s *Site) errorPage(w http.ResponseWriter, v *view, status int) {
	v.status, v.Kind, v.NoIndex, v.private = status, "", true, true
	v.Data = status
	v.Title = v.T(fmt.Sprintf("error.page.%d.title", status))
	v.Notices = nil
	v.staticAlternates(kHome, "")
	s.render(w, v, "error")
}

// rootRedirect sends / to the home page in the reader's language: the one
// chosen before (cookie), else the browser's, else German.
func (s *Site) rootRedirect(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Vary", "Accept-Language, Cookie")
	w.Header().Set("Cache-Control", "no-cache")
	http.Redirect(w, r, pathTo(s.readerLanguage(r), kHome, ""), http.StatusFound)
}
