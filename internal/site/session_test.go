package site_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"relocate/internal/app"
	"relocate/internal/auth"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

const (
	contactEmail    = "karlis@metallbau.example"
	contactPassword = "a long company password"
)

// sessionApp is an app with a settable clock and a company contact.
func sessionApp(t *testing.T, db testenv.DB) (*clock, *app.App) {
	t.Helper()
	c := &clock{t: time.Now()}
	a := testenv.NewApp(t, db, testenv.WithClock(c.Now))
	if _, err := a.Auth.CreateUser(viewer.SystemContext(context.Background()), auth.NewUser{
		Email: contactEmail, DisplayName: "Kārlis Ozols", Password: contactPassword, Roles: []viewer.Role{viewer.CompanyContact},
	}); err != nil {
		t.Fatal(err)
	}
	return c, a
}

// sessionCookie returns the session cookie p sets, nil if none.
func sessionCookie(p *page) *http.Cookie {
	var found *http.Cookie
	for _, c := range (&http.Response{Header: p.header}).Cookies() {
		if c.Name == "relocate_session" && c.Path == "/" {
			found = c
		}
	}
	return found
}

// removesSession reports whether p removes the session cookie.
func removesSession(p *page) bool {
	for _, c := range (&http.Response{Header: p.header}).Cookies() {
		if c.Name == "relocate_session" && c.Path == "/" && c.MaxAge < 0 {
			return true
		}
	}
	return false
}

func withCookie(c *http.Cookie) []string { return []string{"Cookie", c.Name + "=" + c.Value} }

// viewerOf asks the API who the cookie signs in.
func viewerOf(t *testing.T, h http.Handler, c *http.Cookie) (int, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"{ viewer { email } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.AddCookie(c)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var d struct {
		Data struct{ Viewer *struct{ Email string } }
	}
	_ = json.Unmarshal(rec.Body.Bytes(), &d)
	if d.Data.Viewer == nil {
		return rec.Code, ""
	}
	return rec.Code, d.Data.Viewer.Email
}

// signedInAs returns the name the page's header shows, "" when nobody.
func signedInAs(p *page) string {
	for _, f := range p.all("form", "class", "session") {
		return text(f)
	}
	return ""
}

func TestOneSignInForBothFaces(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		_, a := sessionApp(t, db)
		h := a.Handler

		// Anonymous: public pages are cacheable and offer the sign-in.
		home := get(t, h, "/lv/")
		if cc := home.header.Get("Cache-Control"); strings.Contains(cc, "private") || home.header.Get("ETag") == "" ||
			!strings.Contains(home.header.Get("Vary"), "Cookie") {
			t.Errorf("an anonymous page: Cache-Control %q, ETag %q, Vary %q", cc, home.header.Get("ETag"), home.header.Get("Vary"))
		}
		if signedInAs(home) != "" || len(home.all("a", "href", "/lv/pieteikties")) == 0 {
			t.Errorf("an anonymous page does not offer the sign-in")
		}

		// Sign in on the site.
		form := get(t, h, "/lv/pieteikties")
		if form.status != http.StatusOK || form.h1() != "Pieteikšanās" || len(form.all("input", "name", "password", "type", "password")) != 1 {
			t.Fatalf("sign-in page: %d %s", form.status, form.body)
		}
		p := postForm(t, h, "/lv/pieteikties", url.Values{"email": {contactEmail}, "password": {contactPassword}})
		cookie := sessionCookie(p)
		if p.status != http.StatusSeeOther || p.header.Get("Location") != "/lv/" || cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
			t.Fatalf("signing in: %d %v %+v\n%s", p.status, p.header, cookie, p.body)
		}

		// The site knows the reader, and never lets a shared cache keep it.
		home = get(t, h, "/lv/", withCookie(cookie)...)
		if got := signedInAs(home); !strings.Contains(got, "Kārlis Ozols") || !strings.Contains(got, "Iziet") {
			t.Errorf("the header shows %q", got)
		}
		if cc := home.header.Get("Cache-Control"); !strings.Contains(cc, "private") || home.header.Get("ETag") != "" {
			t.Errorf("a signed-in page: Cache-Control %q, ETag %q", cc, home.header.Get("ETag"))
		}
		article := get(t, h, "/en/guide/address-registration", withCookie(cookie)...)
		if !strings.Contains(article.header.Get("Cache-Control"), "private") || signedInAs(article) == "" {
			t.Errorf("a signed-in article: %q", article.header.Get("Cache-Control"))
		}
		// So does the API, with the same cookie.
		if _, email := viewerOf(t, h, cookie); email != contactEmail {
			t.Errorf("the API does not know the site's sign-in: %q", email)
		}

		// Signing out on the site ends both.
		out := postForm(t, h, "/lv/iziet", nil, withCookie(cookie)...)
		if out.status != http.StatusSeeOther || out.header.Get("Location") != "/lv/" {
			t.Fatalf("signing out: %d %s", out.status, out.body)
		}
		if !removesSession(out) {
			t.Errorf("signing out keeps the cookie: %v", out.header)
		}
		if status, email := viewerOf(t, h, cookie); status != http.StatusUnauthorized || email != "" {
			t.Errorf("the API after signing out on the site: %d %q", status, email)
		}
		home = get(t, h, "/lv/", withCookie(cookie)...)
		if signedInAs(home) != "" || strings.Contains(home.header.Get("Cache-Control"), "private") {
			t.Errorf("the site after signing out: %q %q", signedInAs(home), home.header.Get("Cache-Control"))
		}
	})
}

