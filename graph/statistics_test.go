package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"testing"
	"time"

	"relocate/ent"
	"relocate/ent/casefile"
	"relocate/ent/schema/schematype"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

const statisticsOp = `query($where: CaseWhereInput) { caseStatistics(where: $where) {
	total byStatus { status count } byOutcome { outcome count } bySupportNeed { supportNeed count }
	byCompany { company { name } count } byNationality { nationality count } byMonthOpened { month count }
	medianDaysToArrival medianDaysArrivalToClosing } }`

// statisticsCase is one case of the statistics fixture.
type statisticsCase struct {
	status                  schematype.CaseStatus
	outcome                 casefile.Outcome
	opened, arrived, closed string
	needs                   []string
	company, nationality    string // "A", "B" or none; "" for none
}

// statisticsFixture: seven cases whose statistics are worked out by hand
// in TestCaseStatistics. Days to arrival: 10, 20, 4, 31; from arrival to
// closing: 60, 10.
var statisticsFixture = []statisticsCase{
	{schematype.CaseClosed, casefile.OutcomeSETTLED, "2026-01-05", "2026-01-15", "2026-03-16", []string{"housing", "authorities"}, "A", "LV"},
	{schematype.CaseClosed, casefile.OutcomeRETURNED_HOME, "2026-01-20", "2026-02-09", "2026-02-19", []string{"housing"}, "A", "LV"},
	{schematype.CaseSettlingIn, "", "2026-02-02", "2026-02-06", "", []string{"language", "housing"}, "B", "LV"},
	{schematype.CaseMatching, "", "2026-02-10", "", "", []string{}, "B", "DE"},
	{schematype.CaseSettlingIn, "", "2026-03-01", "2026-04-01", "", []string{"authorities"}, "", "LV"},
	{schematype.CaseInquiry, "", "2026-03-03", "", "", nil, "", ""},
	{schematype.CaseClosed, casefile.OutcomeWITHDRAWN, "2025-12-30", "", "2026-01-10", []string{"childcare"}, "A", "UA"},
}

// addStatisticsFixture stores the fixture and returns the IDs of
// companies A and B.
func addStatisticsFixture(t *testing.T, c *ent.Client) map[string]int {
	t.Helper()
	ctx := viewer.SystemContext(context.Background())
	date := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	companies, vacancies := map[string]int{}, map[string]int{}
	for _, k := range []string{"A", "B"} {
		companies[k] = c.Company.Create().SetName("Firma " + k).SaveX(ctx).ID
		vacancies[k] = c.Vacancy.Create().SetCompanyID(companies[k]).SetTitle("Stelle " + k).SetKind("EMPLOYMENT").
			SetStartDate(date("2026-01-01")).SaveX(ctx).ID
	}
	for i, sc := range statisticsFixture {
		p := c.Person.Create().SetGivenName("Anna").SetFamilyName(fmt.Sprintf("Bērziņa %d", i))
		if sc.nationality != "" {
			p.SetNationality(sc.nationality)
		}
		cf := c.CaseFile.Create().SetReference(fmt.Sprintf("RS-2026-%04d", 7000+i)).SetKind("PLACEMENT").
			SetPersonID(p.SaveX(ctx).ID).SetStatus(sc.status).SetOpenedOn(date(sc.opened))
		if sc.needs != nil {
			cf.SetSupportNeeds(sc.needs)
		}
		if sc.company != "" {
			cf.SetVacancyID(vacancies[sc.company])
		}
		if sc.arrived != "" {
			cf.SetArrivedOn(date(sc.arrived))
		}
		if sc.closed != "" {
			cf.SetClosedOn(date(sc.closed)).SetOutcome(sc.outcome)
		}
		cf.ExecX(ctx)
	}
	return companies
}

