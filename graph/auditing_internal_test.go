package graph

import (
	"slices"
	"testing"

	"relocate/ent"
)

// TestPersonalDataIsFoundByItsMark: the read audit knows no entity by
// name; it finds every type marked as personal data, also those not in the
// GraphQL schema yet (inquiries), alone or in lists, and leaves out what
// is about the reader.
func TestPersonalDataIsFoundByItsMark(t *testing.T) {
	actor := 3
	var nilUser *ent.User
	for _, tc := range []struct {
		name string
		res  any
		self int
		want []string
	}{
		{"an inquiry", &ent.Inquiry{ID: 7}, 0, []string{"7"}},
		{"an inquiry read by staff", &ent.Inquiry{ID: 7}, 3, []string{"7"}},
		{"another's account", &ent.User{ID: 4}, 3, []string{"4"}},
		{"one's own account", &ent.User{ID: 3}, 3, nil},
		{"an entry about oneself", &ent.AuditEntry{ID: 9, ActorID: &actor}, 3, nil},
		{"an entry about someone else", &ent.AuditEntry{ID: 9, ActorID: &actor}, 5, []string{"9"}},
		{"a session", &ent.Session{ID: 11, UserID: 4}, 3, []string{"11"}},
		{"nodes", []ent.Noder{&ent.User{ID: 4}, &ent.GuideArticle{ID: 5}, nilUser, &ent.AuditEntry{ID: 6}}, 3, []string{"4", "6"}},
		{"a list of inquiries", []*ent.Inquiry{{ID: 1}, {ID: 2}}, 3, []string{"1", "2"}},
		{"public content", &ent.GuideArticle{ID: 5}, 0, nil},
		{"no row", nilUser, 0, nil},
		{"a scalar", "text", 0, nil},
	} {
		if got := personalData(tc.res, tc.self); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