func TestSignInOnTheAPISignsInTheSite(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		_, a := sessionApp(t, db)
		h := a.Handler
		api := func(query string, c *http.Cookie) *httptest.ResponseRecorder {
			body, _ := json.Marshal(map[string]string{"query": query})
			req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			if c != nil {
				req.AddCookie(c)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			return rec
		}
		rec := api(`mutation { login(input: {email: "`+contactEmail+`", password: "`+contactPassword+`", cookie: true}) { viewer { email } } }`, nil)
		cookie := sessionCookie(&page{header: rec.Header()})
		if cookie == nil {
			t.Fatalf("no session cookie for the whole site: %v %s", rec.Header(), rec.Body)
		}
		if got := signedInAs(get(t, h, "/en/", withCookie(cookie)...)); !strings.Contains(got, "Signed in as Kārlis Ozols") {
			t.Errorf("the site after signing in on the API shows %q", got)
		}
		if rec := api(`mutation { logout }`, cookie); !strings.Contains(rec.Body.String(), "true") {
			t.Fatalf("logout: %s", rec.Body)
		}
		p := get(t, h, "/en/", withCookie(cookie)...)
		if signedInAs(p) != "" {
			t.Errorf("the site after signing out on the API still shows %q", signedInAs(p))
		}
		if !removesSession(p) {
			t.Errorf("the ended session's cookie is not removed: %v", p.header)
		}
	})
}

func TestSignInFormExplainsWhatIsWrong(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		_, a := sessionApp(t, db)
		h := a.Handler

		// Empty fields: a message next to each, in the page's language.
		p := postForm(t, h, "/lv/pieteikties", url.Values{"email": {""}, "password": {""}})
		if p.status != http.StatusUnprocessableEntity || sessionCookie(p) != nil {
			t.Fatalf("an empty form: %d", p.status)
		}
		if got := text(p.byID("f-email-error")); got != "Lūdzu, ievadiet savu e-pasta adresi." {
			t.Errorf("e-mail error: %q", got)
		}
		if got := text(p.byID("f-password-error")); got != "Lūdzu, ievadiet savu paroli." {
			t.Errorf("password error: %q", got)
		}

		// A wrong password: the one answer for every failure; the address
		// is kept, the password never sent back.
		p = postForm(t, h, "/de/anmelden", url.Values{"email": {contactEmail}, "password": {"a wrong password"}})
		if p.status != http.StatusUnprocessableEntity || sessionCookie(p) != nil || !strings.Contains(p.body, "E-Mail-Adresse oder Passwort sind falsch.") {
			t.Errorf("a wrong password: %d\n%s", p.status, p.body)
		}
		if v, _ := attr(p.first("input", "name", "email"), "value"); v != contactEmail {
			t.Errorf("the address is not kept: %q", v)
		}
		if strings.Contains(p.body, "a wrong password") {
			t.Errorf("the password is sent back")
		}

		// The API's throttle: after five failures the wait is explained.
		for range 5 {
			postForm(t, h, "/ru/vhod", url.Values{"email": {contactEmail}, "password": {"a wrong password"}})
		}
		p = postForm(t, h, "/ru/vhod", url.Values{"email": {contactEmail}, "password": {contactPassword}})
		if p.status != http.StatusTooManyRequests || p.header.Get("Retry-After") != "1" || !strings.Contains(p.body, "подождите 1 секунду") {
			t.Errorf("throttled: %d %q\n%s", p.status, p.header.Get("Retry-After"), p.body)
		}
	})
}

