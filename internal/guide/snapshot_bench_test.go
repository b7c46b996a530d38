package guide_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"testing"

	"relocate/ent/guidearticletranslation"
	"relocate/internal/config"
	"relocate/internal/guide"
	"relocate/internal/store"
	"relocate/internal/viewer"
)

// BenchmarkSnapshotRebuild measures building the guide's snapshot from
// the database at RELOCATE_BENCH_GUIDE_DB (e.g. one prepared with
// `relocate-bench prepare -scale 100`): whole, as at start, and after an
// edit of one article, as every publication does.
//
//	RELOCATE_BENCH_GUIDE_DB=file:/tmp/x100.db go test ./internal/guide -run '^$' -bench SnapshotRebuild
func BenchmarkSnapshotRebuild(b *testing.B) {
	url := os.Getenv("RELOCATE_BENCH_GUIDE_DB")
	if url == "" {
		b.Skip("set RELOCATE_BENCH_GUIDE_DB to a database with guide content")
	}
	ctx := viewer.SystemContext(context.Background())
	cfg := config.Default()
	st, err := store.Open(ctx, url, store.Options{Pool: cfg.Database.Pool})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	g, err := guide.New(st.Client, st.DB, st.Dialect, cfg.Guide)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("whole", func(b *testing.B) {
		b.ReportAllocs()
		var sn *guide.Snapshot
		for b.Loop() {
			if sn, err = g.Rebuild(ctx, nil); err != nil {
				b.Fatal(err)
			}
		}
		// What a snapshot holds in memory, before any rendering (renderings
		// add the HTML of the articles read, per language preference).
		b.StopTimer()
		var before, after runtime.MemStats
		sn = nil
		runtime.GC()
		runtime.ReadMemStats(&before)
		if sn, err = g.Rebuild(ctx, nil); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric((float64(after.HeapAlloc)-float64(before.HeapAlloc))/1e6/(float64(sn.Articles())/1000), "MB/1000-articles")
		runtime.KeepAlive(sn)
	})
	b.Run("after-edit", func(b *testing.B) {
		tr, err := st.Client.GuideArticleTranslation.Query().Where(guidearticletranslation.LanguageEQ("lv")).First(ctx)
		if err != nil {
			b.Fatal(err)
		}
		sn, err := g.Rebuild(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			b.StopTimer()
			i++
			if err := st.Client.GuideArticleTranslation.UpdateOne(tr).SetSummary(fmt.Sprintf("%s (%d)", tr.Summary, i)).Exec(ctx); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if sn, err = g.Rebuild(ctx, sn); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		if err := st.Client.GuideArticleTranslation.UpdateOne(tr).SetSummary(tr.Summary).Exec(ctx); err != nil {
			b.Fatal(err)
		}
	})
}
