package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"relocate/internal/app"
	"relocate/internal/config"
	"relocate/internal/lang"
	"relocate/internal/seed"
	"relocate/internal/testenv"
)

func TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }

// TestScaledGuideIsTheDemoNTimesInEveryLanguage prepares the guide ×3 on
// each database and reads a copy of an article through the API in every
// language: three times the demo's published articles and texts, each copy
// under its own slug with the original's title and all four translations,
// while the original's page links no copy. Preparing again changes nothing, and scaling is deterministic.
func TestScaledGuideIsTheDemoNTimesInEveryLanguage(t *testing.T) {
	demo, err := seed.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(demo.Scaled(3), demo.Scaled(3)) {
		t.Fatal("Scaled(3) differs between two calls")
	}
	original := demo.Articles[0]
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		ctx := context.Background()
		dbURL := db.URL(t)
		p, err := prepare(ctx, dbURL, 3, nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := 3 * len(demo.Articles); !p.loaded || p.articles != want || p.texts != 4*want {
			t.Fatalf("prepared %+v, want %d published articles with %d published texts", p, want, 4*want)
		}
		if again, err := prepare(ctx, dbURL, 3, nil); err != nil || again.loaded || again.articles != p.articles {
			t.Fatalf("preparing again: %+v, %v; want the database left as it was", again, err)
		}
		cfg := config.Default()
		cfg.Database.URL = dbURL
		a, err := app.New(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		// The measured page stays the same: it links no copy (of an
		// article, a place or a glossary term).
		rec := httptest.NewRecorder()
		a.Handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, articlePath, nil))
		if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), "-x2") || strings.Contains(rec.Body.String(), "-x3") {
			t.Errorf("GET %s: %d, want 200 and no link to a copy:\n%.3000s", articlePath, rec.Code, rec.Body.String())
		}
		gql := testenv.NewGraphQL(t, a.Handler)
		for _, l := range lang.All {
			text := original.Texts[l]
			var data struct {
				GuideArticle *struct {
					Title             string
					TranslationStatus string
					Translations      []struct{ Language, Path string }
				}
			}
			gql.Post(`query($slug: String!) { guideArticle(slug: $slug) { title translationStatus translations { language path } } }`,
				map[string]any{"slug": text.Slug + "-x3"}, "Accept-Language", string(l)).MustData(&data)
			got := data.GuideArticle
			if got == nil || got.Title != text.Title || len(got.Translations) != len(lang.All) {
				t.Fatalf("%s: copy 3 of %q reads %+v, want the title %q and %d translations", l, original.Key, got, text.Title, len(lang.All))
			}
			for _, tr := range got.Translations {
				if !strings.HasSuffix(tr.Path, "-x3") {
					t.Errorf("%s: translation %s of the copy has the path %q, want the copy's own slug", l, tr.Language, tr.Path)
				}
			}
		}
	})
}

