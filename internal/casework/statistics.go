package casework

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"relocate/ent"
	"relocate/ent/casefile"
	"relocate/ent/company"
	"relocate/ent/schema/schematype"
	"relocate/ent/vacancy"
)

// Statistics are the counts and medians of the cases a filter selects.
// The database counts; Go only puts the answers of a few GROUP BY
// statements together.
type Statistics struct {
	Total         int
	ByStatus      []*StatusCount
	ByOutcome     []*OutcomeCount
	BySupportNeed []*SupportNeedCount
	ByCompany     []*CompanyCount
	ByNationality []*NationalityCount
	ByMonthOpened []*MonthCount
	// MedianDaysToArrival: from opening to arrival; nil without arrivals.
	MedianDaysToArrival *float64
	// MedianDaysArrivalToClosing: from arrival to closing, of closed
	// cases; nil without such.
	MedianDaysArrivalToClosing *float64

	// arrived and finished count the cases the medians are taken of.
	arrived, finished int
}

// StatusCount is the number of cases in a status.
type StatusCount struct {
	Status schematype.CaseStatus
	Count  int
}

// OutcomeCount is the number of closed cases with an outcome.
type OutcomeCount struct {
	Outcome casefile.Outcome
	Count   int
}

// SupportNeedCount is the number of cases with a support need.
type SupportNeedCount struct {
	SupportNeed string
	Count       int
}

// CompanyCount is the number of cases with a company's vacancies; Company
// nil: cases without a vacancy.
type CompanyCount struct {
	Company *ent.Company
	Count   int
}

// NationalityCount is the number of cases of people of a nationality;
// Nationality nil: not recorded.
type NationalityCount struct {
	Nationality *string
	Count       int
}

// MonthCount is the number of cases opened in a month ("2026-01").
type MonthCount struct {
	Month string
	Count int
}

// CaseStatistics counts the cases where selects (all when nil) that the
// viewer may see, as Cases lists them.
func (s *Service) CaseStatistics(ctx context.Context, where *ent.CaseWhereInput) (*Statistics, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	q := s.ent(ctx).CaseFile.Query()
	if where != nil {
		var err error
		if q, err = where.Filter(q); err != nil {
			return nil, err
		}
	}
	c := s.ent(ctx)
	st := &Statistics{}
	for _, step := range []func(context.Context, *ent.Client, *ent.CaseFileQuery, *Statistics) error{
		countStatuses, countNeeds, countCompanies, countNationalities, countMonths, medians,
	} {
		if err := step(ctx, c, q.Clone(), st); err != nil {
			return nil, fmt.Errorf("casework: case statistics: %w", err)
		}
	}
	return st, nil
}

// statement scans into v the answer of one statement about the cases q
// selects: build turns the selector of those cases — every filter and
// rule applied — into the statement and returns its columns, each named
// with AS. Statements that need the cases as a table of their own take
// them with derived.
func statement(ctx context.Context, q *ent.CaseFileQuery, v any, build func(s *sql.Selector) ([]string, error)) error {
	var failed error
	err := q.Aggregate(func(s *sql.Selector) string {
		cols, err := build(s)
		failed = err
		return strings.Join(cols, ", ")
	}).Scan(ctx, v)
	if failed != nil {
		return failed
	}
	return err
}

// errJoined is the answer to a filter that joins other tables to the
// cases: the statements take the cases as a table of their own, and the
// filters of cases are all subqueries.
var errJoined = errors.New("cases filtered through a join")

// derived makes s select from a copy of itself, of the columns cols and
// grouped by group, named as: the cases' rows folded before they are
// joined to other tables or grouped again.
func derived(s *sql.Selector, as string, cols []string, group ...string) (*sql.SelectTable, error) {
	if s.HasJoins() {
		return nil, errJoined
	}
	inner := s.Clone()
	inner.Select(cols...).GroupBy(group...).As(as)
	s.From(inner).SetP(nil)
	return sql.Dialect(s.Dialect()).Table(as), nil
}

