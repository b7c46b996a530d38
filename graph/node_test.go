package graph_test

import (
	"fmt"
	"slices"
	"testing"

	"relocate/internal/testenv"
)

func TestNodeRoundTrip(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		gql := testenv.NewGraphQL(t, testenv.Shared(t, db).Handler)
		var d struct {
			Languages       []struct{ ID string }
			GuideCategories []struct{ ID string }
			GuideArticles   struct {
				Edges []struct{ Node struct{ ID string } }
			}
			Places struct {
				Edges []struct{ Node struct{ ID string } }
			}
			PlaceCategories []struct{ ID string }
			GlossaryTerms   struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		gql.Post(`{
		  languages { id } guideCategories { id } placeCategories { id }
		  guideArticles(first: 1) { edges { node { id } } }
		  places(first: 1) { edges { node { id } } }
		  glossaryTerms(first: 1) { edges { node { id } } }
		}`, nil).MustData(&d)
		ids := map[string]string{
			"Language":      d.Languages[0].ID,
			"GuideCategory": d.GuideCategories[0].ID,
			"GuideArticle":  d.GuideArticles.Edges[0].Node.ID,
			"Place":         d.Places.Edges[0].Node.ID,
			"PlaceCategory": d.PlaceCategories[0].ID,
			"GlossaryTerm":  d.GlossaryTerms.Edges[0].Node.ID,
		}
		seen := map[string]bool{}
		for typ, id := range ids {
			if seen[id] {
				t.Errorf("ID %s is used by two types: IDs must be global", id)
			}
			seen[id] = true
			var n struct {
				Node struct {
					ID       string
					Typename string `json:"__typename"`
				}
			}
			gql.Post(`query($id: ID!) { node(id: $id) { id __typename } }`, map[string]any{"id": id}).MustData(&n)
			if n.Node.ID != id || n.Node.Typename != typ {
				t.Errorf("node(%s) = %+v, want the %s", id, n.Node, typ)
			}
		}
		// nodes() keeps the order asked for.
		want := []string{ids["GlossaryTerm"], ids["GuideArticle"], ids["Place"]}
		var ns struct{ Nodes []struct{ ID string } }
		gql.Post(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": want}).MustData(&ns)
		var got []string
		for _, n := range ns.Nodes {
			got = append(got, n.ID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("nodes = %v, want %v", got, want)
		}
	})
}

func TestNodeWithBadIDs(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		gql := testenv.NewGraphQL(t, testenv.Shared(t, db).Handler)
		for _, tc := range []struct{ id, code string }{
			{"abc", "BAD_USER_INPUT"},
			{"-5", "BAD_USER_INPUT"},
			{"99999999999", "NOT_FOUND"},
			{fmt.Sprint(1 << 40), "NOT_FOUND"},
		} {
			r := gql.Post(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": tc.id}, "Accept-Language", "lv")
			if r.Code() != tc.code {
				t.Errorf("node(%q): code %q, want %s (%s)", tc.id, r.Code(), tc.code, r.Raw)
			}
			if string(r.Data) != `{"node":null}` {
				t.Errorf("node(%q): data %s, want node null", tc.id, r.Data)
			}
			assertClean(t, r)
		}
	})
}
