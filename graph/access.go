package graph

import (
	"context"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"relocate/internal/apperr"
	"relocate/internal/viewer"
)

// rule says who may use a field.
type rule struct {
	public   bool // anyone, signed in or not
	signedIn bool // any signed-in user
	// capabilities: users whom their roles grant any of them (see the
	// capability table in internal/viewer).
	capabilities []viewer.Capability
}

// anyOf is the rule of a field for users who hold any of capabilities.
func anyOf(capabilities ...viewer.Capability) rule { return rule{capabilities: capabilities} }

var (
	public   = rule{public: true}
	signedIn = rule{signedIn: true}
	admins   = anyOf(viewer.ManageUsers)
	auditors = anyOf(viewer.ReadAuditLog)
	// editors change structure, German texts and publication.
	editors = anyOf(viewer.EditSource)
	// draftReaders read drafts, revisions and the translation dashboard.
	draftReaders = anyOf(viewer.ReadDrafts)
	// translators write texts; the services and ent rules check the language.
	translators = anyOf(viewer.Translate)

	// Case management. Which rows each sees is decided by the ent
	// schema's rules (internal/rule/casework.go); these say which fields.
	// caseStaff: caseworkers and administrators, everything.
	caseStaff = anyOf(viewer.ManageCases)
	// inquiryStaff: those who triage the site's inquiries.
	inquiryStaff = anyOf(viewer.HandleInquiries)
	// companySide: staff, and a company contact for their own company.
	companySide = anyOf(viewer.ManageCases, viewer.OwnCompany)
	// newcomerSide: staff, and a newcomer for their own case.
	newcomerSide = anyOf(viewer.ManageCases, viewer.OwnCase)
	// caseSlice: staff; a company contact for the people placed with it
	// (name, case status, start date); a newcomer for their own case.
	caseSlice = anyOf(viewer.ManageCases, viewer.OwnCompany, viewer.OwnCase)
	// checklistStaff: staff, and those who change checklist templates.
	checklistStaff = anyOf(viewer.ManageCases, viewer.ManageChecklists)
	// checklistEditors: those who change checklist templates.
	checklistEditors = anyOf(viewer.ManageChecklists)
)

