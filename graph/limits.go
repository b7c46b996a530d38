package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"relocate/ent"
	"relocate/graph/generated"
	"relocate/internal/agenda"
	"relocate/internal/apperr"
	"relocate/internal/paging"
)

// Limits bound what one operation may ask for. See the README for why
// these numbers.
type Limits struct {
	// MaxDepth is the deepest nesting of fields (fragments count as their
	// fields; introspection is bounded by MaxIntrospectionDepth instead).
	// The deepest query the site or an app needs is about 7.
	MaxDepth int
	// MaxAliases is the most aliased fields in one operation: aliases let one
	// request repeat an expensive field.
	MaxAliases int
	// MaxCost is the most cost an operation may have: every field costs 1,
	// a connection its page size times what one item costs.
	MaxCost int
	// MaxFields is the most fields an operation may select once every
	// fragment spread is replaced by the fragment's fields. Fragments that
	// spread each other a few times each multiply into millions of fields
	// in a document of a few hundred bytes.
	MaxFields int
	// MaxIntrospectionDepth is the deepest nesting under __schema and
	// __type. graphql-js's standard introspection query, which every
	// GraphQL tool sends, nests 15 levels (its type references nest ofType
	// 9 times).
	MaxIntrospectionDepth int
	// MaxListItems is the most values of one list in an argument (IDs,
	// the branches of a filter's or).
	MaxListItems int
	// MaxFilterConditions is the most conditions (input objects: the filter
	// itself, its and/or/not branches, has…With filters) in one where
	// argument; every one is a part of the SQL statement.
	MaxFilterConditions int
}

// check refuses limits that are not all set (config.Default has them).
func (l Limits) check() error {
	for _, v := range []int{l.MaxDepth, l.MaxAliases, l.MaxCost, l.MaxFields, l.MaxIntrospectionDepth, l.MaxListItems, l.MaxFilterConditions} {
		if v <= 0 {
			return fmt.Errorf("graph: the operation limits are not configured: %+v", l)
		}
	}
	return nil
}

// Codes of refused operations.
const (
	codeTooDeep       = "QUERY_TOO_DEEP"
	codeTooManyAlias  = "TOO_MANY_ALIASES"
	codeTooComplex    = "QUERY_TOO_COMPLEX"
	codeTooLarge      = "QUERY_TOO_LARGE"
	codeDeferDisabled = "DEFER_NOT_SUPPORTED"
)

// shape weighs an operation before anything runs and refuses it when it
// asks for too much: too many fields once fragments are expanded, too
// deep, too many aliases, filters too large, too expensive. It also
// refuses incremental delivery (@defer, @stream), which this endpoint does
// not offer. The document has been parsed and validated (no fragment
// cycles) but nothing has run.
type shape struct {
	limits Limits
	es     graphql.ExecutableSchema // the cost functions
	// measured keeps the size of operations already weighed, by their
	// text, operation name and variables: a client repeating an operation
	// does not have it walked again.
	measured capped[size]
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = shape{}

func (shape) ExtensionName() string                   { return "OperationShape" }
func (shape) Validate(graphql.ExecutableSchema) error { return nil }

func (s shape) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	// A sign-in runs outside the mutation transaction (its failure stays
	// audited), so it must not carry other changes with it.
	if oc.Operation.Operation == ast.Mutation && len(oc.Operation.SelectionSet) > 1 {
		for _, sel := range oc.Operation.SelectionSet {
			if f, ok := sel.(*ast.Field); ok && f.Name == "login" {
				return limitError("LOGIN_NOT_ALONE", "error.login_alone", 0)
			}
		}
	}
	m, err := s.measure(ctx, oc)
	l := s.limits
	switch {
	case err != nil:
		return err
	case m.fields > l.MaxFields:
		return limitError(codeTooLarge, "error.too_large", l.MaxFields)
	case m.deferred:
		return limitError(codeDeferDisabled, "error.defer_not_supported", 0)
	case m.depth > l.MaxDepth:
		return limitError(codeTooDeep, "error.too_deep", l.MaxDepth)
	case m.introspection > l.MaxIntrospectionDepth:
		return limitError(codeTooDeep, "error.introspection_too_deep", l.MaxIntrospectionDepth)
	case m.aliases > l.MaxAliases:
		return limitError(codeTooManyAlias, "error.too_many_aliases", l.MaxAliases)
	case m.list > l.MaxListItems:
		return limitError(string(apperr.BadUserInput), "error.list_too_long", l.MaxListItems)
	case m.conditions > l.MaxFilterConditions:
		return limitError(string(apperr.BadUserInput), "error.filter_too_large", l.MaxFilterConditions)
	case m.cost > l.MaxCost:
		return limitError(codeTooComplex, "error.too_complex", l.MaxCost)
	}
	return nil
}

