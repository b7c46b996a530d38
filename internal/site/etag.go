package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"slices"
	"strconv"

	"relocate/internal/edge"
	"relocate/internal/guide"
	"relocate/internal/lang"
)

// Pages of published content (the home page, topics, articles, the
// glossary) are a function of the guide's snapshot, the reader's
// languages, the URL, the day (freshness notices) and the program. Their
// ETag is computed from those before anything is rendered, so a reader
// who has the page gets 304 for the cost of a hash, and a change of
// content, day or release changes it.

// edition fingerprints what the program renders pages with: its build
// (edge.Edition) and its templates and page texts.
func edition() string {
	h := sha256.New()
	h.Write([]byte(edge.Edition()))
	for _, fsys := range []fs.FS{templateFiles, textFiles, staticFS} {
		_ = fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(fsys, path)
			h.Write([]byte(path))
			h.Write(b)
			return err
		})
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// published wraps the handler of a page of published content: it answers
// 304 when the reader's copy carries the page's ETag, before the page is
// built. Private pages (a signed-in reader's) are built as before.
func (s *Site) published(h func(http.ResponseWriter, *http.Request, *view)) func(http.ResponseWriter, *http.Request, *view) {
	return func(w http.ResponseWriter, r *http.Request, v *view) {
		sn := s.guide.RequestSnapshot(r.Context())
		if v.private || sn == nil {
			h(w, r, v)
			return
		}
		sum := sha256.New()
		fmt.Fprintln(sum, s.edition, sn.Version, s.now().In(guide.Location()).Format("2006-01-02"), r.URL.RequestURI())
		for _, l := range lang.FromContext(r.Context()).Chain {
			sum.Write([]byte(l))
		}
		v.etag = `W/"p` + strconv.Itoa(sn.Version%1e6) + "-" + hex.EncodeToString(sum.Sum(nil)[:10]) + `"`
		if r.Header.Get("If-None-Match") == v.etag {
			w.Header().Set("Cache-Control", "no-cache")
			w.Header().Set("ETag", v.etag)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		if s.pagesKept == nil || r.Method != http.MethodGet {
			h(w, r, v)
			return
		}
		// The ETag names everything the page depends on: it is the key of
		// the page kept whole, with its compressed forms.
		if p := s.pagesKept.Get(v.etag, ""); p != nil {
			w.Header().Set("Cache-Status", edge.StatusHit)
			if lm := p.Header.Get("Last-Modified"); lm != "" && r.Header.Get("If-None-Match") == "" {
				// As lastModified answers a reader who holds the page by date alone.
				t, err1 := http.ParseTime(lm)
				since, err2 := http.ParseTime(r.Header.Get("If-Modified-Since"))
				if err1 == nil && err2 == nil && !t.After(since) {
					w.Header().Set("Last-Modified", lm)
					w.WriteHeader(http.StatusNotModified)
					return
				}
			}
			p.Write(w, r, http.StatusOK)
			return
		}
		ctx, rec := edge.WithRecord(r.Context())
		r = r.WithContext(ctx)
		v.r = r
		w.Header().Set("Cache-Status", edge.StatusMiss) // "stored" cannot be known before the page is sent
		tee := &teeWriter{ResponseWriter: w, status: http.StatusOK}
		h(tee, r, v)
		if tee.status == http.StatusOK && v.status == http.StatusOK && !v.private && rec.Pure() && tee.header.Get("ETag") == v.etag {
			tee.header.Del("ETag") // Write sets it, per encoding
			s.pagesKept.Put(&edge.Answer{Key: v.etag, ETag: v.etag, Header: tee.header, Body: tee.body.Bytes()})
		}
	}
}

// teeWriter passes a response on and keeps a copy of its status and body.
type teeWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
	header http.Header
	body   bytes.Buffer
}

func (t *teeWriter) WriteHeader(code int) {
	if !t.wrote {
		t.status, t.wrote = code, true
		// The headers that belong to the page, as they are sent.
		t.header = http.Header{}
		for _, name := range []string{"Content-Type", "Content-Language", "Cache-Control", "Last-Modified", "ETag"} {
			if vs := t.Header().Values(name); len(vs) > 0 {
				t.header[http.CanonicalHeaderKey(name)] = slices.Clone(vs)
			}
		}
	}
	t.ResponseWriter.WriteHeader(code)
}

func (t *teeWriter) Write(b []byte) (int, error) {
	if !t.wrote {
		t.WriteHeader(http.StatusOK)
	}
	t.body.Write(b)
	return t.ResponseWriter.Write(b)
}

func (t *teeWriter) Unwrap() http.ResponseWriter { return t.ResponseWriter }