// TestCaseStatistics: counts by status, outcome, support need, company,
// nationality and month opened, and the median days to arrival and from
// arrival to closing, of a fixture worked out by hand — all cases and
// filtered as cases(where:) filters; staff only.
func TestCaseStatistics(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		var opts []testenv.Option
		if os.Getenv("RELOCATE_TEST_LOG") != "" {
			opts = append(opts, testenv.WithLogger(slog.New(slog.NewTextHandler(os.Stderr, nil))))
		}
		a := testenv.NewApp(t, db, opts...)
		gql := testenv.NewGraphQL(t, a.Handler)
		companies := addStatisticsFixture(t, a.Store.Client)
		cw := testenv.SignIn(t, a, "cw@example.org", []viewer.Role{viewer.Caseworker})
		admin := testenv.SignIn(t, a, "admin@example.org", []viewer.Role{viewer.Admin})
		ask := func(token string, where map[string]any) *testenv.Response {
			return gql.Post(statisticsOp, map[string]any{"where": where}, "Authorization", "Bearer "+token)
		}
		compact := func(r *testenv.Response) string {
			var d struct{ CaseStatistics json.RawMessage }
			r.MustData(&d)
			return string(d.CaseStatistics)
		}
		all := `{"total":7,` +
			`"byStatus":[{"status":"INQUIRY","count":1},{"status":"INTAKE","count":0},{"status":"MATCHING","count":1},` +
			`{"status":"PLACED","count":0},{"status":"ARRIVING","count":0},{"status":"SETTLING_IN","count":2},` +
			`{"status":"ON_HOLD","count":0},{"status":"CLOSED","count":3}],` +
			`"byOutcome":[{"outcome":"SETTLED","count":1},{"outcome":"RETURNED_HOME","count":1},` +
			`{"outcome":"PLACEMENT_ENDED","count":0},{"outcome":"WITHDRAWN","count":1}],` +
			`"bySupportNeed":[{"supportNeed":"housing","count":3},{"supportNeed":"authorities","count":2},` +
			`{"supportNeed":"childcare","count":1},{"supportNeed":"language","count":1}],` +
			`"byCompany":[{"company":{"name":"Firma A"},"count":3},{"company":{"name":"Firma B"},"count":2},{"company":null,"count":2}],` +
			`"byNationality":[{"nationality":"LV","count":4},{"nationality":"DE","count":1},{"nationality":"UA","count":1},` +
			`{"nationality":null,"count":1}],` +
			`"byMonthOpened":[{"month":"2025-12","count":1},{"month":"2026-01","count":2},{"month":"2026-02","count":2},` +
			`{"month":"2026-03","count":2}],` +
			`"medianDaysToArrival":15,"medianDaysArrivalToClosing":35}`
		if got := compact(ask(cw, nil)); got != all {
			t.Errorf("all cases:\n got %s\nwant %s", got, all)
		}
		if got := compact(ask(admin, map[string]any{})); got != all {
			t.Errorf("all cases, as an administrator:\n got %s", got)
		}

		// Cases with the support need housing: days to arrival 10, 20, 4.
		housing := `{"total":3,` +
			`"byStatus":[{"status":"INQUIRY","count":0},{"status":"INTAKE","count":0},{"status":"MATCHING","count":0},` +
			`{"status":"PLACED","count":0},{"status":"ARRIVING","count":0},{"status":"SETTLING_IN","count":1},` +
			`{"status":"ON_HOLD","count":0},{"status":"CLOSED","count":2}],` +
			`"byOutcome":[{"outcome":"SETTLED","count":1},{"outcome":"RETURNED_HOME","count":1},` +
			`{"outcome":"PLACEMENT_ENDED","count":0},{"outcome":"WITHDRAWN","count":0}],` +
			`"bySupportNeed":[{"supportNeed":"housing","count":3},{"supportNeed":"authorities","count":1},{"supportNeed":"language","count":1}],` +
			`"byCompany":[{"company":{"name":"Firma A"},"count":2},{"company":{"name":"Firma B"},"count":1}],` +
			`"byNationality":[{"nationality":"LV","count":3}],` +
			`"byMonthOpened":[{"month":"2026-01","count":2},{"month":"2026-02","count":1}],` +
			`"medianDaysToArrival":10,"medianDaysArrivalToClosing":35}`
		if got := compact(ask(cw, map[string]any{"supportNeed": "housing"})); got != housing {
			t.Errorf("support need housing:\n got %s\nwant %s", got, housing)
		}
		// Company A's cases opened in 2026: one closed case with 20 days to
		// arrival and 10 to closing.
		r := ask(cw, map[string]any{"companyID": strconv.Itoa(companies["A"]), "openedOnGTE": "2026-01-10"})
		var d struct {
			CaseStatistics struct {
				Total                                           int
				MedianDaysToArrival, MedianDaysArrivalToClosing *float64
			}
		}
		r.MustData(&d)
		if s := d.CaseStatistics; s.Total != 1 || s.MedianDaysToArrival == nil || *s.MedianDaysToArrival != 20 ||
			s.MedianDaysArrivalToClosing == nil || *s.MedianDaysArrivalToClosing != 10 {
			t.Errorf("company A since 2026-01-10: %s", r.Raw)
		}
		// Nothing selected: zero counts, no medians.
		r = ask(cw, map[string]any{"search": "nobody"})
		r.MustData(&d)
		if s := d.CaseStatistics; s.Total != 0 || s.MedianDaysToArrival != nil || s.MedianDaysArrivalToClosing != nil {
			t.Errorf("no case: %s", r.Raw)
		}

		// Company contacts and newcomers are refused, anonymous readers asked
		// to sign in.
		contact := signInLinked(t, a, "hr@firma-a.example", viewer.CompanyContact, ptr(companies["A"]), nil)
		newcomer := signInLinked(t, a, "anna@example.lv", viewer.Newcomer, nil, nil)
		for token, code := range map[string]string{contact: "FORBIDDEN", newcomer: "FORBIDDEN"} {
			if r := ask(token, nil); r.Code() != code || string(r.Data) != "null" {
				t.Errorf("%s: %s", code, r.Raw)
			}
		}
		if r := gql.Post(statisticsOp, nil); r.Code() != "UNAUTHENTICATED" || string(r.Data) != "null" {
			t.Errorf("anonymous: %s", r.Raw)
		}
	})
}
