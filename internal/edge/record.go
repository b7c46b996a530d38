package edge

import (
	"context"
	"sync/atomic"
)

// Record collects what one request's answer depended on while it was
// made (see the package documentation).
type Record struct {
	impure atomic.Bool // a database statement ran, or Uncacheable
	query  atomic.Bool // the GraphQL operation was a query
}

type recordKey struct{}

// WithRecord returns ctx with a new, empty record of the request.
func WithRecord(ctx context.Context) (context.Context, *Record) {
	r := &Record{}
	return context.WithValue(ctx, recordKey{}, r), r
}

func from(ctx context.Context) *Record {
	r, _ := ctx.Value(recordKey{}).(*Record)
	return r
}

// Statement notes that the request of ctx sent a database statement: its
// answer depends on the database, not only on the snapshot — unless ctx
// comes from OfPublishedGuide.
func Statement(ctx context.Context) {
	if ctx.Value(publishedKey{}) != nil {
		return
	}
	if r := from(ctx); r != nil && !r.impure.Load() {
		r.impure.Store(true)
	}
}

type publishedKey struct{}

// OfPublishedGuide returns ctx for statements that read only what the
// published guide's version determines (the full-text index of its
// texts, as a public search asks it): they leave the answer a pure
// function of its key, which names that version.
func OfPublishedGuide(ctx context.Context) context.Context {
	return context.WithValue(ctx, publishedKey{}, true)
}

// Uncacheable notes that the answer of ctx's request depends on something
// its key does not name.
func Uncacheable(ctx context.Context) { Statement(ctx) }

// Query notes that the request of ctx runs a GraphQL query operation
// (never a mutation or subscription).
func Query(ctx context.Context) {
	if r := from(ctx); r != nil {
		r.query.Store(true)
	}
}

// Pure reports whether nothing but the key went into the answer: no
// statement ran and nothing was marked Uncacheable.
func (r *Record) Pure() bool { return !r.impure.Load() }

// IsQuery reports whether the request ran a GraphQL query operation.
func (r *Record) IsQuery() bool { return r.query.Load() }
