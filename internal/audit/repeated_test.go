package audit_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"relocate/ent"
	"relocate/ent/auditentry"
	"relocate/internal/audit"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

func TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }

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

func entries(t *testing.T, client *ent.Client) []*ent.AuditEntry {
	t.Helper()
	all, err := client.AuditEntry.Query().Where(auditentry.Action(audit.Refused)).Order(ent.Asc(auditentry.FieldID)).All(viewer.SystemContext(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	return all
}

func total(es []*ent.AuditEntry) (n int) {
	for _, e := range es {
		n += e.Count
	}
	return n
}

// TestRepeatedRefusalsAreSummedUp: a thousand refusals of one kind in one
// window are two entries counting a thousand; another address or window
// is another kind; nothing is updated, only appended.
func TestRepeatedRefusalsAreSummedUp(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		a := testenv.NewApp(t, db)
		c := &clock{t: time.Now()}
		rec, err := audit.New(a.Store.Client, audit.Options{Now: c.Now, Window: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		from := func(ip string) context.Context {
			return audit.WithRequest(context.Background(), audit.Request{IP: ip})
		}
		refuse := func(ctx context.Context, n int) {
			for range n {
				if err := rec.RecordRepeated(ctx, audit.Entry{Action: audit.Refused, Operation: "Query.users"}); err != nil {
					t.Fatal(err)
				}
			}
		}
		refuse(from("203.0.113.9"), 1000)
		if es := entries(t, a.Store.Client); len(es) != 1 || es[0].Count != 1 {
			t.Fatalf("the first refusal is not written at once: %+v", es)
		}
		if err := rec.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		es := entries(t, a.Store.Client)
		if len(es) != 2 || total(es) != 1000 || es[1].IP != "203.0.113.9" {
			t.Fatalf("1,000 refusals: %d entries counting %d", len(es), total(es))
		}
		first := fmt.Sprintf("%+v", es[0])

		// Another address is another kind; the next window starts afresh.
		refuse(from("198.51.100.1"), 10)
		c.Add(time.Minute)
		refuse(from("203.0.113.9"), 5)
		if err := rec.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		es = entries(t, a.Store.Client)
		if len(es) != 6 || total(es) != 1015 {
			t.Errorf("after another address and another window: %d entries counting %d", len(es), total(es))
		}
		if fmt.Sprintf("%+v", es[0]) != first {
			t.Errorf("an entry was changed: %+v, was %s", es[0], first)
		}
	})
}

// TestRefusalsInsideATransactionOutliveItsRollback: a refusal counted
// inside a transaction that is rolled back is still written afterwards.
func TestRefusalsInsideATransactionOutliveItsRollback(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		a := testenv.NewApp(t, db)
		rec, err := audit.New(a.Store.Client, audit.Options{Window: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		tx, err := a.Store.Client.Tx(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		ctx := ent.NewContext(audit.WithRequest(context.Background(), audit.Request{IP: "203.0.113.9"}), tx.Client())
		for range 3 {
			if err := rec.RecordRepeated(ctx, audit.Entry{Action: audit.Refused, Operation: "Mutation.publish"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		if err := rec.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		if es := entries(t, a.Store.Client); total(es) != 3 || es[0].IP != "203.0.113.9" {
			t.Errorf("refusals inside a rolled-back transaction: %+v", es)
		}
	})
}
