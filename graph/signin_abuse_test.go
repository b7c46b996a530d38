package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"relocate/ent"
	"relocate/ent/auditentry"
	"relocate/ent/session"
	"relocate/internal/app"
	"relocate/internal/audit"
	"relocate/internal/auth"
	"relocate/internal/config"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// proxiedApp is an app behind a trusted load balancer (127.0.0.1), so that
// tests can send requests from distinct client addresses with
// X-Forwarded-For, with a settable clock and an editor and an admin.
type proxiedApp struct {
	*app.App
	clock *clock
	gql   *testenv.GraphQL
	admin string // the admin's bearer token
}

func newProxiedApp(t *testing.T, db testenv.DB) *proxiedApp {
	t.Helper()
	c := &clock{t: time.Now()}
	behindProxy := testenv.WithConfig(func(c *config.Config) {
		c.Server.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	})
	a := testenv.NewApp(t, db, testenv.WithClock(c.Now), behindProxy)
	ctx := viewer.SystemContext(context.Background())
	if _, err := a.Auth.CreateUser(ctx, auth.NewUser{Email: "editor@example.org", DisplayName: "Elke", Password: "the right password", Roles: []viewer.Role{viewer.Editor}}); err != nil {
		t.Fatal(err)
	}
	return &proxiedApp{App: a, clock: c, gql: testenv.NewGraphQL(t, a.Handler), admin: testenv.SignIn(t, a, "admin@example.org", []viewer.Role{viewer.Admin})}
}

// from sends op from the client at ip.
func (p *proxiedApp) from(ip, op string, vars map[string]any, header ...string) *testenv.Response {
	body, err := json.Marshal(map[string]any{"query": op, "variables": vars})
	if err != nil {
		panic(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.RemoteAddr = "127.0.0.1:40000"
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", ip)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return p.gql.Do(req)
}

// login signs in to email with password from ip.
func (p *proxiedApp) login(ip, email, password string) *testenv.Response {
	return p.from(ip, `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token failedAttempts viewer { email } } }`,
		map[string]any{"e": email, "p": password})
}

// logEntry is an audit entry as administrators read it.
type logEntry struct {
	Action, Operation, ActorEmail, IP string
	Count                             int
	Actor                             *struct{ Email string }
}

// auditLog returns the entries with action, read through the API by the
// administrator (which writes the refusals still being summed up first).
func (p *proxiedApp) auditLog(t *testing.T, action string) []logEntry {
	t.Helper()
	var d struct {
		AuditLog struct {
			Edges []struct{ Node logEntry }
		}
	}
	p.gql.Post(`query($a: String!) { auditLog(first: 100, where: {action: $a}) { edges { node { action operation actorEmail ip count actor { email } } } } }`,
		map[string]any{"a": action}, "Authorization", "Bearer "+p.admin).MustData(&d)
	var out []logEntry
	for _, e := range d.AuditLog.Edges {
		out = append(out, e.Node)
	}
	return out
}

func sum(entries []logEntry, match func(logEntry) bool) (rows, count int) {
	for _, e := range entries {
		if match(e) {
			rows++
			count += e.Count
		}
	}
	return rows, count
}

// TestThrottledSignInsDoNotFloodTheAuditLog: 1,000 attempts refused by the
// throttle write a bounded number of entries whose counts add up to
// 1,000, while every failed password check keeps an entry of its own.
func TestThrottledSignInsDoNotFloodTheAuditLog(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		p := newProxiedApp(t, db)
		const attacker = "203.0.113.9"
		for range 6 { // five free failures, the sixth starts the wait
			if r := p.login(attacker, "editor@example.org", "a wrong guess"); r.Code() != "UNAUTHENTICATED" {
				t.Fatalf("a wrong guess: %s", r.Raw)
			}
		}
		for i := range 1000 {
			if r := p.login(attacker, "editor@example.org", "another guess"); r.Code() != "RATE_LIMITED" {
				t.Fatalf("attempt %d while waiting: %s", i, r.Raw)
			}
		}
		entries := p.auditLog(t, audit.LoginFailed)
		checks, _ := sum(entries, func(e logEntry) bool { return e.Operation == "login (wrong password)" })
		rows, count := sum(entries, func(e logEntry) bool { return strings.HasPrefix(e.Operation, "login throttled") })
		if checks != 6 {
			t.Errorf("%d entries for 6 failed password checks", checks)
		}
		if rows > 2 || count != 1000 {
			t.Errorf("1,000 throttled attempts: %d entries counting %d, want at most 2 counting 1000", rows, count)
		}
		for _, e := range entries {
			if e.IP != attacker || e.Actor == nil || e.Actor.Email != "editor@example.org" {
				t.Errorf("the entry does not name the account and the address: %+v", e)
			}
		}
		// Every window adds at most two more, however many attempts.
		p.clock.Add(config.Default().Audit.Window + time.Second)
		for range 6 {
			p.login(attacker, "editor@example.org", "a wrong guess")
		}
		for range 500 {
			p.login(attacker, "editor@example.org", "another guess")
		}
		entries = p.auditLog(t, audit.LoginFailed)
		rows, count = sum(entries, func(e logEntry) bool { return strings.HasPrefix(e.Operation, "login throttled") })
		if rows > 4 || count < 1500 {
			t.Errorf("two windows: %d entries counting %d", rows, count)
		}
		// The entries are stored, not only kept in memory.
		n, err := p.Store.Client.AuditEntry.Query().Where(auditentry.Action(audit.LoginFailed)).Count(viewer.SystemContext(context.Background()))
		if err != nil || n > 6+5+4+2 {
			t.Errorf("%d entries stored for %d attempts: %v", n, 6+1000+6+500, err)
		}
	})
}

