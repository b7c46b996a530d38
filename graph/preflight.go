package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// maxMergeWork bounds the comparisons validation may make between fields
// that answer under the same name (two fields a and a cost one, three
// cost three …; about 80 ns each). A real operation makes a few hundred;
// 50,000 take a few milliseconds.
const maxMergeWork = 50_000

// preflight bounds a document before gqlgen parses and validates it for
// real. Validation compares every two fields that answer under the same
// name in a selection set, fragments included (the rule
// OverlappingFieldsCanBeMerged, as in graphql-js): a document of 100 KB
// that repeats one field a few thousand times takes seconds of CPU there,
// and validation does not watch the request's context. So a new text is
// parsed once more here (which is fast) and refused when its fragments
// expand to too many fields or its fields repeat too often. Texts found
// in the cache of validated documents were checked before.
type preflight struct {
	limits    Limits
	validated graphql.Cache[*ast.QueryDocument]
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = preflight{}

func (preflight) ExtensionName() string                   { return "OperationPreflight" }
func (preflight) Validate(graphql.ExecutableSchema) error { return nil }

func (p preflight) MutateOperationParameters(ctx context.Context, raw *graphql.RawParams) *gqlerror.Error {
	if raw.Query == "" {
		return nil
	}
	if _, ok := p.validated.Get(ctx, raw.Query); ok {
		return nil
	}
	doc, err := parser.ParseQuery(&ast.Source{Input: raw.Query})
	if err != nil {
		return nil // gqlgen answers the syntax error
	}
	if err := p.check(ctx, doc); err != nil {
		rememberLanguage(ctx, doc, raw.OperationName, raw.Variables) // for the error's language
		return err
	}
	return nil
}

func (p preflight) check(ctx context.Context, doc *ast.QueryDocument) *gqlerror.Error {
	w := &walker{ctx: ctx, fragments: doc.Fragments, memo: map[string]size{}, active: map[string]bool{}}
	fields := 0 // of the largest operation: a document may hold many
	for _, op := range doc.Operations {
		fields = max(fields, w.set(op.SelectionSet).fields)
	}
	if w.err != nil {
		return w.err
	}
	if fields > p.limits.MaxFields {
		return limitError(codeTooLarge, "error.too_large", p.limits.MaxFields)
	}
	m := &merger{fragments: doc.Fragments, memo: map[string]tree{}, active: map[string]bool{}}
	for _, op := range doc.Operations {
		m.set(op.SelectionSet)
	}
	for _, f := range doc.Fragments {
		m.fragment(f.Name)
	}
	if m.work > maxMergeWork {
		return limitError(codeTooLarge, "error.too_many_repeats", 0)
	}
	return nil
}

// tree is a selection set with its fields merged by the name they answer
// under, as validation and execution merge them.
type tree map[string]*group

// group is the fields that answer under one name: how many, and their
// selections merged.
type group struct {
	count    int
	children tree
}

// merger merges selection sets into trees and counts the comparisons
// validation would make: adding c fields to a name that has d costs
// (d+c)² − d². It stops once the count is over maxMergeWork, so it never
// does more than that much work itself.
type merger struct {
	fragments ast.FragmentDefinitionList
	memo      map[string]tree
	active    map[string]bool
	work      int
}

func (m *merger) over() bool { return m.work > maxMergeWork }

func (m *merger) set(set ast.SelectionSet) tree {
	t := tree{}
	m.collect(t, set)
	return t
}

func (m *merger) collect(t tree, set ast.SelectionSet) {
	for _, sel := range set {
		if m.over() {
			return
		}
		switch s := sel.(type) {
		case *ast.Field:
			name := s.Alias
			if name == "" {
				name = s.Name
			}
			g := &group{count: 1}
			if len(s.SelectionSet) > 0 {
				g.children = m.set(s.SelectionSet)
			}
			m.add(t, name, g)
		case *ast.InlineFragment:
			m.collect(t, s.SelectionSet)
		case *ast.FragmentSpread:
			for name, g := range m.fragment(s.Name) {
				m.add(t, name, g)
			}
		}
	}
}

func (m *merger) fragment(name string) tree {
	if t, ok := m.memo[name]; ok {
		return t
	}
	f := m.fragments.ForName(name)
	if f == nil || m.active[name] {
		return nil
	}
	m.active[name] = true
	t := m.set(f.SelectionSet)
	delete(m.active, name)
	m.memo[name] = t
	return t
}

// add merges g into t under name; t's groups are its own, g is not changed.
func (m *merger) add(t tree, name string, g *group) {
	d := t[name]
	if d == nil {
		d = &group{}
		t[name] = d
	}
	m.work = add(m.work, add(mul(2, mul(d.count, g.count)), mul(g.count, g.count)))
	d.count = add(d.count, g.count)
	if g.children == nil {
		return
	}
	if d.children == nil {
		d.children = tree{}
	}
	for n, c := range g.children {
		if m.over() {
			return
		}
		m.add(d.children, n, c)
	}
}