func TestSignInAndOutOnlyFromThisSite(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		c, a := sessionApp(t, db)
		h := a.Handler
		form := url.Values{"email": {contactEmail}, "password": {contactPassword}}
		if p := postForm(t, h, "/en/sign-in", form, "Sec-Fetch-Site", "cross-site"); p.status != http.StatusForbidden || sessionCookie(p) != nil {
			t.Errorf("a sign-in sent by another site: %d", p.status)
		}
		// Where to go after signing in: a page of this site only.
		p := postForm(t, h, "/en/sign-in?", url.Values{"email": {contactEmail}, "password": {contactPassword}, "next": {"/en/places"}})
		if p.header.Get("Location") != "/en/places" {
			t.Errorf("next: %q", p.header.Get("Location"))
		}
		c.Add(time.Second)
		p = postForm(t, h, "/en/sign-in", url.Values{"email": {contactEmail}, "password": {contactPassword}, "next": {"//evil.example/"}})
		if p.header.Get("Location") != "/en/" {
			t.Errorf("next to another site: %q", p.header.Get("Location"))
		}
		cookie := sessionCookie(p)
		if cookie == nil {
			t.Fatal("no cookie")
		}
		// Another site can neither sign the reader out nor show them signed in.
		if p := postForm(t, h, "/en/sign-out", nil, append(withCookie(cookie), "Sec-Fetch-Site", "cross-site")...); p.status != http.StatusForbidden {
			t.Errorf("a sign-out sent by another site: %d", p.status)
		}
		if _, email := viewerOf(t, h, cookie); email != contactEmail {
			t.Errorf("another site signed the reader out")
		}
		if got := signedInAs(get(t, h, "/en/", append(withCookie(cookie), "Sec-Fetch-Site", "cross-site")...)); got != "" {
			t.Errorf("a page opened from another site shows %q", got)
		}
		// Behind TLS the cookies are Secure.
		p = postForm(t, h, "/en/sign-in", form, "X-Forwarded-Proto", "https")
		if c := sessionCookie(p); c == nil || !c.Secure {
			t.Errorf("session cookie behind TLS: %+v", c)
		}
		langSecure := false
		for _, c := range (&http.Response{Header: get(t, h, "/en/", "X-Forwarded-Proto", "https").header}).Cookies() {
			langSecure = langSecure || c.Name == "lang" && c.Secure
		}
		if !langSecure {
			t.Errorf("the lang cookie is not Secure behind TLS")
		}
	})
}

// TestSignInPageInEveryLanguage: the page has its own words in each
// language's URL and links to itself in the others.
func TestSignInPageInEveryLanguage(t *testing.T) {
	h := testenv.Shared(t, testenv.DBs[0]).Handler
	paths := map[string]string{"de": "/de/anmelden", "lv": "/lv/pieteikties", "ru": "/ru/vhod", "en": "/en/sign-in"}
	titles := map[string]string{"de": "Anmelden", "lv": "Pieteikšanās", "ru": "Вход", "en": "Sign in"}
	for l, path := range paths {
		p := get(t, h, path)
		if p.status != http.StatusOK || p.lang() != l || p.h1() != titles[l] {
			t.Errorf("%s: %d %s %q", path, p.status, p.lang(), p.h1())
			continue
		}
		for other, want := range paths {
			if len(p.all("link", "rel", "alternate", "hreflang", other)) != 1 || len(p.all("a", "href", want)) == 0 {
				t.Errorf("%s does not link to %s", path, want)
			}
		}
	}
}
