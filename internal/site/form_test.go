package site_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"relocate/ent"
	"relocate/ent/inquiry"
	"relocate/internal/config"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// formApp is an app with a settable clock and a low submission limit.
func formApp(t *testing.T, db testenv.DB) (*clock, http.Handler, *ent.Client) {
	c := &clock{t: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	limits := config.Default().Site.Forms
	limits.PerClient = 20
	app := testenv.NewApp(t, db, testenv.WithClock(c.Now), testenv.WithFormLimits(limits))
	return c, app.Handler, app.Store.Client
}

// fill fetches the form at path and returns its token with valid values.
func fill(t *testing.T, h http.Handler, path string, company bool) url.Values {
	t.Helper()
	p := get(t, h, path)
	token, _ := attr(p.first("input", "name", "token"), "value")
	v := url.Values{
		"token": {token}, "name": {"Jānis Bērziņš"}, "email": {"janis@example.lv"},
		"preferred_language": {"lv"}, "message": {"Labdien! Es gribētu uzzināt par dzīvokļiem."},
		"consent": {"yes"}, "topics": {"housing", "language"},
	}
	if company {
		v.Set("company_name", "Metallbau Elbe GmbH")
		v.Set("phone", "+49 391 1234567")
		v["topics"] = []string{"skilled-workers", "intercultural-training"}
	}
	return v
}

func countInquiries(t *testing.T, client *ent.Client) int {
	t.Helper()
	n, err := client.Inquiry.Query().Count(viewer.SystemContext(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestContactFormStoresTheInquiryOnce(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		c, h, client := formApp(t, db)
		form := fill(t, h, "/lv/kontakti", false)
		c.Add(20 * time.Second) // a person fills the form
		p := postForm(t, h, "/lv/kontakti", form)
		if p.status != http.StatusSeeOther || p.header.Get("Location") != "/lv/kontakti?sent=1" {
			t.Fatalf("valid form: %d → %s\n%s", p.status, p.header.Get("Location"), p.body)
		}
		ok := get(t, h, "/lv/kontakti?sent=1")
		if !strings.Contains(text(ok.first("div", "role", "status")), "Paldies") || len(ok.all("form", "method", "post")) != 0 {
			t.Error("no confirmation in Latvian")
		}
		q, err := client.Inquiry.Query().All(viewer.SystemContext(context.Background()))
		if err != nil || len(q) != 1 {
			t.Fatalf("%d inquiries stored (%v), want 1", len(q), err)
		}
		got := q[0]
		if got.Kind != inquiry.KindNEWCOMER || got.Name != "Jānis Bērziņš" || got.Email != "janis@example.lv" ||
			got.Language != "lv" || got.PreferredLanguage != "lv" || len(got.Topics) != 2 || got.ConsentedAt.IsZero() || got.Status != inquiry.StatusNEW {
			t.Errorf("stored %+v", got)
		}
	})
}

func TestCompanyFormStoresTheCompany(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		c, h, client := formApp(t, db)
		form := fill(t, h, "/de/unternehmen", true)
		c.Add(time.Minute)
		p := postForm(t, h, "/de/unternehmen", form)
		if p.status != http.StatusSeeOther || p.header.Get("Location") != "/de/unternehmen?sent=1" {
			t.Fatalf("%d %s", p.status, p.body)
		}
		q := client.Inquiry.Query().OnlyX(viewer.SystemContext(context.Background()))
		if q.Kind != inquiry.KindCOMPANY || q.CompanyName != "Metallbau Elbe GmbH" || q.Phone != "+49 391 1234567" || q.Language != "de" {
			t.Errorf("stored %+v", q)
		}
		// A company needs a company name.
		form = fill(t, h, "/de/unternehmen", true)
		form.Del("company_name")
		c.Add(time.Minute)
		p = postForm(t, h, "/de/unternehmen", form)
		if p.status != http.StatusUnprocessableEntity || !strings.Contains(text(p.first("p", "id", "f-company_name-error")), "Unternehmens") {
			t.Errorf("missing company name: %d", p.status)
		}
	})
}

