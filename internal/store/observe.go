package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"

	"relocate/internal/edge"
)

// openObserved opens a pool like sql.Open whose connections tell the
// request behind each statement that it ran one (edge.Statement): an
// answer that ran none came from memory alone and may be kept whole.
// It sees every statement, those sent through ent and raw SQL alike.
func openObserved(name, dsn string) (*sql.DB, error) {
	db, err := sql.Open(name, dsn)
	if err != nil {
		return nil, err
	}
	drv := db.Driver()
	_ = db.Close()
	var c driver.Connector = dsnConnector{dsn: dsn, drv: drv}
	if dc, ok := drv.(driver.DriverContext); ok {
		if c, err = dc.OpenConnector(dsn); err != nil {
			return nil, err
		}
	}
	return sql.OpenDB(observedConnector{c}), nil
}

type dsnConnector struct {
	dsn string
	drv driver.Driver
}

func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.dsn) }
func (c dsnConnector) Driver() driver.Driver                        { return c.drv }

type observedConnector struct{ driver.Connector }

func (c observedConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return observedConn{conn}, nil
}

// observedConn passes everything on to the driver's connection, noting
// each statement and transaction in the request's edge.Record.
type observedConn struct{ driver.Conn }

var (
	_ driver.ConnPrepareContext = observedConn{}
	_ driver.ConnBeginTx        = observedConn{}
	_ driver.ExecerContext      = observedConn{}
	_ driver.QueryerContext     = observedConn{}
	_ driver.Pinger             = observedConn{}
	_ driver.NamedValueChecker  = observedConn{}
	_ driver.SessionResetter    = observedConn{}
	_ driver.Validator          = observedConn{}
)

func (c observedConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	edge.Statement(ctx)
	if p, ok := c.Conn.(driver.ConnPrepareContext); ok {
		return p.PrepareContext(ctx, query)
	}
	return c.Prepare(query)
}

func (c observedConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	edge.Statement(ctx)
	if b, ok := c.Conn.(driver.ConnBeginTx); ok {
		return b.BeginTx(ctx, opts)
	}
	if opts.ReadOnly || opts.Isolation != driver.IsolationLevel(sql.LevelDefault) {
		return nil, errors.New("store: the driver supports no transaction options")
	}
	return c.Begin() //nolint:staticcheck // the driver has nothing newer
}

func (c observedConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	edge.Statement(ctx)
	if e, ok := c.Conn.(driver.ExecerContext); ok {
		return e.ExecContext(ctx, query, args)
	}
	return nil, driver.ErrSkip // database/sql prepares it instead
}

func (c observedConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	edge.Statement(ctx)
	if q, ok := c.Conn.(driver.QueryerContext); ok {
		return q.QueryContext(ctx, query, args)
	}
	return nil, driver.ErrSkip
}

func (c observedConn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (c observedConn) CheckNamedValue(nv *driver.NamedValue) error {
	if n, ok := c.Conn.(driver.NamedValueChecker); ok {
		return n.CheckNamedValue(nv)
	}
	return driver.ErrSkip // the default conversion
}

func (c observedConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c observedConn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}