// measure weighs oc's operation, or finds its weight from an earlier
// request with the same text, operation name and variables.
func (s shape) measure(ctx context.Context, oc *graphql.OperationContext) (size, *gqlerror.Error) {
	key := ""
	if vars, err := json.Marshal(oc.Variables); err == nil && s.measured.inner != nil {
		key = oc.RawQuery + "\x00" + oc.OperationName + "\x00" + string(vars)
		if m, ok := s.measured.Get(ctx, key); ok {
			return m, nil
		}
	}
	w := &walker{ctx: ctx, es: s.es, vars: oc.Variables, fragments: oc.Doc.Fragments, limits: s.limits,
		memo: map[string]size{}, active: map[string]bool{}}
	m := w.set(oc.Operation.SelectionSet)
	if w.err != nil {
		return m, w.err
	}
	if key != "" && ctx.Err() == nil {
		s.measured.Add(ctx, key, m)
	}
	return m, nil
}

// size is what a selection set asks for once its fragments are expanded.
// Counts add up and saturate at math.MaxInt; depths are the deepest.
type size struct {
	fields, aliases, cost int
	// depth is the deepest nesting of fields outside introspection;
	// introspection the deepest nesting of a __schema or __type field.
	depth, introspection int
	// list is the longest list in an argument; conditions the most
	// conditions of one filter.
	list, conditions int
	// deferred tells whether @defer or @stream is used.
	deferred bool
}

func (s size) plus(o size) size {
	return size{
		fields: add(s.fields, o.fields), aliases: add(s.aliases, o.aliases), cost: add(s.cost, o.cost),
		depth: max(s.depth, o.depth), introspection: max(s.introspection, o.introspection),
		list: max(s.list, o.list), conditions: max(s.conditions, o.conditions),
		deferred: s.deferred || o.deferred,
	}
}

// walker measures an operation. It weighs each fragment once, however
// often it is spread, so the work grows with the document, not with the
// number of paths through its fragments.
type walker struct {
	ctx       context.Context
	es        graphql.ExecutableSchema
	vars      map[string]any
	fragments ast.FragmentDefinitionList
	limits    Limits
	memo      map[string]size
	active    map[string]bool // fragments being measured: a cycle adds nothing
	err       *gqlerror.Error
}

func (w *walker) set(set ast.SelectionSet) size {
	var total size
	for _, sel := range set {
		var s size
		switch sel := sel.(type) {
		case *ast.Field:
			s = w.field(sel)
		case *ast.InlineFragment:
			s = w.set(sel.SelectionSet)
			s.deferred = s.deferred || incremental(sel.Directives)
		case *ast.FragmentSpread:
			s = w.fragment(sel.Name)
			s.deferred = s.deferred || incremental(sel.Directives)
		}
		total = total.plus(s)
	}
	return total
}

func (w *walker) fragment(name string) size {
	if s, ok := w.memo[name]; ok {
		return s
	}
	if w.active[name] || w.err != nil {
		return size{}
	}
	if w.ctx.Err() != nil { // the request timed out or its client left
		w.err = limitError("TIMEOUT", "error.timeout", 0)
		return size{}
	}
	f := w.fragments.ForName(name)
	if f == nil {
		return size{}
	}
	w.active[name] = true
	s := w.set(f.SelectionSet)
	delete(w.active, name)
	w.memo[name] = s
	return s
}