// access classifies every field of the schema, as "Type.field" or, for all
// fields of a type, "Type.*". A test fails when a field is missing, and an
// unclassified field is refused. Which rows a viewer sees is decided below
// this layer, by the ent schema (published content for the public, users
// for administrators and themselves …), so node(id:) with an ID the viewer
// may not see answers exactly like a missing one.
var access = map[string]rule{
	// The public welcome guide.
	"Query.node": public, "Query.nodes": public,
	"Query.languages": public, "Query.guideCategories": public, "Query.guideCategory": public,
	"Query.guideArticle": public, "Query.guideArticles": public, "Query.searchGuide": public,
	"Query.places": public, "Query.placeCategories": public, "Query.place": public, "Query.glossaryTerms": public,
	"Language.*": public, "GuideCategory.*": public, "GuideCategoryConnection.*": public, "GuideCategoryEdge.*": public,
	"GuideArticle.*": public, "GuideArticleConnection.*": public, "GuideArticleEdge.*": public,
	"GuideArticleTranslationLink.*": public, "TranslationLink.*": public, "GuideSearchHit.*": public,
	// Offline sync: published content only, the same for everyone.
	"Query.guideChanges": public, "GuideChanges.*": public, "GuideTombstone.*": public,
	// How current an article's facts are, and their sources: public, on
	// the site too (GuideArticle.* says so already; named for the record).
	"GuideArticle.reviewedAt": public, "GuideArticle.figuresFor": public, "GuideArticle.validUntil": public,
	"GuideArticle.sources": public, "GuideArticle.reviewDue": public, "GuideArticle.freshness": public,
	"Source.*": public,
	"Place.*":  public, "PlaceConnection.*": public, "PlaceEdge.*": public, "OpeningPeriod.*": public,
	"PlaceCategory.*": public, "GlossaryTerm.*": public, "GlossaryTermConnection.*": public, "GlossaryTermEdge.*": public,
	"PageInfo.*": public,

	// Accounts.
	"Query.viewer":   public, // null for anonymous readers
	"Mutation.login": public, "LoginPayload.*": public,
	"Mutation.logout": signedIn,
	// Rows: administrators see every user, a user themselves; anonymous
	// readers reach only the account they just signed in to (LoginPayload).
	"User.*":      public,
	"Query.users": admins, "UserConnection.*": admins, "UserEdge.*": admins,
	"Mutation.createUser": admins, "Mutation.updateUser": admins, "Mutation.disableUser": admins,

	// The audit log.
	"Query.auditLog": auditors, "AuditEntry.*": auditors, "AuditEntryConnection.*": auditors, "AuditEntryEdge.*": auditors,

	// The editorial workflow.
	"GuideArticle.revisions":           draftReaders,
	"GuideArticleRevision.*":           draftReaders,
	"GuideArticleRevisionConnection.*": draftReaders, "GuideArticleRevisionEdge.*": draftReaders,
	"Query.translationDashboard": draftReaders,
	"TranslationDashboard.*":     draftReaders, "LanguageProgress.*": draftReaders, "TranslationTask.*": draftReaders,
	"ReviewTask.*":                draftReaders,
	"Mutation.createGuideArticle": editors, "Mutation.updateGuideArticle": editors,
	"Mutation.editGuideArticleSource":       editors,
	"Mutation.writeGuideArticleTranslation": translators, "Mutation.restoreGuideArticleRevision": translators,
	"Mutation.createGuideCategory": editors, "Mutation.updateGuideCategory": editors,
	"Mutation.writeGuideCategoryText": translators,
	"Mutation.createPlace":            editors, "Mutation.updatePlace": editors, "Mutation.writePlaceText": translators,
	"Mutation.createGlossaryTerm": editors, "Mutation.updateGlossaryTerm": editors,
	"Mutation.writeGlossaryTermText": translators,
	"Mutation.publish":               editors, "Mutation.unpublish": editors, "Mutation.archive": editors,
	"Mutation.reorder": editors,

	// Case management: companies and their vacancies. A company contact
	// sees their own company, never the staff's notes about it.
	"Company.*": companySide, "Company.notes": caseStaff,
	"CompanyConnection.*": caseStaff, "CompanyEdge.*": caseStaff,
	"CompanyContact.*": companySide, "CompanyContact.user": caseStaff, "CompanyContact.userID": caseStaff,
	"Vacancy.*": companySide, "VacancyConnection.*": caseStaff, "VacancyEdge.*": caseStaff,
	"Training.*": companySide, "TrainingConnection.*": companySide, "TrainingEdge.*": companySide,
	"TrainingBooking.*": companySide,

	// People: staff; of a placed person the company sees only the name,
	// and a newcomer sees their own name.
	"Person.*": caseStaff, "Person.id": caseSlice, "Person.givenName": caseSlice, "Person.familyName": caseSlice,
	"PersonConnection.*": caseStaff, "PersonEdge.*": caseStaff, "LanguageSkill.*": caseStaff,
	"FamilyMember.*": caseStaff, "Consent.*": caseStaff,

	// Cases: staff; the company the status and start date of a placement;
	// the newcomer their own case's status, dates, support needs, tasks,
	// shared notes and appointments.
	"Case.*": caseStaff, "CaseConnection.*": caseStaff, "CaseEdge.*": caseStaff,
	"Case.id": caseSlice, "Case.reference": caseSlice, "Case.status": caseSlice, "Case.startDate": caseSlice,
	"Case.person": caseSlice, "Case.vacancy": companySide,
	"Case.kind": newcomerSide, "Case.openedOn": newcomerSide, "Case.arrivedOn": newcomerSide,
	"Case.supportNeeds": newcomerSide, "Case.tasks": newcomerSide, "Case.notes": newcomerSide,
	"Case.appointments": newcomerSide,
	// What dashboards show of each case: as its tasks and appointments.
	"Case.openTasks": newcomerSide, "Case.nextAppointment": newcomerSide,
	"Task.*": newcomerSide, "Task.assignee": caseStaff, "Task.assigneeID": caseStaff,
	"Task.checklistItem": caseStaff, "Task.checklistItemID": caseStaff,
	"TaskConnection.*": caseStaff, "TaskEdge.*": caseStaff,
	"CaseNote.*": newcomerSide, "CaseNote.author": caseStaff, "CaseNote.authorID": caseStaff,
	"Appointment.*": newcomerSide, "AppointmentConnection.*": caseStaff, "AppointmentEdge.*": caseStaff,
	"TimelineEntry.*": caseStaff, "TimelineEntryConnection.*": caseStaff, "TimelineEntryEdge.*": caseStaff,
	"Recognition.*": caseStaff, "Referral.*": caseStaff,
	"Partner.*": caseStaff, "PartnerConnection.*": caseStaff, "PartnerEdge.*": caseStaff,
	"ChecklistItem.*": checklistStaff, "ChecklistItemConnection.*": checklistStaff, "ChecklistItemEdge.*": checklistStaff,

	// Reads and changes of case management: staff; a case by its
	// reference for everyone who may see one (rows decide which).
	"Query.companies": caseStaff, "Query.vacancies": caseStaff, "Query.persons": caseStaff,
	"Query.cases": caseStaff, "Query.case": caseSlice, "Query.caseworkers": caseStaff,
	"Case.allowedTransitions": caseStaff, "Case.nextDueOn": caseStaff,
	"Mutation.createCompany": caseStaff, "CreateCompanyPayload.*": caseStaff,
	"Mutation.updateCompany": caseStaff, "UpdateCompanyPayload.*": caseStaff,
	"Mutation.createVacancy": caseStaff, "CreateVacancyPayload.*": caseStaff,
	"Mutation.updateVacancy": caseStaff, "UpdateVacancyPayload.*": caseStaff,
	"Mutation.createPerson": caseStaff, "CreatePersonPayload.*": caseStaff,
	"Mutation.updatePerson": caseStaff, "UpdatePersonPayload.*": caseStaff,
	"Mutation.recordConsent": caseStaff, "RecordConsentPayload.*": caseStaff,
	"Mutation.withdrawConsent": caseStaff, "WithdrawConsentPayload.*": caseStaff,
	"Mutation.openCase": caseStaff, "OpenCasePayload.*": caseStaff,
	"Mutation.updateCase": caseStaff, "UpdateCasePayload.*": caseStaff,
	"Mutation.transitionCase": caseStaff, "TransitionCasePayload.*": caseStaff,
	"Mutation.assignCaseworker": caseStaff, "AssignCaseworkerPayload.*": caseStaff,
	"Mutation.addCaseNote": caseStaff, "AddCaseNotePayload.*": caseStaff,
	"Mutation.createTask": caseStaff, "CreateTaskPayload.*": caseStaff,
	"Mutation.updateTask": caseStaff, "UpdateTaskPayload.*": caseStaff,
	"Mutation.completeTask": caseStaff, "CompleteTaskPayload.*": caseStaff,

	// Statistics of cases: staff only.
	"Query.caseStatistics": caseStaff, "CaseStatistics.*": caseStaff, "CaseStatusCount.*": caseStaff,
	"CaseOutcomeCount.*": caseStaff, "SupportNeedCount.*": caseStaff, "CompanyCaseCount.*": caseStaff,
	"NationalityCount.*": caseStaff, "MonthCount.*": caseStaff,

	// Inquiries sent through the site.
	"Query.inquiries": inquiryStaff,
	"Inquiry.*":       inquiryStaff, "InquiryConnection.*": inquiryStaff, "InquiryEdge.*": inquiryStaff,

	// The network (graph/network.graphqls): partners, recognition,
	// referrals and the attendance of trainings are the staff's; company
	// contacts see the trainings and book them for their own company
	// (rule.BookForOwnCompany); inquiries are for those who triage them.
	"Query.partners": caseStaff, "Query.trainings": companySide,
	"Mutation.createPartner": caseStaff, "CreatePartnerPayload.*": caseStaff,
	"Mutation.updatePartner": caseStaff, "UpdatePartnerPayload.*": caseStaff,
	"Mutation.recordRecognition": caseStaff, "RecordRecognitionPayload.*": caseStaff,
	"Mutation.referCase": caseStaff, "ReferCasePayload.*": caseStaff,
	"Mutation.answerReferral": caseStaff, "AnswerReferralPayload.*": caseStaff,
	"Mutation.createTraining": caseStaff, "CreateTrainingPayload.*": caseStaff,
	"Mutation.bookTraining": companySide, "BookTrainingPayload.*": companySide,
	"Mutation.recordAttendance": caseStaff, "RecordAttendancePayload.*": caseStaff,
	"Mutation.updateInquiry": inquiryStaff, "UpdateInquiryPayload.*": inquiryStaff,
	// Converting makes people, cases and companies: the service checks
	// that the reader also manages cases.
	"Mutation.convertInquiry": inquiryStaff, "ConvertInquiryPayload.*": inquiryStaff,
	// Checklist templates: read by staff, changed by administrators
	// (MANAGE_CHECKLISTS); a newcomer reads the titles through their tasks.
	"Query.checklistItems": checklistStaff, "ChecklistItemTitle.*": checklistStaff,
	"Mutation.createChecklistItem": checklistEditors, "Mutation.updateChecklistItem": checklistEditors,
	"Mutation.writeChecklistItemTitle": checklistEditors, "Mutation.archiveChecklistItem": checklistEditors,
	"ChecklistItemPayload.*": checklistEditors,
	// Appointments: scheduled and cancelled by staff.
	"Mutation.scheduleAppointment": caseStaff, "ScheduleAppointmentPayload.*": caseStaff,
	"Mutation.cancelAppointment": caseStaff, "CancelAppointmentPayload.*": caseStaff,
	// Calendars: staff and newcomers (their own case); feeds are their
	// owner's (the service checks whose).
	"Case.calendarUrl": newcomerSide, "User.calendarUrl": newcomerSide, "User.calendarFeeds": newcomerSide,
	"Mutation.createCalendarFeed": newcomerSide, "CreateCalendarFeedPayload.*": newcomerSide,
	"Mutation.revokeCalendarFeed": newcomerSide, "RevokeCalendarFeedPayload.*": newcomerSide,
	"CalendarFeed.*": newcomerSide,
	// The start page: staff their cases, a newcomer their own; nothing for
	// company contacts.
	"User.openCases": newcomerSide, "User.overdueTasks": newcomerSide, "User.upcomingAppointments": newcomerSide,
}

