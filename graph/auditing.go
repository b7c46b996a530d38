package graph

import (
	"context"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	"relocate/ent"
	"relocate/internal/audit"
	"relocate/internal/viewer"
)

// auditor records every mutation, in the mutation's own transaction (a
// mutation that fails leaves no entry), and every read of other people's
// accounts, wherever in an operation they are read: one READ entry per
// operation listing them. Sign-ins are recorded by the auth service itself,
// failures included.
type auditor struct{ rec *audit.Recorder }

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = auditor{}

func (auditor) ExtensionName() string                   { return "AuditReads" }
func (auditor) Validate(graphql.ExecutableSchema) error { return nil }

// reads collects the accounts an operation read.
type reads struct {
	mu  sync.Mutex
	ids []string
}

type readsKey struct{}

// InterceptResponse writes the READ entry once the operation is done (and,
// for a mutation, committed).
func (a auditor) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	r := &reads{}
	resp := next(context.WithValue(ctx, readsKey{}, r))
	if len(r.ids) > 0 && graphql.HasOperationContext(ctx) {
		var fields []string
		for _, f := range graphql.CollectFields(graphql.GetOperationContext(ctx), graphql.GetOperationContext(ctx).Operation.SelectionSet, nil) {
			fields = append(fields, f.Name)
		}
		if err := a.rec.Record(ctx, audit.Entry{Action: audit.Read, Operation: strings.Join(fields, ","), ObjectIDs: r.ids}); err != nil {
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
			return res, err
		}
		if err := a.rec.Record(ctx, audit.Entry{Action: audit.Mutation, Operation: fc.Field.Name, ObjectIDs: objectIDs(fc.Args, res)}); err != nil {
			return nil, err
		}
		return res, nil
	}
	res, err := next(ctx)
	if err == nil && fc.Object != "Mutation" {
		if r, ok := ctx.Value(readsKey{}).(*reads); ok {
			if ids := otherUsers(res, viewer.FromContext(ctx).UserID); len(ids) > 0 {
				r.mu.Lock()
				for _, id := range ids {
					if !slices.Contains(r.ids, id) {
						r.ids = append(r.ids, id)
					}
				}
				r.mu.Unlock()
			}
		}
	}
	return res, err
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
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Interface, reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Struct:
			if f := v.FieldByName("ID"); f.IsValid() && f.Kind() == reflect.Int {
				add(int(f.Int()))
			}
		}
	}
	walk(reflect.ValueOf(res))
	return ids
}

// otherUsers returns the IDs of user accounts in res other than self's.
func otherUsers(res any, self int) []string {
	var users []*ent.User
	switch r := res.(type) {
	case *ent.User:
		users = append(users, r)
	case []*ent.User:
		users = r
	case *ent.UserConnection:
		for _, e := range r.Edges {
			users = append(users, e.Node)
		}
	case []ent.Noder:
		for _, n := range r {
			if u, ok := n.(*ent.User); ok {
				users = append(users, u)
			}
		}
	}
	var ids []string
	for _, u := range users {
		if u != nil && u.ID != self {
			ids = append(ids, strconv.Itoa(u.ID))
		}
	}
	return ids
}
