package graph_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"relocate/ent/auditentry"
	"relocate/internal/app"
	"relocate/internal/auth"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

const loginOp = `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token expiresAt viewer { email roles } } }`

type loginData struct {
	Login struct {
		Token     *string
		ExpiresAt time.Time
		Viewer    struct {
			Email string
			Roles []string
		}
	}
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newAuthApp returns an app with a settable clock and one editor account.
func newAuthApp(t *testing.T, db testenv.DB) (*clock, *testenv.GraphQL, *app.App) {
	c := &clock{t: time.Now()}
	a := testenv.NewApp(t, db, testenv.WithClock(c.Now))
	ctx := viewer.SystemContext(context.Background())
	if _, err := a.Auth.CreateUser(ctx, auth.NewUser{Email: "editor@example.org", DisplayName: "Elke", Password: "the right password", Roles: []viewer.Role{viewer.Editor}}); err != nil {
		t.Fatal(err)
	}
	return c, testenv.NewGraphQL(t, a.Handler), a
}

// dumpSessions returns everything stored about sessions, as text.
func dumpSessions(t *testing.T, a *app.App) string {
	t.Helper()
	all, err := a.Store.Client.Session.Query().All(viewer.SystemContext(context.Background()))
	if err != nil || len(all) == 0 {
		t.Fatalf("%d sessions: %v", len(all), err)
	}
	var b strings.Builder
	for _, s := range all {
		fmt.Fprintf(&b, "%+v %s\n", s, s.TokenHash)
	}
	return b.String()
}

func TestSignIn(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		c, gql, a := newAuthApp(t, db)

		var d loginData
		gql.Post(loginOp, map[string]any{"e": " Editor@Example.org ", "p": "the right password"}).MustData(&d)
		if d.Login.Token == nil || len(*d.Login.Token) < 40 || d.Login.Viewer.Email != "editor@example.org" || d.Login.Viewer.Roles[0] != "EDITOR" {
			t.Fatalf("sign-in: %+v", d.Login)
		}
		if got := d.Login.ExpiresAt.Sub(c.Now()); got < 11*time.Hour || got > 13*time.Hour {
			t.Errorf("session lasts %v, want 12h", got)
		}
		token := *d.Login.Token
		me := func(tok string) *testenv.Response {
			return gql.Post(`{ viewer { email } }`, nil, "Authorization", "Bearer "+tok)
		}
		if r := me(token); !strings.Contains(string(r.Data), "editor@example.org") {
			t.Fatalf("the token does not sign in: %s", r.Raw)
		}
		// The token itself is stored nowhere; only its hash.
		if strings.Contains(dumpSessions(t, a), token) {
			t.Error("the session token is stored in the clear")
		}

		// Wrong password, unknown address, disabled account: one answer.
		answers := map[string]string{}
		for name, vars := range map[string]map[string]any{
			"wrong password":  {"e": "editor@example.org", "p": "a wrong password"},
			"unknown address": {"e": "nobody@example.org", "p": "the right password"},
		} {
			r := gql.Post(loginOp, vars, "Accept-Language", "lv")
			if r.Code() != "UNAUTHENTICATED" || string(r.Data) != "null" {
				t.Errorf("%s: %s", name, r.Raw)
			}
			answers[name] = r.Errors[0].Message
		}
		if answers["wrong password"] != answers["unknown address"] || !strings.Contains(answers["unknown address"], "parole") {
			t.Errorf("the answers differ or are not Latvian: %v", answers)
		}

		// Sign-ins, failed ones too, are audited.
		ctx := viewer.SystemContext(context.Background())
		failed := a.Store.Client.AuditEntry.Query().Where(auditentry.Action("LOGIN_FAILED")).CountX(ctx)
		ok := a.Store.Client.AuditEntry.Query().Where(auditentry.Action("LOGIN")).CountX(ctx)
		if failed != 2 || ok != 1 {
			t.Errorf("audit: %d failed, %d successful sign-ins, want 2 and 1", failed, ok)
		}

		// Signing out revokes the token used.
		if r := gql.Post(`mutation { logout }`, nil, "Authorization", "Bearer "+token); string(r.Data) != `{"logout":true}` {
			t.Fatalf("logout: %s", r.Raw)
		}
		if r := me(token); r.Status != http.StatusUnauthorized || r.Code() != "UNAUTHENTICATED" {
			t.Errorf("a revoked token: %d %s", r.Status, r.Raw)
		}

		// Tokens expire.
		gql.Post(loginOp, map[string]any{"e": "editor@example.org", "p": "the right password"}).MustData(&d)
		c.Add(12*time.Hour + time.Minute)
		if r := me(*d.Login.Token); r.Status != http.StatusUnauthorized {
			t.Errorf("an expired token: %d", r.Status)
		}

		// A disabled account cannot sign in, and its sessions end.
		gql.Post(loginOp, map[string]any{"e": "editor@example.org", "p": "the right password"}).MustData(&d)
		// That sign-in cleared the revoked and the expired session.
		if n := a.Store.Client.Session.Query().CountX(ctx); n != 1 {
			t.Errorf("%d sessions stored after signing out, expiring and signing in again, want 1", n)
		}
		adminToken := testenv.SignIn(t, a, "admin@example.org", []viewer.Role{viewer.Admin})
		var u struct {
			Users struct {
				Edges []struct{ Node struct{ ID, Email string } }
			}
		}
		gql.Post(`{ users(where: {email: "editor@example.org"}) { edges { node { id email } } } }`, nil, "Authorization", "Bearer "+adminToken).MustData(&u)
		gql.Post(`mutation($id: ID!) { disableUser(id: $id) { active } }`, map[string]any{"id": u.Users.Edges[0].Node.ID}, "Authorization", "Bearer "+adminToken).MustData(&struct{}{})
		if r := me(*d.Login.Token); r.Status != http.StatusUnauthorized {
			t.Errorf("a disabled user's token: %d", r.Status)
		}
		if r := gql.Post(loginOp, map[string]any{"e": "editor@example.org", "p": "the right password"}); r.Code() != "UNAUTHENTICATED" || r.Errors[0].Message != gql.Post(loginOp, map[string]any{"e": "x@example.org", "p": "y"}).Errors[0].Message {
			t.Errorf("a disabled account: %s", r.Raw)
		}

		// Malformed credentials.
		for _, h := range []string{"Bearer", "Basic abc", "Bearer not-a-token"} {
			r := gql.Post(`{ languages { code } }`, nil, "Authorization", h)
			if r.Status != http.StatusUnauthorized || r.Code() != "UNAUTHENTICATED" {
				t.Errorf("Authorization %q: %d %s", h, r.Status, r.Raw)
			}
		}
	})
}