// TestGuessesElsewhereDoNotLockTheOwnerOut: guessing from one address
// slows that address down, not the owner at their usual one; guessing
// from many addresses slows every address down except the usual ones; the
// owner learns about the attempts at their next sign-in, and the audit log
// says where they came from.
func TestGuessesElsewhereDoNotLockTheOwnerOut(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		p := newProxiedApp(t, db)
		const home, attacker = "198.51.100.20", "203.0.113.9"
		var d struct {
			Login struct {
				FailedAttempts int
				Viewer         struct{ Email string }
			}
		}
		p.login(home, "editor@example.org", "the right password").MustData(&d)
		if d.Login.FailedAttempts != 0 {
			t.Errorf("first sign-in: %d failed attempts", d.Login.FailedAttempts)
		}

		// One attacker: six guesses lock only the attacker out.
		for range 6 {
			p.login(attacker, "editor@example.org", "a wrong guess")
		}
		for range 3 {
			if r := p.login(attacker, "editor@example.org", "the right password"); r.Code() != "RATE_LIMITED" {
				t.Fatalf("the guessing address is not slowed down: %s", r.Raw)
			}
		}
		p.login(home, "editor@example.org", "the right password").MustData(&d)
		if d.Login.FailedAttempts != 9 {
			t.Errorf("the owner is told of %d failed attempts since the last sign-in, want 9", d.Login.FailedAttempts)
		}
		if r := p.login("198.51.100.77", "editor@example.org", "the right password"); r.Code() != "" {
			t.Errorf("the owner from a new address: %s", r.Raw)
		}

		// Many attackers: each guesses a few times from its own address;
		// over the account's ceiling every other address waits, the
		// owner's usual one does not.
		for i := range 60 {
			p.login(fmt.Sprintf("203.0.113.%d", 100+i), "editor@example.org", "a wrong guess")
		}
		if r := p.login("192.0.2.55", "editor@example.org", "the right password"); r.Code() != "RATE_LIMITED" {
			t.Errorf("a new address during a distributed attack: %s", r.Raw)
		}
		p.login(home, "editor@example.org", "the right password").MustData(&d)
		if d.Login.FailedAttempts < 60 {
			t.Errorf("after 60 guesses from 60 addresses the owner is told of %d", d.Login.FailedAttempts)
		}
		ceiling, _ := sum(p.auditLog(t, audit.LoginFailed), func(e logEntry) bool {
			return e.Operation == "login throttled (account)" && e.IP == "192.0.2.55" && e.Actor != nil && e.Actor.Email == "editor@example.org"
		})
		if ceiling != 1 {
			t.Errorf("the account's ceiling is not in the audit log")
		}

		// A restarted process (an empty throttle) learns the usual
		// addresses from the audit log.
		cfg := config.Default()
		rec, err := audit.New(p.Store.Client, cfg.Audit)
		if err != nil {
			t.Fatal(err)
		}
		opts := cfg.Auth
		opts.Now = p.clock.Now
		fresh, err := auth.New(p.Store.Client, rec, opts)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 60 {
			_, _ = fresh.Login(context.Background(), "editor@example.org", "a wrong guess", fmt.Sprintf("203.0.113.%d", i), session.KindBEARER)
		}
		if _, err := fresh.Login(context.Background(), "editor@example.org", "the right password", "192.0.2.56", session.KindBEARER); err == nil {
			t.Errorf("a new address during a distributed attack after a restart is let through")
		}
		if _, err := fresh.Login(context.Background(), "editor@example.org", "the right password", home, session.KindBEARER); err != nil {
			t.Errorf("the owner's usual address after a restart: %v", err)
		}
	})
}

