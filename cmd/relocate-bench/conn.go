package main

import (
	"bufio"
	"bytes"
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// conn is one keep-alive HTTP/1.1 connection of a load worker. It writes
// a request serialized once and parses the answer with net/http's reader:
// far less work per request than http.Client, so that the client's share
// of this machine's CPU stays small and the limit stays high.
type conn struct {
	addr    string
	timeout time.Duration
	// mu guards c against abort; only the worker changes it.
	mu   sync.Mutex
	c    net.Conn
	br   *bufio.Reader
	body bytes.Buffer
}

// wire serializes k's request to base once, with etag as If-None-Match
// when given.
func wire(k kind, base, etag string) ([]byte, *http.Request) {
	req := k.request(base)
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	req.Header.Set("User-Agent", "relocate-bench")
	var b bytes.Buffer
	_ = req.Write(&b)
	return b.Bytes(), req
}

// do sends raw and reads the answer to req (the same request, parsed);
// the body stays valid until the next call. A failure closes the
// connection; the next call opens a new one.
func (c *conn) do(ctx context.Context, raw []byte, req *http.Request) (int, []byte, error) {
	status, body, err := c.roundTrip(ctx, raw, req)
	if err != nil {
		c.close()
	}
	return status, body, err
}

func (c *conn) roundTrip(ctx context.Context, raw []byte, req *http.Request) (int, []byte, error) {
	if c.c == nil {
		d := net.Dialer{Timeout: 5 * time.Second}
		nc, err := d.DialContext(ctx, "tcp", c.addr)
		if err != nil {
			return 0, nil, err
		}
		c.mu.Lock()
		c.c, c.br = nc, bufio.NewReaderSize(nc, 32<<10)
		c.mu.Unlock()
	}
	if err := c.c.SetDeadline(time.Now().Add(c.timeout)); err != nil {
		return 0, nil, err
	}
	if _, err := c.c.Write(raw); err != nil {
		return 0, nil, err
	}
	resp, err := http.ReadResponse(c.br, req)
	if err != nil {
		return 0, nil, err
	}
	c.body.Reset()
	_, err = c.body.ReadFrom(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return 0, nil, err
	}
	if resp.Close {
		c.close()
	}
	return resp.StatusCode, c.body.Bytes(), nil
}

// abort makes a request in flight fail now.
func (c *conn) abort() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.c != nil {
		_ = c.c.SetDeadline(time.Now())
	}
}

func (c *conn) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.c != nil {
		_ = c.c.Close()
		c.c, c.br = nil, nil
	}
}

// hostOf is the host:port of a base URL ("http://127.0.0.1:8080").
func hostOf(base string) string { return strings.TrimPrefix(base, "http://") }
