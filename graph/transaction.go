package graph

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"relocate/internal/store"
)

// transactions runs each mutation operation in one transaction, except
// sign-ins, whose failure must stay audited. It is entgql's Transactioner
// (which also serialises the mutation's fields) with the transaction's own
// errors — a database that is busy or down when it begins or commits —
// sent through the error presenter like every other error: translated,
// with a code (SERVICE_UNAVAILABLE, HTTP 503) and logged, never the
// driver's words. It passes through responses that have no operation at
// all (a body that was not JSON).
type transactions struct{ entgql.Transactioner }

func (t transactions) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) {
		return next(ctx)
	}
	op := graphql.GetOperationContext(ctx).Operation
	if op == nil || op.Operation != ast.Mutation || (t.SkipTxFunc != nil && t.SkipTxFunc(op)) {
		return next(ctx)
	}
	txCtx, tx, err := t.OpenTx(ctx)
	if err != nil {
		return errorResponse(ctx, fmt.Errorf("graph: begin the mutation's transaction: %w", err))
	}
	defer func() {
		if r := recover(); r != nil {
			_ = tx.Rollback()
			panic(r)
		}
	}()
	rsp := next(txCtx)
	if rsp == nil {
		_ = tx.Rollback()
		return nil
	}
	if len(rsp.Errors) > 0 {
		_ = tx.Rollback()
		// The language chosen stays in the rolled-back response.
		return &graphql.Response{Errors: rsp.Errors, Extensions: graphql.GetExtensions(ctx)}
	}
	if err := tx.Commit(); err != nil {
		return errorResponse(ctx, fmt.Errorf("graph: commit the mutation's transaction: %w", err))
	}
	return rsp
}

// errorResponse answers an operation with err alone, presented as every
// error is.
func errorResponse(ctx context.Context, err error) *graphql.Response {
	graphql.AddError(ctx, err)
	return &graphql.Response{Errors: graphql.GetErrors(ctx), Extensions: graphql.GetExtensions(ctx)}
}

// outage remembers that a request met an unavailable database: its answer
// is then 503 with Retry-After, and the cause is logged once.
type outage struct {
	hit    atomic.Bool
	logged sync.Once
}

type outageKey struct{}

// noteOutage records that the request in ctx met an unavailable database
// and reports whether this was the first time (to log it once).
func noteOutage(ctx context.Context) (first bool) {
	o, _ := ctx.Value(outageKey{}).(*outage)
	if o == nil {
		return true
	}
	o.hit.Store(true)
	o.logged.Do(func() { first = true })
	return first
}

// withDatabaseLimits bounds the connections each request holds (see
// store.WithRequestScope) and answers a request that met an unavailable
// database with 503 and Retry-After instead of 200.
func withDatabaseLimits(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o := &outage{}
		ctx := context.WithValue(store.WithRequestScope(r.Context()), outageKey{}, o)
		next.ServeHTTP(&outageWriter{ResponseWriter: w, o: o}, r.WithContext(ctx))
	})
}

// outageWriter turns the status of a response into 503 once an
// unavailable database was met.
type outageWriter struct {
	http.ResponseWriter
	o     *outage
	wrote bool
}

func (w *outageWriter) WriteHeader(code int) {
	if !w.wrote {
		w.wrote = true
		if w.o.hit.Load() && code < http.StatusInternalServerError {
			w.Header().Set("Retry-After", strconv.Itoa(store.RetryAfterSeconds))
			code = http.StatusServiceUnavailable
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *outageWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}
