package site

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"regexp"
	"strings"
)

//go:embed static
var staticFS embed.FS

// staticFiles serves the stylesheet and images under fingerprinted paths
// (/static/<hash>/style.css): a changed file gets a new URL, so every file
// may be cached for a year.
type staticFiles struct {
	hashes map[string]string // name → first 10 hex digits of its SHA-256
	// theme is the site's accent colour, read from the stylesheet, for
	// browsers' and the manifest's theme colour.
	theme string
}

// accentColour finds the accent colour in the stylesheet.
var accentColour = regexp.MustCompile(`--accent:\s*(#[0-9a-fA-F]{3,8})\s*;`)

func loadStatic() (*staticFiles, error) {
	sf := &staticFiles{hashes: map[string]string{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		sf.hashes[strings.TrimPrefix(p, "static/")] = hex.EncodeToString(sum[:])[:10]
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("site: load static files: %w", err)
	}
	css, err := staticFS.ReadFile("static/style.css")
	if err != nil {
		return nil, fmt.Errorf("site: load stylesheet: %w", err)
	}
	m := accentColour.FindSubmatch(css)
	if m == nil {
		return nil, fmt.Errorf("site: the stylesheet defines no --accent colour")
	}
	sf.theme = string(m[1])
	return sf, nil
}

// path returns the fingerprinted path of the static file name.
func (sf *staticFiles) path(name string) string {
	h, ok := sf.hashes[name]
	if !ok {
		panic("site: no static file " + name)
	}
	return "/static/" + h + "/" + name
}

func (sf *staticFiles) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hash, name, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/static/"), "/")
	if sf.hashes[name] != hash {
		http.NotFound(w, r)
		return
	}
	b, err := staticFS.ReadFile("static/" + name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	etag := `"` + hash + `"`
	w.Header().Set("ETag", etag)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	_, _ = w.Write(b)
}
