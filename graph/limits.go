package graph

import (
	"context"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"relocate/ent"
	"relocate/graph/generated"
	"relocate/internal/paging"
)

// Limits bound what one operation may ask for. See the README for why
// these numbers.
type Limits struct {
	// MaxDepth is the deepest nesting of fields (fragments count as their
	// fields). The deepest query the site or an app needs is about 7.
	MaxDepth int
	// MaxAliases is the most aliased fields in one operation: aliases let one
	// request repeat an expensive field.
	MaxAliases int
	// MaxCost is the most cost an operation may have: every field costs 1,
	// a connection its page size times what one item costs.
	MaxCost int
}

// DefaultLimits allow a full page of 100 articles with 40 fields each, and
// refuse a page of pages (100 topics × 100 articles).
var DefaultLimits = Limits{MaxDepth: 10, MaxAliases: 30, MaxCost: 5000}

// Codes of refused operations.
const (
	codeTooDeep      = "QUERY_TOO_DEEP"
	codeTooManyAlias = "TOO_MANY_ALIASES"
	codeTooComplex   = "QUERY_TOO_COMPLEX"
)

// shape checks depth and aliases before anything runs.
type shape struct{ limits Limits }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = shape{}

func (shape) ExtensionName() string                   { return "OperationShape" }
func (shape) Validate(graphql.ExecutableSchema) error { return nil }

func (s shape) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	// A sign-in runs outside the mutation transaction (its failure stays
	// audited), so it must not carry other changes with it.
	if oc.Operation.Operation == ast.Mutation && len(oc.Operation.SelectionSet) > 1 {
		for _, sel := range oc.Operation.SelectionSet {
			if f, ok := sel.(*ast.Field); ok && f.Name == "login" {
				return limitError("LOGIN_NOT_ALONE", "error.login_alone", 0)
			}
		}
	}
	depth, aliases := measure(oc.Operation.SelectionSet, oc.Doc.Fragments, map[string]bool{})
	switch {
	case depth > s.limits.MaxDepth:
		return limitError(codeTooDeep, "error.too_deep", s.limits.MaxDepth)
	case aliases > s.limits.MaxAliases:
		return limitError(codeTooManyAlias, "error.too_many_aliases", s.limits.MaxAliases)
	}
	return nil
}

// measure returns the depth of set and how many aliased fields it holds,
// following fragments (each fragment once per path, so cycles end).
func measure(set ast.SelectionSet, fragments ast.FragmentDefinitionList, seen map[string]bool) (depth, aliases int) {
	for _, sel := range set {
		var d, a int
		switch s := sel.(type) {
		case *ast.Field:
			d, a = measure(s.SelectionSet, fragments, seen)
			d++
			if s.Alias != "" && s.Alias != s.Name {
				a++
			}
		case *ast.InlineFragment:
			d, a = measure(s.SelectionSet, fragments, seen)
		case *ast.FragmentSpread:
			if seen[s.Name] {
				continue
			}
			if f := fragments.ForName(s.Name); f != nil {
				seen[s.Name] = true
				d, a = measure(f.SelectionSet, fragments, seen)
				delete(seen, s.Name)
			}
		}
		depth, aliases = max(depth, d), aliases+a
	}
	return depth, aliases
}

// limitError is a refusal with its own code; the presenter translates it.
func limitError(code, messageID string, limit int) *gqlerror.Error {
	return &gqlerror.Error{
		Message:    messageID,
		Extensions: map[string]any{"code": code, "messageID": messageID, "limit": limit},
	}
}

// pageCost is the cost of a connection: one for the connection itself and
// its page size times the cost of one item.
func pageCost(child int, first, last *int) int {
	n := paging.MaxPageSize
	switch {
	case first != nil:
		n = *first
	case last != nil:
		n = *last
	}
	return 1 + max(n, 1)*child
}

// complexity weighs every connection by its page size.
func complexity() generated.ComplexityRoot {
	var c generated.ComplexityRoot
	c.Query.GuideArticles = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.GuideArticleOrder, _ *ent.GuideArticleWhereInput) int {
		return pageCost(child, first, last)
	}
	c.Query.Places = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.PlaceOrder, _ *ent.PlaceWhereInput) int {
		return pageCost(child, first, last)
	}
	c.Query.GlossaryTerms = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.GlossaryTermOrder, _ *ent.GlossaryTermWhereInput) int {
		return pageCost(child, first, last)
	}
	c.Query.Users = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.UserOrder, _ *ent.UserWhereInput) int {
		return pageCost(child, first, last)
	}
	c.Query.AuditLog = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.AuditEntryOrder, _ *ent.AuditEntryWhereInput) int {
		return pageCost(child, first, last)
	}
	c.Query.SearchGuide = func(child int, _ string, first *int) int { return pageCost(child, first, nil) }
	c.GuideCategory.Articles = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.GuideArticleOrder, _ *ent.GuideArticleWhereInput) int {
		return pageCost(child, first, last)
	}
	c.PlaceCategory.Places = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.PlaceOrder, _ *ent.PlaceWhereInput) int {
		return pageCost(child, first, last)
	}
	c.GuideArticle.Revisions = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.GuideArticleRevisionOrder) int {
		return pageCost(child, first, last)
	}
	return c
}
