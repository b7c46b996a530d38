package graph_test

// Rows of the access matrix (access_test.go) for the root fields and
// mutations of checklists, appointments and calendars.
func init() {
	staff := []string{"ADMIN", "CASEWORKER"}
	ownCase := []string{"ADMIN", "CASEWORKER", "NEWCOMER"}
	matrix = append(matrix, []struct {
		field, op string
		allowed   []string
	}{
		{"Query.checklistItems", `{ checklistItems(first: 1) { totalCount } }`, staff},
		{"Mutation.createChecklistItem", `mutation { createChecklistItem(input: {key: "x", topic: "nowhere", dueOffsetDays: 0, titles: []}) { checklistItem { id } } }`, admin},
		{"Mutation.updateChecklistItem", `mutation { updateChecklistItem(input: {id: "99999999"}) { checklistItem { id } } }`, admin},
		{"Mutation.writeChecklistItemTitle", `mutation { writeChecklistItemTitle(input: {id: "99999999", language: LV, title: "x"}) { checklistItem { id } } }`, admin},
		{"Mutation.archiveChecklistItem", `mutation { archiveChecklistItem(input: {id: "99999999"}) { checklistItem { id } } }`, admin},
		{"Mutation.scheduleAppointment", `mutation { scheduleAppointment(input: {caseId: "99999999", startsAt: "2020-01-01T10:00:00Z", kind: OTHER}) { appointment { id } } }`, staff},
		{"Mutation.cancelAppointment", `mutation { cancelAppointment(input: {id: "99999999"}) { appointment { id } } }`, staff},
		{"Mutation.createCalendarFeed", `mutation { createCalendarFeed(input: {caseId: "99999999"}) { url } }`, ownCase},
		{"Mutation.revokeCalendarFeed", `mutation { revokeCalendarFeed(input: {id: "99999999"}) { feed { id } } }`, ownCase},
	}...)
}
