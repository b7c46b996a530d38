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
}

type presented struct {
	code      string
	messageID string
	data      map[string]any
	// detail is safe technical detail for developers: the parser's or
	// validator's description of what is wrong with the query.
	detail string
	// fields are the wrong input fields, shown as extensions.fields.
	fields apperr.Fields
	// extensions are shown as they are (apperr.Error.Extensions).
	extensions map[string]any
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
	for k, v := range what.extensions {
		if k != "code" && k != "fields" && k != "detail" {
			gqlErr.Extensions[k] = v
		}
	}
	if what.detail != "" {
		gqlErr.Extensions["detail"] = what.detail
	}
	if len(what.fields) > 0 {
		gqlErr.Extensions["fields"] = p.fields(ctx, what.fields)
	}
	return gqlErr
}

// fields translates the problems of wrong input fields, keyed by the
// fields' paths in the operation's arguments, for forms to show each
// next to its field.
func (p *presenter) fields(ctx context.Context, fields apperr.Fields) map[string]string {
	l := Preference(ctx).Language
	out := make(map[string]string, len(fields))
	for _, f := range fields {
		path := argumentPath(ctx, f.Path)
		if _, seen := out[path]; !seen {
			out[path] = p.catalog.T(l, f.MessageID, f.Data)
		}
	}
	return out
}

// argumentPath turns the path of an input field as a service names it
// ("summary", "openingHours[2].closes") into its path in the arguments of
// the field in ctx: an argument of that name ("key"), else the field of an
// input-object argument that has one ("input.summary").
func argumentPath(ctx context.Context, path string) string {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil {
		return path
	}
	name := path
	if i := strings.IndexAny(path, ".["); i >= 0 {
		name = path[:i]
	}
	if fc.Field.Arguments.ForName(name) != nil {
		return path
	}
	for _, arg := range fc.Field.Arguments {
		if def := arg.Value.Definition; def != nil && def.Kind == ast.InputObject && def.Fields.ForName(name) != nil {
			return apperr.Join(arg.Name, path)
		}
	}
	return path
}

// validationError turns ent's error for a field its schema refuses into
// the problem of the input field of the same name (postal_code:
// postalCode).
func validationError(ve *ent.ValidationError) *apperr.Error {
	cause := errors.Unwrap(ve)
	if cause == nil {
		cause = ve
	}
	var f apperr.Fields
	f.Check(lowerCamel(ve.Name), cause)
	return f.Err().(*apperr.Error)
}

// lowerCamel turns an ent field name into the API's: postal_code becomes
// postalCode.
func lowerCamel(name string) string {
	parts := strings.Split(name, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

func (p *presenter) classify(ctx context.Context, err error, gqlErr *gqlerror.Error) presented {
	if errors.Is(err, context.Canceled) || errors.Is(ctx.Err(), context.Canceled) {
		// The client hung up: nobody reads this, and it is not our fault.
		return presented{code: "CANCELED", messageID: "error.canceled"}
	}
	var ve *ent.ValidationError
	if errors.As(err, &ve) {
		e := validationError(ve)
		return presented{code: string(e.Code), messageID: e.MessageID, data: e.Data, fields: e.Fields}
	}
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
		return presented{code: string(e.Code), messageID: e.MessageID, data: e.Data, fields: e.Fields, extensions: e.Extensions}
	}
	var nf *ent.NotFoundError
	if errors.As(err, &nf) {
		return presented{code: string(apperr.NotFound), messageID: "error.not_found"}
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
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
	case string(apperr.NotFound): // entgql: an ID of nodes(ids:) that names nothing the viewer may see
		return presented{code: string(apperr.NotFound), messageID: "error.not_found"}
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

// logInternal logs the cause of an internal error: the first of a request
// as an error, any further ones (a failing database fails every field) at
// debug level, so that one request writes one error line.
func (p *presenter) logInternal(ctx context.Context, err error) {
	level := slog.LevelError
	if m, ok := ctx.Value(memoKey{}).(*directiveMemo); ok && m.loggedInternal.Swap(true) {
		level = slog.LevelDebug
	}
	attrs := []any{slog.String("error", err.Error())}
	if graphql.HasOperationContext(ctx) {
		oc := graphql.GetOperationContext(ctx)
		attrs = append(attrs, slog.String("operation", oc.OperationName))
	}
	if fc := graphql.GetFieldContext(ctx); fc != nil {
		attrs = append(attrs, slog.String("path", fc.Path().String()))
	}
	attrs = append(attrs, slog.String("request", audit.RequestFrom(ctx).ID))
	p.log.Log(ctx, level, "graphql: internal error", attrs...)
}

// recover turns a panic in a resolver into an internal error; the panic
// and its stack go to the log.
func (p *presenter) recover(ctx context.Context, v any) error {
	p.log.ErrorContext(ctx, "graphql: panic", slog.String("request", audit.RequestFrom(ctx).ID),
		slog.String("panic", fmt.Sprint(v)), slog.String("stack", string(debug.Stack())))
	return apperr.New(apperr.Internal, "error.internal", nil)
}
