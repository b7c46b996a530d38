package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
)

// pooledDriver is the ent driver over the connection pool. Every statement
// outside a transaction and every transaction first takes a connection of
// its own from the pool, waiting at most Pool.Wait; a request (see
// WithRequestScope) holds at most Pool.PerRequest connections at a time,
// however many of its fields gqlgen resolves in parallel. On SQLite it also
// lets one writer at a time into the database: writers queue here, in
// order and for as long as their request may take, instead of failing with
// SQLITE_BUSY when the file's write lock stays taken longer than the busy
// timeout. Errors that mean the database is unavailable come back as
// SERVICE_UNAVAILABLE (see Unavailable).
type pooledDriver struct {
	db      *sql.DB
	dialect string
	pool    Pool
	// writer is SQLite's one write permit; nil on PostgreSQL.
	writer chan struct{}
}

var (
	_ dialect.Driver = (*pooledDriver)(nil)
	_ dialect.Tx     = (*pooledTx)(nil)
)

func newPooledDriver(db *sql.DB, d string, pool Pool) *pooledDriver {
	p := &pooledDriver{db: db, dialect: d, pool: pool}
	if d == dialect.SQLite {
		p.writer = make(chan struct{}, 1)
	}
	return p
}

// Dialect is the ent dialect.
func (d *pooledDriver) Dialect() string { return d.dialect }

// Close closes the pool.
func (d *pooledDriver) Close() error { return d.db.Close() }

// Exec runs a statement outside a transaction.
func (d *pooledDriver) Exec(ctx context.Context, query string, args, v any) error {
	conn, release, err := d.acquire(ctx, d.writer != nil)
	if err != nil {
		return err
	}
	defer release()
	return execOn(ctx, conn, query, args, v)
}

// execOn runs a statement on a connection or transaction with ent's
// arguments: args the statement's, v where the result goes (or nil).
func execOn(ctx context.Context, on interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, query string, args, v any) error {
	argv, ok := args.([]any)
	if !ok {
		return fmt.Errorf("store: invalid type %T: expect []any for args", args)
	}
	res, err := on.ExecContext(ctx, query, argv...)
	if err != nil {
		return classify(err)
	}
	switch v := v.(type) {
	case nil:
	case *sql.Result:
		*v = res
	default:
		return fmt.Errorf("store: invalid type %T: expect *sql.Result", v)
	}
	return nil
}

// queryArgs checks ent's arguments of a query: where the rows go and the
// statement's arguments.
func queryArgs(args, v any) (*entsql.Rows, []any, error) {
	vr, ok := v.(*entsql.Rows)
	if !ok {
		return nil, nil, fmt.Errorf("store: invalid type %T: expect *sql.Rows", v)
	}
	argv, ok := args.([]any)
	if !ok {
		return nil, nil, fmt.Errorf("store: invalid type %T: expect []any for args", args)
	}
	return vr, argv, nil
}

// Query runs a query outside a transaction; the connection goes back to
// the pool when the rows are closed. Inserts with RETURNING are queries
// too, so on SQLite a query that is not a SELECT waits for the write
// permit.
func (d *pooledDriver) Query(ctx context.Context, query string, args, v any) error {
	vr, argv, err := queryArgs(args, v)
	if err != nil {
		return err
	}
	conn, release, err := d.acquire(ctx, d.writer != nil && !isRead(query))
	if err != nil {
		return err
	}
	rows, err := conn.QueryContext(ctx, query, argv...)
	if err != nil {
		release()
		return classify(err)
	}
	*vr = entsql.Rows{ColumnScanner: &pooledRows{Rows: rows, release: release}}
	return nil
}

// ExecContext runs a statement outside a transaction (ent's ExecContext).
func (d *pooledDriver) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	var res sql.Result
	err := d.Exec(ctx, query, args, &res)
	return res, err
}

// Tx starts a transaction. On SQLite it holds the write permit until it
// ends, and BEGIN IMMEDIATE (the DSN's _txlock) takes the file's write
// lock at once, so no statement inside can fail for want of it.
func (d *pooledDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	return d.BeginTx(ctx, nil)
}

// BeginTx starts a transaction with options.
func (d *pooledDriver) BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error) {
	write := d.writer != nil && (opts == nil || !opts.ReadOnly)
	conn, release, err := d.acquire(ctx, write)
	if err != nil {
		return nil, err
	}
	tx, err := conn.BeginTx(ctx, opts)
	if err != nil {
		release()
		return nil, classify(err)
	}
	return &pooledTx{tx: tx, release: release}, nil
}

