package graph_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	entconsent "relocate/ent/consent"
	"relocate/ent/partner"
	"relocate/ent/place"
	"relocate/ent/recognition"
	"relocate/ent/referral"
	"relocate/internal/seed"
	"relocate/internal/testenv"
)

func TestPartnersForStaff(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		n := newNetwork(t, db)
		content, err := seed.Embedded()
		if err != nil {
			t.Fatal(err)
		}
		var list struct {
			Partners struct {
				TotalCount int
				Edges      []struct {
					Node struct{ Key, Name, Country, Kind, Website string }
				}
			}
		}
		n.ok(n.caseworker, `{ partners(where: {country: "LV"}) { totalCount edges { node { key name country kind website } } } }`, nil, &list)
		var lv []string
		for _, p := range content.Partners {
			if p.Country == "LV" {
				lv = append(lv, p.Name)
			}
		}
		slices.Sort(lv)
		var got []string
		for _, e := range list.Partners.Edges {
			got = append(got, e.Node.Name)
		}
		if list.Partners.TotalCount != len(lv) || !slices.Equal(got, lv) {
			t.Errorf("Latvian partners by name: %v, want %v", got, lv)
		}

		// Bad input: every wrong field at once, nothing stored.
		r := n.as(n.caseworker, `mutation { createPartner(input: {name: "", country: "Latvia", kind: OTHER,
			email: "not an address", website: "http://example.org"}) { partner { id } } }`, nil, "Accept-Language", "de")
		if r.Code() != "BAD_USER_INPUT" || fieldNames(r) != "input.country,input.email,input.name,input.website" {
			t.Errorf("bad partner: %s", r.Raw)
		}
		if c := n.app.Store.Client.Partner.Query().CountX(n.sys); c != len(content.Partners) {
			t.Errorf("%d partners after a refused creation, want %d", c, len(content.Partners))
		}

		var created struct {
			CreatePartner struct {
				Partner struct{ ID, Key, Name string }
			}
		}
		n.ok(n.caseworker, `mutation { createPartner(input: {name: "Jobcenter Landeshauptstadt Magdeburg", country: "DE",
			kind: EMPLOYMENT_AGENCY, website: "https://www.jobcenter-magdeburg.de"}) { partner { id key name } } }`, nil, &created)
		if created.CreatePartner.Partner.Key != "" {
			t.Errorf("a partner staff add has key %q", created.CreatePartner.Partner.Key)
		}
		var updated struct {
			UpdatePartner struct {
				Partner struct{ Name, ContactName, Email string }
			}
		}
		n.ok(n.admin, `mutation($id: ID!) { updatePartner(input: {partnerId: $id, contactName: "Frau Muster", email: "info@example.org"}) {
			partner { name contactName email } } }`, map[string]any{"id": created.CreatePartner.Partner.ID}, &updated)
		if p := updated.UpdatePartner.Partner; p.Name != "Jobcenter Landeshauptstadt Magdeburg" || p.ContactName != "Frau Muster" || p.Email != "info@example.org" {
			t.Errorf("updated partner: %+v", p)
		}
		r = n.as(n.caseworker, `mutation($id: ID!) { updatePartner(input: {partnerId: $id, phone: "call me"}) { partner { id } } }`,
			map[string]any{"id": created.CreatePartner.Partner.ID})
		if r.Code() != "BAD_USER_INPUT" || fieldNames(r) != "input.phone" {
			t.Errorf("bad phone: %s", r.Raw)
		}

		// Nobody else sees partners, not even by their ID.
		iq := n.partnerID("iq-sachsen-anhalt")
		for who, token := range map[string]string{"company contact": n.contactA, "newcomer": n.newcomer, "editor": n.editor, "translator": n.translator, "anonymous": ""} {
			r := n.as(token, `query($id: ID!) { node(id: $id) { id ... on Partner { name } } }`, map[string]any{"id": iq})
			if r.Code() != "NOT_FOUND" || string(r.Data) != `{"node":null}` {
				t.Errorf("node(partner) as %s: %s", who, r.Raw)
			}
		}
	})
}