func TestEachInvalidFieldIsExplainedAndNothingStored(t *testing.T) {
	for _, tc := range []struct {
		name, field string
		change      func(url.Values)
		want        string // part of the Russian message
	}{
		{"no name", "name", func(v url.Values) { v.Set("name", "  ") }, "укажите ваше имя"},
		{"name with line break", "name", func(v url.Values) { v.Set("name", "Jānis\nBērziņš") }, "переносы строк"},
		{"no e-mail", "email", func(v url.Values) { v.Del("email") }, "адрес эл. почты"},
		{"bad e-mail", "email", func(v url.Values) { v.Set("email", "janis@") }, "недействителен"},
		{"e-mail with name", "email", func(v url.Values) { v.Set("email", "Jānis <janis@example.lv>") }, "недействителен"},
		{"unknown language", "preferred_language", func(v url.Values) { v.Set("preferred_language", "fr") }, "предложенных языков"},
		{"no message", "message", func(v url.Values) { v.Set("message", "") }, "напишите нам"},
		{"message too long", "message", func(v url.Values) { v.Set("message", strings.Repeat("ж", 5001)) }, "не более 5000"},
		{"forged topic", "topics", func(v url.Values) { v.Add("topics", "<script>") }, "предложенные темы"},
		{"no consent", "consent", func(v url.Values) { v.Del("consent") }, "согласия"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, h, client := formApp(t, testenv.DBs[0])
			form := fill(t, h, "/ru/kontakty", false)
			tc.change(form)
			c.Add(10 * time.Second)
			p := postForm(t, h, "/ru/kontakty", form)
			if p.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", p.status)
			}
			msg := p.first("p", "id", "f-"+tc.field+"-error")
			if !strings.Contains(text(msg), tc.want) {
				t.Errorf("error next to %s: %q, want %q", tc.field, text(msg), tc.want)
			}
			// The summary links to the field, and the field points to its error.
			if len(p.all("a", "href", "#f-"+tc.field)) != 1 {
				t.Error("the error summary does not link to the field")
			}
			field := p.byID("f-" + tc.field)
			if desc, _ := attr(field, "aria-describedby"); !strings.Contains(desc, "f-"+tc.field+"-error") {
				t.Errorf("field %s is not described by its error (aria-describedby %q)", tc.field, desc)
			}
			if inv, _ := attr(field, "aria-invalid"); inv != "true" && tc.field != "topics" {
				t.Errorf("field %s is not marked invalid", tc.field)
			}
			// What was entered is kept.
			if tc.field != "name" {
				if v, _ := attr(p.first("input", "name", "name"), "value"); v != "Jānis Bērziņš" {
					t.Errorf("name not kept: %q", v)
				}
			}
			if tc.field != "message" && !strings.Contains(p.body, "Labdien! Es gribētu uzzināt") {
				t.Error("message not kept")
			}
			if n := countInquiries(t, client); n != 0 {
				t.Errorf("%d inquiries stored", n)
			}
		})
	}
}

func TestSpamProtection(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		c, h, client := formApp(t, db)

		// The honeypot: a bot fills every field. It is told "sent"; nothing is kept.
		form := fill(t, h, "/en/contact", false)
		form.Set("website", "http://spam.example")
		c.Add(10 * time.Second)
		if p := postForm(t, h, "/en/contact", form); p.status != http.StatusSeeOther {
			t.Errorf("honeypot: %d", p.status)
		}

		// Faster than a person can type.
		form = fill(t, h, "/en/contact", false)
		c.Add(time.Second)
		p := postForm(t, h, "/en/contact", form)
		if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "That was very fast") {
			t.Errorf("too fast: %d", p.status)
		}
		// Sending again after reading the message works: a fresh token is in the page.
		token, _ := attr(p.first("input", "name", "token"), "value")
		form.Set("token", token)
		c.Add(5 * time.Second)
		if p := postForm(t, h, "/en/contact", form); p.status != http.StatusSeeOther {
			t.Errorf("second try: %d", p.status)
		}

		// A forged or a day-old token.
		form = fill(t, h, "/en/contact", false)
		form.Set("token", "1700000000.00000000000000000000000000000000")
		if p := postForm(t, h, "/en/contact", form); p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "expired") {
			t.Errorf("forged token: %d", p.status)
		}
		form = fill(t, h, "/en/contact", false)
		c.Add(25 * time.Hour)
		if p := postForm(t, h, "/en/contact", form); p.status != http.StatusUnprocessableEntity {
			t.Errorf("old token: %d", p.status)
		}
		// A token of the company form does not work on the contact form.
		form = fill(t, h, "/en/contact", false)
		company := fill(t, h, "/en/companies", true)
		form.Set("token", company.Get("token"))
		c.Add(10 * time.Second)
		if p := postForm(t, h, "/en/contact", form); p.status != http.StatusUnprocessableEntity {
			t.Errorf("token of another form: %d", p.status)
		}

		// Another site's form.
		form = fill(t, h, "/en/contact", false)
		c.Add(10 * time.Second)
		p = postForm(t, h, "/en/contact", form, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
		if p.status != http.StatusForbidden || p.lang() != "en" {
			t.Errorf("cross-site post: %d", p.status)
		}

		// A body larger than any real form.
		form = fill(t, h, "/en/contact", false)
		form.Set("message", strings.Repeat("x", 70<<10))
		c.Add(10 * time.Second)
		if p := postForm(t, h, "/en/contact", form); p.status != http.StatusRequestEntityTooLarge || !strings.Contains(p.h1(), "too large") {
			t.Errorf("oversized: %d", p.status)
		}

		if n := countInquiries(t, client); n != 1 {
			t.Errorf("%d inquiries stored, want only the one sent properly", n)
		}
	})
}

