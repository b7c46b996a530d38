package graph

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"relocate/internal/lang"
)

// inContext implements the @inContext(language:) operation directive: the
// operation runs with that language, the Accept-Language list kept as
// fallbacks. A null language leaves the choice to Accept-Language.
func inContext(ctx context.Context, _ any, next graphql.Resolver, language *lang.Code) (any, error) {
	if language == nil {
		return next(ctx)
	}
	return next(lang.NewContext(ctx, lang.FromContext(ctx).WithLanguage(*language)))
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

// maxErrors bounds the errors of one response: an operation with thousands
// of mistakes gets the first ones, not a response larger than the request.
const maxErrors = 50

func (languageExtension) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	graphql.RegisterExtension(ctx, "context", map[string]any{"language": strings.ToUpper(string(Preference(ctx).Language))})
	resp := next(ctx)
	if resp != nil && len(resp.Errors) > maxErrors {
		resp.Errors = resp.Errors[:maxErrors]
	}
	return resp
}

// Preference returns the language preference of the operation in ctx: the
// request's (from Accept-Language) with the @inContext directive applied.
// It also works for operations that failed validation, so that their
// errors are in the language asked for; the directive is then read from
// the raw query once per request, however many errors there are.
func Preference(ctx context.Context) lang.Preference {
	p := lang.FromContext(ctx)
	if p.ChosenBy == lang.ByDirective || !graphql.HasOperationContext(ctx) {
		return p
	}
	oc := graphql.GetOperationContext(ctx)
	find := func() (lang.Code, bool) { return directiveLanguage(oc) }
	if m, ok := ctx.Value(memoKey{}).(*directiveMemo); ok {
		m.once.Do(func() { m.lang, m.ok = find() })
		find = func() (lang.Code, bool) { return m.lang, m.ok }
	}
	if l, ok := find(); ok {
		return p.WithLanguage(l)
	}
	return p
}

// directiveMemo keeps the language of the @inContext directive of a
// request's operation once it has been read, and whether an internal error
// of the request has been logged.
type directiveMemo struct {
	once sync.Once
	lang lang.Code
	ok   bool

	loggedInternal atomic.Bool
}

type memoKey struct{}

// withDirectiveMemo returns ctx with room to remember the directive.
func withDirectiveMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, memoKey{}, &directiveMemo{})
}

// rememberLanguage remembers the directive of the operation name in doc,
// for errors before gqlgen has parsed it.
func rememberLanguage(ctx context.Context, doc *ast.QueryDocument, name string, vars map[string]any) {
	if m, ok := ctx.Value(memoKey{}).(*directiveMemo); ok {
		op := doc.Operations.ForName(name)
		if op == nil && len(doc.Operations) > 0 {
			op = doc.Operations[0]
		}
		m.once.Do(func() { m.lang, m.ok = operationLanguage(op, vars) })
	}
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
	return operationLanguage(op, vars)
}

// operationLanguage reads @inContext(language:) from op.
func operationLanguage(op *ast.OperationDefinition, vars map[string]any) (lang.Code, bool) {
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