func TestReferralNeedsConsentToShareWithPartners(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		n := newNetwork(t, db)
		refer := func() *testenv.Response {
			return n.as(n.caseworker, `mutation($case: ID!, $partner: ID!) { referCase(input: {caseId: $case, partnerId: $partner,
				service: "Anerkennungsberatung"}) { referral { id status sentAt partner { name } allowedTransitions } } }`,
				map[string]any{"case": id(n.caseID), "partner": n.partnerID("iq-sachsen-anhalt")}, "Accept-Language", "lv")
		}
		referrals := func() int { return n.app.Store.Client.Referral.Query().CountX(n.sys) }

		// Consents to case processing and to share with the employer do
		// not cover partners.
		const recordConsent = `mutation($p: ID!, $purpose: ConsentPurpose!) { recordConsent(input: {personId: $p, purpose: $purpose,
			channel: IN_PERSON}) { consent { id } } }`
		for _, step := range []string{"consent to case processing", "and to share with the employer"} {
			if step != "consent to case processing" {
				n.ok(n.caseworker, recordConsent, map[string]any{"p": id(n.person), "purpose": "SHARE_WITH_EMPLOYER"}, nil)
			}
			r := refer()
			if r.Code() != "CONSENT_MISSING" || !strings.Contains(r.Errors[0].Message, "piekrit") {
				t.Errorf("%s: %s", step, r.Raw)
			}
			if referrals() != 0 || slices.ContainsFunc(n.timeline(), func(e string) bool { return strings.HasPrefix(e, "REFERRAL") }) {
				t.Errorf("%s: a refused referral left %d referrals, timeline %q", step, referrals(), n.timeline())
			}
		}

		var consent struct {
			RecordConsent struct{ Consent struct{ ID string } }
		}
		n.ok(n.caseworker, recordConsent, map[string]any{"p": id(n.person), "purpose": "SHARE_WITH_PARTNERS"}, &consent)
		var sent struct {
			ReferCase struct {
				Referral struct {
					ID, Status         string
					Partner            struct{ Name string }
					AllowedTransitions []string
				}
			}
		}
		refer().MustData(&sent)
		if r := sent.ReferCase.Referral; r.Status != "SENT" || !slices.Equal(r.AllowedTransitions, []string{"ACCEPTED", "DECLINED"}) ||
			!strings.HasPrefix(r.Partner.Name, "IQ Netzwerk") {
			t.Errorf("referral: %+v", r)
		}
		want := []string{
			"CONSENT_RECORDED SHARE_WITH_EMPLOYER (CONSENT)",
			"CONSENT_RECORDED SHARE_WITH_PARTNERS (CONSENT)",
			"REFERRAL_SENT IQ Netzwerk Sachsen-Anhalt – Anerkennungs- und Qualifizierungsberatung: Anerkennungsberatung",
		}
		if tl := n.timeline(); !slices.Equal(tl, want) {
			t.Errorf("timeline after the referral: %q, want %q", tl, want)
		}

		// Withdrawn (casework's withdrawConsent): on the timeline, and no
		// further referral.
		n.ok(n.caseworker, `mutation($id: ID!) { withdrawConsent(input: {id: $id}) { consent { withdrawnAt } } }`,
			map[string]any{"id": consent.RecordConsent.Consent.ID}, nil)
		r := refer()
		if r.Code() != "CONSENT_MISSING" {
			t.Errorf("after withdrawal: %s", r.Raw)
		}
		want = append(want, "CONSENT_WITHDRAWN SHARE_WITH_PARTNERS")
		if tl := n.timeline(); referrals() != 1 || !slices.Equal(tl, want) {
			t.Errorf("after a refused referral: %d referrals, timeline %q, want %q", referrals(), tl, want)
		}

		// Without a legal basis for processing at all, nothing is done
		// with the case.
		cp := n.app.Store.Client.Consent.Query().Where(entconsent.PurposeEQ(entconsent.PurposeCASE_PROCESSING)).OnlyX(n.sys)
		n.ok(n.caseworker, `mutation($id: ID!) { withdrawConsent(input: {id: $id}) { consent { withdrawnAt } } }`,
			map[string]any{"id": id(cp.ID)}, nil)
		n.ok(n.caseworker, recordConsent, map[string]any{"p": id(n.person), "purpose": "SHARE_WITH_PARTNERS"}, nil)
		if r := refer(); r.Code() != "BAD_USER_INPUT" || referrals() != 1 {
			t.Errorf("without a legal basis for case processing: %s", r.Raw)
		}
	})
}

