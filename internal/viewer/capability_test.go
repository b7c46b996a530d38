package viewer

import (
	"testing"

	"relocate/internal/lang"
)

func TestCapabilityTable(t *testing.T) {
	translator := Viewer{UserID: 7, Roles: []Role{Translator}, Languages: []lang.Code{lang.LV}}
	cases := []struct {
		name string
		v    Viewer
		c    Capability
		l    lang.Code
		want bool
	}{
		{"anonymous reads no drafts", Viewer{}, ReadDrafts, lang.DE, false},
		{"the system may do anything", Viewer{System: true}, ManageUsers, lang.DE, true},
		{"an editor writes German", Viewer{UserID: 1, Roles: []Role{Editor}}, Translate, lang.DE, true},
		{"an editor changes the source", Viewer{UserID: 1, Roles: []Role{Editor}}, EditSource, lang.DE, true},
		{"an editor manages no users", Viewer{UserID: 1, Roles: []Role{Editor}}, ManageUsers, lang.DE, false},
		{"a translator writes their language", translator, Translate, lang.LV, true},
		{"a translator writes no other language", translator, Translate, lang.RU, false},
		{"a translator does not write the German source", translator, Translate, lang.DE, false},
		{"a translator reads German drafts", translator, ReadDrafts, lang.DE, true},
		{"a translator reads drafts of their language", translator, ReadDrafts, lang.LV, true},
		{"a translator reads no drafts of other languages", translator, ReadDrafts, lang.EN, false},
		{"a caseworker handles inquiries", Viewer{UserID: 2, Roles: []Role{Caseworker}}, HandleInquiries, lang.DE, true},
		{"a caseworker reads no drafts", Viewer{UserID: 2, Roles: []Role{Caseworker}}, ReadDrafts, lang.DE, false},
		{"a newcomer reads no audit log", Viewer{UserID: 3, Roles: []Role{Newcomer}}, ReadAuditLog, lang.DE, false},
		{"an administrator reads the audit log", Viewer{UserID: 4, Roles: []Role{Admin}}, ReadAuditLog, lang.DE, true},
		{"a caseworker manages cases", Viewer{UserID: 2, Roles: []Role{Caseworker}}, ManageCases, lang.DE, true},
		{"a caseworker reopens no case", Viewer{UserID: 2, Roles: []Role{Caseworker}}, ReopenCases, lang.DE, false},
		{"a caseworker changes no checklist template", Viewer{UserID: 2, Roles: []Role{Caseworker}}, ManageChecklists, lang.DE, false},
		{"an administrator manages cases", Viewer{UserID: 4, Roles: []Role{Admin}}, ManageCases, lang.DE, true},
		{"an administrator reopens cases", Viewer{UserID: 4, Roles: []Role{Admin}}, ReopenCases, lang.DE, true},
		{"an administrator changes checklist templates", Viewer{UserID: 4, Roles: []Role{Admin}}, ManageChecklists, lang.DE, true},
		{"a company contact sees their company", Viewer{UserID: 5, Roles: []Role{CompanyContact}}, OwnCompany, lang.DE, true},
		{"a company contact manages no cases", Viewer{UserID: 5, Roles: []Role{CompanyContact}}, ManageCases, lang.DE, false},
		{"a newcomer sees their case", Viewer{UserID: 3, Roles: []Role{Newcomer}}, OwnCase, lang.DE, true},
		{"a newcomer manages no cases", Viewer{UserID: 3, Roles: []Role{Newcomer}}, ManageCases, lang.DE, false},
		{"an editor manages no cases", Viewer{UserID: 1, Roles: []Role{Editor}}, ManageCases, lang.DE, false},
		{"a translator sees no company", translator, OwnCompany, lang.LV, false},
	}
	for _, c := range cases {
		if got := c.v.CanIn(c.c, c.l); got != c.want {
			t.Errorf("%s: CanIn(%s, %s) = %v, want %v", c.name, c.c, c.l, got, c.want)
		}
	}
	if got := translator.LanguagesFor(ReadDrafts); len(got) != 2 || got[0] != lang.DE || got[1] != lang.LV {
		t.Errorf("a translator for lv reads drafts in %v, want [de lv]", got)
	}
	if (Viewer{UserID: 9, Roles: []Role{Translator}}).Can(Translate) {
		t.Error("a translator without languages may translate")
	}
}

// Every role is in the table, so a new role cannot be added without
// deciding what it may do.
func TestEveryRoleHasAnEntry(t *testing.T) {
	for _, r := range Roles {
		if _, ok := grants[r]; !ok {
			t.Errorf("role %s has no entry in the capability table", r)
		}
	}
}
