package graph

import (
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"relocate/graph/generated"
)

// TestEveryFieldIsClassified reads the schema itself: every field of every
// object type must have an access rule, and every rule must name a field
// that exists, so the table cannot silently fall behind the schema.
func TestEveryFieldIsClassified(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	fields := map[string]bool{}
	types := 0
	for name, def := range schema.Types {
		if def.Kind != ast.Object || strings.HasPrefix(name, "__") {
			continue
		}
		types++
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			key := name + "." + f.Name
			fields[key] = true
			if _, ok := ruleFor(name, f.Name); !ok {
				t.Errorf("%s has no access rule in graph/access.go", key)
			}
		}
	}
	if types < 30 || len(fields) < 200 {
		t.Fatalf("read only %d types and %d fields: the schema was not read", types, len(fields))
	}
	var keys []string
	for k := range access {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		typ, field, _ := strings.Cut(k, ".")
		if field == "*" {
			if def := schema.Types[typ]; def == nil || def.Kind != ast.Object {
				t.Errorf("access rule %s names no object type", k)
			}
			continue
		}
		if !fields[k] {
			t.Errorf("access rule %s names no field", k)
		}
	}
	t.Logf("%d fields of %d types classified", len(fields), types)
}
