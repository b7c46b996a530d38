package graph_test

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"relocate/ent"
	"relocate/ent/auditentry"
	"relocate/ent/consent"
	"relocate/ent/partner"
	"relocate/ent/schema/schematype"
	"relocate/ent/timelineentry"
	"relocate/internal/app"
	"relocate/internal/audit"
	"relocate/internal/lang"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// The network's rows of the access matrix and its types' decisions about
// personal data, kept apart from the shared tables.
func init() {
	matrix = append(matrix, []struct {
		field, op string
		allowed   []string
	}{
		{"Query.partners", `{ partners(first: 1) { totalCount } }`, caseStaff},
		{"Query.trainings", `{ trainings(first: 1) { totalCount } }`, companySide},
		{"Mutation.createPartner", `mutation { createPartner(input: {name: "", country: "XX", kind: OTHER}) { partner { id } } }`, caseStaff},
		{"Mutation.updatePartner", `mutation { updatePartner(input: {partnerId: "99999999"}) { partner { id } } }`, caseStaff},
		{"Mutation.recordRecognition", `mutation { recordRecognition(input: {caseId: "99999999", referenceOccupation: "x"}) { recognition { id } } }`, caseStaff},
		{"Mutation.referCase", `mutation { referCase(input: {caseId: "99999999", partnerId: "99999999", service: "x"}) { referral { id } } }`, caseStaff},
		{"Mutation.answerReferral", `mutation { answerReferral(input: {referralId: "99999999", status: DONE}) { referral { id } } }`, caseStaff},
		{"Mutation.createTraining", `mutation { createTraining(input: {title: "", startsAt: "2000-01-01T00:00:00Z", capacity: 0}) { training { id } } }`, caseStaff},
		{"Mutation.bookTraining", `mutation { bookTraining(input: {trainingId: "99999999", participants: 1}) { booking { id } } }`, companySide},
		{"Mutation.recordAttendance", `mutation { recordAttendance(input: {bookingId: "99999999", attended: 1}) { booking { id } } }`, caseStaff},
		{"Mutation.updateInquiry", `mutation { updateInquiry(input: {inquiryId: "99999999"}) { inquiry { id } } }`, caseStaff},
		{"Mutation.convertInquiry", `mutation { convertInquiry(input: {inquiryId: "99999999"}) { inquiry { id } } }`, caseStaff},
		{"Training.bookings", `{ trainings(first: 1) { edges { node { bookings { participants } } } } }`, companySide},
	}...)
	for name, why := range map[string]string{
		"CreatePartnerPayload":     "wraps a Partner",
		"UpdatePartnerPayload":     "wraps a Partner",
		"RecordRecognitionPayload": "wraps a Recognition, whose read is audited as such",
		"ReferCasePayload":         "wraps a Referral, whose read is audited as such",
		"AnswerReferralPayload":    "wraps a Referral, whose read is audited as such",
		"CreateTrainingPayload":    "wraps a Training",
		"BookTrainingPayload":      "wraps a TrainingBooking",
		"RecordAttendancePayload":  "wraps a TrainingBooking",
		"UpdateInquiryPayload":     "wraps an Inquiry, whose read is audited as such",
		"ConvertInquiryPayload":    "wraps an Inquiry and what it became, whose reads are audited as such",
	} {
		notPersonal[name] = why
	}
}

// companySide may use the fields of trainings, in the access matrix.
var companySide = []string{"ADMIN", "CASEWORKER", "COMPANY_CONTACT"}

// network is an app with a settable clock and the people of the
// network's tests: staff, the contacts of two companies, a newcomer with
// a case (and their consent to case processing), and those who may see
// none of it.
type network struct {
	t     *testing.T
	app   *app.App
	gql   *testenv.GraphQL
	clock *clock
	sys   context.Context

	caseworker, admin, editor, translator, newcomer, contactA, contactB string

	companyA, companyB, person, caseID int
}

