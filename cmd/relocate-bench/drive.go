package main

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// target is a server under measurement: where it listens and how to read
// the CPU time it (and, on PostgreSQL, the database server) has used.
type target struct {
	base string
	// cpu is the server's CPU time so far.
	cpu func() (time.Duration, error)
	// dbCPU is the database server's CPU time so far; nil when it is not
	// measured (SQLite runs inside the server; a PostgreSQL the tool did
	// not start is not measured).
	dbCPU func() (time.Duration, error)
}

// load says how to drive one measurement.
type load struct {
	conns    int
	warmup   time.Duration // sent but not counted, before the window
	duration time.Duration // the measured window
	timeout  time.Duration // per request
	// rate, when above 0, is the requests per second all connections send
	// together, each on its own schedule; a request's latency counts from
	// when it was due, so an answer late enough to delay the next request
	// is charged to that one too (as wrk2 measures).
	rate float64
}

// measurement is what one run of one kind against one target came to, in
// its measured window.
type measurement struct {
	ok, bad int
	// timeouts are requests that got no answer within the client timeout,
	// unavailable those answered 503 (both counted in bad).
	timeouts, unavailable int
	// window is the measured time; latencies those of the correct answers
	// that ended in it, sorted.
	window    time.Duration
	latencies []time.Duration
	bytes     int64 // body bytes of one correct answer
	cpu       time.Duration
	dbCPU     time.Duration
	hasDBCPU  bool
}

func (m measurement) rate() float64 {
	if m.window <= 0 {
		return 0
	}
	return float64(m.ok) / m.window.Seconds()
}

// quantile returns the q-quantile of the latencies (nearest rank), 0
// when there are none.
func (m measurement) quantile(q float64) time.Duration {
	if len(m.latencies) == 0 {
		return 0
	}
	i := int(q*float64(len(m.latencies))+0.5) - 1
	return m.latencies[min(max(i, 0), len(m.latencies)-1)]
}

// cpuPerRequest is the server's CPU time (with the database's, when
// measured) per correct answer; 0 when there were none.
func (m measurement) cpuPerRequest() time.Duration {
	if m.ok == 0 {
		return 0
	}
	return (m.cpu + m.dbCPU) / time.Duration(m.ok)
}

func newClient(conns int, timeout time.Duration) *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			Proxy:               nil,
			DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
			MaxIdleConns:        conns,
			MaxIdleConnsPerHost: conns,
			MaxConnsPerHost:     conns,
			IdleConnTimeout:     60 * time.Second,
			DisableCompression:  true,
		},
		Timeout:       timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// worker's tally of its correct answers and failures in the window.
type tally struct {
	ok, bad, timeouts, unavailable int
	latencies                      []time.Duration
	bytes                          int64
}

// record counts one answer (or failure) that ended in the window.
func (tl *tally) record(k kind, status int, body []byte, err error, took time.Duration) {
	if err == nil && k.ok(status, body) {
		tl.ok++
		tl.latencies = append(tl.latencies, took)
		tl.bytes = int64(len(body))
		return
	}
	tl.bad++
	if err == nil && status == http.StatusServiceUnavailable {
		tl.unavailable++
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		tl.timeouts++
	}
}