// TestFailedSignInsKeepNoTypedText: what was typed as the address of an
// account that does not exist (maybe a password in the wrong field) is not
// stored.
func TestFailedSignInsKeepNoTypedText(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		p := newProxiedApp(t, db)
		p.login("203.0.113.9", "MySecretPassword2026", "x")
		p.login("203.0.113.9", "editor@example.org", "a wrong guess")
		all, err := p.Store.Client.AuditEntry.Query().All(viewer.SystemContext(context.Background()))
		if err != nil {
			t.Fatal(err)
		}
		var unknown, known *ent.AuditEntry
		for _, e := range all {
			if strings.Contains(strings.ToLower(fmt.Sprintf("%+v", e)), "mysecretpassword") {
				t.Errorf("the typed text is stored: %+v", e)
			}
			switch e.Operation {
			case "login (unknown account)":
				unknown = e
			case "login (wrong password)":
				known = e
			}
		}
		if unknown == nil || unknown.ActorEmail != "" || unknown.IP != "203.0.113.9" {
			t.Errorf("the failed sign-in to an unknown account: %+v", unknown)
		}
		if known == nil || known.ActorEmail != "editor@example.org" || known.ActorID == nil {
			t.Errorf("the failed sign-in to a known account does not name it: %+v", known)
		}
	})
}

// TestRefusalsAreAuditedSummedUp: answers FORBIDDEN and UNAUTHENTICATED,
// from the access table and from the rules below it, leave entries
// summed up per viewer, address and field, also when the mutation around
// them is rolled back.
func TestRefusalsAreAuditedSummedUp(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		p := newProxiedApp(t, db)
		var d struct{ Login struct{ Token string } }
		p.login("198.51.100.20", "editor@example.org", "the right password").MustData(&d)
		editor := d.Login.Token
		for range 50 {
			if r := p.from("198.51.100.20", `{ users { totalCount } }`, nil, "Authorization", "Bearer "+editor); r.Code() != "FORBIDDEN" {
				t.Fatalf("an editor reading users: %s", r.Raw)
			}
		}
		for range 20 {
			if r := p.from("203.0.113.9", `mutation { publish(id: "8589934593") { id } }`, nil); r.Code() != "UNAUTHENTICATED" {
				t.Fatalf("publishing anonymously: %s", r.Raw)
			}
		}
		// Allowed operations leave no such entry.
		p.from("198.51.100.20", `{ languages { code } viewer { email } }`, nil, "Authorization", "Bearer "+editor).MustData(&struct{}{})
		refused := p.auditLog(t, audit.Refused)
		rows, count := sum(refused, func(e logEntry) bool {
			return e.Operation == "Query.users" && e.Actor != nil && e.Actor.Email == "editor@example.org" && e.IP == "198.51.100.20"
		})
		if rows == 0 || rows > 2 || count != 50 {
			t.Errorf("50 refused reads of users: %d entries counting %d", rows, count)
		}
		rows, count = sum(refused, func(e logEntry) bool {
			return e.Operation == "Mutation.publish" && e.Actor == nil && e.IP == "203.0.113.9"
		})
		if rows == 0 || rows > 2 || count != 20 {
			t.Errorf("20 refused anonymous publications: %d entries counting %d", rows, count)
		}
		if _, count := sum(refused, func(logEntry) bool { return true }); count != 70 {
			t.Errorf("%d refusals recorded, want 70: %+v", count, refused)
		}
	})
}

