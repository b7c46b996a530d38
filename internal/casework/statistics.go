package casework

import (
	"context"
	"fmt"
	"strconv"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"relocate/ent"
	"relocate/ent/casefile"
	"relocate/ent/company"
	"relocate/ent/person"
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

	// arrived and finished count the cases the medians are taken of;
	// dialect is the database's, as the first statement found it.
	arrived, finished int
	dialect           string
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

// Expressions of case_files' columns for the statistics.
var (
	// arrivalDays: days from opening to arrival; NULL without arrival.
	arrivalDays = daysBetween(casefile.FieldOpenedOn, casefile.FieldArrivedOn)
	// closingDays: days from arrival to closing of a closed case; NULL
	// for others.
	closingDays = func(s *sql.Selector) string {
		return fmt.Sprintf("CASE WHEN %s THEN %s END", closedAfterArrival(s),
			daysBetween(casefile.FieldArrivedOn, casefile.FieldClosedOn)(s))
	}
)

// closedAfterArrival is the condition on cases closed after their
// arrival.
func closedAfterArrival(s *sql.Selector) string {
	return fmt.Sprintf("%s = '%s' AND %s IS NOT NULL AND %s IS NOT NULL", s.C(casefile.FieldStatus), schematype.CaseClosed,
		s.C(casefile.FieldArrivedOn), s.C(casefile.FieldClosedOn))
}

// daysBetween returns the expression of the days from column from to
// column to (NULL when either is).
func daysBetween(from, to string) func(*sql.Selector) string {
	return func(s *sql.Selector) string {
		if s.Dialect() == dialect.Postgres {
			return fmt.Sprintf("(EXTRACT(EPOCH FROM (%s - %s)) / 86400)", s.C(to), s.C(from))
		}
		return fmt.Sprintf("(julianday(%s) - julianday(%s))", s.C(to), s.C(from))
	}
}

// countStatuses counts the cases by status and outcome in one statement,
// with the numbers the medians are taken of (read from the index on
// outcome, status and the dates alone).
func countStatuses(ctx context.Context, _ *ent.Client, q *ent.CaseFileQuery, st *Statistics) error {
	var rows []struct {
		Status   schematype.CaseStatus `sql:"status"`
		Outcome  sql.NullString        `sql:"outcome"`
		N        int                   `sql:"n"`
		Arrived  int                   `sql:"arrived"`
		Finished int                   `sql:"finished"`
	}
	err := q.Modify(func(s *sql.Selector) {
		st.dialect = s.Dialect()
		s.Select(s.C(casefile.FieldStatus), s.C(casefile.FieldOutcome)).
			AppendSelectExprAs(sql.Expr("COUNT(*)"), "n").
			AppendSelectExprAs(sql.Expr("COUNT("+s.C(casefile.FieldArrivedOn)+")"), "arrived").
			AppendSelectExprAs(sql.Expr("COUNT(CASE WHEN "+closedAfterArrival(s)+" THEN 1 END)"), "finished").
			GroupBy(s.C(casefile.FieldOutcome), s.C(casefile.FieldStatus))
	}).Scan(ctx, &rows)
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

// countBy counts the cases of q by the expression key (of the selector
// that group adds its tables to), the most frequent first, then by key
// (NULL last).
func countBy(ctx context.Context, q *ent.CaseFileQuery, group func(*sql.Selector) string) ([]keyCount, error) {
	var rows []keyCount
	err := q.Modify(func(s *sql.Selector) {
		key := group(s)
		s.Select().AppendSelectExprAs(sql.Expr(key), "k").AppendSelectExprAs(sql.Expr("COUNT(*)"), "n").
			GroupBy("k").OrderExpr(sql.Expr("COUNT(*) DESC"), sql.Expr("k NULLS LAST"))
	}).Scan(ctx, &rows)
	return rows, err
}

// countNeeds counts the cases by support need: each need of the case's
// JSON array is a row of its own (json_each, jsonb_array_elements_text).
func countNeeds(ctx context.Context, _ *ent.Client, q *ent.CaseFileQuery, st *Statistics) error {
	rows, err := countBy(ctx, q, func(s *sql.Selector) string {
		needs := s.C(casefile.FieldSupportNeeds)
		if s.Dialect() == dialect.Postgres {
			s.AppendFromExpr(sql.Expr(fmt.Sprintf(
				"jsonb_array_elements_text(CASE WHEN jsonb_typeof(%s) = 'array' THEN %s ELSE '[]' END) AS need(value)", needs, needs)))
		} else {
			s.AppendFromExpr(sql.Expr(fmt.Sprintf("json_each(CASE WHEN json_type(%s) = 'array' THEN %s ELSE '[]' END) AS need", needs, needs)))
		}
		return "need.value"
	})
	for _, r := range rows {
		st.BySupportNeed = append(st.BySupportNeed, &SupportNeedCount{SupportNeed: r.Key.String, Count: r.N})
	}
	return err
}

// countCompanies counts the cases by the company of their vacancy, and
// loads those companies (one statement more).
func countCompanies(ctx context.Context, c *ent.Client, q *ent.CaseFileQuery, st *Statistics) error {
	rows, err := countBy(ctx, q, func(s *sql.Selector) string {
		v := sql.Table(vacancy.Table)
		s.LeftJoin(v).On(s.C(casefile.FieldVacancyID), v.C(vacancy.FieldID))
		return v.C(vacancy.FieldCompanyID)
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

// countNationalities counts the cases by their person's nationality.
func countNationalities(ctx context.Context, _ *ent.Client, q *ent.CaseFileQuery, st *Statistics) error {
	rows, err := countBy(ctx, q, func(s *sql.Selector) string {
		p := sql.Table(person.Table)
		s.Join(p).On(s.C(casefile.FieldPersonID), p.C(person.FieldID))
		return fmt.Sprintf("NULLIF(%s, '')", p.C(person.FieldNationality))
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
// earliest first.
func countMonths(ctx context.Context, _ *ent.Client, q *ent.CaseFileQuery, st *Statistics) error {
	var rows []keyCount
	err := q.Modify(func(s *sql.Selector) {
		// SQLite stores dates as text in UTC, "2026-01-05 00:00:00+00:00".
		month := fmt.Sprintf("substr(%s, 1, 7)", s.C(casefile.FieldOpenedOn))
		if s.Dialect() == dialect.Postgres {
			month = fmt.Sprintf("to_char(%s AT TIME ZONE 'UTC', 'YYYY-MM')", s.C(casefile.FieldOpenedOn))
		}
		s.Select().AppendSelectExprAs(sql.Expr(month), "k").AppendSelectExprAs(sql.Expr("COUNT(*)"), "n").
			GroupBy("k").OrderExpr(sql.Expr("k"))
	}).Scan(ctx, &rows)
	for _, r := range rows {
		st.ByMonthOpened = append(st.ByMonthOpened, &MonthCount{Month: r.Key.String, Count: r.N})
	}
	return err
}

// medians takes the medians of the days to arrival and to closing:
// PostgreSQL with percentile_cont, in one statement; SQLite, which has no
// such aggregate, by reading the one or two middle values in order
// (ORDER BY … LIMIT … OFFSET, one statement each).
func medians(ctx context.Context, _ *ent.Client, q *ent.CaseFileQuery, st *Statistics) error {
	if st.dialect == dialect.Postgres {
		var rows []struct {
			Arrival sql.NullFloat64 `sql:"arrival"`
			Closing sql.NullFloat64 `sql:"closing"`
		}
		err := q.Modify(func(s *sql.Selector) {
			s.Select().
				AppendSelectExprAs(sql.Expr("percentile_cont(0.5) WITHIN GROUP (ORDER BY "+arrivalDays(s)+")"), "arrival").
				AppendSelectExprAs(sql.Expr("percentile_cont(0.5) WITHIN GROUP (ORDER BY "+closingDays(s)+")"), "closing")
		}).Scan(ctx, &rows)
		if err != nil || len(rows) != 1 {
			return err
		}
		st.MedianDaysToArrival = nullable(rows[0].Arrival)
		st.MedianDaysArrivalToClosing = nullable(rows[0].Closing)
		return nil
	}
	var err error
	if st.MedianDaysToArrival, err = middle(ctx, q.Clone(), arrivalDays, st.arrived); err != nil {
		return err
	}
	st.MedianDaysArrivalToClosing, err = middle(ctx, q, closingDays, st.finished)
	return err
}

// middle returns the median of the n values of expression days that are
// not NULL, reading the middle one (n odd) or two (n even) in order.
func middle(ctx context.Context, q *ent.CaseFileQuery, days func(*sql.Selector) string, n int) (*float64, error) {
	if n == 0 {
		return nil, nil
	}
	var values []float64
	err := q.Modify(func(s *sql.Selector) {
		d := days(s)
		s.Select().AppendSelectExprAs(sql.Expr(d), "d").Where(sql.NotNull(d)).OrderExpr(sql.Expr(d))
	}).Offset((n-1)/2).Limit(2-n%2).Select().Scan(ctx, &values)
	if err != nil || len(values) == 0 {
		return nil, err
	}
	m := values[0]
	if len(values) == 2 {
		m = (values[0] + values[1]) / 2
	}
	return &m, nil
}

// nullable returns the value of v, nil when it is NULL.
func nullable(v sql.NullFloat64) *float64 {
	if !v.Valid {
		return nil
	}
	return &v.Float64
}
