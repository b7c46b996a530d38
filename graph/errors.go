package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"runtime/debug"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"relocate/ent"
	"relocate/internal/apperr"
	"relocate/internal/audit"
	"relocate/internal/store"
	"relocate/locales"
)

// Codes of errors the GraphQL transport produces before any resolver runs.
const (
	codeParseFailed      = errcode.ParseFailed      // GRAPHQL_PARSE_FAILED
	codeValidationFailed = errcode.ValidationFailed // GRAPHQL_VALIDATION_FAILED
	codeBadRequest       = "BAD_REQUEST"
)

// suggestion is gqlparser's "Did you mean …?" hint.
var suggestion = regexp.MustCompile(` Did you mean [^?]*\?`)

// presenter turns every error into what a client may see: a stable
// extensions.code and a message in the operation's language. Causes that
// are not meant for users are logged, never shown.
type presenter struct {
	catalog *locales.Catalog
	log     *slog.Logger
	limits  Limits
}

type presented struct {
	code      string
	messageID string
	data      map[string]any
	// detail is safe technical detail for developers: the parser's or
	// validator's description of what is wrong with the query.
	detail string
}

func (p *presenter) present(ctx context.Context, err error) *gqlerror.Error {
	gqlErr := graphql.DefaultErrorPresenter(ctx, err)
	what := p.classify(ctx, err, gqlErr)
	if what.messageID == "" {
		gqlErr.Message = what.detail
		what.detail = ""
	} else {
		gqlErr.Message = p.catalog.T(Preference(ctx).Language, what.messageID, what.data)
	}
	gqlErr.Extensions = map[string]any{"code": what.code}
	if what.detail != "" {
		gqlErr.Extensions["detail"] = what.detail
	}
	return gqlErr
}

func (p *presenter) classify(ctx context.Context, err error, gqlErr *gqlerror.Error) presented {
	if store.Unavailable(err) { // busy or down: 503 with Retry-After, logged once
		if noteOutage(ctx) {
			p.log.WarnContext(ctx, "graphql: database unavailable", slog.String("error", err.Error()),
				slog.String("request", audit.RequestFrom(ctx).ID))
		}
		return presented{code: string(apperr.ServiceUnavailable), messageID: store.MessageUnavailable}
	}
	if e, ok := apperr.As(err); ok {
		if e.Code == apperr.Internal {
			p.logInternal(ctx, err)
		}
		return presented{code: string(e.Code), messageID: e.MessageID, data: e.Data}
	}
	var nf *ent.NotFoundError
	if errors.As(err, &nf) {
		return presented{code: string(apperr.NotFound), messageID: "error.not_found"}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return presented{code: "TIMEOUT", messageID: "error.timeout"}
	}
	if id, ok := gqlErr.Extensions["messageID"].(string); ok { // refused by a limit
		code, _ := gqlErr.Extensions["code"].(string)
		return presented{code: code, messageID: id, data: map[string]any{"Max": gqlErr.Extensions["limit"]}}
	}
	switch code := gqlErr.Extensions["code"]; code {
	case codeParseFailed:
		return presented{code: codeParseFailed, messageID: "error.parse_failed", detail: gqlErr.Message}
	case codeValidationFailed:
		// gqlparser suggests similar field names; they could name fields
		// this viewer may not use, so they are left out.
		return presented{code: codeValidationFailed, messageID: "error.validation_failed", detail: suggestion.ReplaceAllString(gqlErr.Message, "")}
	case "COMPLEXITY_LIMIT_EXCEEDED": // gqlgen's extension.ComplexityLimit
		return presented{code: codeTooComplex, messageID: "error.too_complex", data: map[string]any{"Max": p.limits.MaxCost}}
	case "PERSISTED_QUERY_NOT_FOUND", "PERSISTED_QUERY_NOT_SUPPORTED":
		// The protocol's own words: clients look for them.
		return presented{code: code.(string), messageID: "", detail: gqlErr.Message}
	}
	if strings.HasPrefix(gqlErr.Message, "json request body could not be decoded") ||
		strings.HasPrefix(gqlErr.Message, "could not read request body") {
		// gqlgen echoes the body and Go's decoder error: keep both out.
		return presented{code: codeBadRequest, messageID: "error.bad_request"}
	}
	if arg, ok := argumentError(ctx, gqlErr); ok {
		// The decoder's own words are Go's; say which argument instead.
		msg := "error.invalid_input"
		if arg == "after" || arg == "before" {
			msg = "error.invalid_cursor"
		}
		return presented{code: string(apperr.BadUserInput), messageID: msg}
	}
	p.logInternal(ctx, err)
	return presented{code: string(apperr.Internal), messageID: "error.internal"}
}

// argumentError reports whether gqlErr came from decoding an argument of
// the field in ctx, and which: gqlgen puts those errors on the field's path
// followed by the argument's name. Errors of the resolver itself end at the
// field.
func argumentError(ctx context.Context, gqlErr *gqlerror.Error) (string, bool) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return "", false
	}
	field := fc.Path()
	if len(gqlErr.Path) <= len(field) {
		return "", false
	}
	for i, el := range field {
		if gqlErr.Path[i] != el {
			return "", false
		}
	}
	name, ok := gqlErr.Path[len(field)].(ast.PathName)
	if !ok || fc.Field.Arguments.ForName(string(name)) == nil {
		return "", false
	}
	return string(name), true
}

func (p *presenter) logInternal(ctx context.Context, err error) {
	attrs := []any{slog.String("error", err.Error())}
	if graphql.HasOperationContext(ctx) {
		oc := graphql.GetOperationContext(ctx)
		attrs = append(attrs, slog.String("operation", oc.OperationName))
	}
	if fc := graphql.GetFieldContext(ctx); fc != nil {
		attrs = append(attrs, slog.String("path", fc.Path().String()))
	}
	attrs = append(attrs, slog.String("request", audit.RequestFrom(ctx).ID))
	p.log.ErrorContext(ctx, "graphql: internal error", attrs...)
}

// recover turns a panic in a resolver into an internal error; the panic
// and its stack go to the log.
func (p *presenter) recover(ctx context.Context, v any) error {
	p.log.ErrorContext(ctx, "graphql: panic", slog.String("request", audit.RequestFrom(ctx).ID),
		slog.String("panic", fmt.Sprint(v)), slog.String("stack", string(debug.Stack())))
	return apperr.New(apperr.Internal, "error.internal", nil)
}