func TestReferralStateMachine(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		n := newNetwork(t, db)
		n.consent("SHARE_WITH_PARTNERS")
		client := n.app.Store.Client
		hwk := client.Partner.Query().Where(partner.Key("hwk-magdeburg")).OnlyIDX(n.sys)
		allowed := map[string][]string{"SENT": {"ACCEPTED", "DECLINED"}, "ACCEPTED": {"DONE"}, "DECLINED": nil, "DONE": nil}
		statuses := []string{"SENT", "ACCEPTED", "DECLINED", "DONE"}
		for _, from := range statuses {
			for _, to := range statuses {
				ref := client.Referral.Create().SetCaseID(n.caseID).SetPartnerID(hwk).SetService("Anerkennung").
					SetStatus(referral.Status(from)).SetSentAt(n.clock.Now().Add(-time.Hour)).SaveX(n.sys)
				before := len(n.timeline())
				audited := n.mutationsAudited()
				r := n.as(n.caseworker, `mutation($id: ID!, $to: ReferralStatus!) { answerReferral(input: {referralId: $id, status: $to, note: "per Telefon"}) {
					referral { status answeredAt doneAt note allowedTransitions } } }`,
					map[string]any{"id": id(ref.ID), "to": to}, "Accept-Language", "en")
				after := client.Referral.GetX(n.sys, ref.ID)
				if slices.Contains(allowed[from], to) {
					var d struct {
						AnswerReferral struct {
							Referral struct {
								Status, Note       string
								AnsweredAt, DoneAt *time.Time
								AllowedTransitions []string
							}
						}
					}
					r.MustData(&d)
					got := d.AnswerReferral.Referral
					if got.Status != to || got.Note != "per Telefon" || (to == "DONE") != (got.DoneAt != nil) || (to != "DONE") != (got.AnsweredAt != nil) ||
						!slices.Equal(got.AllowedTransitions, allowed[to]) {
						t.Errorf("%s → %s: %+v", from, to, got)
					}
					tl := n.timeline()
					if len(tl) != before+1 || tl[len(tl)-1] != "REFERRAL_ANSWERED Handwerkskammer Magdeburg: "+from+" → "+to {
						t.Errorf("%s → %s: timeline %q", from, to, tl[before:])
					}
					if got := n.mutationsAudited(); !slices.Equal(got, append(audited, "answerReferral "+id(ref.ID))) {
						t.Errorf("%s → %s: audited %q", from, to, got[len(audited):])
					}
					continue
				}
				msg := ""
				if len(r.Errors) > 0 {
					msg, _ = fields(r)["input.status"].(string)
				}
				english := map[string]string{"SENT": "Sent", "ACCEPTED": "Accepted", "DECLINED": "Declined", "DONE": "Done"}
				var possible []string
				for _, s := range allowed[from] {
					possible = append(possible, english[s])
				}
				want := "This status cannot be set now. Possible: " + strings.Join(possible, ", ") + "."
				if allowed[from] == nil {
					want = `The status "` + english[from] + `" is final and can no longer change.`
				}
				if r.Code() != "BAD_USER_INPUT" || msg != want {
					t.Errorf("%s → %s: %s, want %q on input.status", from, to, r.Raw, want)
				}
				if got := fmt.Sprint(r.Errors[0].Extensions["allowedTransitions"]); got != fmt.Sprint(toAny(allowed[from])) {
					t.Errorf("%s → %s: extensions.allowedTransitions %s, want %v", from, to, got, allowed[from])
				}
				if got := n.mutationsAudited(); len(got) != len(audited) {
					t.Errorf("%s → %s refused, but audited as a change: %q", from, to, got[len(audited):])
				}
				if string(after.Status) != from || after.Note != "" || len(n.timeline()) != before {
					t.Errorf("%s → %s refused, but the referral is %s with note %q, timeline %q", from, to, after.Status, after.Note, n.timeline()[before:])
				}
			}
		}
	})
}