// ruleFor returns the rule of field on object.
func ruleFor(object, field string) (rule, bool) {
	if r, ok := accessByField[fieldKey{object, field}]; ok {
		return r, true
	}
	r, ok := accessByField[fieldKey{object, "*"}]
	return r, ok
}

// fieldKey is an entry of access split at its dot, so that looking up a
// field (on every field of every request) builds no string.
type fieldKey struct{ object, field string }

var accessByField = func() map[fieldKey]rule {
	m := make(map[fieldKey]rule, len(access))
	for k, r := range access {
		object, field, _ := strings.Cut(k, ".")
		m[fieldKey{object, field}] = r
	}
	return m
}()

// allows returns nil when the viewer of ctx may use a field under r;
// otherwise the error to answer: UNAUTHENTICATED for anonymous readers,
// FORBIDDEN for others.
func (r rule) allows(ctx context.Context) error {
	if r.public {
		return nil
	}
	switch {
	case viewer.FromContext(ctx).Anonymous():
		return apperr.ErrUnauthenticated
	case r.signedIn:
		return nil
	case viewer.CanAny(ctx, r.capabilities...):
		return nil
	}
	return apperr.ErrForbidden
}

// authorize is the field middleware that enforces access on every field.
func authorize(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if strings.HasPrefix(fc.Object, "__") || strings.HasPrefix(fc.Field.Name, "__") {
		return next(ctx) // introspection
	}
	r, ok := ruleFor(fc.Object, fc.Field.Name)
	if !ok {
		noteRefusal(ctx, apperr.ErrForbidden)
		return nil, apperr.ErrForbidden
	}
	if r.public { // most fields: no need to look up the viewer in a deep context
		return next(ctx)
	}
	if err := r.allows(ctx); err != nil {
		noteRefusal(ctx, err) // audited, summed up (auditing.go)
		return nil, err
	}
	return next(ctx)
}
