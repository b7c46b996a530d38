//go:build browser

// Browser tests: real headless Chromium (Debian's chromium package) drives
// the site through chromedp, and axe-core checks accessibility. Run with
//
//	AXE_CORE_JS=/path/to/axe.min.js go test -tags browser ./internal/site/
//
// .ci/run installs both.
package site_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"relocate/internal/auth"
	"relocate/internal/config"
	"relocate/internal/guide"
	"relocate/internal/lang"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// browser starts the site on a real port and Chromium against it.
func browser(t *testing.T, appOpts ...testenv.Option) (context.Context, string, *testenvApp) {
	t.Helper()
	limits := config.Default().Site.Forms
	limits.MinFillTime = time.Second
	a := testenv.NewApp(t, testenv.DBs[0], append([]testenv.Option{testenv.WithFormLimits(limits)}, appOpts...)...)
	srv := httptest.NewServer(a.Handler)
	t.Cleanup(srv.Close)

	exe := os.Getenv("CHROMIUM")
	if exe == "" {
		exe = "/usr/bin/chromium"
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	if err := chromedp.Do(ctx); err != nil { // starts the browser; no timeout on this call
		t.Fatalf("start Chromium (%s): %v", exe, err)
	}
	ctx, cancel3 := context.WithTimeout(ctx, 4*time.Minute)
	t.Cleanup(cancel3)
	return ctx, srv.URL, &testenvApp{
		countInquiries: a.Store.Client.Inquiry.Query().Count,
		createUser: func(email, name, password string) error {
			_, err := a.Auth.CreateUser(viewer.SystemContext(context.Background()), auth.NewUser{
				Email: email, DisplayName: name, Password: password, Roles: []viewer.Role{viewer.CompanyContact},
			})
			return err
		},
	}
}

type testenvApp struct {
	countInquiries func(context.Context) (int, error)
	createUser     func(email, name, password string) error
}

// run runs a on the browser and fails the test on an error.
func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func bdo(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

func TestBrowserHomeInEachLanguage(t *testing.T) {
	ctx, base, _ := browser(t)
	for _, l := range lang.All {
		bdo(t, ctx, chromedp.Navigate(base+"/"+string(l)+"/"))
		htmlLang := run(t, ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
		h1 := run(t, ctx, chromedp.Text(chromedp.CSS("h1")))
		topics := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#topics-h ~ .cards > li').length`))
		if htmlLang != string(l) || h1 == "" || topics < 12 {
			t.Errorf("%s: lang %q, h1 %q, %d topics", l, htmlLang, h1, topics)
		}
	}
}

func TestBrowserSwitchLanguageOnAnArticle(t *testing.T) {
	ctx, base, _ := browser(t)
	a := demoArticle(t, "address-registration")
	bdo(t, ctx,
		chromedp.Navigate(base+guide.ArticlePath(lang.DE, a.Texts[lang.DE].Slug)),
		chromedp.Click(chromedp.CSS(`nav.lang-switch a[hreflang="ru"]`)),
		chromedp.WaitVisible(chromedp.CSS(`html[lang="ru"] h1`)),
	)
	title := run(t, ctx, chromedp.Text(chromedp.CSS("h1")))
	path := run(t, ctx, chromedp.Evaluate[string](`location.pathname`))
	if title != a.Texts[lang.RU].Title || path != guide.ArticlePath(lang.RU, a.Texts[lang.RU].Slug) {
		t.Errorf("after switching: %q at %s", title, path)
	}
}

// TestBrowserSignInAndOut signs in on the site's form, finds the API
// signed in too, and signs out with the header's button.
func TestBrowserSignInAndOut(t *testing.T) {
	ctx, base, app := browser(t)
	if err := app.createUser("karlis@metallbau.example", "Kārlis Ozols", "a long company password"); err != nil {
		t.Fatal(err)
	}
	bdo(t, ctx,
		chromedp.Navigate(base+"/lv/"),
		chromedp.Click(chromedp.CSS(`footer a[href="/lv/pieteikties"]`)),
		chromedp.WaitVisible(chromedp.CSS("#f-email")),
		chromedp.SendKeys(chromedp.CSS("#f-email"), "karlis@metallbau.example"),
		chromedp.SendKeys(chromedp.CSS("#f-password"), "a long company password"),
		chromedp.Click(chromedp.CSS(`main form[method="post"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`header form.session`)),
	)
	if who := run(t, ctx, chromedp.Text(chromedp.CSS(`header form.session`))); !strings.Contains(who, "Kārlis Ozols") {
		t.Errorf("the header shows %q", who)
	}
	apiViewer := func() string {
		bdo(t, ctx, chromedp.Navigate(base+"/graphql?query=%7Bviewer%7Bemail%7D%7D"))
		return run(t, ctx, chromedp.Evaluate[string](`document.body.innerText`))
	}
	if got := apiViewer(); !strings.Contains(got, "karlis@metallbau.example") {
		t.Errorf("the API after signing in on the site: %s", got)
	}
	bdo(t, ctx,
		chromedp.Navigate(base+"/lv/"),
		chromedp.Click(chromedp.CSS(`header form.session button`)),
		chromedp.WaitVisible(chromedp.CSS(`footer a[href="/lv/pieteikties"]`)),
	)
	if got := apiViewer(); !strings.Contains(got, `"viewer":null`) {
		t.Errorf("the API after signing out on the site: %s", got)
	}
}

func TestBrowserSendContactForm(t *testing.T) {
	ctx, base, app := browser(t)
	bdo(t, ctx,
		chromedp.Navigate(base+"/lv/kontakti"),
		chromedp.SendKeys(chromedp.CSS("#f-name"), "Jānis Bērziņš"),
		chromedp.SendKeys(chromedp.CSS("#f-email"), "janis@example.lv"),
		chromedp.SetValue(chromedp.CSS("#f-preferred_language"), "ru"),
		chromedp.Click(chromedp.CSS(`#f-topics input[value="housing"]`)),
		chromedp.SendKeys(chromedp.CSS("#f-message"), "Labdien! Kur var atrast dzīvokli?"),
		chromedp.Click(chromedp.CSS("#f-consent")),
		chromedp.Sleep(1200*time.Millisecond), // people take time to fill a form
		chromedp.Click(chromedp.CSS(`main form[method="post"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`div.success`)),
	)
	if status := run(t, ctx, chromedp.Text(chromedp.CSS(`div.success`))); !strings.Contains(status, "Paldies") {
		t.Errorf("confirmation: %q", status)
	}
	n, err := app.countInquiries(viewer.SystemContext(context.Background()))
	if err != nil || n != 1 {
		t.Errorf("%d inquiries stored (%v)", n, err)
	}
	// A form sent with a mistake comes back with the error next to the field.
	bdo(t, ctx,
		chromedp.Navigate(base+"/en/contact"),
		chromedp.SendKeys(chromedp.CSS("#f-name"), "Anna"),
		chromedp.Click(chromedp.CSS("#f-consent")),
		chromedp.Sleep(1200*time.Millisecond),
		chromedp.Click(chromedp.CSS(`main form[method="post"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#f-email-error`)),
	)
	if msg := run(t, ctx, chromedp.Text(chromedp.CSS(`#f-email-error`))); !strings.Contains(msg, "email address") {
		t.Errorf("field error: %q", msg)
	}
	if name := run(t, ctx, chromedp.Evaluate[string](`document.querySelector('#f-name').value`)); name != "Anna" {
		t.Errorf("the name was not kept: %q", name)
	}
}

func TestBrowserKeyboardAndZoom(t *testing.T) {
	ctx, base, _ := browser(t)
	bdo(t, ctx, chromedp.Navigate(base+"/lv/"), chromedp.KeyEvent("\t"))
	focused := run(t, ctx, chromedp.Evaluate[string](`document.activeElement.className + ' ' + document.activeElement.getAttribute('href')`))
	if focused != "skip #main" {
		t.Errorf("the first Tab reaches %q, want the skip link", focused)
	}
	// 200 % zoom of a 1280 px window is a 640 px wide layout.
	for _, path := range []string{"/lv/vietas", "/ru/kontakty", "/de/glossar"} {
		bdo(t, ctx, chromedp.EmulateViewport(640, 900), chromedp.Navigate(base+path))
		if run(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`)) {
			t.Errorf("%s scrolls sideways at 200 %% zoom", path)
		}
	}
}

// axePages are the pages checked with axe-core, in every language.
var axePages = []struct {
	name string
	path func(lang.Code) string
}{
	{"home", func(l lang.Code) string { return "/" + string(l) + "/" }},
	{"article", func(l lang.Code) string {
		return "/" + string(l) + "/" + guide.GuideSegment(l) + "/" + map[lang.Code]string{lang.DE: "checkliste-erste-zwei-wochen", lang.LV: "pirmas-divas-nedelas-kontrolsaraksts", lang.RU: "pervye-dve-nedeli-chek-list", lang.EN: "first-two-weeks-checklist"}[l]
	}},
	{"places", func(l lang.Code) string { return byLang(l, "/de/orte", "/lv/vietas", "/ru/mesta", "/en/places") }},
	{"place", func(l lang.Code) string {
		return byLang(l, "/de/orte", "/lv/vietas", "/ru/mesta", "/en/places") + "/relocation-service"
	}},
	{"glossary", func(l lang.Code) string {
		return byLang(l, "/de/glossar", "/lv/vardnica", "/ru/glossarij", "/en/glossary")
	}},
	{"contact", func(l lang.Code) string {
		return byLang(l, "/de/kontakt", "/lv/kontakti", "/ru/kontakty", "/en/contact")
	}},
	{"companies", func(l lang.Code) string {
		return byLang(l, "/de/unternehmen", "/lv/uznemumiem", "/ru/kompaniyam", "/en/companies")
	}},
	{"sign-in", func(l lang.Code) string {
		return byLang(l, "/de/anmelden", "/lv/pieteikties", "/ru/vhod", "/en/sign-in")
	}},
	{"search", func(l lang.Code) string {
		return byLang(l, "/de/suche", "/lv/meklet", "/ru/poisk", "/en/search") + "?q=Kita"
	}},
	{"privacy", func(l lang.Code) string {
		return byLang(l, "/de/datenschutz", "/lv/privatums", "/ru/konfidencialnost", "/en/privacy")
	}},
	{"about", func(l lang.Code) string { return byLang(l, "/de/ueber-uns", "/lv/par-mums", "/ru/o-nas", "/en/about") }},
	{"imprint", func(l lang.Code) string {
		return byLang(l, "/de/impressum", "/lv/izdeveja-informacija", "/ru/vyhodnye-dannye", "/en/imprint")
	}},
}

func byLang(l lang.Code, de, lv, ru, en string) string {
	return map[lang.Code]string{lang.DE: de, lang.LV: lv, lang.RU: ru, lang.EN: en}[l]
}

// axeRun is the script that runs axe-core on the page and reports its
// violations as JSON.
const axeRun = `axe.run(document).then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))))`

// TestBrowserAxe runs axe-core on the main pages in every language and
// wants zero violations. It logs the count per page for the report.
func TestBrowserAxe(t *testing.T) {
	ctx, base, app := browser(t)
	check := axeCheck(t, ctx)
	for _, p := range axePages {
		for _, l := range lang.All {
			check(fmt.Sprintf("%s %s (%s)", p.name, l, p.path(l)), chromedp.Navigate(base+p.path(l)))
		}
	}
	// The forms showing their errors must be accessible too.
	for _, l := range lang.All {
		path := byLang(l, "/de/anmelden", "/lv/pieteikties", "/ru/vhod", "/en/sign-in")
		check(fmt.Sprintf("sign-in with errors %s", l),
			chromedp.Navigate(base+path),
			chromedp.Click(chromedp.CSS(`main form[method="post"] button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`.error-summary`)),
		)
	}
	// The header of a signed-in reader, with its sign-out button.
	if err := app.createUser("axe@example.org", "Āris Axe", "a long password for axe"); err != nil {
		t.Fatal(err)
	}
	bdo(t, ctx,
		chromedp.Navigate(base+"/en/sign-in"),
		chromedp.SendKeys(chromedp.CSS("#f-email"), "axe@example.org"),
		chromedp.SendKeys(chromedp.CSS("#f-password"), "a long password for axe"),
		chromedp.Click(chromedp.CSS(`main form[method="post"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`header form.session`)),
	)
	for _, l := range lang.All {
		check(fmt.Sprintf("home signed in %s", l), chromedp.Navigate(base+"/"+string(l)+"/"))
	}
	for _, l := range lang.All {
		path := byLang(l, "/de/kontakt", "/lv/kontakti", "/ru/kontakty", "/en/contact")
		check(fmt.Sprintf("contact with errors %s", l),
			chromedp.Navigate(base+path),
			chromedp.Click(chromedp.CSS(`main form[method="post"] button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`.error-summary`)),
		)
	}
}

// TestBrowserAxeFreshnessNotes: articles whose review is due, whose
// figures are outdated and whose rule has expired, with their notes, two
// years on.
func TestBrowserAxeFreshnessNotes(t *testing.T) {
	ctx, base, _ := browser(t, testenv.WithClock(func() time.Time { return time.Now().AddDate(2, 0, 0) }))
	check := axeCheck(t, ctx)
	for _, key := range []string{"renting", "money-2026"} {
		a := demoArticle(t, key)
		for _, l := range lang.All {
			path := guide.ArticlePath(l, a.Texts[l].Slug)
			check(fmt.Sprintf("%s %s (%s)", key, l, path), chromedp.Navigate(base+path))
			if n := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('[role="note"] p').length`)); n < 2 {
				t.Errorf("%s (%s): the note has %d paragraphs", key, l, n)
			}
		}
	}
}

// axeCheck returns a function that runs the steps in the browser of ctx
// and then axe-core (AXE_CORE_JS) on the page, failing t on every
// violation.
func axeCheck(t *testing.T, ctx context.Context) func(label string, steps ...chromedp.Action[chromedp.Void]) {
	src := os.Getenv("AXE_CORE_JS")
	if src == "" {
		t.Fatal("AXE_CORE_JS must name axe.min.js (npm package axe-core)")
	}
	axe, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	return func(label string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		bdo(t, ctx, steps...)
		bdo(t, ctx, chromedp.Steps(func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.Evaluate[chromedp.Void](string(axe))(ctx, tg)
			return chromedp.Void{}, err
		}))
		result := run(t, ctx, chromedp.Evaluate[string](axeRun, chromedp.EvalAwaitPromise))
		var violations []map[string]any
		if err := json.Unmarshal([]byte(result), &violations); err != nil {
			t.Fatal(err)
		}
		t.Logf("axe %-40s %d violations", label, len(violations))
		for _, v := range violations {
			t.Errorf("%s: %v", label, v)
		}
	}
}
