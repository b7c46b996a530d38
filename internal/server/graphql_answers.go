package server

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"relocate/internal/edge"
	"relocate/internal/guide"
	"relocate/internal/lang"
	"relocate/internal/viewer"
)

// Kept answers: a query of an anonymous reader whose answer came from the
// published guide's snapshot alone (no database statement, no error; see
// internal/edge) is kept whole, with its compressed forms, and served
// again without running gqlgen. Its key is the request as sent (method,
// URL query or body: the operation or its hash or documentId, its name,
// variables and extensions), the Accept header (which decides the media
// type and status codes), the reader's resolved language preference and
// the snapshot version and day it was made for (freshness depends on the
// day); the entity tag of a GET answer is derived from the key, so a
// reader who holds it gets 304 without anything being executed.
type answers struct {
	cache   *edge.Cache
	guide   *guide.Service
	edition string
}

// keyOf returns the key and stamp of r's answer (body is a POST's body),
// and whether the answer may be kept at all.
func (a answers) keyOf(r *http.Request, body []byte) (key, stamp string, ok bool) {
	if a.cache == nil || a.guide == nil || !viewer.FromContext(r.Context()).Anonymous() {
		return "", "", false
	}
	stamp, ok = a.stamp(r.Context())
	if !ok {
		return "", "", false
	}
	var b strings.Builder
	b.Grow(len(body) + len(r.URL.RawQuery) + 64)
	b.WriteString(r.Method)
	b.WriteByte(0)
	b.WriteString(r.Header.Get("Accept"))
	b.WriteByte(0)
	b.WriteString(lang.FromContext(r.Context()).Key())
	b.WriteByte(0)
	if r.Method == http.MethodGet {
		b.WriteString(r.URL.RawQuery)
	} else {
		b.Write(body)
	}
	return b.String(), stamp, true
}

// stamp names what else the answer depends on: the snapshot the request
// reads (pinned for the whole request) and the day in Magdeburg.
func (a answers) stamp(ctx context.Context) (string, bool) {
	sn := a.guide.RequestSnapshot(ctx)
	if sn == nil {
		return "", false
	}
	return strconv.Itoa(sn.Version) + "/" + a.guide.Today().Format(time.DateOnly), true
}

// keep keeps the answer just made for key and stamp when it may be kept:
// a query's answer with status 200, no errors, made without a database
// statement, on the same day it was asked. It returns the kept answer.
func (a answers) keep(r *http.Request, key, stamp string, rec *edge.Record, status int, h http.Header, body []byte) *edge.Answer {
	if status != http.StatusOK || !rec.Pure() || !rec.IsQuery() || bytes.Contains(body, []byte(`"errors":`)) {
		return nil
	}
	if now, ok := a.stamp(r.Context()); !ok || now != stamp { // midnight passed
		return nil
	}
	ans := &edge.Answer{Key: key, Stamp: stamp, Header: http.Header{"Content-Type": h.Values("Content-Type")}, Body: bytes.Clone(body)}
	if r.Method == http.MethodGet {
		ans.ETag = edge.Tag(a.edition, key, stamp)
	}
	a.cache.Put(ans)
	return ans
}

// serve answers r with a kept answer: GET answers may be stored by
// browsers and shared caches and revalidated (304 when If-None-Match
// holds the answer's tag), POST answers are not stored.
func (a answers) serve(w http.ResponseWriter, r *http.Request, ans *edge.Answer, cacheStatus string) {
	h := w.Header()
	h.Set("Cache-Status", cacheStatus)
	if r.Method != http.MethodGet {
		h.Set("Cache-Control", "no-store")
		ans.Write(w, r, http.StatusOK)
		return
	}
	h.Add("Vary", graphqlVary)
	h.Set("Cache-Control", publicCacheControl)
	if matches(r.Header.Get("If-None-Match"), ans.ETag) {
		h.Set("ETag", ans.ETag)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	ans.Write(w, r, http.StatusOK)
}
