package graph

import (
	"context"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	"relocate/ent"
	"relocate/internal/apperr"
	"relocate/internal/audit"
	"relocate/internal/viewer"
)

// auditor records every mutation, in the mutation's own transaction (a
// mutation that fails leaves no entry); every read of personal data that
// is not the reader's own, wherever in an operation it is read: one READ
// entry per operation listing the rows; and every field refused by the
// access table or a row rule, summed up per viewer, address and field
// (audit.Recorder.RecordRepeated). Which rows are personal data is a
// property of their entity: its schema is annotated schema.PersonalData,
// and the generated type implements ent.PersonalData. Sign-ins are
// recorded by the auth service itself, failures included.
type auditor struct{ rec *audit.Recorder }

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = auditor{}

func (auditor) ExtensionName() string                   { return "Audit" }
func (auditor) Validate(graphql.ExecutableSchema) error { return nil }

// operationAudit collects what one operation read and was refused.
type operationAudit struct {
	mu      sync.Mutex
	ids     []string        // personal data read
	seen    map[string]bool // ids, for finding repeats
	refused map[string]int  // Type.field → refusals
}

type operationAuditKey struct{}

// InterceptResponse writes the entries once the operation is done (and,
// for a mutation, committed or rolled back): refusals stay recorded when
// the operation around them is rolled back.
func (a auditor) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	o := &operationAudit{}
	resp := next(context.WithValue(ctx, operationAuditKey{}, o))
	for _, field := range slices.Sorted(maps.Keys(o.refused)) {
		// A refusal that cannot be recorded still refused: nothing was handed out.
		_ = a.rec.RecordRepeated(ctx, audit.Entry{Action: audit.Refused, Operation: field, Count: o.refused[field]})
	}
	if len(o.ids) > 0 && graphql.HasOperationContext(ctx) {
		var fields []string
		for _, f := range graphql.CollectFields(graphql.GetOperationContext(ctx), graphql.GetOperationContext(ctx).Operation.SelectionSet, nil) {
			fields = append(fields, f.Name)
		}
		if err := a.rec.Record(ctx, audit.Entry{Action: audit.Read, Operation: strings.Join(fields, ","), ObjectIDs: o.ids}); err != nil {
			// Personal data may not be handed out unrecorded.
			return graphql.ErrorResponse(ctx, "audit unavailable")
		}
	}
	return resp
}

func (a auditor) field(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc.Object == "Mutation" && fc.Field.Name != "login" {
		res, err := next(ctx)
		if err != nil {
			noteRefusal(ctx, err)
			return res, err
		}
		if err := a.rec.Record(ctx, audit.Entry{Action: audit.Mutation, Operation: fc.Field.Name, ObjectIDs: objectIDs(fc.Args, res)}); err != nil {
			return nil, err
		}
		return res, nil
	}
	res, err := next(ctx)
	if err != nil {
		if fc.Object != "Mutation" { // login records its own failures
			noteRefusal(ctx, err)
		}
		return res, err
	}
	if fc.Object == "Mutation" || !mayHoldPersonalData(res) {
		return res, nil // scalars and enums: their rows were noted with them
	}
	if o, ok := ctx.Value(operationAuditKey{}).(*operationAudit); ok {
		if ids := personalData(res, viewer.FromContext(ctx).UserID); len(ids) > 0 {
			o.mu.Lock()
			if o.seen == nil {
				o.seen = map[string]bool{}
			}
			for _, id := range ids {
				if !o.seen[id] {
					o.seen[id] = true
					o.ids = append(o.ids, id)
				}
			}
			o.mu.Unlock()
		}
	}
	return res, nil
}

// mayHoldPersonalData reports whether a field's value can be or list rows
// of personal data (see personalData): a row, or a slice.
func mayHoldPersonalData(res any) bool {
	if _, ok := res.(ent.PersonalData); ok {
		return true
	}
	return res != nil && reflect.TypeOf(res).Kind() == reflect.Slice
}

// noteRefusal notes, for the audit log, that the field of ctx was refused
// with err, when err is a refusal (FORBIDDEN or UNAUTHENTICATED): by the
// access table (authorize) or by a row rule below it.
func noteRefusal(ctx context.Context, err error) {
	e, ok := apperr.As(err)
	if !ok || (e.Code != apperr.Forbidden && e.Code != apperr.Unauthenticated) {
		return
	}
	o, ok := ctx.Value(operationAuditKey{}).(*operationAudit)
	if !ok {
		return
	}
	fc := graphql.GetFieldContext(ctx)
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.refused == nil {
		o.refused = map[string]int{}
	}
	o.refused[fc.Object+"."+fc.Field.Name]++
}

// objectIDs names the objects a mutation concerned: its id and ids
// arguments and the objects it returned.
func objectIDs(args map[string]any, res any) []string {
	var ids []string
	add := func(id int) {
		if s := strconv.Itoa(id); id > 0 && !slices.Contains(ids, s) {
			ids = append(ids, s)
		}
	}
	if id, ok := args["id"].(int); ok {
		add(id)
	}
	if list, ok := args["ids"].([]int); ok {
		for _, id := range list {
			add(id)
		}
	}
	var walk func(v reflect.Value, payload bool)
	walk = func(v reflect.Value, payload bool) {
		switch v.Kind() {
		case reflect.Interface, reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem(), payload)
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i), payload)
			}
		case reflect.Struct:
			if f := v.FieldByName("ID"); f.IsValid() && f.Kind() == reflect.Int {
				add(int(f.Int()))
			} else if payload {
				// A mutation's payload (CreatePartnerPayload …): the
				// objects it carries.
				for i := range v.NumField() {
					if v.Type().Field(i).IsExported() {
						walk(v.Field(i), false)
					}
				}
			}
		}
	}
	walk(reflect.ValueOf(res), true)
	return ids
}

var personalDataType = reflect.TypeFor[ent.PersonalData]()

// personalData returns the global IDs of the rows of personal data in res
// (a field's value: one row, or a list of rows or nodes) that are not
// about self. Connections and edges need no walking: their nodes are
// field values of their own.
func personalData(res any, self int) []string {
	var ids []string
	add := func(v any) {
		p, ok := v.(ent.PersonalData)
		if !ok {
			return
		}
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && rv.IsNil() {
			return
		}
		if d := p.PersonalData(); self == 0 || d.Subject != self {
			ids = append(ids, strconv.Itoa(d.ID))
		}
	}
	if _, ok := res.(ent.PersonalData); ok {
		add(res)
		return ids
	}
	if rv := reflect.ValueOf(res); rv.Kind() == reflect.Slice {
		if et := rv.Type().Elem(); et.Kind() == reflect.Interface || et.Implements(personalDataType) {
			for i := range rv.Len() {
				add(rv.Index(i).Interface())
			}
		}
	}
	return ids
}