// countStatuses counts the cases by status and outcome in one statement,
// with the numbers the medians are taken of (read from the index on
// outcome, status and the days alone).
func countStatuses(ctx context.Context, _ *ent.Client, q *ent.CaseFileQuery, st *Statistics) error {
	var rows []struct {
		Status   schematype.CaseStatus `sql:"status"`
		Outcome  sql.NullString        `sql:"outcome"`
		N        int                   `sql:"n"`
		Arrived  int                   `sql:"arrived"`
		Finished int                   `sql:"finished"`
	}
	err := statement(ctx, q, &rows, func(s *sql.Selector) ([]string, error) {
		s.GroupBy(s.C(casefile.FieldOutcome), s.C(casefile.FieldStatus))
		return []string{s.C(casefile.FieldStatus) + " AS status", s.C(casefile.FieldOutcome) + " AS outcome", "COUNT(*) AS n",
			"COUNT(" + s.C(casefile.FieldDaysToArrival) + ") AS arrived",
			"COUNT(" + s.C(casefile.FieldDaysArrivalToClosing) + ") AS finished"}, nil
	})
	if err != nil {
		return err
	}
	byStatus := map[schematype.CaseStatus]int{}
	byOutcome := map[string]int{}
	for _, r := range rows {
		st.Total += r.N
		byStatus[r.Status] += r.N
		if r.Outcome.Valid {
			byOutcome[r.Outcome.String] += r.N
		}
		st.arrived += r.Arrived
		st.finished += r.Finished
	}
	for _, s := range schematype.CaseStatuses {
		st.ByStatus = append(st.ByStatus, &StatusCount{Status: s, Count: byStatus[s]})
	}
	for _, o := range outcomes {
		st.ByOutcome = append(st.ByOutcome, &OutcomeCount{Outcome: o, Count: byOutcome[string(o)]})
	}
	return nil
}

// outcomes are the outcomes of closed cases, in the schema's order.
var outcomes = []casefile.Outcome{casefile.OutcomeSETTLED, casefile.OutcomeRETURNED_HOME,
	casefile.OutcomePLACEMENT_ENDED, casefile.OutcomeWITHDRAWN}

// keyCount is one row of a count by a key.
type keyCount struct {
	Key sql.NullString `sql:"k"`
	N   int            `sql:"n"`
}

// mostFirst orders counts by key the most frequent first, then by key
// (NULL last).
func mostFirst(s *sql.Selector) {
	s.OrderExpr(sql.Expr("n DESC"), sql.Expr("k NULLS LAST"))
}

// countNeeds counts the cases by support need: by the key of their needs
// first (cases with the same needs share it; from its index), then each
// need of the few distinct keys (json_each, jsonb_array_elements_text).
func countNeeds(ctx context.Context, _ *ent.Client, q *ent.CaseFileQuery, st *Statistics) error {
	var rows []keyCount
	err := statement(ctx, q, &rows, func(s *sql.Selector) ([]string, error) {
		key := s.C(casefile.FieldSupportNeedsKey)
		byNeeds, err := derived(s, "by_needs", []string{key + " AS needs", "COUNT(*) AS n"}, key)
		if err != nil {
			return nil, err
		}
		if s.Dialect() == dialect.Postgres {
			s.AppendFromExpr(sql.Expr(fmt.Sprintf("jsonb_array_elements_text(%s::jsonb) AS need(value)", byNeeds.C("needs"))))
		} else {
			s.AppendFromExpr(sql.Expr(fmt.Sprintf("json_each(%s) AS need", byNeeds.C("needs"))))
		}
		s.GroupBy("k")
		mostFirst(s)
		return []string{"need.value AS k", "SUM(" + byNeeds.C("n") + ") AS n"}, nil
	})
	for _, r := range rows {
		st.BySupportNeed = append(st.BySupportNeed, &SupportNeedCount{SupportNeed: r.Key.String, Count: r.N})
	}
	return err
}

// countCompanies counts the cases by the company of their vacancy —
// counted by vacancy first, from the index on it — and loads those
// companies (one statement more).
func countCompanies(ctx context.Context, c *ent.Client, q *ent.CaseFileQuery, st *Statistics) error {
	var rows []keyCount
	err := statement(ctx, q, &rows, func(s *sql.Selector) ([]string, error) {
		byVacancy, err := derived(s, "by_vacancy", []string{s.C(casefile.FieldVacancyID) + " AS vacancy_id", "COUNT(*) AS n"},
			s.C(casefile.FieldVacancyID))
		if err != nil {
			return nil, err
		}
		v := sql.Table(vacancy.Table).As("v")
		s.LeftJoin(v).On(byVacancy.C("vacancy_id"), v.C(vacancy.FieldID)).GroupBy(v.C(vacancy.FieldCompanyID))
		mostFirst(s)
		return []string{v.C(vacancy.FieldCompanyID) + " AS k", "SUM(" + byVacancy.C("n") + ") AS n"}, nil
	})
	if err != nil {
		return err
	}
	var ids []int
	for _, r := range rows {
		if r.Key.Valid {
			id, err := strconv.Atoi(r.Key.String)
			if err != nil {
				return fmt.Errorf("company id %q: %w", r.Key.String, err)
			}
			ids = append(ids, id)
		}
	}
	companies, err := c.Company.Query().Where(company.IDIn(ids...)).All(ctx)
	if err != nil {
		return err
	}
	byID := map[string]*ent.Company{}
	for _, co := range companies {
		byID[strconv.Itoa(co.ID)] = co
	}
	for _, r := range rows {
		st.ByCompany = append(st.ByCompany, &CompanyCount{Company: byID[r.Key.String], Count: r.N})
	}
	return nil
}