func TestSubmissionsPerClientAreLimited(t *testing.T) {
	c := &clock{t: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	limits := config.Default().Site.Forms
	limits.PerClient, limits.Window = 3, 10*time.Minute
	app := testenv.NewApp(t, testenv.DBs[0], testenv.WithClock(c.Now), testenv.WithFormLimits(limits))
	h := app.Handler
	for i := range 4 {
		form := fill(t, h, "/lv/kontakti", false)
		c.Add(5 * time.Second)
		p := postForm(t, h, "/lv/kontakti", form)
		want := http.StatusSeeOther
		if i == 3 {
			want = http.StatusTooManyRequests
		}
		if p.status != want {
			t.Fatalf("submission %d: %d, want %d", i+1, p.status, want)
		}
		if i == 3 && (p.lang() != "lv" || p.header.Get("Retry-After") == "") {
			t.Errorf("429 page: %s, Retry-After %q", p.lang(), p.header.Get("Retry-After"))
		}
	}
	if n := countInquiries(t, app.Store.Client); n != 3 {
		t.Errorf("%d stored", n)
	}
	// Another client is not affected; the first may send again later.
	form := fill(t, h, "/lv/kontakti", false)
	c.Add(5 * time.Second)
	req := postRequest("/lv/kontakti", form)
	req.RemoteAddr = "192.0.2.77:4000"
	if p := do(t, h, req); p.status != http.StatusSeeOther {
		t.Errorf("another client: %d", p.status)
	}
	c.Add(10 * time.Minute)
	form = fill(t, h, "/lv/kontakti", false)
	c.Add(5 * time.Second)
	if p := postForm(t, h, "/lv/kontakti", form); p.status != http.StatusSeeOther {
		t.Errorf("after the window: %d", p.status)
	}
}

func postRequest(target string, form url.Values) *http.Request {
	req := httpRequest(http.MethodPost, target, form.Encode())
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return req
}

func TestNewcomersHaveNoCompanyFields(t *testing.T) {
	c, h, client := formApp(t, testenv.DBs[0])
	form := fill(t, h, "/en/contact", false)
	form.Set("company_name", strings.Repeat("x", 300)) // not on this form; a crafted post
	form.Set("phone", "call me")
	c.Add(10 * time.Second)
	if p := postForm(t, h, "/en/contact", form); p.status != http.StatusSeeOther {
		t.Fatalf("%d", p.status)
	}
	q := client.Inquiry.Query().OnlyX(viewer.SystemContext(context.Background()))
	if q.CompanyName != "" || q.Phone != "" {
		t.Errorf("stored %q %q", q.CompanyName, q.Phone)
	}
}

func TestAFormIsStoredOnceHoweverOftenItIsSent(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		c, h, client := formApp(t, db)
		form := fill(t, h, "/en/contact", false)
		c.Add(10 * time.Second)
		for i := range 3 { // a double click, a replay an hour later, …
			p := postForm(t, h, "/en/contact", form)
			if p.status != http.StatusSeeOther || p.header.Get("Location") != "/en/contact?sent=1" {
				t.Fatalf("sending %d: %d %s", i+1, p.status, p.header.Get("Location"))
			}
			c.Add(time.Hour)
		}
		if n := countInquiries(t, client); n != 1 {
			t.Errorf("%d inquiries stored from one form, want 1", n)
		}
		// The same form sent by many clients at once is stored once too.
		form = fill(t, h, "/en/contact", false)
		c.Add(10 * time.Second)
		var wg sync.WaitGroup
		for i := range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req := postRequest("/en/contact", form)
				req.RemoteAddr = fmt.Sprintf("192.0.2.%d:4000", 10+i)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusSeeOther && rec.Code != http.StatusUnprocessableEntity {
					t.Errorf("parallel sending: %d", rec.Code)
				}
			}()
		}
		wg.Wait()
		if n := countInquiries(t, client); n != 2 {
			t.Errorf("%d inquiries stored, want 2", n)
		}
		// Each form shown has a token of its own: two readers who open the
		// form in the same second can both send it.
		a, b := fill(t, h, "/en/contact", false), fill(t, h, "/en/contact", false)
		if a.Get("token") == b.Get("token") {
			t.Fatal("two forms shown in the same second have the same token")
		}
		c.Add(10 * time.Second)
		for _, f := range []url.Values{a, b} {
			if p := postForm(t, h, "/en/contact", f); p.status != http.StatusSeeOther {
				t.Errorf("%d", p.status)
			}
		}
		if n := countInquiries(t, client); n != 4 {
			t.Errorf("%d inquiries stored, want 4", n)
		}
	})
}

