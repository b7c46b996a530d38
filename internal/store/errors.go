package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"relocate/internal/apperr"
)

// ErrPoolExhausted is returned when no database connection became free
// within the pool's wait (Pool.Wait).
var ErrPoolExhausted = errors.New("store: no database connection free")

// RetryAfterSeconds is what an answer to an unavailable database tells
// clients to wait before they try again (the Retry-After header).
const RetryAfterSeconds = 2

// MessageUnavailable is the message ID of the translated answer.
const MessageUnavailable = "error.unavailable"

// Unavailable reports whether err means that the database cannot serve
// the request for a moment: the pool is exhausted, the server refuses
// connections, is shutting down or starting, a connection broke, or the
// database is locked by a writer. Such a request changed nothing (or was
// rolled back) and may be sent again. This is the one place that knows
// the drivers' errors; everything else asks it.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	if e, ok := apperr.As(err); ok && e.Code == apperr.ServiceUnavailable {
		return true
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		// The client went away or the request ran out of time: not the
		// database's fault, and answered as such elsewhere.
		return false
	}
	if errors.Is(err, ErrPoolExhausted) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) {
		return true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgUnavailable(pgErr.Code)
	}
	var connectErr *pgconn.ConnectError
	if errors.As(err, &connectErr) {
		return true
	}
	var sqliteErr *sqlite.Error
	if errors.As(err, &sqliteErr) {
		switch sqliteErr.Code() & 0xff { // the primary result code
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return true
		}
		return false
	}
	// pgconn marks the errors of its connection (not of a statement) with
	// SafeToRetry: a connection that broke, could not be written to or
	// read from.
	var connErr interface{ SafeToRetry() bool }
	var netErr net.Error
	if errors.As(err, &connErr) || errors.As(err, &netErr) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, net.ErrClosed) {
		return true
	}
	// pgx reports a connection closed under a statement, and database/sql
	// a pool closed for shutdown, in words only.
	msg := err.Error()
	return strings.Contains(msg, "conn closed") || strings.Contains(msg, "sql: database is closed")
}

// pgUnavailable reports whether a PostgreSQL SQLSTATE means contention or
// an outage rather than a fault of the statement.
func pgUnavailable(code string) bool {
	switch code {
	case "53300", // too_many_connections
		"53400",          // configuration_limit_exceeded
		"57P01",          // admin_shutdown
		"57P02",          // crash_shutdown
		"57P03",          // cannot_connect_now (starting up, recovering)
		"57P05",          // idle_session_timeout
		"40001", "40P01", // serialization_failure, deadlock_detected
		"55P03": // lock_not_available
		return true
	}
	return strings.HasPrefix(code, "08") // connection_exception and its kinds
}

// classify turns an error of the database driver that means "unavailable"
// into the error users see (SERVICE_UNAVAILABLE); others pass unchanged.
func classify(err error) error {
	if err == nil || !Unavailable(err) {
		return err
	}
	if _, ok := apperr.As(err); ok {
		return err
	}
	return &apperr.Error{Code: apperr.ServiceUnavailable, MessageID: MessageUnavailable, Err: err}
}