func TestFailedSignInsAreSlowedDown(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		c, gql, _ := newAuthApp(t, db)
		wrong := map[string]any{"e": "editor@example.org", "p": "a wrong password"}
		right := map[string]any{"e": "editor@example.org", "p": "the right password"}
		for i := range 5 {
			if r := gql.Post(loginOp, wrong); r.Code() != "UNAUTHENTICATED" {
				t.Fatalf("attempt %d: %s", i+1, r.Raw)
			}
		}
		// The sixth failure starts a wait; during it even the right password is refused.
		gql.Post(loginOp, wrong)
		r := gql.Post(loginOp, right, "Accept-Language", "ru")
		if r.Code() != "RATE_LIMITED" || !strings.Contains(r.Errors[0].Message, "подождите") {
			t.Fatalf("throttled: %s", r.Raw)
		}
		c.Add(2 * time.Second)
		var d loginData
		gql.Post(loginOp, right).MustData(&d)
		// Each further failure waits twice as long (attempts refused while
		// waiting do not count).
		for range 6 {
			gql.Post(loginOp, wrong)
		}
		c.Add(1100 * time.Millisecond)
		gql.Post(loginOp, wrong) // the 7th failure: 2 s
		c.Add(1500 * time.Millisecond)
		if r := gql.Post(loginOp, right); r.Code() != "RATE_LIMITED" {
			t.Errorf("after 7 failures 1.5 s is not enough: %s", r.Raw)
		}
		// Another account is not affected.
		if r := gql.Post(loginOp, map[string]any{"e": "other@example.org", "p": "x"}); r.Code() != "UNAUTHENTICATED" {
			t.Errorf("another account: %s", r.Raw)
		}
	})
}

func TestCookieSessions(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		_, gql, _ := newAuthApp(t, db)
		r := gql.Post(`mutation { login(input: {email: "editor@example.org", password: "the right password", cookie: true}) { token viewer { email } } }`, nil)
		if !strings.Contains(string(r.Data), `"token":null`) {
			t.Fatalf("a cookie sign-in returns the token: %s", r.Raw)
		}
		var cookie *http.Cookie
		for _, c := range (&http.Response{Header: r.Header}).Cookies() {
			if c.Name == "relocate_session" {
				cookie = c
			}
		}
		if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Value == "" {
			t.Fatalf("session cookie: %+v", cookie)
		}
		send := func(body string, header ...string) *testenv.Response {
			req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.AddCookie(cookie)
			for i := 0; i+1 < len(header); i += 2 {
				req.Header.Set(header[i], header[i+1])
			}
			return gql.Do(req)
		}
		if r := send(`{"query":"{ viewer { email } }"}`, "Sec-Fetch-Site", "same-origin"); !strings.Contains(string(r.Data), "editor@example.org") {
			t.Errorf("the cookie does not sign in: %s", r.Raw)
		}
		// Another site cannot use the reader's cookie to change anything.
		if r := send(`{"query":"mutation { logout }"}`, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"); r.Status != http.StatusForbidden {
			t.Errorf("cross-site request with the cookie: %d %s", r.Status, r.Raw)
		}
		if r := send(`{"query":"mutation { logout }"}`, "Sec-Fetch-Site", "same-origin"); !strings.Contains(string(r.Data), "true") {
			t.Errorf("logout: %s", r.Raw)
		}
	})
}

func TestOneAddressTryingManyAccountsIsSlowedDown(t *testing.T) {
	_, gql, _ := newAuthApp(t, testenv.DBs[0])
	for i := range 20 {
		r := gql.Post(loginOp, map[string]any{"e": fmt.Sprintf("guess%d@example.org", i), "p": "x"})
		if r.Code() != "UNAUTHENTICATED" {
			t.Fatalf("attempt %d: %s", i, r.Raw)
		}
	}
	gql.Post(loginOp, map[string]any{"e": "guess21@example.org", "p": "x"})
	if r := gql.Post(loginOp, map[string]any{"e": "editor@example.org", "p": "the right password"}); r.Code() != "RATE_LIMITED" {
		t.Errorf("21 failures from one address: %s", r.Raw)
	}
}

func TestParallelGuessesAreCounted(t *testing.T) {
	_, gql, _ := newAuthApp(t, testenv.DBs[0])
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[string]int{}
	for range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := gql.Post(loginOp, map[string]any{"e": "editor@example.org", "p": "a wrong password"})
			mu.Lock()
			codes[r.Code()]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	// Five free failures and one that starts the wait; the rest must wait.
	if codes["UNAUTHENTICATED"] != 6 || codes["RATE_LIMITED"] != 24 {
		t.Errorf("30 parallel guesses: %v", codes)
	}
}
