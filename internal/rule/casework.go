package rule

import (
	"context"
	"fmt"
	"slices"

	"entgo.io/ent/dialect/sql"

	"relocate/ent"
	"relocate/ent/privacy"
	"relocate/internal/viewer"
)

// The rules of case management. Those who manage cases see every row;
// a company contact sees their own company's slice, a newcomer their own
// case's; everyone else nothing. The tables and values are named as
// stored (the ent schema cannot import its own generated code); the
// casework tests check them against the generated constants.

// PlacedStatuses are the statuses of a case whose person is placed with
// the company of its vacancy: the company contact sees such a case (its
// status and start date, the person's name), also while it is on hold
// from one of them, as long as the person's consent to share with the
// employer holds. Closed cases are no longer shown.
var PlacedStatuses = []string{"PLACED", "ARRIVING", "SETTLING_IN"}

// EmployerConsent is the consent purpose that lets a company contact see
// a person placed with the company.
const EmployerConsent = "SHARE_WITH_EMPLOYER"

// OfOwnCompany shows all rows to those who manage cases and to a company
// contact the rows whose column (e.g. company_id, or id for the companies
// themselves) names their company.
func OfOwnCompany(column string) privacy.QueryRule {
	return where(func(v viewer.Viewer) func(*sql.Selector) {
		switch {
		case v.Can(viewer.ManageCases):
			return nil
		case v.Can(viewer.OwnCompany) && v.CompanyID != nil:
			id := *v.CompanyID
			return func(s *sql.Selector) { s.Where(sql.EQ(s.C(column), id)) }
		}
		return none
	})
}

// OfOwnCase shows all rows to those who manage cases and to a newcomer
// the rows of their own case (column case_id). With shared, a newcomer
// sees only rows whose visibility is SHARED (notes).
func OfOwnCase(shared bool) privacy.QueryRule {
	return where(func(v viewer.Viewer) func(*sql.Selector) {
		switch {
		case v.Can(viewer.ManageCases):
			return nil
		case v.Can(viewer.OwnCase) && v.CaseID != nil:
			id := *v.CaseID
			return func(s *sql.Selector) {
				p := sql.EQ(s.C("case_id"), id)
				if shared {
					p = sql.And(p, sql.EQ(s.C("visibility"), "SHARED"))
				}
				s.Where(p)
			}
		}
		return none
	})
}

// CasesVisible shows every case to those who manage cases, a newcomer
// their own and a company contact the cases placed with their company
// (see PlacedStatuses, EmployerConsent).
func CasesVisible() privacy.QueryRule {
	return where(func(v viewer.Viewer) func(*sql.Selector) {
		switch {
		case v.Can(viewer.ManageCases):
			return nil
		case v.Can(viewer.OwnCase) && v.CaseID != nil:
			id := *v.CaseID
			return func(s *sql.Selector) { s.Where(sql.EQ(s.C("id"), id)) }
		case v.Can(viewer.OwnCompany) && v.CompanyID != nil:
			company := *v.CompanyID
			return func(s *sql.Selector) { s.Where(placedWith(s, company)) }
		}
		return none
	})
}

// PersonsVisible shows every person to those who manage cases, a
// newcomer the person of their own case and a company contact the people
// of the cases placed with their company.
func PersonsVisible() privacy.QueryRule {
	return where(func(v viewer.Viewer) func(*sql.Selector) {
		switch {
		case v.Can(viewer.ManageCases):
			return nil
		case v.Can(viewer.OwnCase) && v.CaseID != nil:
			id := *v.CaseID
			return func(s *sql.Selector) {
				c := sql.Table("case_files")
				s.Where(sql.In(s.C("id"), sql.Select(c.C("person_id")).From(c).Where(sql.EQ(c.C("id"), id))))
			}
		case v.Can(viewer.OwnCompany) && v.CompanyID != nil:
			company := *v.CompanyID
			return func(s *sql.Selector) {
				c := sql.Table("case_files")
				s.Where(sql.In(s.C("id"), sql.Select(c.C("person_id")).From(c).Where(placedWith(c, company))))
			}
		}
		return none
	})
}

// placedWith is the condition on the cases of table t that are placed
// with company and whose person consents to share with the employer.
func placedWith(t interface{ C(string) string }, company int) *sql.Predicate {
	vac := sql.Table("vacancies")
	con := sql.Table("consents")
	placed := make([]any, len(PlacedStatuses))
	for i, st := range PlacedStatuses {
		placed[i] = st
	}
	return sql.And(
		sql.In(t.C("vacancy_id"), sql.Select(vac.C("id")).From(vac).Where(sql.EQ(vac.C("company_id"), company))),
		sql.Or(
			sql.In(t.C("status"), placed...),
			sql.And(sql.EQ(t.C("status"), "ON_HOLD"), sql.In(t.C("resume_status"), placed...)),
		),
		sql.In(t.C("person_id"), sql.Select(con.C("person_id")).From(con).
			Where(sql.And(sql.EQ(con.C("purpose"), EmployerConsent), sql.IsNull(con.C("withdrawn_at"))))),
	)
}

// BookForOwnCompany lets a company contact book trainings for their own
// company: create a booking of their company, or change the number of
// participants of one. Attendance and everything else stay with staff
// (the rules after it decide).
func BookForOwnCompany() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := viewer.FromContext(ctx)
		if v.Can(viewer.ManageCases) || !v.Can(viewer.OwnCompany) || v.CompanyID == nil {
			return privacy.Skip
		}
		may := []string{"participants", "updated_at"}
		if m.Op().Is(ent.OpCreate) {
			may = append(may, "created_at", "company_id", "training_id")
		}
		for _, f := range m.Fields() {
			if !slices.Contains(may, f) {
				return privacy.Skip
			}
		}
		var company any
		switch {
		case m.Op().Is(ent.OpCreate):
			company, _ = m.Field("company_id")
		case m.Op().Is(ent.OpUpdateOne):
			old, err := m.OldField(ctx, "company_id")
			if err != nil {
				return fmt.Errorf("rule: the booking's company: %w", err)
			}
			company = old
		default:
			return privacy.Skip
		}
		if id, ok := company.(int); ok && id == *v.CompanyID {
			return privacy.Allow
		}
		return privacy.Skip
	})
}