// TestReportRatiosAndShares checks the arithmetic of the report: % of the
// limit against the mean of the limit runs around a kind, the cost ratio
// against ×1, the percentiles, and the side-by-side table.
func TestReportRatiosAndShares(t *testing.T) {
	k := kinds[2]
	at := func(ok int, cpu time.Duration, limitRate float64) row {
		lat := make([]time.Duration, ok)
		for i := range lat {
			lat[i] = time.Duration(i+1) * time.Millisecond
		}
		return row{kind: k, limitRate: limitRate,
			m: measurement{ok: ok, window: 2 * time.Second, latencies: lat, cpu: cpu * time.Duration(ok)}}
	}
	x1, x100 := at(100, 2*time.Millisecond, 1000), at(10, 6*time.Millisecond, 1000)
	if got := x1.m.rate(); got != 50 {
		t.Errorf("rate: %v, want 50 req/s", got)
	}
	if got := x1.percentOfLimit(); got != 5 {
		t.Errorf("%% of limit: %v, want 5", got)
	}
	if got := x1.m.quantile(0.99); got != 99*time.Millisecond {
		t.Errorf("p99: %v, want 99ms", got)
	}
	if got := x1.m.quantile(0.5); got != 50*time.Millisecond {
		t.Errorf("p50: %v, want 50ms", got)
	}
	if got := costRatio(x1.m.cpuPerRequest(), x100.m.cpuPerRequest()); got != 3 {
		t.Errorf("cost ratio: %v, want 3", got)
	}
	if got := costRatio(x1.m.cpuPerRequest(), 0); got != 0 {
		t.Errorf("cost ratio without answers: %v, want 0 (unknown)", got)
	}
	merged := merge(x1.m, x100.m)
	if merged.ok != 110 || merged.window != 4*time.Second || len(merged.latencies) != 110 {
		t.Errorf("merge: %+v", merged)
	}
	if p50, p99 := merged.quantile(0.5), merged.quantile(0.99); p50 != 45*time.Millisecond || p99 != 99*time.Millisecond {
		t.Errorf("merged runs: p50 %v, p99 %v, want 45ms and 99ms (over the latencies of both)", p50, p99)
	}
	var out bytes.Buffer
	writeGrowth(&out, "SQLite", []result{
		{db: "SQLite", prep: prepared{scale: 1, articles: 38}, rows: []row{x1}},
		{db: "SQLite", prep: prepared{scale: 100, articles: 3800}, rows: []row{x100}},
	})
	for _, want := range []string{"×1 (38 articles)", "×100 (3800 articles)", "cost ×100 / ×1", "| 3.00× |",
		"50.0 req/s (5.0 % of the limit), 2.00 ms CPU/request, p99 99.0 ms", "5.0 req/s (0.50 % of the limit), 6.00 ms CPU/request"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("side-by-side table lacks %q:\n%s", want, out.String())
		}
	}

	// No answer or too few under load: the cost comes from the requests one
	// at a time.
	alone := at(3, 40*time.Millisecond, 0)
	timedOut := row{kind: k, limitRate: 1000, m: measurement{bad: 40, timeouts: 32, unavailable: 8, window: 2 * time.Second}, single: &alone.m}
	few := timedOut
	few.m = measurement{ok: 2, window: 2 * time.Second, latencies: []time.Duration{time.Second, 2 * time.Second}, cpu: time.Second}
	out.Reset()
	writeGrowth(&out, "SQLite", []result{
		{db: "SQLite", prep: prepared{scale: 1, articles: 38}, rows: []row{x1}},
		{db: "SQLite", prep: prepared{scale: 20, articles: 760}, rows: []row{few}},
		{db: "SQLite", prep: prepared{scale: 100, articles: 3800}, rows: []row{timedOut}},
	})
	for _, want := range []string{"0 (40 errors: 8 503, 32 time-outs); one at a time: 2.00 ms, 40.0 ms CPU/request", "| 20× (one at a time) |",
		"1.0 req/s (0.10 % of the limit), p99 2000 ms; one at a time: 2.00 ms, 40.0 ms CPU/request"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("side-by-side table lacks %q:\n%s", want, out.String())
		}
	}
}

// TestParseStat reads the CPU times of /proc/<pid>/stat, also of a
// process whose name holds spaces and parentheses.
func TestParseStat(t *testing.T) {
	line := "4242 (postgres: a (b) c) S 17 4242 4242 0 -1 4194560 1 2 3 4 150 25 7 3 20 0 1 0 100 1000 10"
	s, err := parseStat([]byte(line))
	if err != nil {
		t.Fatal(err)
	}
	if s.ppid != 17 || s.utime != 150 || s.stime != 25 || s.cutime != 7 || s.cstime != 3 {
		t.Errorf("parsed %+v", s)
	}
	if _, err := processCPU(os.Getpid()); err != nil {
		t.Errorf("own CPU time: %v", err)
	}
}

// TestPacedDriveSendsAtTheRate: paced, the connections together send the
// rate asked for (not as fast as the answers come), and an answer that
// comes late is charged from when its request was due.
func TestPacedDriveSendsAtTheRate(t *testing.T) {
	ctx := context.Background()
	noCPU := func() (time.Duration, error) { return 0, nil }
	fast := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok") }))
	defer fast.Close()
	k := kind{path: "/", method: http.MethodGet, want: http.StatusOK}
	l := load{conns: 4, warmup: 100 * time.Millisecond, duration: time.Second, timeout: 5 * time.Second, rate: 200}
	m, err := drive(ctx, target{base: fast.URL, cpu: noCPU}, k, "", l, 0)
	if err != nil {
		t.Fatal(err)
	}
	if m.bad != 0 || m.ok < 150 || m.ok > 250 {
		t.Errorf("paced at 200 req/s for 1 s: %d answers, %d failures", m.ok, m.bad)
	}

	// A server that takes 50 ms to answer, asked 4 × 40 times a second
	// (every 25 ms per connection): each request is due before the last
	// answer came, so the latencies grow past the server's 50 ms.
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		time.Sleep(50 * time.Millisecond)
	}))
	defer slow.Close()
	l.rate = 160
	m, err = drive(ctx, target{base: slow.URL, cpu: noCPU}, k, "", l, 0)
	if err != nil {
		t.Fatal(err)
	}
	if m.ok == 0 || m.quantile(0.99) < 200*time.Millisecond {
		t.Errorf("a server slower than the pace: %d answers, p99 %v (want the waiting counted)", m.ok, m.quantile(0.99))
	}
}

