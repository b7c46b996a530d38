package graph

import (
	"context"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"relocate/graph/generated"
)

// TestEveryPageHasACost reads the schema itself: every field that returns
// a connection or takes first or last must have a cost function in
// complexity() that weighs it by its page size, so that a new connection
// cannot be left at the cost of a single field.
func TestEveryPageHasACost(t *testing.T) {
	es := generated.NewExecutableSchema(generated.Config{Complexity: complexity()})
	checked := 0
	for name, def := range es.Schema().Types {
		if def.Kind != ast.Object && def.Kind != ast.Interface || strings.HasPrefix(name, "__") {
			continue
		}
		for _, f := range def.Fields {
			pageArg := ""
			for _, a := range []string{"first", "last"} {
				if f.Arguments.ForName(a) != nil {
					pageArg = a
					break
				}
			}
			if pageArg == "" && !strings.HasSuffix(f.Type.Name(), "Connection") {
				continue
			}
			checked++
			args, ok := requiredArguments(f)
			if !ok {
				t.Errorf("%s.%s: the test cannot make up its arguments", name, f.Name)
				continue
			}
			if pageArg == "" {
				t.Errorf("%s.%s returns a connection but takes neither first nor last", name, f.Name)
				continue
			}
			args[pageArg] = 7
			// A page of 7 items that cost 3 each, and the connection itself.
			if got, ok := es.Complexity(context.Background(), name, f.Name, 3, args); !ok || got != 1+7*3 {
				t.Errorf("%s.%s has no cost by page size in complexity() (graph/limits.go): got %d, %v", name, f.Name, got, ok)
			}
		}
	}
	if checked < 9 {
		t.Fatalf("checked only %d fields: the schema was not read", checked)
	}
}

// requiredArguments returns made-up values of the non-null arguments of f
// that have no default.
func requiredArguments(f *ast.FieldDefinition) (map[string]any, bool) {
	args := map[string]any{}
	for _, a := range f.Arguments {
		if !a.Type.NonNull || a.DefaultValue != nil {
			continue
		}
		switch a.Type.Name() {
		case "String":
			args[a.Name] = "x"
		case "ID":
			args[a.Name] = "1"
		case "Int":
			args[a.Name] = 1
		case "Boolean":
			args[a.Name] = true
		default:
			return nil, false
		}
	}
	return args, true
}

func TestWorkStopsWhenTheRequestIsDone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// Resolvers are not called.
	called := false
	if _, err := abandon(ctx, func(context.Context) (any, error) { called = true; return nil, nil }); err != context.Canceled || called {
		t.Errorf("abandon: %v, resolver called: %v", err, called)
	}
	// Weighing an operation stops.
	es := generated.NewExecutableSchema(generated.Config{Complexity: complexity()})
	doc, errs := gqlparser.LoadQuery(es.Schema(), `{ ...A } fragment A on Query { ...B ...B } fragment B on Query { languages { code } }`)
	if errs != nil {
		t.Fatal(errs)
	}
	oc := &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0]}
	limits := Limits{MaxDepth: 10, MaxAliases: 30, MaxCost: 5000, MaxFields: 2000, MaxIntrospectionDepth: 20, MaxListItems: 100, MaxFilterConditions: 20}
	err := shape{limits: limits, es: es}.MutateOperationContext(ctx, oc)
	if err == nil || err.Extensions["code"] != "TIMEOUT" {
		t.Errorf("shape: %v", err)
	}
	if err := (shape{limits: limits, es: es}).MutateOperationContext(context.Background(), oc); err != nil {
		t.Errorf("shape without a deadline: %v", err)
	}
}
