// Package rule holds the named privacy rules of relocate's ent schemas:
// which rows a viewer sees and which changes they may make. Each rule asks
// the capability table in internal/viewer, which the GraphQL field gate and
// the domain services ask too, so the roles are mapped to what they allow in
// one place. Rules that hide rows add a predicate to the query rather than
// failing it: a row the viewer may not see answers exactly like one that
// does not exist, through every query, edge, count and node(id:).
package rule

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/sqljson"

	"relocate/ent"
	"relocate/ent/intercept"
	"relocate/ent/privacy"
	"relocate/ent/schema/schematype"
	"relocate/internal/apperr"
	"relocate/internal/lang"
	"relocate/internal/viewer"
)

// denied is the decision of a refused change: privacy's Deny, answered to
// clients as FORBIDDEN.
var denied = fmt.Errorf("%w: %w", privacy.Deny, apperr.ErrForbidden)

// AllowSystem lets the process itself (seeding, the command line, the
// audit log's own writes) read and change everything.
func AllowSystem() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if viewer.FromContext(ctx).System {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

// where returns a query rule that narrows the query by the predicate pred
// returns for the viewer; nil leaves the query as it is.
func where(pred func(v viewer.Viewer) func(*sql.Selector)) privacy.QueryRule {
	return privacy.QueryRuleFunc(func(ctx context.Context, q ent.Query) error {
		p := pred(viewer.FromContext(ctx))
		if p == nil {
			return privacy.Skip
		}
		iq, err := intercept.NewQuery(q)
		if err != nil {
			return fmt.Errorf("rule: %w", err)
		}
		iq.WhereP(p)
		return privacy.Skip
	})
}

// none matches no row.
func none(s *sql.Selector) { s.Where(sql.False()) }

// VisibleWith hides every row from viewers who hold none of capabilities.
func VisibleWith(capabilities ...viewer.Capability) privacy.QueryRule {
	return where(func(v viewer.Viewer) func(*sql.Selector) {
		if canAny(v, capabilities) {
			return nil
		}
		return none
	})
}

func canAny(v viewer.Viewer, capabilities []viewer.Capability) bool {
	for _, c := range capabilities {
		if v.Can(c) {
			return true
		}
	}
	return false
}

// Hidden hides every row from everyone (but the system, when AllowSystem
// comes first).
func Hidden() privacy.QueryRule {
	return where(func(viewer.Viewer) func(*sql.Selector) { return none })
}

// Refused refuses every change (but the system's, when AllowSystem comes
// first).
func Refused() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(context.Context, ent.Mutation) error { return denied })
}

// PublishedOnly shows published rows only, unless the viewer may read
// drafts.
func PublishedOnly() privacy.QueryRule {
	return where(func(v viewer.Viewer) func(*sql.Selector) {
		if v.Can(viewer.ReadDrafts) {
			return nil
		}
		return func(s *sql.Selector) { s.Where(sql.EQ(s.C("status"), string(schematype.Published))) }
	})
}

// ParentPublished hides, from viewers who may not read drafts, rows whose
// parent (column fk pointing into table) is not published: the articles of
// a topic taken back, the places of a hidden category.
func ParentPublished(fk, table string) privacy.QueryRule {
	return where(func(v viewer.Viewer) func(*sql.Selector) {
		if v.Can(viewer.ReadDrafts) {
			return nil
		}
		return func(s *sql.Selector) {
			t := sql.Table(table)
			s.Where(sql.In(s.C(fk), sql.Select(t.C("id")).From(t).Where(sql.EQ(t.C("status"), string(schematype.Published)))))
		}
	})
}

// TranslationsVisible shows published texts to everyone and drafts in the
// languages in which the viewer may read drafts.
func TranslationsVisible() privacy.QueryRule {
	return where(func(v viewer.Viewer) func(*sql.Selector) {
		langs := languages(v, viewer.ReadDrafts)
		if len(langs) == len(lang.All) {
			return nil
		}
		return func(s *sql.Selector) {
			published := sql.EQ(s.C("status"), string(schematype.Published))
			if len(langs) == 0 {
				s.Where(published)
				return
			}
			s.Where(sql.Or(published, sql.In(s.C("language"), langs...)))
		}
	})
}

// InDraftLanguages shows rows (revisions) only in the languages in which
// the viewer may read drafts.
func InDraftLanguages() privacy.QueryRule {
	return where(func(v viewer.Viewer) func(*sql.Selector) {
		langs := languages(v, viewer.ReadDrafts)
		switch len(langs) {
		case len(lang.All):
			return nil
		case 0:
			return none
		}
		return func(s *sql.Selector) { s.Where(sql.In(s.C("language"), langs...)) }
	})
}

// UsersVisible shows every account to viewers who manage users, their own
// to other signed-in users and none to anonymous readers. Those who
// manage cases also see the accounts of case management: of staff
// (caseworkers, administrators: whose case or note it is, whom to assign
// it to), of company contacts and of newcomers (who has an account for
// which company or case); not those of the guide's editors and
// translators.
func UsersVisible() privacy.QueryRule {
	return where(func(v viewer.Viewer) func(*sql.Selector) {
		switch {
		case v.Can(viewer.ManageUsers):
			return nil
		case v.Can(viewer.ManageCases):
			return func(s *sql.Selector) {
				ps := []*sql.Predicate{sql.EQ(s.C("id"), v.UserID)}
				for _, r := range []viewer.Role{viewer.Caseworker, viewer.Admin, viewer.CompanyContact, viewer.Newcomer} {
					ps = append(ps, sqljson.ValueContains(s.C("roles"), string(r)))
				}
				s.Where(sql.Or(ps...))
			}
		case v.UserID != 0:
			return func(s *sql.Selector) { s.Where(sql.EQ(s.C("id"), v.UserID)) }
		}
		return none
	})
}

// Require refuses a change unless the viewer holds one of capabilities.
// (See casework.go for the rules of case management.)
func Require(capabilities ...viewer.Capability) privacy.MutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		v := viewer.FromContext(ctx)
		for _, c := range capabilities {
			if v.Can(c) {
				return privacy.Skip
			}
		}
		return denied
	})
}

// TranslateInLanguage refuses to create texts in a language the viewer may
// not write.
func TranslateInLanguage() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		lm, ok := m.(interface{ Language() (lang.Code, bool) })
		if !ok {
			return privacy.Skip
		}
		if l, set := lm.Language(); set && !viewer.FromContext(ctx).CanIn(viewer.Translate, l) {
			return denied
		}
		return privacy.Skip
	})
}

// AppendOnly refuses every update and deletion: for the audit log and the
// revision history.
func AppendOnly() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(_ context.Context, m ent.Mutation) error {
		if !m.Op().Is(ent.OpCreate) {
			return denied
		}
		return privacy.Skip
	})
}

// ExceptCreate applies r to every change but the creation of a row (the
// site's forms create inquiries for anyone).
func ExceptCreate(r privacy.MutationRule) privacy.MutationRule {
	return privacy.OnMutationOperation(r, ent.OpUpdate|ent.OpUpdateOne|ent.OpDelete|ent.OpDeleteOne)
}

// languages returns the languages in which v holds c, as SQL arguments.
func languages(v viewer.Viewer, c viewer.Capability) []any {
	var ls []any
	for _, l := range v.LanguagesFor(c) {
		ls = append(ls, string(l))
	}
	return ls
}
