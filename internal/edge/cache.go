package edge

import (
	"bytes"
	"container/list"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// Cache keeps answers by key, the least recently used going first once
// their bytes (keys, bodies and compressed bodies) exceed the limit. A nil
// *Cache keeps nothing. It is safe for concurrent use.
type Cache struct {
	mu    sync.Mutex
	limit int
	size  int
	items map[string]*list.Element // of *Answer
	order list.List                // most recently used first
}

// New returns a cache of at most limit bytes; nil (no cache) when limit
// is not positive.
func New(limit int) *Cache {
	if limit <= 0 {
		return nil
	}
	return &Cache{limit: limit, items: map[string]*list.Element{}}
}

// Answer is one kept answer: its body as made, the headers that describe
// it, and its compressed forms, made on first use.
type Answer struct {
	// Key names the request it answers; Stamp the snapshot version and
	// day it was made for (an answer with another stamp is stale).
	Key, Stamp string
	// ETag is the answer's entity tag, derived from Key and Stamp.
	ETag string
	// Header holds the response headers that belong to the body
	// (Content-Type, Last-Modified …).
	Header http.Header
	Body   []byte

	gzip, zstd encoded
	size       int // bytes charged to the cache
}

// encoded is a compressed form of a body, made once.
type encoded struct {
	once sync.Once
	body []byte
}

// Get returns the answer kept under key with stamp; nil when there is
// none (or only a stale one).
func (c *Cache) Get(key, stamp string) *Answer {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return nil
	}
	a := el.Value.(*Answer)
	if a.Stamp != stamp {
		return nil
	}
	c.order.MoveToFront(el)
	return a
}

// Put keeps a, replacing what was kept under its key.
func (c *Cache) Put(a *Answer) {
	if c == nil {
		return
	}
	a.size = len(a.Key) + 2*len(a.Body) + 256 // the compressed forms are smaller than the body
	if a.size > c.limit/8 {
		return // one answer must not push out everything else
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[a.Key]; ok {
		c.size -= el.Value.(*Answer).size
		c.order.Remove(el)
	}
	c.items[a.Key] = c.order.PushFront(a)
	c.size += a.size
	for c.size > c.limit {
		el := c.order.Back()
		old := el.Value.(*Answer)
		c.order.Remove(el)
		delete(c.items, old.Key)
		c.size -= old.size
	}
}

// Len returns how many answers are kept.
func (c *Cache) Len() int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items)
}

// Tag returns the entity tag of the answer to key with stamp in program
// edition: the same on every instance that runs the same program.
func Tag(edition, key, stamp string) string {
	h := sha256.New()
	h.Write([]byte(edition))
	h.Write([]byte{0})
	h.Write([]byte(stamp))
	h.Write([]byte{0})
	h.Write([]byte(key))
	return `"a` + base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:15]) + `"`
}

// Cache-Status values (RFC 9211) a response carries when its request
// could be answered from a cache: it was, or it was made and kept, or
// made and not kept (it depended on more than its key).
const (
	StatusHit    = "relocate; hit"
	StatusStored = "relocate; fwd=miss; stored"
	StatusMiss   = "relocate; fwd=miss"
)

// MinCompressSize is the smallest body that is compressed, as the server's
// compression does: a smaller one fits into one packet anyway.
const MinCompressSize = 1024

// Write answers r with a: the body compressed as r's Accept-Encoding
// allows (zstd, else gzip; compressed once per answer), with its
// headers and its ETag (suffixed "-zstd" or "-gzip" when compressed, as
// the server's compression suffixes them). The status is status.
func (a *Answer) Write(w http.ResponseWriter, r *http.Request, status int) {
	h := w.Header()
	for name, v := range a.Header {
		h[name] = v
	}
	body, coding := a.Body, coding(r)
	switch {
	case len(a.Body) < MinCompressSize:
		coding = ""
	case coding == "zstd":
		body = a.zstd.get(a.Body, zstdEncode)
	case coding == "gzip":
		body = a.gzip.get(a.Body, gzipEncode)
	}
	if a.ETag != "" {
		etag := a.ETag
		if coding != "" {
			etag = strings.TrimSuffix(etag, `"`) + "-" + coding + `"`
		}
		h.Set("ETag", etag)
	}
	if coding != "" {
		h.Set("Content-Encoding", coding)
	}
	h.Add("Vary", "Accept-Encoding")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

func (e *encoded) get(body []byte, encode func([]byte) []byte) []byte {
	e.once.Do(func() { e.body = encode(body) })
	return e.body
}

var zstdEncoder, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBestCompression), zstd.WithEncoderConcurrency(1))

func zstdEncode(b []byte) []byte { return zstdEncoder.EncodeAll(b, make([]byte, 0, len(b)/3)) }

func gzipEncode(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}

// coding returns the encoding to answer r with: zstd or gzip, whichever
// r's Accept-Encoding gives the higher q-value (zstd on a tie, as the
// server's compression prefers it), "" when it takes neither.
func coding(r *http.Request) string {
	z, g := quality(r, "zstd"), quality(r, "gzip")
	switch {
	case z > 0 && z >= g:
		return "zstd"
	case g > 0:
		return "gzip"
	}
	return ""
}

// quality returns the q-value r's Accept-Encoding gives coding: by its
// name, else by "*"; 0 when it names neither.
func quality(r *http.Request, coding string) float64 {
	q, wildcard := -1.0, 0.0
	for _, v := range r.Header.Values("Accept-Encoding") {
		for _, part := range strings.Split(v, ",") {
			name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			name = strings.TrimSpace(name)
			value := 1.0
			if p, ok := strings.CutPrefix(strings.ReplaceAll(strings.TrimSpace(params), " ", ""), "q="); ok {
				if f, err := strconv.ParseFloat(p, 64); err == nil {
					value = f
				}
			}
			switch {
			case strings.EqualFold(name, coding), coding == "gzip" && strings.EqualFold(name, "x-gzip"):
				q = value
			case name == "*":
				wildcard = value
			}
		}
	}
	if q < 0 {
		return wildcard
	}
	return q
}