// TestThePeerIsComparedTitleByTitle reads topics10 from the real handler
// and compares it with peer answers made from its titles: the same titles
// in the same order are the same answer; another order or a missing
// article is not. The report then compares the two rows.
func TestThePeerIsComparedTitleByTitle(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		h := testenv.Shared(t, db).Handler
		req := kinds[0].request("")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		ours := rec.Body.Bytes()
		var r struct {
			Data struct {
				GuideCategories []struct {
					Articles struct {
						Edges []struct{ Node struct{ Title string } }
					}
				}
			}
		}
		if err := json.Unmarshal(ours, &r); err != nil || len(r.Data.GuideCategories) < 2 {
			t.Fatalf("topics10 answered %d %.300s (%v)", rec.Code, ours, err)
		}
		// The peer's shape: topics, each with its articles, each with its
		// (one) Latvian translation.
		peerAnswer := func(titles [][]string) []byte {
			type tr struct {
				Title string `json:"title"`
			}
			type art struct {
				T struct {
					Nodes []tr `json:"nodes"`
				} `json:"guideArticleTranslationsByArticleId"`
			}
			type topic struct {
				A struct {
					Nodes []art `json:"nodes"`
				} `json:"guideArticlesByCategoryId"`
			}
			var topics []topic
			for _, ts := range titles {
				var tp topic
				for _, title := range ts {
					var a art
					a.T.Nodes = []tr{{title}}
					tp.A.Nodes = append(tp.A.Nodes, a)
				}
				topics = append(topics, tp)
			}
			body, _ := json.Marshal(map[string]any{"data": map[string]any{"allGuideCategories": map[string]any{"nodes": topics}}})
			return body
		}
		var titles [][]string
		count := 0
		for _, c := range r.Data.GuideCategories {
			var ts []string
			for _, e := range c.Articles.Edges {
				ts = append(ts, e.Node.Title)
			}
			count += len(ts)
			titles = append(titles, ts)
		}
		same, err := sameTitles(ours, peerAnswer(titles))
		if want := fmt.Sprintf("the same %d titles in the same order", count); err != nil || same != want {
			t.Errorf("same answer: %q, %v; want %q", same, err, want)
		}
		titles[0], titles[1] = titles[1], titles[0]
		if got, _ := sameTitles(ours, peerAnswer(titles)); !strings.HasPrefix(got, "answers differ") {
			t.Errorf("topics in another order: %q, want the answers to differ", got)
		}
		titles[0], titles[1] = titles[1], titles[0]
		titles[0] = titles[0][1:]
		if got, _ := sameTitles(ours, peerAnswer(titles)); got != fmt.Sprintf("answers differ: relocate lists %d titles, the peer %d", count, count-1) {
			t.Errorf("an article missing: %q", got)
		}
	})

	fast, slow := row{kind: kinds[0]}, row{kind: peerKind("PostGraphile 4.14.1")}
	fast.m = measurement{ok: 3000, window: time.Second, cpu: 3000 * 80 * time.Microsecond, latencies: []time.Duration{time.Millisecond}}
	slow.m = measurement{ok: 60, window: time.Second, cpu: 60 * 4 * time.Millisecond, latencies: []time.Duration{100 * time.Millisecond}}
	if got, want := versusPeer([]row{fast, slow}), "topics10 against the peer: 50× its req/s; the peer's CPU per request is 50× relocate's (p99 1.00 ms against 100 ms)."; got != want {
		t.Errorf("comparison: %q, want %q", got, want)
	}
	slow.skipped = "the peer did not answer within a minute"
	if got := versusPeer([]row{fast, slow}); got != "" {
		t.Errorf("comparison with a peer not measured: %q, want none", got)
	}
}
