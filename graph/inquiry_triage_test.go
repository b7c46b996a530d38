package graph_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"relocate/ent/inquiry"
	"relocate/internal/testenv"
)

// sendForm fills the site's inquiry form at path as a reader would: it
// fetches the page, takes its token, waits as long as a person needs to
// fill it (the app's clock) and posts it with values.
func (n *network) sendForm(path string, values url.Values) {
	n.t.Helper()
	rec := httptest.NewRecorder()
	n.app.Handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	if rec.Code != http.StatusOK {
		n.t.Fatalf("GET %s: %d", path, rec.Code)
	}
	token := formToken(n.t, rec.Body.String())
	n.clock.Add(20 * time.Second)
	values.Set("token", token)
	values.Set("consent", "yes")
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(values.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	rec = httptest.NewRecorder()
	n.app.Handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != path+"?sent=1" {
		n.t.Fatalf("POST %s: %d → %q\n%s", path, rec.Code, rec.Header().Get("Location"), rec.Body.String())
	}
}

// formToken returns the value of the form's hidden token field.
func formToken(t *testing.T, page string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var token string
	var walk func(*html.Node)
	walk = func(x *html.Node) {
		if x.Type == html.ElementNode && x.Data == "input" {
			var name, value string
			for _, a := range x.Attr {
				switch a.Key {
				case "name":
					name = a.Val
				case "value":
					value = a.Val
				}
			}
			if name == "token" {
				token = value
			}
		}
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if token == "" {
		t.Fatal("the form has no token")
	}
	return token
}

const inquiriesOp = `query($where: InquiryWhereInput) { inquiries(where: $where) { totalCount edges { node {
	id kind name email topics preferredLanguage status notes message consentedAt } } } }`

type inquiryNode struct {
	ID, Kind, Name, Email, PreferredLanguage, Status, Notes, Message string
	Topics                                                           []string
	ConsentedAt                                                      time.Time
}

func (n *network) inquiries(where map[string]any) []inquiryNode {
	n.t.Helper()
	var d struct {
		Inquiries struct {
			TotalCount int
			Edges      []struct{ Node inquiryNode }
		}
	}
	n.ok(n.caseworker, inquiriesOp, map[string]any{"where": where}, &d)
	out := make([]inquiryNode, len(d.Inquiries.Edges))
	for i, e := range d.Inquiries.Edges {
		out[i] = e.Node
	}
	if d.Inquiries.TotalCount != len(out) {
		n.t.Errorf("totalCount %d, %d edges", d.Inquiries.TotalCount, len(out))
	}
	return out
}

const convertOp = `mutation($in: ConvertInquiryInput!) { convertInquiry(input: $in) {
	inquiry { status convertedAt personID caseID companyID vacancyID }
	person { givenName familyName preferredLanguage email consents { purpose legalBasis channel givenAt withdrawnAt } }
	case { id reference status kind supportNeeds caseworker { email } timeline { edges { node { kind summary } } } }
	company { name contacts { name email phone } }
	vacancy { title kind startDate status } } }`

// TestInquiryFromTheContactFormBecomesACase sends an inquiry through the
// site's real contact form, finds it as a caseworker, notes on it and
// converts it into a person with a case whose support needs are the
// inquiry's topics; converting it again is refused.
func TestInquiryFromTheContactFormBecomesACase(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		n := newNetwork(t, db)
		start := n.clock.Now()
		n.sendForm("/lv/kontakti", url.Values{
			"name": {"Līga Ozoliņa"}, "email": {"liga.ozolina@example.lv"}, "preferred_language": {"lv"},
			"message": {"Labdien! Mēs ar vīru un meitu pārceļamies uz Magdeburgu. Meklējam dzīvokli un bērnudārzu. Ūdens tuvumā būtu jauki."},
			"topics":  {"housing", "childcare", "language"},
		})

		// Listed for caseworkers, with the filters of the dashboard.
		received := map[string]any{"createdAtGTE": start.Add(-time.Minute).Format(time.RFC3339), "createdAtLTE": n.clock.Now().Add(time.Minute).Format(time.RFC3339)}
		for name, where := range map[string]map[string]any{
			"new newcomers":         {"status": "NEW", "kind": "NEWCOMER"},
			"received today":        received,
			"free text, name":       {"search": "ozoliņa"},
			"free text, capitals":   {"search": "ŪDENS"},
			"free text, capital":    {"search": "ūdens"},
			"free text, two words":  {"search": "DZĪVOKLI bērnudārzu"},
			"free text and e-mail":  {"search": "liga.ozolina", "statusIn": []string{"NEW", "IN_PROGRESS"}},
			"nothing, other kind":   {"kind": "COMPANY"},
			"nothing, before":       {"createdAtLT": start.Add(-time.Minute).Format(time.RFC3339)},
			"nothing, missing word": {"search": "Ozoliņa Riga"},
		} {
			got := n.inquiries(where)
			want := 1
			if strings.HasPrefix(name, "nothing") {
				want = 0
			}
			if len(got) != want {
				t.Errorf("%s: %d inquiries, want %d", name, len(got), want)
			}
		}
		if r := n.as(n.caseworker, inquiriesOp, map[string]any{"where": map[string]any{"search": strings.Repeat("x", 201)}}); r.Code() != "BAD_USER_INPUT" {
			t.Errorf("too long a search: %s", r.Raw)
		}
		q := n.inquiries(nil)[0]
		if q.Kind != "NEWCOMER" || q.Name != "Līga Ozoliņa" || q.PreferredLanguage != "LV" || q.Status != "NEW" ||
			!slices.Equal(q.Topics, []string{"housing", "childcare", "language"}) {
			t.Errorf("inquiry: %+v", q)
		}

		// Triage: in progress, with notes; CONVERTED only by converting.
		const update = `mutation($in: UpdateInquiryInput!) { updateInquiry(input: $in) { inquiry { status notes } } }`
		var u struct {
			UpdateInquiry struct {
				Inquiry struct{ Status, Notes string }
			}
		}
		n.ok(n.caseworker, update, map[string]any{"in": map[string]any{"inquiryId": q.ID, "status": "IN_PROGRESS", "notes": "Rückruf am Montag"}}, &u)
		if u.UpdateInquiry.Inquiry.Status != "IN_PROGRESS" || u.UpdateInquiry.Inquiry.Notes != "Rückruf am Montag" {
			t.Errorf("updated inquiry: %+v", u)
		}
		r := n.as(n.caseworker, update, map[string]any{"in": map[string]any{"inquiryId": q.ID, "status": "CONVERTED"}}, "Accept-Language", "en")
		if r.Code() != "BAD_USER_INPUT" || fields(r)["input.status"] != `An inquiry is taken on with "convertInquiry", not by setting its status.` {
			t.Errorf("setting CONVERTED: %s", r.Raw)
		}

		// Nobody else sees or converts it.
		for who, token := range map[string]string{"company contact": n.contactA, "newcomer": n.newcomer, "editor": n.editor, "translator": n.translator} {
			if r := n.as(token, inquiriesOp, nil); r.Code() != "FORBIDDEN" {
				t.Errorf("%s lists inquiries: %s", who, r.Raw)
			}
			if r := n.as(token, convertOp, map[string]any{"in": map[string]any{"inquiryId": q.ID}}); r.Code() != "FORBIDDEN" {
				t.Errorf("%s converts: %s", who, r.Raw)
			}
			if r := n.as(token, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": q.ID}); r.Code() != "NOT_FOUND" {
				t.Errorf("%s, node(inquiry): %s", who, r.Raw)
			}
		}

		// Converted in one step.
		persons := n.app.Store.Client.Person.Query().CountX(n.sys)
		var d struct {
			ConvertInquiry struct {
				Inquiry struct {
					Status, PersonID, CaseID string
					ConvertedAt              *time.Time
					CompanyID, VacancyID     *string
				}
				Person struct {
					GivenName, FamilyName, PreferredLanguage, Email string
					Consents                                        []struct {
						Purpose, LegalBasis, Channel string
						GivenAt                      time.Time
						WithdrawnAt                  *time.Time
					}
				}
				Case struct {
					ID, Reference, Status, Kind string
					SupportNeeds                []string
					Caseworker                  struct{ Email string }
					Timeline                    struct {
						Edges []struct {
							Node struct{ Kind, Summary string }
						}
					}
				}
			}
		}
		n.ok(n.caseworker, convertOp, map[string]any{"in": map[string]any{"inquiryId": q.ID}}, &d)
		c := d.ConvertInquiry
		if p := c.Person; p.GivenName != "Līga" || p.FamilyName != "Ozoliņa" || p.PreferredLanguage != "LV" || p.Email != "liga.ozolina@example.lv" ||
			len(p.Consents) != 1 || p.Consents[0].Purpose != "CASE_PROCESSING" || p.Consents[0].LegalBasis != "CONSENT" ||
			p.Consents[0].Channel != "WEB_FORM" || !p.Consents[0].GivenAt.Equal(q.ConsentedAt) || p.Consents[0].WithdrawnAt != nil {
			t.Errorf("person: %+v (the form's consent was given at %s)", p, q.ConsentedAt)
		}
		if cs := c.Case; !regexp.MustCompile(`^RS-\d{4}-\d{4}$`).MatchString(cs.Reference) || cs.Reference == "RS-2026-0001" ||
			cs.Status != "INQUIRY" || cs.Kind != "PLACEMENT" || !slices.Equal(cs.SupportNeeds, q.Topics) ||
			cs.Caseworker.Email != "caseworker@example.org" {
			t.Errorf("case: %+v", cs)
		}
		var tl []string
		for _, e := range c.Case.Timeline.Edges {
			tl = append(tl, e.Node.Kind+" "+e.Node.Summary)
		}
		if want := []string{"OPENED " + c.Case.Reference, "CONSENT_RECORDED CASE_PROCESSING (CONSENT)"}; !slices.Equal(tl, want) {
			t.Errorf("timeline %q, want %q", tl, want)
		}
		if i := c.Inquiry; i.Status != "CONVERTED" || i.ConvertedAt == nil || i.CaseID != c.Case.ID || i.PersonID == "" || i.CompanyID != nil {
			t.Errorf("converted inquiry: %+v", i)
		}
		var byRef struct {
			Case struct{ ID string }
		}
		n.ok(n.caseworker, `query($r: String!) { case(reference: $r) { id } }`, map[string]any{"r": c.Case.Reference}, &byRef)
		if byRef.Case.ID != c.Case.ID {
			t.Errorf("case(reference:) finds %q, want %q", byRef.Case.ID, c.Case.ID)
		}

		// Twice: refused, nothing more made, and its status stays.
		r = n.as(n.caseworker, convertOp, map[string]any{"in": map[string]any{"inquiryId": q.ID}}, "Accept-Language", "de")
		if r.Code() != "BAD_USER_INPUT" || r.Errors[0].Message != "Diese Anfrage wurde schon übernommen." {
			t.Errorf("converting twice: %s", r.Raw)
		}
		r = n.as(n.caseworker, update, map[string]any{"in": map[string]any{"inquiryId": q.ID, "status": "NEW"}})
		if r.Code() != "BAD_USER_INPUT" {
			t.Errorf("reopening a converted inquiry: %s", r.Raw)
		}
		if got := n.app.Store.Client.Person.Query().CountX(n.sys); got != persons+1 {
			t.Errorf("%d persons, want %d", got, persons+1)
		}
	})
}

