package graph_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"relocate/ent/user"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// TestForgedIDsAnswerLikeMissingOnes asks node(id:) and nodes(ids:) for
// objects of every protected kind, as viewers who may not see them, and
// compares the answer with the one for an ID that exists nowhere.
func TestForgedIDsAnswerLikeMissingOnes(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		s := newStaff(t, db)
		caseworker := testenv.SignIn(t, s.app, "cw@example.org", []viewer.Role{viewer.Caseworker})
		sys := viewer.SystemContext(context.Background())
		c := s.app.Store.Client

		// One object of each protected kind.
		users := c.User.Query().Where(user.Email("admin@example.org")).IDsX(sys)
		editors := c.User.Query().Where(user.Email("editor@example.org")).IDsX(sys)
		entries := c.AuditEntry.Query().IDsX(sys)
		var topics struct{ GuideCategories []struct{ ID string } }
		s.gql.Post(`{ guideCategories { id } }`, nil).MustData(&topics)
		var created struct{ CreateGuideArticle struct{ ID string } }
		s.as(s.editor, `mutation($c: ID!) { createGuideArticle(input: {categoryId: $c, key: "draft", title: "Entwurf", slug: "entwurf", summary: "S", body: "B"}) { id } }`,
			map[string]any{"c": topics.GuideCategories[0].ID}).MustData(&created)
		revisions := c.GuideArticleRevision.Query().IDsX(sys)
		if len(users) == 0 || len(entries) == 0 || len(revisions) == 0 {
			t.Fatal("nothing to ask for")
		}
		sessions := c.Session.Query().IDsX(sys)
		inquiryRange := fmt.Sprint(users[0] + (1 << 32)) // IDs of other tables are just as unknown

		missing := func(token, id string) (string, string) {
			h := []string{}
			if token != "" {
				h = []string{"Authorization", "Bearer " + token}
			}
			r := s.gql.Post(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id}, h...)
			rs := s.gql.Post(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": []string{id}}, h...)
			msg := ""
			if len(r.Errors) > 0 {
				msg = r.Errors[0].Message
			}
			return r.Code() + " " + msg + " " + string(r.Data), rs.Code() + " " + string(rs.Data)
		}
		wantNode, wantNodes := missing("", "9999999999999")
		if !strings.HasPrefix(wantNode, "NOT_FOUND") {
			t.Fatalf("a missing ID: %s", wantNode)
		}
		for _, tc := range []struct {
			kind, id string
			askers   map[string]string
		}{
			// Caseworkers see the accounts of case management (staff,
			// company contacts, newcomers), not the guide's editors.
			{"user", fmt.Sprint(users[0]), map[string]string{"anonymous": "", "editor": s.editor}},
			{"editor's account", fmt.Sprint(editors[0]), map[string]string{"anonymous": "", "translator": s.translator, "caseworker": caseworker}},
			{"audit entry", fmt.Sprint(entries[0]), map[string]string{"anonymous": "", "editor": s.editor, "translator": s.translator, "caseworker": caseworker}},
			{"revision", fmt.Sprint(revisions[0]), map[string]string{"anonymous": "", "caseworker": caseworker}},
			{"draft article", created.CreateGuideArticle.ID, map[string]string{"anonymous": "", "caseworker": caseworker}},
			{"session", fmt.Sprint(sessions[0]), map[string]string{"anonymous": "", "admin": s.admin}},
			{"another table", inquiryRange, map[string]string{"anonymous": ""}},
		} {
			for who, token := range tc.askers {
				gotNode, gotNodes := missing(token, tc.id)
				if gotNode != wantNode || gotNodes != wantNodes {
					t.Errorf("%s as %s: %s / %s, want %s / %s", tc.kind, who, gotNode, gotNodes, wantNode, wantNodes)
				}
			}
		}
		// Those who may see them do.
		for _, tc := range []struct{ kind, id, token string }{
			{"user", fmt.Sprint(users[0]), s.admin},
			{"audit entry", fmt.Sprint(entries[0]), s.admin},
			{"revision", fmt.Sprint(revisions[0]), s.editor},
			{"draft article", created.CreateGuideArticle.ID, s.translator},
		} {
			if r := s.as(tc.token, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": tc.id}); r.Code() != "" {
				t.Errorf("%s for those allowed: %s", tc.kind, r.Raw)
			}
		}
		// A user sees their own account and no one else's.
		var me struct{ Viewer struct{ ID string } }
		s.as(s.editor, `{ viewer { id } }`, nil).MustData(&me)
		if r := s.as(s.editor, `query($id: ID!) { node(id: $id) { ... on User { email } } }`, map[string]any{"id": me.Viewer.ID}); r.Code() != "" {
			t.Errorf("own account: %s", r.Raw)
		}
		if r := s.as(s.translator, `query($id: ID!) { node(id: $id) { ... on User { email } } }`, map[string]any{"id": me.Viewer.ID}); r.Code() != "NOT_FOUND" {
			t.Errorf("someone else's account: %s", r.Raw)
		}
		// Reading other users' accounts is audited.
		s.as(s.admin, `{ users { totalCount edges { node { email } } } }`, nil).MustData(&struct{}{})
		var log struct {
			AuditLog struct {
				Edges []struct {
					Node struct{ Action, Operation string }
				}
			}
		}
		s.as(s.admin, `{ auditLog(first: 1) { edges { node { action operation } } } }`, nil).MustData(&log)
		if e := log.AuditLog.Edges[0].Node; e.Action != "READ" || e.Operation != "users" {
			t.Errorf("reading users is not audited: %+v", e)
		}
		// So is reading them through another object: the actors of the log.
		s.as(s.admin, `{ auditLog(first: 5) { edges { node { actor { email } } } } }`, nil).MustData(&struct{}{})
		s.as(s.admin, `{ auditLog(first: 1) { edges { node { action operation } } } }`, nil).MustData(&log)
		if e := log.AuditLog.Edges[0].Node; e.Action != "READ" || e.Operation != "auditLog" {
			t.Errorf("reading the actors of the audit log is not audited: %+v", e)
		}
	})
}
