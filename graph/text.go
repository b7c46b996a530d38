package graph

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"relocate/internal/apperr"
	"relocate/internal/textinput"
)

// textCheck refuses an operation whose string arguments hold what no
// person types: NUL bytes and other control characters (tab and line
// breaks are fine) or bytes that are not UTF-8. It runs before any
// resolver, so nothing changes; otherwise PostgreSQL would refuse such
// text with an internal error and SQLite would store it. The error names
// the argument's path, e.g. editGuideArticleSource.input.summary.
type textCheck struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = textCheck{}

func (textCheck) ExtensionName() string                   { return "TextCheck" }
func (textCheck) Validate(graphql.ExecutableSchema) error { return nil }

func (textCheck) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	w := textWalker{vars: oc.Variables}
	w.directives(oc.Operation.Directives, nil)
	w.selections(oc.Operation.SelectionSet, nil)
	// Each fragment once, wherever it is spread: the walk stays as long as
	// the document, however often fragments spread each other.
	for _, f := range oc.Doc.Fragments {
		w.selections(f.SelectionSet, nil)
	}
	return w.err
}

// textWalker looks at every argument of an operation until it finds
// invalid text.
type textWalker struct {
	vars map[string]any
	err  *gqlerror.Error
}

func (w *textWalker) selections(set ast.SelectionSet, path ast.Path) {
	for _, sel := range set {
		if w.err != nil {
			return
		}
		switch s := sel.(type) {
		case *ast.Field:
			key := s.Alias
			if key == "" {
				key = s.Name
			}
			p := append(slices.Clip(path), ast.PathName(key))
			for _, a := range s.Arguments {
				w.value(a.Value, append(slices.Clip(p), ast.PathName(a.Name)))
			}
			w.directives(s.Directives, p)
			w.selections(s.SelectionSet, p)
		case *ast.InlineFragment:
			w.directives(s.Directives, path)
			w.selections(s.SelectionSet, path)
		case *ast.FragmentSpread:
			w.directives(s.Directives, path)
		}
	}
}

func (w *textWalker) directives(list ast.DirectiveList, path ast.Path) {
	for _, d := range list {
		for _, a := range d.Arguments {
			w.value(a.Value, append(slices.Clip(path), ast.PathName("@"+d.Name), ast.PathName(a.Name)))
		}
	}
}

// value checks an argument's value as written in the operation.
func (w *textWalker) value(v *ast.Value, path ast.Path) {
	if v == nil || w.err != nil {
		return
	}
	switch v.Kind {
	case ast.Variable:
		w.variable(w.vars[v.Raw], path, v.Position)
	case ast.StringValue, ast.BlockValue:
		if !textinput.Valid(v.Raw) {
			w.fail(path, v.Position)
		}
	case ast.ListValue:
		for i, c := range v.Children {
			w.value(c.Value, append(slices.Clip(path), ast.PathIndex(i)))
		}
	case ast.ObjectValue:
		for _, c := range v.Children {
			w.value(c.Value, append(slices.Clip(path), ast.PathName(c.Name)))
		}
	}
}

// variable checks the value of a variable, as the client sent it.
func (w *textWalker) variable(v any, path ast.Path, pos *ast.Position) {
	if w.err != nil {
		return
	}
	switch v := v.(type) {
	case string:
		if !textinput.Valid(v) {
			w.fail(path, pos)
		}
	case []any:
		for i, c := range v {
			w.variable(c, append(slices.Clip(path), ast.PathIndex(i)), pos)
		}
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			w.variable(v[k], append(slices.Clip(path), ast.PathName(k)), pos)
		}
	}
}

func (w *textWalker) fail(path ast.Path, pos *ast.Position) {
	var name strings.Builder
	for _, el := range path {
		switch el := el.(type) {
		case ast.PathName:
			if name.Len() > 0 {
				name.WriteByte('.')
			}
			name.WriteString(string(el))
		case ast.PathIndex:
			name.WriteString("[" + strconv.Itoa(int(el)) + "]")
		}
	}
	w.err = &gqlerror.Error{
		Err:     apperr.New(apperr.BadUserInput, "error.text_invalid", map[string]any{"Value": name.String()}),
		Message: "error.text_invalid",
		Path:    path,
	}
	if pos != nil {
		w.err.Locations = []gqlerror.Location{{Line: pos.Line, Column: pos.Column}}
	}
}
