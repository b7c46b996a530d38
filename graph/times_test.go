package graph_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// TestAuditLogIsNewestFirstAcrossZonesAndDST: entries written by processes
// in different time zones (a server in Berlin time, a command line in
// UTC), around the end of daylight-saving time, read newest first. SQLite
// used to store Go's time.String() with the writer's zone, which sorts as
// text: "02:10 +0100 CET" before "02:20 +0200 CEST" although it is later.
func TestAuditLogIsNewestFirstAcrossZonesAndDST(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	// Daylight-saving time ends on 25 October 2026 at 01:00 UTC (03:00 CEST
	// becomes 02:00 CET).
	end := time.Date(2026, 10, 25, 1, 0, 0, 0, time.UTC)
	written := []struct {
		name string
		at   time.Time
	}{
		{"dst-1", end.Add(-40 * time.Minute).In(berlin)}, // 02:20 CEST
		{"dst-2", end.Add(-20 * time.Minute).In(time.UTC)},
		{"dst-3", end.Add(-10 * time.Minute).In(berlin)}, // 02:50 CEST
		{"dst-4", end.Add(10 * time.Minute).In(berlin)},  // 02:10 CET
		{"dst-5", end.Add(20 * time.Minute).In(time.UTC)},
		{"dst-6", end.Add(30*time.Minute + 50*time.Millisecond).In(berlin)}, // 02:30:00.05 CET
		{"dst-7", end.Add(30*time.Minute + 500*time.Millisecond).In(time.UTC)},
	}
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		a := testenv.NewApp(t, db)
		ctx := viewer.SystemContext(context.Background())
		for _, w := range written {
			if err := a.Store.Client.AuditEntry.Create().SetAction("MUTATION").SetOperation(w.name).SetCreatedAt(w.at).Exec(ctx); err != nil {
				t.Fatal(err)
			}
		}
		token := testenv.SignIn(t, a, "admin@example.org", []viewer.Role{viewer.Admin})
		var d struct {
			AuditLog struct {
				Edges []struct{ Node struct{ Operation string } }
			}
		}
		testenv.NewGraphQL(t, a.Handler).Post(`{ auditLog(first: 100) { edges { node { operation } } } }`, nil,
			"Authorization", "Bearer "+token).MustData(&d)
		var got []string
		for _, e := range d.AuditLog.Edges {
			if strings.HasPrefix(e.Node.Operation, "dst-") {
				got = append(got, e.Node.Operation)
			}
		}
		if want := "dst-7 dst-6 dst-5 dst-4 dst-3 dst-2 dst-1"; strings.Join(got, " ") != want {
			t.Errorf("newest first: %v, want %s", got, want)
		}
	})
}