func (w *walker) field(f *ast.Field) size {
	child := w.set(f.SelectionSet)
	s := child
	s.fields = add(child.fields, 1)
	s.deferred = child.deferred || incremental(f.Directives)
	if f.Alias != "" && f.Alias != f.Name {
		s.aliases = add(s.aliases, 1)
	}
	if f.Name == "__schema" || f.Name == "__type" {
		// Introspection is bounded by its own depth and costs nothing:
		// its answer is the schema.
		s.depth, s.cost = 0, 0
		s.introspection = child.depth + 1
		return s
	}
	s.depth = child.depth + 1
	args := w.arguments(f, &s)
	s.cost = w.cost(f, child.cost, args)
	return s
}

// arguments returns the arguments of f and measures their lists and
// filters into s.
func (w *walker) arguments(f *ast.Field, s *size) map[string]any {
	if len(f.Arguments) == 0 {
		return nil
	}
	args := f.ArgumentMap(w.vars)
	for _, a := range f.Arguments {
		v := args[a.Name]
		list, objects := measureValue(v)
		s.list = max(s.list, list)
		if f.Definition != nil && isWhereInput(f.Definition.Arguments.ForName(a.Name)) {
			s.conditions = max(s.conditions, objects)
		}
	}
	return args
}

func isWhereInput(d *ast.ArgumentDefinition) bool {
	return d != nil && strings.HasSuffix(d.Type.Name(), "WhereInput")
}

// measureValue returns the longest list in an argument value and how many
// input objects it holds.
func measureValue(v any) (list, objects int) {
	switch v := v.(type) {
	case []any:
		list = len(v)
		for _, e := range v {
			l, o := measureValue(e)
			list, objects = max(list, l), add(objects, o)
		}
	case map[string]any:
		objects = 1
		for _, e := range v {
			l, o := measureValue(e)
			list, objects = max(list, l), add(objects, o)
		}
	}
	return list, objects
}

// cost weighs field f whose selections cost child, as gqlgen's complexity
// calculation does: the field's own cost function, else 1 plus its
// selections. A field of an interface costs what it costs on its most
// expensive implementation.
func (w *walker) cost(f *ast.Field, child int, args map[string]any) int {
	if f.Definition == nil || f.ObjectDefinition == nil {
		return add(1, child)
	}
	schema := w.es.Schema()
	if t := schema.Types[f.Definition.Type.Name()]; t == nil || t.Kind != ast.Object && t.Kind != ast.Interface && t.Kind != ast.Union {
		child = 0
	}
	if f.ObjectDefinition.Kind != ast.Interface {
		return w.fieldCost(f.ObjectDefinition.Name, f.Name, child, args)
	}
	c := 0
	for _, t := range schema.GetPossibleTypes(f.ObjectDefinition) {
		c = max(c, w.fieldCost(t.Name, f.Name, child, args))
	}
	return c
}

func (w *walker) fieldCost(object, field string, child int, args map[string]any) int {
	if c, ok := w.es.Complexity(w.ctx, object, field, child, args); ok && c >= 1 {
		return c
	}
	return add(1, child)
}

// incremental reports whether directives ask for incremental delivery.
func incremental(directives ast.DirectiveList) bool {
	return directives.ForName("defer") != nil || directives.ForName("stream") != nil
}

// add is a + b, saturating at math.MaxInt.
func add(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}

// mul is a × b for non-negative numbers, saturating at math.MaxInt.
func mul(a, b int) int {
	if a != 0 && b > math.MaxInt/a {
		return math.MaxInt
	}
	return a * b
}

// limitError is a refusal with its own code; the presenter translates it.
func limitError(code, messageID string, limit int) *gqlerror.Error {
	return &gqlerror.Error{
		Message:    messageID,
		Extensions: map[string]any{"code": code, "messageID": messageID, "limit": limit},
	}
}

