package site

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"relocate/internal/lang"
)

// securityTxtValidity is how far ahead security.txt's Expires lies. It is
// computed on each request, so the file never goes stale; RFC 9116 asks
// for less than a year.
const securityTxtValidity = 180 * 24 * time.Hour

// securityTxt answers /.well-known/security.txt (RFC 9116): whom to tell
// about a vulnerability, in which languages.
func (s *Site) securityTxt(w http.ResponseWriter, r *http.Request) {
	var b strings.Builder
	b.WriteString("# How to report a security problem of this website to the Relocation Service Magdeburg.\n")
	for _, c := range s.securityContacts {
		b.WriteString("Contact: " + c + "\n")
	}
	b.WriteString("Contact: " + s.absolute(pathTo(lang.Source, kContact, "")) + "\n")
	expires := s.now().UTC().Truncate(24 * time.Hour).Add(securityTxtValidity)
	b.WriteString("Expires: " + expires.Format(time.RFC3339) + "\n")
	b.WriteString("Preferred-Languages: de, en, lv, ru\n")
	if strings.HasPrefix(s.baseURL, "https://") {
		// Only a public origin is a canonical place; security.txt must be
		// served over HTTPS anyway.
		b.WriteString("Canonical: " + s.absolute("/.well-known/security.txt") + "\n")
	}
	w.Header().Set("Cache-Control", "public, max-age=86400")
	serveBytes(w, r, "text/plain; charset=utf-8", []byte(b.String()))
}

// rootFile serves static file name at a fixed path outside /static/
// (/favicon.ico, /apple-touch-icon.png): clients ask for these without
// reading a page. They may be cached for a week and are revalidated by
// their entity tag.
func (s *Site) rootFile(name, contentType string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, err := staticFS.ReadFile("static/" + name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=604800")
		serveBytes(w, r, contentType, b)
	}
}

// manifestIcon is an icon of the web app manifest.
type manifestIcon struct {
	Src     string `json:"src"`
	Sizes   string `json:"sizes"`
	Type    string `json:"type"`
	Purpose string `json:"purpose"`
}

// webManifest is the web app manifest of the site in one language.
type webManifest struct {
	ID              string         `json:"id"`
	Name            string         `json:"name"`
	ShortName       string         `json:"short_name"`
	Description     string         `json:"description"`
	Lang            lang.Code      `json:"lang"`
	Dir             string         `json:"dir"`
	StartURL        string         `json:"start_url"`
	Scope           string         `json:"scope"`
	Display         string         `json:"display"`
	ThemeColor      string         `json:"theme_color"`
	BackgroundColor string         `json:"background_color"`
	Icons           []manifestIcon `json:"icons"`
}

// manifestPath is the path of the web app manifest in language l.
func manifestPath(l lang.Code) string { return "/" + string(l) + "/manifest.webmanifest" }

// manifest answers the web app manifest in language l: the site's name in
// that language, starting at its home page. All languages are one app
// (the same id and scope).
func (s *Site) manifest(l lang.Code) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		icon := func(name, sizes, typ, purpose string) manifestIcon {
			return manifestIcon{Src: s.static.path(name), Sizes: sizes, Type: typ, Purpose: purpose}
		}
		m := webManifest{
			ID: "/", Name: s.catalog.T(l, "site.name", nil), ShortName: s.catalog.T(l, "site.short_name", nil),
			Description: s.catalog.T(l, "site.tagline", nil), Lang: l, Dir: "ltr",
			StartURL: pathTo(l, kHome, ""), Scope: "/", Display: "standalone",
			ThemeColor: s.static.theme, BackgroundColor: "#ffffff",
			Icons: []manifestIcon{
				icon("icon-192.png", "192x192", "image/png", "any"),
				icon("icon-512.png", "512x512", "image/png", "any"),
				icon("icon-512.png", "512x512", "image/png", "maskable"),
				icon("icon.svg", "any", "image/svg+xml", "any"),
			},
		}
		b, err := json.MarshalIndent(m, "", " ")
		if err != nil {
			http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=86400")
		serveBytes(w, r, "application/manifest+json", b)
	}
}

// serveBytes answers with body and a strong entity tag of it, or 304 when
// the client holds that.
func serveBytes(w http.ResponseWriter, r *http.Request, contentType string, body []byte) {
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:12]) + `"`
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", contentType)
	_, _ = w.Write(body)
}