func newNetwork(t *testing.T, db testenv.DB) *network {
	t.Helper()
	c := &clock{t: time.Now()}
	a := testenv.NewApp(t, db, testenv.WithClock(c.Now))
	n := &network{t: t, app: a, gql: testenv.NewGraphQL(t, a.Handler), clock: c, sys: viewer.SystemContext(context.Background())}
	client := a.Store.Client
	n.companyA = client.Company.Create().SetName("Metallbau Elbe GmbH").SaveX(n.sys).ID
	n.companyB = client.Company.Create().SetName("Börde Pflege gGmbH").SaveX(n.sys).ID
	n.person = client.Person.Create().SetGivenName("Jānis").SetFamilyName("Bērziņš").
		SetPreferredLanguage(lang.LV).SaveX(n.sys).ID
	// The case exists only with a legal basis for processing (casework).
	client.Consent.Create().SetPersonID(n.person).SetPurpose(consent.PurposeCASE_PROCESSING).
		SetChannel(consent.ChannelIN_PERSON).SetGivenAt(time.Now().Add(-time.Hour)).ExecX(n.sys)
	n.caseID = client.CaseFile.Create().SetReference("RS-2026-0001").SetKind("PLACEMENT").SetStatus("INTAKE").
		SetPersonID(n.person).SetOpenedOn(schematype.Today(time.Now())).SaveX(n.sys).ID

	n.caseworker = testenv.SignIn(t, a, "caseworker@example.org", []viewer.Role{viewer.Caseworker})
	n.admin = testenv.SignIn(t, a, "admin@example.org", []viewer.Role{viewer.Admin})
	n.editor = testenv.SignIn(t, a, "editor@example.org", []viewer.Role{viewer.Editor})
	n.translator = testenv.SignIn(t, a, "translator@example.org", []viewer.Role{viewer.Translator}, lang.LV)
	n.newcomer = testenv.SignIn(t, a, "janis@example.org", []viewer.Role{viewer.Newcomer})
	n.contactA = testenv.SignIn(t, a, "hr@metallbau.example", []viewer.Role{viewer.CompanyContact})
	n.contactB = testenv.SignIn(t, a, "hr@pflege.example", []viewer.Role{viewer.CompanyContact})
	for email, set := range map[string]func(*ent.UserUpdateOne){
		"janis@example.org":    func(u *ent.UserUpdateOne) { u.SetCaseID(n.caseID) },
		"hr@metallbau.example": func(u *ent.UserUpdateOne) { u.SetCompanyID(n.companyA) },
		"hr@pflege.example":    func(u *ent.UserUpdateOne) { u.SetCompanyID(n.companyB) },
	} {
		u, err := a.Auth.UserByEmail(n.sys, email)
		if err != nil {
			t.Fatal(err)
		}
		up := client.User.UpdateOne(u)
		set(up)
		up.ExecX(n.sys)
	}
	return n
}

// as sends op as the user of token ("" for anonymous readers).
func (n *network) as(token, op string, vars map[string]any, header ...string) *testenv.Response {
	n.t.Helper()
	if token != "" {
		header = append([]string{"Authorization", "Bearer " + token}, header...)
	}
	return n.gql.Post(op, vars, header...)
}

// ok sends op as token and decodes its data into v (nil: discarded),
// failing on errors.
func (n *network) ok(token, op string, vars map[string]any, v any) {
	n.t.Helper()
	if v == nil {
		v = &map[string]any{}
	}
	n.as(token, op, vars).MustData(v)
}

// consent records a consent of the test's person for purpose, given an
// hour ago, and returns it.
func (n *network) consent(purpose string) *ent.Consent {
	n.t.Helper()
	return n.app.Store.Client.Consent.Create().SetPersonID(n.person).SetPurpose(consent.Purpose(purpose)).
		SetChannel("IN_PERSON").SetGivenAt(time.Now().Add(-time.Hour)).SaveX(n.sys)
}

// partnerID returns the ID of the seeded partner with key.
func (n *network) partnerID(key string) string {
	n.t.Helper()
	return id(n.app.Store.Client.Partner.Query().Where(partner.Key(key)).OnlyIDX(n.sys))
}

// timeline returns the kinds and summaries of the timeline of the test's
// case, oldest first.
func (n *network) timeline() []string {
	n.t.Helper()
	es := n.app.Store.Client.TimelineEntry.Query().Where(timelineentry.CaseID(n.caseID)).
		Order(ent.Asc(timelineentry.FieldID)).AllX(n.sys)
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = string(e.Kind) + " " + e.Summary
	}
	return out
}

func id(i int) string { return strconv.Itoa(i) }

// fields returns extensions.fields of the first error.
func fields(r *testenv.Response) map[string]any {
	if len(r.Errors) == 0 {
		return nil
	}
	f, _ := r.Errors[0].Extensions["fields"].(map[string]any)
	return f
}

// fieldNames lists the keys of extensions.fields, sorted, joined by
// commas.
func fieldNames(r *testenv.Response) string {
	var names []string
	for k := range fields(r) {
		names = append(names, k)
	}
	slices.Sort(names)
	return strings.Join(names, ",")
}

// dataOf decodes the data of r into a map.
func dataOf(t *testing.T, r *testenv.Response) map[string]any {
	t.Helper()
	var m map[string]any
	if len(r.Data) > 0 && string(r.Data) != "null" {
		if err := json.Unmarshal(r.Data, &m); err != nil {
			t.Fatal(err)
		}
	}
	return m
}

// mutationsAudited returns the changes in the audit log, oldest first, as
// "operation objectIDs".
func (n *network) mutationsAudited() []string {
	n.t.Helper()
	es := n.app.Store.Client.AuditEntry.Query().Where(auditentry.Action(audit.Mutation)).
		Order(ent.Asc(auditentry.FieldID)).AllX(n.sys)
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = strings.TrimSpace(e.Operation + " " + strings.Join(e.ObjectIds, ","))
	}
	return out
}
