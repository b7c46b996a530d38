// Package apperr is the error every domain service returns to a user: a
// stable code for programs (GraphQL extensions.code, HTTP status) and a
// message ID that each face translates into the reader's language. The
// cause stays inside for the log.
package apperr

import (
	"errors"
	"fmt"
)

// Code classifies an error for clients; the values are the GraphQL
// extensions.code strings.
type Code string

// The error codes clients can rely on.
const (
	BadUserInput    Code = "BAD_USER_INPUT"
	NotFound        Code = "NOT_FOUND"
	Unauthenticated Code = "UNAUTHENTICATED"
	Forbidden       Code = "FORBIDDEN"
	RateLimited     Code = "RATE_LIMITED"
	// Conflict: someone else changed the object since the client read it;
	// nothing was changed. Read it again and repeat the change.
	Conflict Code = "CONFLICT"
	// SyncTokenExpired: the offline sync token is too old (its history is
	// gone) or was not given by this guide; download everything again.
	SyncTokenExpired Code = "SYNC_TOKEN_EXPIRED"
	Internal         Code = "INTERNAL_SERVER_ERROR"
	// ServiceUnavailable: the database is overloaded or out of reach for
	// a moment; the request changed nothing and may be sent again
	// (HTTP 503 with Retry-After).
	ServiceUnavailable Code = "SERVICE_UNAVAILABLE"
)

// Error is an error meant to be shown to the user.
type Error struct {
	Code      Code
	MessageID string         // a message ID from locales/
	Data      map[string]any // template data for the message
	// Fields lists the wrong fields of an input, for forms to show each
	// problem next to its field; empty when the error is about no field.
	Fields Fields
	// Extensions are shown to clients next to the code, for programs: the
	// current version of an object changed meanwhile, the statuses a case
	// may move to. Values must be safe to show.
	Extensions map[string]any
	Err        error // the cause, for the log; may be nil
}

// Error describes e for logs.
func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s (%s): %v", e.MessageID, e.Code, e.Err)
	}
	return fmt.Sprintf("%s (%s)", e.MessageID, e.Code)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// New returns an error with code and message ID; data may be nil.
func New(code Code, messageID string, data map[string]any) *Error {
	return &Error{Code: code, MessageID: messageID, Data: data}
}

// As returns the *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// ErrForbidden is returned when the viewer may not do what was asked.
var ErrForbidden = New(Forbidden, "error.forbidden", nil)

// ErrUnauthenticated is returned when only a signed-in user may do what
// was asked.
var ErrUnauthenticated = New(Unauthenticated, "error.unauthenticated", nil)
