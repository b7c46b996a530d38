package server

import (
	"context"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"relocate/internal/apperr"
	"relocate/internal/audit"
	"relocate/internal/auth"
	"relocate/internal/lang"
	"relocate/internal/store"
	"relocate/internal/viewer"
	"relocate/locales"
)

// SessionCookie is the name of the browser session cookie.
const SessionCookie = "relocate_session"

// Authenticator turns a session token into the viewer it belongs to.
type Authenticator interface {
	Authenticate(ctx context.Context, token string) (viewer.Viewer, error)
}

// authenticate puts the viewer of the request's token (Authorization:
// Bearer, or the session cookie) into its context, with a cookie jar for
// signing in and out. A request with a token that is not (or no longer)
// valid is refused with 401, so a client knows to sign in again. A
// request signed in by cookie from another site is refused (403) if it
// could change anything; a GET from another site (a link, an image, a
// form) runs signed out, so that no other site can read or be audited in
// the reader's name. Bearer tokens are never sent by browsers on their
// own and are not affected.
func authenticate(next http.Handler, a Authenticator, catalog *locales.Catalog, crossOrigin *http.CrossOriginProtection) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := withCookieJar(r.Context(), w, r)
		token, byCookie := "", false
		if h := r.Header.Get("Authorization"); h != "" {
			scheme, t, ok := strings.Cut(h, " ")
			if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(t) == "" {
				writeError(w, r, catalog, http.StatusUnauthorized, string(apperr.Unauthenticated), "error.session_expired")
				return
			}
			token = strings.TrimSpace(t)
		} else if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			token, byCookie = c.Value, true
		}
		if byCookie && crossSite(r, crossOrigin) {
			if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodOptions {
				writeError(w, r, catalog, http.StatusForbidden, string(apperr.Forbidden), "error.cross_site")
				return
			}
			token = ""
		}
		if token != "" {
			v, err := a.Authenticate(ctx, token)
			if e, ok := apperr.As(err); ok && e.Code == apperr.Unauthenticated {
				if byCookie {
					auth.ForgetCookie(ctx)
				}
				w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
				writeError(w, r, catalog, http.StatusUnauthorized, string(e.Code), e.MessageID)
				return
			}
			if store.Unavailable(err) {
				w.Header().Set("Retry-After", strconv.Itoa(store.RetryAfterSeconds))
				writeError(w, r, catalog, http.StatusServiceUnavailable, string(apperr.ServiceUnavailable), store.MessageUnavailable)
				return
			}
			if err != nil {
				writeError(w, r, catalog, http.StatusInternalServerError, string(apperr.Internal), "error.internal")
				return
			}
			ctx = viewer.NewContext(ctx, v)
			if v.Has(viewer.Newcomer) && !v.Has(viewer.Caseworker, viewer.Admin) {
				// A newcomer reads their checklist in their own language,
				// unless the operation asks for another (@inContext).
				ctx = lang.NewContext(ctx, lang.FromContext(ctx).ForAccount(v.Language))
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// authenticateSite puts the viewer of the session cookie into the context
// of the website's requests: the same session as the API's, so one
// sign-in serves both faces. A cookie whose session ended is removed and
// the page served signed out; so is a request from another site (the
// site's forms refuse those themselves). Static files need no viewer.
func authenticateSite(next http.Handler, a Authenticator, crossOrigin *http.CrossOriginProtection) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := withCookieJar(r.Context(), w, r)
		c, err := r.Cookie(SessionCookie)
		if err == nil && c.Value != "" && !strings.HasPrefix(r.URL.Path, "/static/") && !crossSite(r, crossOrigin) {
			v, err := a.Authenticate(ctx, c.Value)
			e, isApp := apperr.As(err)
			switch {
			case err == nil:
				ctx = viewer.NewContext(ctx, v)
			case isApp && e.Code == apperr.Unauthenticated:
				auth.ForgetCookie(ctx)
			}
			// Any other error (the database) leaves the reader signed out
			// for this request; pages that need the database fail on their own.
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// withCookieJar returns ctx with a jar that sets the session cookie on w:
// for the whole site (both faces), HttpOnly, SameSite=Lax, Secure behind TLS.
func withCookieJar(ctx context.Context, w http.ResponseWriter, r *http.Request) context.Context {
	secure := r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
	return auth.WithCookieJar(ctx, func(value string, expires time.Time) {
		// Earlier versions kept the cookie for /graphql only; a browser
		// would send that one first there. Remove it on every sign-in and out.
		http.SetCookie(w, &http.Cookie{Name: SessionCookie, Path: "/graphql", MaxAge: -1, HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
		c := &http.Cookie{Name: SessionCookie, Value: value, Path: "/", HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode}
		if value == "" {
			c.MaxAge = -1
		} else {
			c.Expires = expires
		}
		http.SetCookie(w, c)
	})
}

// crossSite reports whether r was sent by a page of another site (or a
// sibling subdomain), whatever its method: by Sec-Fetch-Site, else by
// Origin, else, from browsers that send neither, by Referer. Origins
// trusted with credentials (RELOCATE_CORS_ORIGINS) are not other sites.
func crossSite(r *http.Request, crossOrigin *http.CrossOriginProtection) bool {
	// CrossOriginProtection lets every GET pass: ask it as if r were a POST.
	probe := new(http.Request)
	*probe = *r
	probe.Method = http.MethodPost
	if crossOrigin.Check(probe) != nil {
		return true
	}
	if r.Header.Get("Sec-Fetch-Site") != "" || r.Header.Get("Origin") != "" {
		return false
	}
	ref := r.Header.Get("Referer")
	if ref == "" {
		return false
	}
	u, err := url.Parse(ref)
	return err != nil || u.Host != r.Host
}

// withRequestInfo records where a request came from, for the audit log
// and the throttles of both faces.
func withRequestInfo(next http.Handler, trusted []netip.Prefix) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := audit.WithRequest(r.Context(), audit.Request{IP: clientIP(r, trusted), ID: RequestID(r.Context())})
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// clientIP is the address a request came from. Behind trusted proxies (a
// load balancer) it is the last address in X-Forwarded-For that is not one
// of theirs; otherwise the connection's.
func clientIP(r *http.Request, trusted []netip.Prefix) string {
	addr, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	ip := addr.Addr().Unmap()
	isTrusted := func(a netip.Addr) bool {
		for _, p := range trusted {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
	if !isTrusted(ip) {
		return ip.String()
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if ip = hop.Unmap(); !isTrusted(ip) {
			break
		}
	}
	return ip.String()
}