// acquire takes a connection for one statement or transaction: a slot of
// the request first, then (SQLite writers) the write permit, then a
// connection of the pool. The returned function gives all back.
func (d *pooledDriver) acquire(ctx context.Context, write bool) (*sql.Conn, func(), error) {
	var releases []func()
	release := func() {
		for i := len(releases) - 1; i >= 0; i-- {
			releases[i]()
		}
	}
	waitCtx, cancel := context.WithTimeout(ctx, d.pool.Wait)
	defer cancel()
	if s := scopeFrom(ctx); s != nil {
		sem := s.slots(d.pool.PerRequest)
		if err := take(ctx, waitCtx, sem); err != nil {
			return nil, nil, err
		}
		releases = append(releases, func() { <-sem })
	}
	if write {
		// Writers wait as long as their request may: the queue moves one
		// short transaction at a time.
		if err := take(ctx, ctx, d.writer); err != nil {
			release()
			return nil, nil, err
		}
		releases = append(releases, func() { <-d.writer })
		// The pool's wait starts once it is this writer's turn.
		cancel()
		waitCtx, cancel = context.WithTimeout(ctx, d.pool.Wait)
		defer cancel()
	}
	conn, err := d.db.Conn(waitCtx)
	if err != nil {
		release()
		if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
			err = ErrPoolExhausted
		}
		return nil, nil, classify(fmt.Errorf("store: take a connection: %w", err))
	}
	releases = append(releases, func() { _ = conn.Close() })
	return conn, release, nil
}

// take puts a token into sem, waiting until waitCtx ends. It tells a
// request that ended (ctx) from a wait that took too long.
func take(ctx, waitCtx context.Context, sem chan struct{}) error {
	select {
	case sem <- struct{}{}:
		return nil
	case <-waitCtx.Done():
		if err := ctx.Err(); err != nil {
			return err
		}
		return classify(ErrPoolExhausted)
	}
}

// isRead reports whether a statement only reads.
func isRead(query string) bool {
	q := strings.TrimLeft(query, " \t\r\n(")
	return len(q) >= 6 && strings.EqualFold(q[:6], "SELECT")
}

// pooledRows gives the connection back when the rows are closed, and
// reports a connection that broke while reading as unavailable.
type pooledRows struct {
	*sql.Rows
	release func()
	once    sync.Once
}

func (r *pooledRows) Close() error {
	err := r.Rows.Close()
	r.once.Do(r.release)
	return classify(err)
}

func (r *pooledRows) Err() error { return classify(r.Rows.Err()) }

// pooledTx is a transaction on a connection of its own.
type pooledTx struct {
	tx      *sql.Tx
	release func()
	once    sync.Once
}

// Exec runs a statement in the transaction.
func (t *pooledTx) Exec(ctx context.Context, query string, args, v any) error {
	return execOn(ctx, t.tx, query, args, v)
}

// Query runs a query in the transaction.
func (t *pooledTx) Query(ctx context.Context, query string, args, v any) error {
	vr, argv, err := queryArgs(args, v)
	if err != nil {
		return err
	}
	rows, err := t.tx.QueryContext(ctx, query, argv...)
	if err != nil {
		return classify(err)
	}
	*vr = entsql.Rows{ColumnScanner: &pooledRows{Rows: rows, release: func() {}}}
	return nil
}

// ExecContext runs a statement in the transaction (ent's ExecContext).
func (t *pooledTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, query, args...)
}

// QueryContext runs a query in the transaction (ent's QueryContext).
func (t *pooledTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, query, args...)
}

// Commit commits the transaction and gives its connection back.
func (t *pooledTx) Commit() error {
	defer t.once.Do(t.release)
	return classify(t.tx.Commit())
}

// Rollback rolls the transaction back and gives its connection back.
func (t *pooledTx) Rollback() error {
	defer t.once.Do(t.release)
	return classify(t.tx.Rollback())
}

// scope bounds the connections one request holds at a time.
type scope struct {
	once sync.Once
	sem  chan struct{}
}

func (s *scope) slots(n int) chan struct{} {
	s.once.Do(func() { s.sem = make(chan struct{}, n) })
	return s.sem
}

type scopeKey struct{}

// WithRequestScope returns a context in which all database work together
// holds at most Pool.PerRequest connections at a time: one GraphQL
// operation whose fields run in parallel queues for its own connections
// instead of taking a share of the pool that other requests need.
func WithRequestScope(ctx context.Context) context.Context {
	if scopeFrom(ctx) != nil {
		return ctx
	}
	return context.WithValue(ctx, scopeKey{}, &scope{})
}

func scopeFrom(ctx context.Context) *scope {
	s, _ := ctx.Value(scopeKey{}).(*scope)
	return s
}
