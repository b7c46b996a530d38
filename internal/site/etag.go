package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"

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
// and its templates and page texts.
func edition() string {
	h := sha256.New()
	if bi, ok := debug.ReadBuildInfo(); ok {
		fmt.Fprint(h, bi.Main.Version)
		for _, s := range bi.Settings {
			if strings.HasPrefix(s.Key, "vcs.") {
				fmt.Fprint(h, s.Key, s.Value)
			}
		}
	}
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
		h(w, r, v)
	}
}
