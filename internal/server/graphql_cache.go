package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"

	"relocate/internal/viewer"
)

// Caching of GraphQL answers: an anonymous query sent by GET (its text, its
// APQ hash or its documentId in the URL) that was answered without errors
// may be kept by browsers and shared caches for a minute, and revalidated
// with its ETag. Everything else is not stored.
const (
	publicCacheControl  = "public, max-age=60, stale-while-revalidate=60"
	privateCacheControl = "private, no-store"
)

// graphqlVary names the request headers a GET answer depends on: the
// language, and the signed-in viewer (token or session cookie).
const graphqlVary = "Accept-Language, Authorization, Cookie"

// cacheFor sets the caching headers of the answer body with status to
// request r, and reports whether r already holds this answer (If-None-Match),
// so that 304 Not Modified is the whole answer.
func cacheFor(h http.Header, r *http.Request, status int, body []byte) (notModified bool) {
	if r.Method != http.MethodGet {
		h.Set("Cache-Control", "no-store")
		return false
	}
	h.Add("Vary", graphqlVary)
	// Inside JSON strings quotes are escaped, so "errors": is the key of
	// errors (or of a field aliased so, which is not cached either).
	if status != http.StatusOK || !viewer.FromContext(r.Context()).Anonymous() || bytes.Contains(body, []byte(`"errors":`)) {
		h.Set("Cache-Control", privateCacheControl)
		return false
	}
	sum := sha256.Sum256(body)
	etag := `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
	h.Set("Cache-Control", publicCacheControl)
	h.Set("ETag", etag)
	return matches(r.Header.Get("If-None-Match"), etag)
}

// matches reports whether an If-None-Match header names etag (weak
// comparison, as RFC 9110 asks for If-None-Match).
func matches(ifNoneMatch, etag string) bool {
	for _, t := range strings.Split(ifNoneMatch, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}
