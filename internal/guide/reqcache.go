package guide

import (
	"context"
	"sync"
)

// requestCache memoizes values that many fields of one request need (the
// slugs behind guide: links, translation completeness), so that they cost
// one query per request. Values are per request because what a viewer may
// see differs between requests.
type requestCache struct {
	mu     sync.Mutex
	values map[string]any
}

type cacheKey struct{}

// WithRequestCache returns ctx with an empty per-request cache. Both faces
// call it once per incoming request.
func WithRequestCache(ctx context.Context) context.Context {
	return context.WithValue(ctx, cacheKey{}, &requestCache{values: map[string]any{}})
}

// cached returns the value stored under key in ctx's request cache, calling
// load the first time. Without a cache in ctx it just calls load.
func cached[T any](ctx context.Context, key string, load func() (T, error)) (T, error) {
	c, ok := ctx.Value(cacheKey{}).(*requestCache)
	if !ok {
		return load()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.values[key]; ok {
		return v.(T), nil
	}
	v, err := load()
	if err != nil {
		return v, err
	}
	c.values[key] = v
	return v, nil
}
