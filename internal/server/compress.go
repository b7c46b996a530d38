package server

import (
	"net/http"
	"slices"
	"strings"

	"github.com/klauspost/compress/gzhttp"
	"github.com/klauspost/compress/zstd"
)

// compressibleTypes are the media types worth compressing: text. Images
// other than SVG, fonts and archives are compressed already.
var compressibleTypes = []string{
	"text/html", "text/css", "text/plain", "text/xml", "text/javascript",
	"application/json", "application/graphql-response+json", "application/xml",
	"application/javascript", "application/manifest+json", "image/svg+xml",
}

// minCompressSize is the smallest body that is compressed: a smaller one
// fits into one packet anyway.
const minCompressSize = 1024

// etagSuffix is appended to the entity tag of a compressed response
// ("-gzip", or "-zstd" for zstd), so that a compressed representation
// never carries the tag of the uncompressed one.
const etagSuffix = "-gzip"

// compress answers with zstd or gzip, as the client's Accept-Encoding
// allows (zstd preferred), every text response of at least
// minCompressSize bytes. Handlers compute entity tags of the
// uncompressed body; compress suffixes them per encoding and takes the
// suffix off again in If-None-Match, see conditional.
func compress(next http.Handler) http.Handler {
	wrap, err := gzhttp.NewWrapper(
		gzhttp.MinSize(minCompressSize),
		gzhttp.ContentTypes(compressibleTypes),
		gzhttp.SuffixETag(etagSuffix),
		gzhttp.ZstdCompressionLevel(int(zstd.SpeedDefault)),
	)
	if err != nil {
		panic("server: compression options: " + err.Error()) // the options above are constant
	}
	return wrap(conditional(next))
}

// encodingSuffixes are the suffixes compress appends to entity tags.
var encodingSuffixes = []string{"-gzip", "-zstd"}

// conditional makes If-None-Match work for every representation of a
// response: the client may hold the tag of the compressed one ("x-gzip")
// or of the uncompressed one ("x"). Handlers see If-None-Match with the
// encoding suffixes taken off, so they compare with the tag of their
// uncompressed body; a 200 whose ETag matches one the client holds
// becomes a 304 (weak comparison, RFC 9110 13.1.2) that repeats the tag
// the client holds. Every response varies by Accept-Encoding.
func conditional(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var held []string
		for _, v := range r.Header.Values("If-None-Match") {
			for _, t := range strings.Split(v, ",") {
				if t = strings.TrimSpace(t); t != "" {
					held = append(held, t)
				}
			}
		}
		cw := &conditionalWriter{ResponseWriter: w, held: held, safe: r.Method == http.MethodGet || r.Method == http.MethodHead}
		if len(held) > 0 {
			stripped := make([]string, len(held))
			for i, t := range held {
				stripped[i] = stripEncoding(t)
			}
			r2 := *r
			r2.Header = r.Header.Clone()
			r2.Header.Set("If-None-Match", strings.Join(stripped, ", "))
			r = &r2
		}
		next.ServeHTTP(cw, r)
	})
}

// stripEncoding removes an encoding suffix from entity tag t:
// W/"abc-gzip" → W/"abc".
func stripEncoding(t string) string {
	opaque, weak := strings.CutPrefix(t, "W/")
	if len(opaque) < 2 || opaque[len(opaque)-1] != '"' {
		return t
	}
	inner := opaque[:len(opaque)-1]
	for _, s := range encodingSuffixes {
		if base, ok := strings.CutSuffix(inner, s); ok {
			inner = base
			break
		}
	}
	if weak {
		return `W/` + inner + `"`
	}
	return inner + `"`
}

// sameEntity reports whether entity tags a and b match by weak comparison,
// ignoring encoding suffixes.
func sameEntity(a, b string) bool {
	if a == "*" || b == "*" {
		return true
	}
	opaque := func(t string) string {
		o, _ := strings.CutPrefix(stripEncoding(t), "W/")
		return o
	}
	return opaque(a) == opaque(b)
}

// conditionalWriter turns a matching 200 into a 304 and fixes the tag of
// a 304, see conditional.
type conditionalWriter struct {
	http.ResponseWriter
	held        []string // the client's If-None-Match tags, as sent
	safe        bool     // GET or HEAD
	wroteHeader bool
	discard     bool // a 304 instead of the body
}

func (c *conditionalWriter) WriteHeader(code int) {
	if c.wroteHeader || code < 200 {
		c.ResponseWriter.WriteHeader(code)
		return
	}
	c.wroteHeader = true
	h := c.Header()
	if !varies(h, "Accept-Encoding") {
		h.Add("Vary", "Accept-Encoding")
	}
	if vs := h.Values("Vary"); len(vs) > 1 { // one line, as the faces and the compression each add theirs
		h.Set("Vary", joinFields(vs))
	}
	if etag := h.Get("ETag"); etag != "" && c.safe && (code == http.StatusOK || code == http.StatusNotModified) {
		for _, t := range c.held {
			if sameEntity(t, etag) {
				if code == http.StatusOK {
					code, c.discard = http.StatusNotModified, true
					for _, name := range []string{"Content-Type", "Content-Length", "Content-Encoding"} {
						h.Del(name)
					}
				}
				if t != "*" {
					h.Set("ETag", t) // the representation the client holds
				}
				break
			}
		}
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *conditionalWriter) Write(b []byte) (int, error) {
	if !c.wroteHeader {
		c.WriteHeader(http.StatusOK)
	}
	if c.discard {
		return len(b), nil
	}
	return c.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (c *conditionalWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }

// joinFields joins the values of a list header into one, each field
// once (compared without case), in the order first named.
func joinFields(values []string) string {
	var fields []string
	for _, v := range values {
		for _, f := range strings.Split(v, ",") {
			if f = strings.TrimSpace(f); f != "" && !slices.ContainsFunc(fields, func(g string) bool { return strings.EqualFold(f, g) }) {
				fields = append(fields, f)
			}
		}
	}
	return strings.Join(fields, ", ")
}

// varies reports whether the Vary header of h lists name (or "*").
func varies(h http.Header, name string) bool {
	for _, v := range h.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			if f = strings.TrimSpace(f); f == "*" || strings.EqualFold(f, name) {
				return true
			}
		}
	}
	return false
}
