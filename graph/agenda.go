package graph

import (
	"context"
	"encoding/json"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"relocate/ent"
	"relocate/graph/model"
	"relocate/internal/agenda"
	"relocate/internal/apperr"
	"relocate/internal/calendar"
	"relocate/internal/checklist"
)

// agendaServices are the services of checklists, appointments and
// calendars.
type agendaServices struct {
	checklists *checklist.Service
	schedule   *agenda.Service
	calendar   *calendar.Service
}

// WithAgenda gives the resolvers the services of checklists, appointments
// and calendars, and returns r.
func (r *Resolver) WithAgenda(c *checklist.Service, a *agenda.Service, cal *calendar.Service) *Resolver {
	r.agenda = agendaServices{checklists: c, schedule: a, calendar: cal}
	return r
}

// checklistItemPayload wraps the step a mutation changed.
func checklistItemPayload(it *ent.ChecklistItem, err error) (*model.ChecklistItemPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.ChecklistItemPayload{ChecklistItem: it}, nil
}

// optional turns "not found" into null, for links by key to content that
// may have been removed or is not published.
func optional[T any](v *T, err error) (*T, error) {
	if e, ok := apperr.As(err); ok && e.Code == apperr.NotFound {
		return nil, nil
	}
	return v, err
}

// fieldsAt collects the fields the operation asks for at path (e.g.
// "edges", "node") below the current field.
func fieldsAt(ctx context.Context, path ...string) []graphql.CollectedField {
	op := graphql.GetOperationContext(ctx)
	fields := graphql.CollectFieldsCtx(ctx, nil)
	for _, name := range path {
		var next []graphql.CollectedField
		for _, f := range fields {
			if f.Name == name {
				next = append(next, graphql.CollectFields(op, f.Selections, nil)...)
			}
		}
		fields = next
	}
	return fields
}

// caseExtras says what the operation asks of each case it reaches by path
// from the current field (e.g. "edges", "node" from Query.cases): its open
// tasks (as many as the largest `first` asked) and its next appointment,
// for agenda.Service.Preload.
func caseExtras(ctx context.Context, path ...string) agenda.Extras {
	op := graphql.GetOperationContext(ctx)
	fields := fieldsAt(ctx, path...)
	var x agenda.Extras
	var tasks, appointments []graphql.CollectedField
	for _, f := range fields {
		switch f.Name {
		case "openTasks":
			n := agenda.DefaultOpenTasks
			if v, ok := f.ArgumentMap(op.Variables)["first"]; ok {
				n = intArg(v, n)
			}
			x.OpenTasks = max(x.OpenTasks, n)
			tasks = append(tasks, f)
		case "nextAppointment":
			x.NextAppointment = true
			appointments = append(appointments, f)
		}
	}
	// Only the columns (and edges) asked for: when one selection asks for
	// them all, as entgql collects the fields of a connection.
	if len(tasks) == 1 {
		x.Tasks = func(q *ent.TaskQuery) { _, _ = q.CollectFields(asField(ctx, tasks[0])) }
	}
	if len(appointments) == 1 {
		x.Appointments = func(q *ent.AppointmentQuery) { _, _ = q.CollectFields(asField(ctx, appointments[0])) }
	}
	return x
}

// asField returns ctx as the context of field f, for entgql's
// CollectFields, which collects the columns and edges the selection of the
// current field asks for.
func asField(ctx context.Context, f graphql.CollectedField) context.Context {
	return graphql.WithFieldContext(ctx, &graphql.FieldContext{Field: f})
}

// caseColumns returns the option of a query of the cases reached by path
// from the current field that reads only the columns their scalar fields
// ask for. entgql reads every column of a case when a field it does not
// know is asked for, as openTasks and nextAppointment are (they need the
// ID only, see caseExtras): those and the edges (which entgql collects
// itself, with their keys) are left out of the collection here. Another
// unknown field asked for keeps every column.
func caseColumns(ctx context.Context, path ...string) func(*ent.CaseFileQuery) {
	fields := fieldsAt(ctx, path...)
	var scalars ast.SelectionSet
	extras := false
	for _, f := range fields {
		if len(f.Selections) == 0 {
			scalars = append(scalars, f.Field)
		}
		extras = extras || f.Name == "openTasks" || f.Name == "nextAppointment"
	}
	return func(q *ent.CaseFileQuery) {
		if extras { // otherwise entgql collects the columns itself
			_, _ = q.CollectFields(asField(ctx, graphql.CollectedField{Field: &ast.Field{SelectionSet: scalars}, Selections: scalars}))
		}
	}
}

// intArg returns an Int argument's value as decoded from the operation
// or its variables; def when it is none.
func intArg(v any, def int) int {
	switch n := v.(type) {
	case int64:
		return int(n)
	case int:
		return n
	case float64:
		return int(n)
	case json.Number:
		if i, err := n.Int64(); err == nil {
			return int(i)
		}
	}
	return def
}
