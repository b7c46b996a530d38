package graph_test

import (
	"testing"

	"relocate/internal/testenv"
)

type page struct {
	TotalCount int
	PageInfo   struct {
		HasNextPage, HasPreviousPage bool
		StartCursor, EndCursor       *string
	}
	Edges []struct {
		Cursor string
		Node   struct{ ID string }
	}
}

func TestCursorPaging(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		gql := testenv.NewGraphQL(t, testenv.Shared(t, db).Handler)
		for _, conn := range []string{"guideArticles", "places", "glossaryTerms"} {
			t.Run(conn, func(t *testing.T) {
				fields := `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }`
				// Forward in pages of 7.
				var forward []string
				var after any
				for i := 0; ; i++ {
					var d map[string]page
					gql.Post(`query($after: Cursor) { `+conn+`(first: 7, after: $after) { `+fields+` } }`,
						map[string]any{"after": after}).MustData(&d)
					p := d[conn]
					for _, e := range p.Edges {
						forward = append(forward, e.Node.ID)
					}
					if !p.PageInfo.HasNextPage {
						if len(forward) != p.TotalCount {
							t.Fatalf("paged through %d items, totalCount is %d", len(forward), p.TotalCount)
						}
						break
					}
					if i > 100 || p.PageInfo.EndCursor == nil {
						t.Fatal("paging does not end")
					}
					after = *p.PageInfo.EndCursor
				}
				seen := map[string]bool{}
				for _, id := range forward {
					if seen[id] {
						t.Fatalf("item %s appears twice", id)
					}
					seen[id] = true
				}
				// The whole list at once has the same items in the same order.
				var all map[string]page
				gql.Post(`{ `+conn+`(first: 100) { `+fields+` } }`, nil).MustData(&all)
				for i, e := range all[conn].Edges {
					if forward[i] != e.Node.ID {
						t.Fatalf("item %d: paged %s, listed %s", i, forward[i], e.Node.ID)
					}
				}
				// Backward in pages of 5 gives the same list.
				var backward []string
				var before any
				for i := 0; i < 100; i++ {
					var d map[string]page
					gql.Post(`query($before: Cursor) { `+conn+`(last: 5, before: $before) { `+fields+` } }`,
						map[string]any{"before": before}).MustData(&d)
					p := d[conn]
					ids := make([]string, 0, len(p.Edges))
					for _, e := range p.Edges {
						ids = append(ids, e.Node.ID)
					}
					backward = append(ids, backward...)
					if !p.PageInfo.HasPreviousPage {
						break
					}
					before = *p.PageInfo.StartCursor
				}
				if len(backward) != len(forward) {
					t.Fatalf("backward paging found %d items, forward %d", len(backward), len(forward))
				}
				for i := range forward {
					if forward[i] != backward[i] {
						t.Fatalf("item %d: forward %s, backward %s", i, forward[i], backward[i])
					}
				}
			})
		}
	})
}

func TestPagingLimits(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		gql := testenv.NewGraphQL(t, testenv.Shared(t, db).Handler)
		for _, tc := range []struct{ args, code string }{
			{"first: 101", "BAD_USER_INPUT"},
			{"first: -1", "BAD_USER_INPUT"},
			{"first: 2, last: 2", "BAD_USER_INPUT"},
			{`first: 2, after: "not-a-cursor"`, "BAD_USER_INPUT"},
			{`first: "two"`, "GRAPHQL_VALIDATION_FAILED"},
		} {
			r := gql.Post(`{ guideArticles(`+tc.args+`) { totalCount } }`, nil, "Accept-Language", "ru")
			if r.Code() != tc.code {
				t.Errorf("%s: code %q, want %s: %s", tc.args, r.Code(), tc.code, r.Raw)
			}
			assertClean(t, r)
		}
	})
}