// TestCompanyInquiryBecomesACompanyWithAVacancy converts a company's
// inquiry from the site's form; a wrong vacancy changes nothing, and two
// conversions at once make one company.
func TestCompanyInquiryBecomesACompanyWithAVacancy(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		n := newNetwork(t, db)
		n.sendForm("/de/unternehmen", url.Values{
			"company_name": {"Elbe Schweißtechnik GmbH"}, "name": {"Kerstin Lange"}, "email": {"k.lange@example.de"},
			"phone": {"+49 391 555 0100"}, "preferred_language": {"de"}, "message": {"Wir suchen zwei Schweißer ab März."},
			"topics": {"skilled-workers", "intercultural-training"},
		})
		q := n.inquiries(map[string]any{"kind": "COMPANY"})[0]
		companies := n.app.Store.Client.Company.Query().CountX(n.sys)

		for name, tc := range map[string]struct {
			in     map[string]any
			fields string
		}{
			"internship without end": {map[string]any{"inquiryId": q.ID, "vacancy": map[string]any{"title": "Praktikum Schweißen", "kind": "INTERNSHIP",
				"startDate": "2027-03-01"}}, "input.vacancy.endDate"},
			"a newcomer's fields": {map[string]any{"inquiryId": q.ID, "givenName": "Kerstin", "caseKind": "PLACEMENT"}, "input.caseKind,input.givenName"},
			"unknown company":     {map[string]any{"inquiryId": q.ID, "companyId": "99999999"}, "input.companyId"},
		} {
			r := n.as(n.caseworker, convertOp, map[string]any{"in": tc.in})
			if r.Code() != "BAD_USER_INPUT" || fieldNames(r) != tc.fields {
				t.Errorf("%s: %s, want BAD_USER_INPUT on %s", name, r.Raw, tc.fields)
			}
		}
		if got := n.app.Store.Client.Company.Query().CountX(n.sys); got != companies {
			t.Errorf("refused conversions made %d companies", got-companies)
		}
		if got := n.app.Store.Client.Inquiry.GetX(n.sys, atoi(t, q.ID)); got.Status != inquiry.StatusNEW {
			t.Errorf("refused conversions left the inquiry %s", got.Status)
		}

		in := map[string]any{"inquiryId": q.ID, "vacancy": map[string]any{"title": "Schweißer/in", "kind": "EMPLOYMENT",
			"occupationCode": "24412", "positions": 2, "germanLevel": "B1", "startDate": "2027-03-01"}}
		var (
			wg       sync.WaitGroup
			mu       sync.Mutex
			ok       int
			refusals []string
			d        struct {
				ConvertInquiry struct {
					Inquiry struct{ Status, CompanyID, VacancyID string }
					Company struct {
						Name     string
						Contacts []struct{ Name, Email, Phone string }
					}
					Vacancy struct{ Title, Kind, StartDate, Status string }
				}
			}
		)
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := n.as(n.caseworker, convertOp, map[string]any{"in": in})
				mu.Lock()
				defer mu.Unlock()
				if len(r.Errors) == 0 {
					ok++
					r.MustData(&d)
				} else {
					refusals = append(refusals, r.Code())
				}
			}()
		}
		wg.Wait()
		if ok != 1 || !slices.Equal(refusals, []string{"BAD_USER_INPUT"}) {
			t.Fatalf("two conversions at once: %d succeeded, refusals %v", ok, refusals)
		}
		c := d.ConvertInquiry
		if c.Company.Name != "Elbe Schweißtechnik GmbH" || len(c.Company.Contacts) != 1 || c.Company.Contacts[0].Name != "Kerstin Lange" ||
			c.Company.Contacts[0].Email != "k.lange@example.de" || c.Company.Contacts[0].Phone != "+49 391 555 0100" {
			t.Errorf("company: %+v", c.Company)
		}
		if v := c.Vacancy; v.Title != "Schweißer/in" || v.Kind != "EMPLOYMENT" || v.StartDate != "2027-03-01" || v.Status != "OPEN" {
			t.Errorf("vacancy: %+v", v)
		}
		if c.Inquiry.Status != "CONVERTED" || c.Inquiry.CompanyID == "" || c.Inquiry.VacancyID == "" {
			t.Errorf("inquiry: %+v", c.Inquiry)
		}
		if got := n.app.Store.Client.Company.Query().CountX(n.sys); got != companies+1 {
			t.Errorf("%d companies made, want 1", got-companies)
		}
	})
}
