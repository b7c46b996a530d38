package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/lru"
)

// maxCachedQuery is the longest operation text kept in a cache: real
// operations are a few KiB, and caches bounded by count alone would let
// anonymous clients fill memory with 256 KiB bodies.
const maxCachedQuery = 16 << 10

// capped is an LRU cache that refuses entries whose key or text is longer
// than maxCachedQuery; such operations are simply parsed each time.
type capped[T any] struct {
	inner graphql.Cache[T]
	size  func(key string, value T) int
}

func newCapped[T any](entries int, size func(string, T) int) capped[T] {
	return capped[T]{inner: lru.New[T](entries), size: size}
}

func (c capped[T]) Get(ctx context.Context, key string) (T, bool) { return c.inner.Get(ctx, key) }

func (c capped[T]) Add(ctx context.Context, key string, value T) {
	if c.size(key, value) <= maxCachedQuery {
		c.inner.Add(ctx, key, value)
	}
}
