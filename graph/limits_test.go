package graph_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"relocate/internal/config"
	"relocate/internal/testenv"
)

func TestOperationLimits(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		s := newStaff(t, db)
		// A draft to publish: a refused operation must leave it a draft.
		var topics struct{ GuideCategories []struct{ ID string } }
		s.gql.Post(`{ guideCategories { id } }`, nil).MustData(&topics)
		var created struct{ CreateGuideArticle struct{ ID string } }
		s.as(s.editor, `mutation($c: ID!) { createGuideArticle(input: {categoryId: $c, key: "limit", title: "T", slug: "limit", summary: "S", body: "B"}) { id } }`,
			map[string]any{"c": topics.GuideCategories[0].ID}).MustData(&created)
		id := created.CreateGuideArticle.ID
		audits := len(s.audits(t))

		deep := "title " + strings.Repeat("related { ", 10) + "title" + strings.Repeat(" }", 10)
		aliases := ""
		for i := range 31 {
			aliases += " a" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ": languages { code }"
		}
		for _, tc := range []struct {
			name, op, code string
		}{
			{"too deep", `mutation($id: ID!) { publish(id: $id) { ... on GuideArticle { ` + deep + ` } } }`, "QUERY_TOO_DEEP"},
			{"too deep through fragments", `query { guideArticles(first: 1) { edges { node { ...A } } } } fragment A on GuideArticle { related { related { related { related { related { related { related { related { title } } } } } } } } }`, "QUERY_TOO_DEEP"},
			{"too many aliases", `query {` + aliases + ` }`, "TOO_MANY_ALIASES"},
			{"too complex", `mutation($id: ID!) { publish(id: $id) { id } x: unpublish(id: $id) { ... on GuideArticle { category { articles(first: 100) { edges { node { category { articles(first: 100) { edges { node { title } } } } } } } } } } }`, "QUERY_TOO_COMPLEX"},
		} {
			r := s.as(s.editor, tc.op, map[string]any{"id": id}, "Accept-Language", "lv")
			if r.Code() != tc.code || string(r.Data) != "null" && r.Data != nil {
				t.Errorf("%s: %s", tc.name, r.Raw)
			}
			if r.Code() == tc.code && !strings.ContainsAny(r.Errors[0].Message, "āēīū") {
				t.Errorf("%s: the message is not Latvian: %s", tc.name, r.Errors[0].Message)
			}
		}
		var st struct{ Node struct{ Status string } }
		s.as(s.editor, `query($id: ID!) { node(id: $id) { ... on GuideArticle { status } } }`, map[string]any{"id": id}).MustData(&st)
		if st.Node.Status != "DRAFT" || len(s.audits(t)) != audits {
			t.Errorf("a refused operation ran: status %s, %d new audit entries", st.Node.Status, len(s.audits(t))-audits)
		}
		// A full page of articles is well within the cost limit.
		r := s.gql.Post(`{ guideArticles(first: 100) { edges { node { id title summary slug language translationStatus updatedAt path category { name slug } } } } }`, nil)
		if len(r.Errors) > 0 {
			t.Errorf("a full page is refused: %s", r.Raw)
		}

		// Batches are refused; GET never changes anything.
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`[{"query":"{ languages { code } }"},{"query":"{ languages { code } }"}]`))
		req.Header.Set("Content-Type", "application/json")
		if r := s.gql.Do(req); r.Status != http.StatusBadRequest || r.Code() != "BATCHING_NOT_SUPPORTED" {
			t.Errorf("batch: %d %s", r.Status, r.Raw)
		}
		get := httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(`mutation { publish(id: "`+id+`") { id } }`), nil)
		get.Header.Set("Authorization", "Bearer "+s.editor)
		if r := s.gql.Do(get); r.Status != http.StatusMethodNotAllowed || r.Code() != "METHOD_NOT_ALLOWED" {
			t.Errorf("GET mutation: %d %s", r.Status, r.Raw)
		}
		s.as(s.editor, `query($id: ID!) { node(id: $id) { ... on GuideArticle { status } } }`, map[string]any{"id": id}).MustData(&st)
		if st.Node.Status != "DRAFT" {
			t.Error("a GET mutation ran")
		}

		// A sign-in carries no other change.
		r = s.gql.Post(`mutation($id: ID!) { login(input: {email: "editor@example.org", password: "a password for tests"}) { token } publish(id: $id) { id } }`, map[string]any{"id": id})
		if r.Code() != "LOGIN_NOT_ALONE" {
			t.Errorf("login with another change: %s", r.Raw)
		}
		// Suggestions do not reveal fields.
		r = s.gql.Post(`{ user { id } }`, nil)
		if r.Code() != "GRAPHQL_VALIDATION_FAILED" || strings.Contains(string(r.Raw), "Did you mean") {
			t.Errorf("suggestions: %s", r.Raw)
		}
	})
}

func TestSlowRequestsAreCutOff(t *testing.T) {
	a := testenv.NewApp(t, testenv.DBs[0], testenv.WithConfig(func(c *config.Config) { c.GraphQL.Timeout = time.Nanosecond }))
	r := testenv.NewGraphQL(t, a.Handler).Post(`{ guideArticles { edges { node { title } } } }`, nil, "Accept-Language", "en")
	if r.Status != http.StatusServiceUnavailable || r.Code() != "TIMEOUT" || !strings.Contains(r.Errors[0].Message, "took too long") {
		t.Errorf("%s", r.Raw)
	}
}

func TestIntrospectionCanBeSwitchedOff(t *testing.T) {
	on := testenv.NewGraphQL(t, testenv.Shared(t, testenv.DBs[0]).Handler)
	if r := on.Post(`{ __schema { queryType { name } } }`, nil); len(r.Errors) > 0 {
		t.Errorf("introspection on: %s", r.Raw)
	}
	a := testenv.NewApp(t, testenv.DBs[0], testenv.WithConfig(func(c *config.Config) { c.GraphQL.Introspection = false }))
	if r := testenv.NewGraphQL(t, a.Handler).Post(`{ __schema { queryType { name } } }`, nil); len(r.Errors) == 0 {
		t.Errorf("introspection off: %s", r.Raw)
	}
}