// countNationalities counts the cases by their person's nationality, as
// the case keeps a copy of it (NULL: not recorded).
func countNationalities(ctx context.Context, _ *ent.Client, q *ent.CaseFileQuery, st *Statistics) error {
	var rows []keyCount
	err := statement(ctx, q, &rows, func(s *sql.Selector) ([]string, error) {
		s.GroupBy(s.C(casefile.FieldPersonNationality))
		mostFirst(s)
		return []string{s.C(casefile.FieldPersonNationality) + " AS k", "COUNT(*) AS n"}, nil
	})
	for _, r := range rows {
		n := &NationalityCount{Count: r.N}
		if r.Key.Valid {
			n.Nationality = &r.Key.String
		}
		st.ByNationality = append(st.ByNationality, n)
	}
	return err
}

// countMonths counts the cases by the month they were opened in, the
// earliest first: counted by day first, from the index on the opening
// date, then the days by month.
func countMonths(ctx context.Context, _ *ent.Client, q *ent.CaseFileQuery, st *Statistics) error {
	var rows []keyCount
	err := statement(ctx, q, &rows, func(s *sql.Selector) ([]string, error) {
		byDay, err := derived(s, "by_day", []string{s.C(casefile.FieldOpenedOn) + " AS day", "COUNT(*) AS n"},
			s.C(casefile.FieldOpenedOn))
		if err != nil {
			return nil, err
		}
		// SQLite stores dates as text in UTC, "2026-01-05 00:00:00+00:00".
		month := fmt.Sprintf("substr(%s, 1, 7)", byDay.C("day"))
		if s.Dialect() == dialect.Postgres {
			month = fmt.Sprintf("to_char(%s AT TIME ZONE 'UTC', 'YYYY-MM')", byDay.C("day"))
		}
		s.GroupBy("k").OrderBy("k")
		return []string{month + " AS k", "SUM(" + byDay.C("n") + ") AS n"}, nil
	})
	for _, r := range rows {
		st.ByMonthOpened = append(st.ByMonthOpened, &MonthCount{Month: r.Key.String, Count: r.N})
	}
	return err
}

// medians takes the medians of the days to arrival and from arrival to
// closing: the mean of the one or two middle values in order, read from
// the index on the days (ORDER BY … LIMIT … OFFSET, one statement each).
func medians(ctx context.Context, _ *ent.Client, q *ent.CaseFileQuery, st *Statistics) error {
	var err error
	if st.MedianDaysToArrival, err = middle(ctx, q.Clone(), casefile.FieldDaysToArrival, st.arrived); err != nil {
		return err
	}
	st.MedianDaysArrivalToClosing, err = middle(ctx, q, casefile.FieldDaysArrivalToClosing, st.finished)
	return err
}

// middle returns the median of the n values of column days that are not
// NULL: the mean of the middle one (n odd) or two (n even) in order.
func middle(ctx context.Context, q *ent.CaseFileQuery, days string, n int) (*float64, error) {
	if n == 0 {
		return nil, nil
	}
	var rows []struct {
		M sql.NullFloat64 `sql:"m"`
	}
	err := statement(ctx, q, &rows, func(s *sql.Selector) ([]string, error) {
		if s.HasJoins() {
			return nil, errJoined
		}
		inner := s.Clone()
		d := inner.C(days)
		inner.Select(d + " AS d").Where(sql.NotNull(d)).OrderBy(d).Offset((n - 1) / 2).Limit(2 - n%2).As("middle")
		s.From(inner).SetP(nil)
		return []string{"CAST(AVG(" + sql.Table("middle").C("d") + ") AS FLOAT) AS m"}, nil
	})
	if err != nil || len(rows) != 1 {
		return nil, err
	}
	return nullable(rows[0].M), nil
}

// nullable returns the value of v, nil when it is NULL.
func nullable(v sql.NullFloat64) *float64 {
	if !v.Valid {
		return nil
	}
	return &v.Float64
}
