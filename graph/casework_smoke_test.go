package graph_test

import (
	"testing"

	"relocate/internal/testenv"
)

func TestCaseWorldSmoke(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db)
		r := w.as(w.cw, `query($r: String!) { case(reference: $r) { reference status version allowedTransitions nextDueOn person { givenName familyName } vacancy { title company { name } } tasks { title dueOn } notes { text visibility } timeline(first: 20) { totalCount edges { node { kind summary actorName } } } } }`, map[string]any{"r": w.refP})
		t.Logf("%s", r.Raw)
	})
}