func TestRecognitionRules(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		n := newNetwork(t, db)
		today := time.Now().Format(time.DateOnly)
		tomorrow := time.Now().AddDate(0, 0, 1).Format(time.DateOnly)
		hwkPlace := id(n.app.Store.Client.Place.Query().Where(place.Key("hwk-magdeburg")).OnlyIDX(n.sys))
		const op = `mutation($in: RecordRecognitionInput!) { recordRecognition(input: $in) {
			recognition { id status outcome compensationMeasure submittedOn decidedOn allowedTransitions
				authorityPlace { key } authorityPartner { name } case { reference } } } }`
		record := func(in map[string]any) *testenv.Response {
			return n.as(n.caseworker, op, map[string]any{"in": in}, "Accept-Language", "de")
		}
		count := func() int { return n.app.Store.Client.Recognition.Query().CountX(n.sys) }
		c := id(n.caseID)

		// Refused: each names its fields; nothing is stored or on the timeline.
		for _, tc := range []struct {
			name   string
			in     map[string]any
			fields string
		}{
			{"no occupation", map[string]any{"caseId": c}, "input.referenceOccupation"},
			{"no case", map[string]any{"referenceOccupation": "Elektroniker/in"}, "input.caseId"},
			{"decided without outcome or dates", map[string]any{"caseId": c, "referenceOccupation": "Elektroniker/in", "status": "DECIDED"},
				"input.decidedOn,input.outcome,input.submittedOn"},
			{"outcome before the decision", map[string]any{"caseId": c, "referenceOccupation": "Elektroniker/in", "outcome": "FULL"}, "input.outcome"},
			{"partial without measure", map[string]any{"caseId": c, "referenceOccupation": "Elektroniker/in", "status": "DECIDED",
				"outcome": "PARTIAL", "submittedOn": "2026-01-10", "decidedOn": "2026-03-01"}, "input.compensationMeasure"},
			{"measure with a full recognition", map[string]any{"caseId": c, "referenceOccupation": "Elektroniker/in", "status": "DECIDED",
				"outcome": "FULL", "compensationMeasure": "Anpassungslehrgang", "submittedOn": "2026-01-10", "decidedOn": "2026-03-01"}, "input.compensationMeasure"},
			{"dates out of order", map[string]any{"caseId": c, "referenceOccupation": "Elektroniker/in", "status": "DECIDED", "outcome": "NONE",
				"counsellingOn": "2026-02-01", "submittedOn": "2026-01-10", "decidedOn": "2026-01-05"}, "input.decidedOn,input.submittedOn"},
			{"decision in the future", map[string]any{"caseId": c, "referenceOccupation": "Elektroniker/in", "status": "DECIDED", "outcome": "NONE",
				"submittedOn": today, "decidedOn": tomorrow}, "input.decidedOn"},
			{"place and partner", map[string]any{"caseId": c, "referenceOccupation": "Elektroniker/in", "authorityPlaceId": hwkPlace,
				"authorityPartnerId": n.partnerID("hwk-magdeburg")}, "input.authorityPartnerId"},
			{"unknown partner", map[string]any{"caseId": c, "referenceOccupation": "Elektroniker/in", "authorityPartnerId": "99999999"}, "input.authorityPartnerId"},
		} {
			r := record(tc.in)
			if r.Code() != "BAD_USER_INPUT" || fieldNames(r) != tc.fields {
				t.Errorf("%s: %s, want BAD_USER_INPUT on %s", tc.name, r.Raw, tc.fields)
			}
			if count() != 0 || len(n.timeline()) != 0 {
				t.Errorf("%s: refused, but %d procedures and timeline %q", tc.name, count(), n.timeline())
			}
		}
		if r := record(map[string]any{"caseId": "99999999", "referenceOccupation": "Elektroniker/in"}); r.Code() != "NOT_FOUND" {
			t.Errorf("unknown case: %s", r.Raw)
		}

		// A procedure from counselling to a partial recognition, one
		// timeline entry per step.
		type rec struct {
			ID, Status, CompensationMeasure string
			Outcome                         *string
			AllowedTransitions              []string
			AuthorityPlace                  *struct{ Key string }
			AuthorityPartner                *struct{ Name string }
			Case                            struct{ Reference string }
		}
		var d struct{ RecordRecognition struct{ Recognition rec } }
		record(map[string]any{"caseId": c, "referenceOccupation": "Elektroniker/in", "regulated": false,
			"authorityPartnerId": n.partnerID("iq-sachsen-anhalt"), "counsellingOn": "2026-01-05"}).MustData(&d)
		got := d.RecordRecognition.Recognition
		if got.Status != "COUNSELLING" || got.AuthorityPartner == nil || got.AuthorityPlace != nil || got.Case.Reference != "RS-2026-0001" ||
			!slices.Equal(got.AllowedTransitions, []string{"APPLICATION_SUBMITTED", "DOCUMENTS_REQUESTED", "DECIDED"}) {
			t.Errorf("new procedure: %+v", got)
		}
		rid := got.ID
		steps := []struct {
			in      map[string]any
			summary string
		}{
			{map[string]any{"status": "APPLICATION_SUBMITTED", "submittedOn": "2026-01-10", "authorityPlaceId": hwkPlace},
				"Elektroniker/in: COUNSELLING → APPLICATION_SUBMITTED"},
			{map[string]any{"status": "DOCUMENTS_REQUESTED"}, "Elektroniker/in: APPLICATION_SUBMITTED → DOCUMENTS_REQUESTED"},
			{map[string]any{"status": "APPLICATION_SUBMITTED"}, "Elektroniker/in: DOCUMENTS_REQUESTED → APPLICATION_SUBMITTED"},
			{map[string]any{"status": "DECIDED", "outcome": "PARTIAL", "compensationMeasure": "Anpassungslehrgang (6 Monate)", "decidedOn": "2026-03-01"},
				"Elektroniker/in: APPLICATION_SUBMITTED → DECIDED (PARTIAL)"},
		}
		for i, s := range steps {
			s.in["recognitionId"] = rid
			record(s.in).MustData(&d)
			tl := n.timeline()
			if len(tl) != i+2 || tl[i+1] != "RECOGNITION_RECORDED "+s.summary {
				t.Errorf("step %d: timeline %q", i+1, tl)
			}
		}
		got = d.RecordRecognition.Recognition
		if got.Status != "DECIDED" || got.Outcome == nil || *got.Outcome != "PARTIAL" || got.CompensationMeasure != "Anpassungslehrgang (6 Monate)" ||
			got.AuthorityPlace == nil || got.AuthorityPlace.Key != "hwk-magdeburg" || got.AuthorityPartner != nil || len(got.AllowedTransitions) != 0 {
			t.Errorf("decided procedure: %+v", got)
		}

		// A decision is final.
		r := record(map[string]any{"recognitionId": rid, "status": "APPLICATION_SUBMITTED", "outcome": nil})
		if r.Code() != "BAD_USER_INPUT" || !strings.Contains(fmt.Sprint(fields(r)["input.status"]), "Der Status „Entschieden“ ist endgültig") ||
			fmt.Sprint(r.Errors[0].Extensions["allowedTransitions"]) != "[]" {
			t.Errorf("reopening a decision: %s", r.Raw)
		}
		if rr := n.app.Store.Client.Recognition.Query().OnlyX(n.sys); rr.Status != recognition.StatusDECIDED || len(n.timeline()) != len(steps)+1 {
			t.Errorf("after a refused change: %s, timeline %q", rr.Status, n.timeline())
		}
	})
}