// drive sends k to t from l.conns connections at once, as fast as the
// answers come, for l.warmup and then the measured l.duration, and
// reads the CPU times at the window's edges. When the window ends the
// requests in flight are abandoned; drive then waits until the server is
// idle again (at most settle), so that the next run starts clean.
func drive(ctx context.Context, t target, k kind, etag string, l load, settle time.Duration) (measurement, error) {
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	// The window, in nanoseconds since t0; zero until known.
	t0 := time.Now()
	var from, until atomic.Int64
	inWindow := func(end time.Time) bool {
		e, f, u := int64(end.Sub(t0)), from.Load(), until.Load()
		return f != 0 && e >= f && (u == 0 || e <= u)
	}
	raw, req := wire(k, t.base, etag)
	tallies := make([]tally, l.conns)
	conns := make([]*conn, l.conns)
	var wg sync.WaitGroup
	for i := range tallies {
		c := &conn{addr: hostOf(t.base), timeout: l.timeout}
		conns[i] = c
		wg.Add(1)
		var interval time.Duration
		due := t0
		if l.rate > 0 {
			interval = time.Duration(float64(time.Second) * float64(l.conns) / l.rate)
			due = t0.Add(interval * time.Duration(i) / time.Duration(l.conns))
		}
		go func(tl *tally) {
			defer wg.Done()
			defer c.close()
			for runCtx.Err() == nil {
				begun := time.Now()
				if interval > 0 {
					if !sleep(runCtx, time.Until(due)) {
						return
					}
					begun, due = due, due.Add(interval)
				}
				status, body, err := c.do(runCtx, raw, req)
				end := time.Now()
				if runCtx.Err() == nil && inWindow(end) {
					tl.record(k, status, body, err, end.Sub(begun))
				}
				if err != nil { // refused or reset: no busy loop
					sleep(runCtx, 10*time.Millisecond)
				}
			}
		}(&tallies[i])
	}
	go func() {
		<-runCtx.Done()
		for _, c := range conns {
			c.abort()
		}
	}()
	var m measurement
	err := func() error {
		if !sleep(ctx, l.warmup) {
			return ctx.Err()
		}
		cpu0, db0, err := readCPU(t)
		if err != nil {
			return err
		}
		from.Store(int64(time.Since(t0)))
		if !sleep(ctx, l.duration) {
			return ctx.Err()
		}
		until.Store(int64(time.Since(t0)))
		m.window = time.Duration(until.Load() - from.Load())
		cpu1, db1, err := readCPU(t)
		if err != nil {
			return err
		}
		m.cpu, m.dbCPU, m.hasDBCPU = cpu1-cpu0, db1-db0, t.dbCPU != nil
		return nil
	}()
	stop()
	wg.Wait()
	if err != nil {
		return m, err
	}
	for _, tl := range tallies {
		m.ok += tl.ok
		m.bad += tl.bad
		m.timeouts += tl.timeouts
		m.unavailable += tl.unavailable
		m.latencies = append(m.latencies, tl.latencies...)
		m.bytes = max(m.bytes, tl.bytes)
	}
	slices.Sort(m.latencies)
	waitIdle(ctx, t, settle)
	return m, nil
}

// single sends k to t n times one after the other on one connection and
// measures each, for a kind too slow to answer under load.
func single(ctx context.Context, t target, k kind, etag string, n int, timeout time.Duration) (measurement, error) {
	raw, req := wire(k, t.base, etag)
	c := &conn{addr: hostOf(t.base), timeout: timeout}
	defer c.close()
	var (
		m  measurement
		tl tally
	)
	cpu0, db0, err := readCPU(t)
	if err != nil {
		return m, err
	}
	begun := time.Now()
	for range n {
		start := time.Now()
		status, body, err := c.do(ctx, raw, req)
		tl.record(k, status, body, err, time.Since(start))
		if ctx.Err() != nil {
			return m, ctx.Err()
		}
	}
	m.window = time.Since(begun)
	cpu1, db1, err := readCPU(t)
	if err != nil {
		return m, err
	}
	m.ok, m.bad, m.timeouts, m.unavailable, m.latencies, m.bytes = tl.ok, tl.bad, tl.timeouts, tl.unavailable, tl.latencies, tl.bytes
	m.cpu, m.dbCPU, m.hasDBCPU = cpu1-cpu0, db1-db0, t.dbCPU != nil
	slices.Sort(m.latencies)
	return m, nil
}

// send performs req and reads the whole answer.
func send(c *http.Client, req *http.Request) (int, []byte, error) {
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, body, err
}

func readCPU(t target) (cpu, db time.Duration, err error) {
	if cpu, err = t.cpu(); err != nil {
		return 0, 0, err
	}
	if t.dbCPU != nil {
		if db, err = t.dbCPU(); err != nil {
			return 0, 0, err
		}
	}
	return cpu, db, nil
}

// waitIdle waits until the server (and database) use less than a tenth of
// a core over 200 ms, at most within.
func waitIdle(ctx context.Context, t target, within time.Duration) {
	const step = 200 * time.Millisecond
	deadline := time.Now().Add(within)
	prevCPU, prevDB, err := readCPU(t)
	for err == nil && time.Now().Before(deadline) {
		if !sleep(ctx, step) {
			return
		}
		var cpu, db time.Duration
		if cpu, db, err = readCPU(t); err != nil {
			return
		}
		if (cpu-prevCPU)+(db-prevDB) < step/10 {
			return
		}
		prevCPU, prevDB = cpu, db
	}
}

// sleep waits d or until ctx ends; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
