package graph

import (
	"context"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"relocate/internal/lang"
)

// inContext implements the @inContext(language:) operation directive: the
// operation runs with that language, the Accept-Language list kept as
// fallbacks.
func inContext(ctx context.Context, _ any, next graphql.Resolver, language lang.Code) (any, error) {
	return next(lang.NewContext(ctx, lang.FromContext(ctx).WithLanguage(language)))
}

// languageExtension reports the language chosen for the operation in every
// response, as extensions.context.language.
type languageExtension struct{}

var (
	_ graphql.HandlerExtension    = languageExtension{}
	_ graphql.ResponseInterceptor = languageExtension{}
)

func (languageExtension) ExtensionName() string                   { return "LanguageContext" }
func (languageExtension) Validate(graphql.ExecutableSchema) error { return nil }

func (languageExtension) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	graphql.RegisterExtension(ctx, "context", map[string]any{"language": strings.ToUpper(string(Preference(ctx).Language))})
	return next(ctx)
}

// Preference returns the language preference of the operation in ctx: the
// request's (from Accept-Language) with the @inContext directive applied.
// It also works for operations that failed validation, so that their
// errors are in the language asked for.
func Preference(ctx context.Context) lang.Preference {
	p := lang.FromContext(ctx)
	if p.ChosenBy == lang.ByDirective || !graphql.HasOperationContext(ctx) {
		return p
	}
	if l, ok := directiveLanguage(graphql.GetOperationContext(ctx)); ok {
		return p.WithLanguage(l)
	}
	return p
}

// directiveLanguage reads @inContext(language:) from the operation; from
// the raw query when the operation did not validate.
func directiveLanguage(oc *graphql.OperationContext) (lang.Code, bool) {
	op, vars := oc.Operation, oc.Variables
	if op == nil && oc.RawQuery != "" {
		doc, err := parser.ParseQuery(&ast.Source{Input: oc.RawQuery})
		if err != nil {
			return "", false
		}
		op = doc.Operations.ForName(oc.OperationName)
		if op == nil && len(doc.Operations) > 0 {
			op = doc.Operations[0]
		}
	}
	if op == nil {
		return "", false
	}
	d := op.Directives.ForName("inContext")
	if d == nil {
		return "", false
	}
	arg := d.Arguments.ForName("language")
	if arg == nil || arg.Value == nil {
		return "", false
	}
	v, err := arg.Value.Value(vars)
	if err != nil {
		return "", false
	}
	s, _ := v.(string)
	c, err := lang.Parse(s)
	return c, err == nil
}
