package viewer

import (
	"slices"

	"relocate/internal/lang"
)

// Capability is something a viewer may do. Roles grant capabilities, some
// of them only in certain languages; the table below is the one place that
// says which. The GraphQL field gate (graph/access.go), the ent privacy
// rules (internal/rule) and the domain services all ask it.
type Capability string

// The capabilities.
const (
	// ReadDrafts: see unpublished and archived guide content, revisions
	// and the translation dashboard.
	ReadDrafts Capability = "READ_DRAFTS"
	// EditSource: change German source texts, the guide's structure and
	// what is published.
	EditSource Capability = "EDIT_SOURCE"
	// Translate: write the texts of a language.
	Translate Capability = "TRANSLATE"
	// ManageUsers: create, change and disable accounts and read them all.
	ManageUsers Capability = "MANAGE_USERS"
	// ReadAuditLog: read the audit log.
	ReadAuditLog Capability = "READ_AUDIT_LOG"
	// HandleInquiries: read and triage the inquiries sent through the site.
	HandleInquiries Capability = "HANDLE_INQUIRIES"
	// ManageCases: read and change all case management data: companies,
	// vacancies, people, cases, tasks, notes, appointments, recognition,
	// partners, referrals and trainings. Every read of a person's data is
	// audited.
	ManageCases Capability = "MANAGE_CASES"
	// ReopenCases: move a closed case back to the status it was closed in.
	ReopenCases Capability = "REOPEN_CASES"
	// ManageChecklists: change the checklist templates tasks are made from.
	ManageChecklists Capability = "MANAGE_CHECKLISTS"
	// OwnCompany: see one's own company (User.company): its contacts,
	// vacancies and training bookings, the trainings on offer, and of the
	// people placed with it who agreed to share with their employer only
	// the name, the case status and the start date.
	OwnCompany Capability = "OWN_COMPANY"
	// OwnCase: see one's own case (User.case): its status, tasks, shared
	// notes, appointments and the guide articles and places they link.
	OwnCase Capability = "OWN_CASE"
)

// scope says in which languages a grant holds.
type scope int

const (
	// everyLanguage: the capability holds without restriction.
	everyLanguage scope = iota
	// assignedLanguages: only in the viewer's own languages (a translator's).
	assignedLanguages
	// assignedAndSource: in the viewer's own languages and German.
	assignedAndSource
)

type grant struct {
	capability Capability
	scope      scope
}

// grants is the capability table: what each role may do.
var grants = map[Role][]grant{
	Admin: {
		{ManageUsers, everyLanguage}, {ReadAuditLog, everyLanguage}, {HandleInquiries, everyLanguage},
		{ReadDrafts, everyLanguage}, {EditSource, everyLanguage}, {Translate, everyLanguage},
		{ManageCases, everyLanguage}, {ReopenCases, everyLanguage}, {ManageChecklists, everyLanguage},
	},
	Editor: {{ReadDrafts, everyLanguage}, {EditSource, everyLanguage}, {Translate, everyLanguage}},
	// A translator reads drafts of the German source and of their languages
	// and writes their languages only.
	Translator:     {{ReadDrafts, assignedAndSource}, {Translate, assignedLanguages}},
	Caseworker:     {{HandleInquiries, everyLanguage}, {ManageCases, everyLanguage}},
	CompanyContact: {{OwnCompany, everyLanguage}},
	Newcomer:       {{OwnCase, everyLanguage}},
}

// capabilities are those granted to any role.
var capabilities = func() []Capability {
	var cs []Capability
	for _, gs := range grants {
		for _, g := range gs {
			if !slices.Contains(cs, g.capability) {
				cs = append(cs, g.capability)
			}
		}
	}
	return cs
}()

// Capabilities lists what role r grants, for documentation and tests.
func Capabilities(r Role) []Capability {
	var cs []Capability
	for _, g := range grants[r] {
		cs = append(cs, g.capability)
	}
	return cs
}

// Can reports whether the viewer holds capability c, in at least one
// language for capabilities that depend on the language. The system holds
// every capability.
func (v Viewer) Can(c Capability) bool {
	if v.System {
		return true
	}
	for _, l := range lang.All {
		if v.CanIn(c, l) {
			return true
		}
	}
	return false
}

// CanIn reports whether the viewer holds capability c for texts in
// language l.
func (v Viewer) CanIn(c Capability, l lang.Code) bool {
	if v.System {
		return true
	}
	for _, r := range v.Roles {
		for _, g := range grants[r] {
			if g.capability != c {
				continue
			}
			switch g.scope {
			case everyLanguage:
				return true
			case assignedAndSource:
				if l == lang.Source {
					return true
				}
				fallthrough
			case assignedLanguages:
				if l != lang.Source && slices.Contains(v.Languages, l) {
					return true
				}
			}
		}
	}
	return false
}

// LanguagesFor returns the languages in which the viewer holds c.
func (v Viewer) LanguagesFor(c Capability) []lang.Code {
	var ls []lang.Code
	for _, l := range lang.All {
		if v.CanIn(c, l) {
			ls = append(ls, l)
		}
	}
	return ls
}