// pageCost is the cost of a connection: one for the connection itself and
// its page size times the cost of one item.
func pageCost(child int, first, last *int) int {
	n := paging.MaxPageSize
	switch {
	case first != nil:
		n = *first
	case last != nil:
		n = *last
	}
	return add(1, mul(max(n, 1), child))
}

// listCost is the cost of a list of at most first items (the start
// page's, whose default is agenda.DefaultList).
func listCost(child int, first *int) int {
	n := agenda.DefaultList
	if first != nil {
		n = *first
	}
	return add(1, mul(max(n, 1), child))
}

// complexity weighs every connection by its page size.
func complexity() generated.ComplexityRoot {
	var c generated.ComplexityRoot
	c.Query.GuideArticles = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.GuideArticleOrder, _ *ent.GuideArticleWhereInput) int {
		return pageCost(child, first, last)
	}
	c.Query.Places = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.PlaceOrder, _ *ent.PlaceWhereInput) int {
		return pageCost(child, first, last)
	}
	c.Query.GlossaryTerms = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.GlossaryTermOrder, _ *ent.GlossaryTermWhereInput) int {
		return pageCost(child, first, last)
	}
	c.Query.Users = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.UserOrder, _ *ent.UserWhereInput) int {
		return pageCost(child, first, last)
	}
	c.Query.AuditLog = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.AuditEntryOrder, _ *ent.AuditEntryWhereInput) int {
		return pageCost(child, first, last)
	}
	c.Query.SearchGuide = func(child int, _ string, first *int) int { return pageCost(child, first, nil) }
	c.GuideCategory.Articles = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.GuideArticleOrder, _ *ent.GuideArticleWhereInput) int {
		return pageCost(child, first, last)
	}
	c.PlaceCategory.Places = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.PlaceOrder, _ *ent.PlaceWhereInput) int {
		return pageCost(child, first, last)
	}
	c.Query.Companies = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.CompanyOrder, _ *ent.CompanyWhereInput) int {
		return pageCost(child, first, last)
	}
	c.Query.Vacancies = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.VacancyOrder, _ *ent.VacancyWhereInput) int {
		return pageCost(child, first, last)
	}
	c.Query.Persons = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.PersonOrder, _ *ent.PersonWhereInput) int {
		return pageCost(child, first, last)
	}
	c.Query.Cases = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.CaseOrder, _ *ent.CaseWhereInput) int {
		return pageCost(child, first, last)
	}
	c.Query.Inquiries = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.InquiryOrder, _ *ent.InquiryWhereInput) int {
		return pageCost(child, first, last)
	}
	c.Case.Timeline = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.TimelineEntryOrder) int {
		return pageCost(child, first, last)
	}
	c.Query.Partners = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.PartnerOrder, _ *ent.PartnerWhereInput) int {
		return pageCost(child, first, last)
	}
	c.Query.Trainings = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.TrainingOrder, _ *ent.TrainingWhereInput) int {
		return pageCost(child, first, last)
	}
	c.Query.Inquiries = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.InquiryOrder, _ *ent.InquiryWhereInput) int {
		return pageCost(child, first, last)
	}
	c.Query.ChecklistItems = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.ChecklistItemOrder, _ *ent.ChecklistItemWhereInput) int {
		return pageCost(child, first, last)
	}
	c.User.OpenCases = func(child int, first *int) int { return listCost(child, first) }
	c.User.OverdueTasks = func(child int, first *int) int { return listCost(child, first) }
	c.User.UpcomingAppointments = func(child int, _ *int, first *int) int { return listCost(child, first) }
	c.Case.OpenTasks = func(child int, first *int) int { return listCost(child, first) }
	c.GuideArticle.Revisions = func(child int, _ *entgql.Cursor[int], first *int, _ *entgql.Cursor[int], last *int, _ *ent.GuideArticleRevisionOrder) int {
		return pageCost(child, first, last)
	}
	return c
}

// abandon stops resolving fields once the request's context is done: the
// request timed out or its client hung up, and nobody reads the answer.
// The fields left answer with the context's error, without touching the
// database.
func abandon(ctx context.Context, next graphql.Resolver) (any, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return next(ctx)
}