// TestRowRuleRefusalsAreAudited: a refusal by a rule below the access
// table (the service) is recorded like one by the table.
func TestRowRuleRefusalsAreAudited(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		p := newProxiedApp(t, db)
		lv := testenv.SignIn(t, p.App, "lv@example.org", []viewer.Role{viewer.Translator})
		var ids struct {
			GuideArticles struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		p.gql.Post(`{ guideArticles(first: 1) { edges { node { id } } } }`, nil).MustData(&ids)
		// A translator without languages may use the field, but the guide
		// service refuses Russian.
		r := p.from("198.51.100.30", `mutation($id: ID!) { writeGuideArticleTranslation(id: $id, language: RU, input: {summary: "x"}) { id } }`,
			map[string]any{"id": ids.GuideArticles.Edges[0].Node.ID}, "Authorization", "Bearer "+lv)
		if r.Code() != "FORBIDDEN" {
			t.Fatalf("a translation without the language: %s", r.Raw)
		}
		rows, count := sum(p.auditLog(t, audit.Refused), func(e logEntry) bool {
			return e.Operation == "Mutation.writeGuideArticleTranslation" && e.Actor != nil && e.Actor.Email == "lv@example.org"
		})
		if rows != 1 || count != 1 {
			t.Errorf("the service's refusal: %d entries counting %d", rows, count)
		}
	})
}

// TestCrossSiteGETWithTheCookieRunsSignedOut: a page of another site that
// links to /graphql?query=… cannot make a signed-in reader's browser run
// the query as them; the same GET from this site or with a bearer token
// works.
func TestCrossSiteGETWithTheCookieRunsSignedOut(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		p := newProxiedApp(t, db)
		r := p.gql.Post(`mutation { login(input: {email: "admin@example.org", password: "a password for tests", cookie: true}) { viewer { email } } }`, nil)
		var cookie *http.Cookie
		for _, c := range (&http.Response{Header: r.Header}).Cookies() {
			if c.Name == "relocate_session" && c.Value != "" {
				cookie = c
			}
		}
		if cookie == nil || cookie.Path != "/" {
			t.Fatalf("session cookie: %+v %s", cookie, r.Raw)
		}
		reads := func() int {
			return p.Store.Client.AuditEntry.Query().Where(auditentry.Action(audit.Read)).CountX(viewer.SystemContext(context.Background()))
		}
		get := func(query string, header ...string) *testenv.Response {
			req := httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(query), nil)
			req.AddCookie(cookie)
			for i := 0; i+1 < len(header); i += 2 {
				req.Header.Set(header[i], header[i+1])
			}
			return p.gql.Do(req)
		}
		before := reads()
		for _, h := range [][]string{
			{"Sec-Fetch-Site", "cross-site"},
			{"Sec-Fetch-Site", "same-site"}, // a sibling subdomain
			{"Origin", "https://evil.example"},
			{"Referer", "https://evil.example/page"}, // a browser that sends neither
		} {
			if r := get(`{ viewer { email } }`, h...); r.Status != http.StatusOK || string(r.Data) != `{"viewer":null}` {
				t.Errorf("%v: viewer %d %s", h, r.Status, r.Raw)
			}
			if r := get(`{ users { edges { node { email } } } }`, h...); r.Code() != "UNAUTHENTICATED" {
				t.Errorf("%v: users %s", h, r.Raw)
			}
		}
		if after := reads(); after != before {
			t.Errorf("cross-site GETs wrote %d READ entries in the admin's name", after-before)
		}
		for _, h := range [][]string{
			{"Sec-Fetch-Site", "same-origin"},
			{"Sec-Fetch-Site", "none"}, // typed into the address bar
			{"Referer", "http://example.com/graphql"},
			{},
		} {
			if r := get(`{ viewer { email } }`, h...); !strings.Contains(string(r.Data), "admin@example.org") {
				t.Errorf("%v from this site: %s", h, r.Raw)
			}
		}
		// Bearer tokens are not sent by browsers on their own: unaffected.
		req := httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(`{ viewer { email } }`), nil)
		req.Header.Set("Authorization", "Bearer "+p.admin)
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		if r := p.gql.Do(req); !strings.Contains(string(r.Data), "admin@example.org") {
			t.Errorf("a bearer token from another site: %s", r.Raw)
		}
	})
}