// TestNetworkScoping: referrals, recognition procedures and partners are
// the staff's. The newcomer whose case it is, a company contact and
// everyone else reach none of them: not through the root field, not
// through the edges of the case, not by node(id:).
func TestNetworkScoping(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		n := newNetwork(t, db)
		n.consent("SHARE_WITH_PARTNERS")
		var ref struct {
			ReferCase struct{ Referral struct{ ID string } }
		}
		n.ok(n.caseworker, `mutation($c: ID!, $p: ID!) { referCase(input: {caseId: $c, partnerId: $p, service: "Anerkennungsberatung"}) { referral { id } } }`,
			map[string]any{"c": id(n.caseID), "p": n.partnerID("iq-sachsen-anhalt")}, &ref)
		var rec struct {
			RecordRecognition struct{ Recognition struct{ ID string } }
		}
		n.ok(n.caseworker, `mutation($c: ID!) { recordRecognition(input: {caseId: $c, referenceOccupation: "Pflegefachfrau", regulated: true}) { recognition { id } } }`,
			map[string]any{"c": id(n.caseID)}, &rec)

		const edges = `query { case(reference: "RS-2026-0001") { id referrals { id partner { name } } recognitions { id authorityPartner { name } } } }`
		var staff struct {
			Case struct {
				Referrals    []struct{ ID string }
				Recognitions []struct{ ID string }
			}
		}
		n.ok(n.caseworker, edges, nil, &staff)
		if len(staff.Case.Referrals) != 1 || len(staff.Case.Recognitions) != 1 {
			t.Errorf("staff see %+v", staff.Case)
		}
		ids := []string{ref.ReferCase.Referral.ID, rec.RecordRecognition.Recognition.ID, n.partnerID("hwk-magdeburg")}
		for who, token := range map[string]string{"newcomer": n.newcomer, "company contact": n.contactA, "editor": n.editor,
			"translator": n.translator, "anonymous": ""} {
			denied := "FORBIDDEN"
			if token == "" {
				denied = "UNAUTHENTICATED"
			}
			r := n.as(token, edges, nil)
			d := dataOf(t, r)
			if c, _ := d["case"].(map[string]any); c != nil && (c["referrals"] != nil || c["recognitions"] != nil) {
				t.Errorf("%s reaches the case's referrals or recognitions: %s", who, r.Raw)
			}
			if who == "newcomer" && (r.Code() != "FORBIDDEN" || len(r.Errors) != 2) {
				t.Errorf("newcomer, the edges of their own case: %s", r.Raw)
			}
			if r := n.as(token, `{ partners { totalCount } }`, nil); r.Code() != denied {
				t.Errorf("%s, partners: %s", who, r.Raw)
			}
			for _, nodeID := range ids {
				r := n.as(token, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": nodeID})
				if r.Code() != "NOT_FOUND" || string(r.Data) != `{"node":null}` {
					t.Errorf("%s, node(%s): %s", who, nodeID, r.Raw)
				}
			}
			r = n.as(token, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids})
			if string(r.Data) != `{"nodes":[null,null,null]}` {
				t.Errorf("%s, nodes: %s", who, r.Raw)
			}
		}
	})
}

// toAny is ss as JSON decodes a list: []any, empty rather than nil.
func toAny(ss []string) []any {
	out := []any{}
	for _, s := range ss {
		out = append(out, s)
	}
	return out
}