func TestOnlyAcceptedSubmissionsCountTowardsTheLimit(t *testing.T) {
	c := &clock{t: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	limits := config.Default().Site.Forms
	limits.PerClient, limits.Window = 3, 10*time.Minute
	app := testenv.NewApp(t, testenv.DBs[0], testenv.WithClock(c.Now), testenv.WithFormLimits(limits))
	h := app.Handler
	// A newcomer who gets a field wrong again and again (or ten people
	// behind one address who all do) is not locked out.
	for i := range 6 {
		form := fill(t, h, "/lv/kontakti", false)
		form.Del("consent")
		if i%2 == 1 {
			form.Set("name", "J\x00nis")
		}
		c.Add(5 * time.Second)
		if p := postForm(t, h, "/lv/kontakti", form); p.status != http.StatusUnprocessableEntity {
			t.Fatalf("invalid submission %d: %d", i+1, p.status)
		}
	}
	// Forms sent too fast or with a forged token do not count either.
	form := fill(t, h, "/lv/kontakti", false)
	if p := postForm(t, h, "/lv/kontakti", form); p.status != http.StatusUnprocessableEntity {
		t.Fatalf("too fast: %d", p.status)
	}
	form.Set("token", "1.2.3")
	if p := postForm(t, h, "/lv/kontakti", form); p.status != http.StatusUnprocessableEntity {
		t.Fatalf("forged: %d", p.status)
	}
	for i := range 4 {
		form := fill(t, h, "/lv/kontakti", false)
		c.Add(5 * time.Second)
		want := http.StatusSeeOther
		if i == 3 {
			want = http.StatusTooManyRequests
		}
		if p := postForm(t, h, "/lv/kontakti", form); p.status != want {
			t.Fatalf("valid submission %d: %d, want %d", i+1, p.status, want)
		}
	}
	if n := countInquiries(t, app.Store.Client); n != 3 {
		t.Errorf("%d stored", n)
	}
}

func TestUnreadableTextIsRefusedNextToItsField(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		c, h, client := formApp(t, db)
		for _, tc := range []struct {
			name, field, value, shown string
		}{
			{"Latin-1 name", "name", "M\xfcller", "M\uFFFDller"},
			{"invalid UTF-8 message", "message", "Gr\xfc\xdfe \xff\xfe", "Gr\uFFFDe \uFFFD"},
			{"NUL in the name", "name", "Jānis\x00", "Jānis"},
			{"control character in the e-mail", "email", "janis\x1b@example.lv", "janis@example.lv"},
		} {
			form := fill(t, h, "/de/kontakt", false)
			form.Set(tc.field, tc.value)
			c.Add(10 * time.Second)
			p := postForm(t, h, "/de/kontakt", form)
			if p.status != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d", tc.name, p.status)
				continue
			}
			if msg := text(p.first("p", "id", "f-"+tc.field+"-error")); !strings.Contains(msg, "Zeichen, die wir nicht lesen können") {
				t.Errorf("%s: error next to the field: %q", tc.name, msg)
			}
			if len(p.all("a", "href", "#f-"+tc.field)) != 1 {
				t.Errorf("%s: the summary does not name the field", tc.name)
			}
			// The form is kept, as far as it is readable.
			field := p.byID("f-" + tc.field)
			shown, _ := attr(field, "value")
			if tc.field == "message" {
				shown = text(field)
			}
			if shown != tc.shown {
				t.Errorf("%s: field shows %q, want %q", tc.name, shown, tc.shown)
			}
			if tc.field != "message" && !strings.Contains(p.body, "Labdien! Es gribētu uzzināt") {
				t.Errorf("%s: the message is not kept", tc.name)
			}
		}
		if n := countInquiries(t, client); n != 0 {
			t.Errorf("%d inquiries stored", n)
		}
		// A client that says it sends Latin-1 is understood.
		form := fill(t, h, "/de/kontakt", false)
		form.Set("name", "M\xfcller")
		form.Set("message", "Gr\xfc\xdfe aus Daugavpils")
		c.Add(10 * time.Second)
		req := postRequest("/de/kontakt", form)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=ISO-8859-1")
		if p := do(t, h, req); p.status != http.StatusSeeOther {
			t.Fatalf("declared Latin-1: %d", p.status)
		}
		q := client.Inquiry.Query().OnlyX(viewer.SystemContext(context.Background()))
		if q.Name != "Müller" || q.Message != "Grüße aus Daugavpils" {
			t.Errorf("stored %q / %q", q.Name, q.Message)
		}
	})
}
