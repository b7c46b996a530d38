package graph_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"relocate/ent/appointment"
	"relocate/ent/timelineentry"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

const (
	scheduleOp = `mutation($in: ScheduleAppointmentInput!) { scheduleAppointment(input: $in) {
		appointment { id kind startsAt durationMinutes placeText notes cancelled place { key name } case { id } } } }`
	cancelOp = `mutation($id: ID!) { cancelAppointment(input: {id: $id}) { appointment { id cancelled } } }`
)

// scheduled is what scheduleOp answers.
type scheduled struct {
	ScheduleAppointment struct {
		Appointment struct {
			ID, Kind, StartsAt, PlaceText, Notes string
			DurationMinutes                      int
			Cancelled                            bool
			Place                                *struct{ Key, Name string }
			Case                                 struct{ ID string }
		}
	}
}

// placeID returns the ID of the place with key.
func placeID(t *testing.T, w *world, key string) string {
	t.Helper()
	var p struct{ Place struct{ ID string } }
	w.must(t, "", `query($k: String!) { place(key: $k) { id } }`, map[string]any{"k": key}, &p)
	return p.Place.ID
}

// schedule schedules an appointment of case caseID as the caseworker.
func schedule(t *testing.T, w *world, in map[string]any) string {
	t.Helper()
	var s scheduled
	w.must(t, w.cw, scheduleOp, map[string]any{"in": in}, &s)
	return s.ScheduleAppointment.Appointment.ID
}

// appointmentEntries returns the timeline entries of appointments of a
// case: kind, subject, actor and summary.
func appointmentEntries(t *testing.T, w *world, caseID string) []string {
	t.Helper()
	var d struct {
		Node struct {
			Timeline struct {
				Edges []struct {
					Node struct {
						Kind, Summary string
						SubjectID     *int64
						Actor         *struct{ ID string }
					}
				}
			}
		}
	}
	w.must(t, w.cw, `query($id: ID!) { node(id: $id) { ... on Case { timeline(first: 100) { edges { node { kind summary subjectID actor { id } } } } } } }`,
		map[string]any{"id": caseID}, &d)
	var out []string
	for _, e := range d.Node.Timeline.Edges {
		if strings.HasPrefix(e.Node.Kind, "APPOINTMENT_") {
			who := ""
			if e.Node.Actor != nil {
				who = e.Node.Actor.ID
			}
			subject := ""
			if e.Node.SubjectID != nil {
				subject = strconv.FormatInt(*e.Node.SubjectID, 10)
			}
			out = append(out, e.Node.Kind+" "+subject+" "+who+" "+e.Node.Summary)
		}
	}
	return out
}

// TestAppointmentsAreScheduledAndCancelled: a caseworker schedules an
// appointment at a place of the guide or an address written out, and
// cancels it; each leaves exactly one timeline entry naming the
// appointment and who; a second cancellation is refused and changes
// nothing; newcomers and company contacts may do neither.
func TestAppointmentsAreScheduledAndCancelled(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db)
		buergerbuero := placeID(t, w, "buergerbueros")
		start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)
		var s scheduled
		w.must(t, w.cw, scheduleOp, map[string]any{"in": map[string]any{
			"caseId": w.caseP, "startsAt": start.Format(time.RFC3339), "kind": "AUTHORITY", "placeId": buergerbuero,
			"durationMinutes": 45, "notes": "Pass und Wohnungsgeberbestätigung mitbringen.",
		}}, &s)
		a := s.ScheduleAppointment.Appointment
		got, _ := time.Parse(time.RFC3339, a.StartsAt)
		if a.Kind != "AUTHORITY" || !got.Equal(start) || a.DurationMinutes != 45 || a.Place == nil || a.Place.Key != "buergerbueros" ||
			a.Case.ID != w.caseP || a.Cancelled {
			t.Errorf("scheduled: %+v", a)
		}
		entries := appointmentEntries(t, w, w.caseP)
		if len(entries) != 1 || !strings.HasPrefix(entries[0], "APPOINTMENT_SCHEDULED "+a.ID+" "+w.cwID+" AUTHORITY ") {
			t.Errorf("timeline after scheduling: %q", entries)
		}

		// An address written out, with the default duration.
		w.must(t, w.cw, scheduleOp, map[string]any{"in": map[string]any{
			"caseId": w.caseP, "startsAt": start.Add(24 * time.Hour).Format(time.RFC3339), "kind": "FLAT_VIEWING",
			"placeText": "Große Diesdorfer Straße 12, 39110 Magdeburg",
		}}, &s)
		if b := s.ScheduleAppointment.Appointment; b.DurationMinutes != 60 || b.Place != nil || b.PlaceText != "Große Diesdorfer Straße 12, 39110 Magdeburg" {
			t.Errorf("at an address: %+v", b)
		}

		// Cancelled once; the second time refused.
		var c struct {
			CancelAppointment struct{ Appointment struct{ Cancelled bool } }
		}
		w.must(t, w.cw, cancelOp, map[string]any{"id": a.ID}, &c)
		if !c.CancelAppointment.Appointment.Cancelled {
			t.Error("not cancelled")
		}
		if r := w.as(w.cw, cancelOp, map[string]any{"id": a.ID}, "Accept-Language", "ru"); r.Code() != "BAD_USER_INPUT" ||
			!strings.Contains(r.Errors[0].Message, "уже отменена") {
			t.Errorf("cancelled twice: %s", r.Raw)
		}
		entries = appointmentEntries(t, w, w.caseP)
		cancels := 0
		for _, e := range entries {
			if strings.HasPrefix(e, "APPOINTMENT_CANCELLED "+a.ID+" "+w.cwID) {
				cancels++
			}
		}
		if len(entries) != 3 || cancels != 1 {
			t.Errorf("timeline after cancelling: %q", entries)
		}

		// Not for newcomers and company contacts; no such appointment.
		for who, token := range map[string]string{"newcomer": w.newcomerP, "company contact": w.contactA} {
			if r := w.as(token, scheduleOp, map[string]any{"in": map[string]any{"caseId": w.caseP,
				"startsAt": start.Format(time.RFC3339), "kind": "OTHER"}}); r.Code() != "FORBIDDEN" {
				t.Errorf("%s schedules: %s", who, r.Raw)
			}
			if r := w.as(token, cancelOp, map[string]any{"id": a.ID}); r.Code() != "FORBIDDEN" {
				t.Errorf("%s cancels: %s", who, r.Raw)
			}
		}
		if r := w.as(w.cw, cancelOp, map[string]any{"id": w.taskP}); r.Code() != "NOT_FOUND" {
			t.Errorf("cancelling a task: %s", r.Raw)
		}
		if n := len(appointmentEntries(t, w, w.caseP)); n != 3 {
			t.Errorf("%d timeline entries after refusals", n)
		}
	})
}

// TestAppointmentInputIsChecked: dates in the distant past or future, a
// duration of nothing or more than a day, a place twice or unknown, a case
// unknown or closed: each refused with its field named, in the reader's
// language, and nothing stored.
func TestAppointmentInputIsChecked(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db)
		now := time.Now().UTC()
		soon := now.Add(48 * time.Hour).Format(time.RFC3339)
		place := placeID(t, w, "buergerbueros")
		// Case Q closed.
		var v struct{ Node struct{ Version int } }
		w.must(t, w.cw, caseVersionOp, map[string]any{"id": w.caseQ}, &v)
		w.must(t, w.cw, transitionOp, map[string]any{"in": map[string]any{"id": w.caseQ, "version": v.Node.Version,
			"to": "CLOSED", "outcome": "WITHDRAWN"}}, nil)
		for _, tc := range []struct {
			name   string
			change map[string]any
			fields []string
			text   string // in Latvian
		}{
			{"a month ago", map[string]any{"startsAt": now.AddDate(0, -1, 0).Format(time.RFC3339)}, []string{"input.startsAt"}, "ne agrāk par"},
			{"three years ahead", map[string]any{"startsAt": now.AddDate(3, 0, 0).Format(time.RFC3339)}, []string{"input.startsAt"}, "ne vēlāk par"},
			{"no time at all", map[string]any{"durationMinutes": 0}, []string{"input.durationMinutes"}, ""},
			{"longer than a day", map[string]any{"durationMinutes": 24*60 + 1}, []string{"input.durationMinutes"}, ""},
			{"a place twice", map[string]any{"placeId": place, "placeText": "Rathaus"}, []string{"input.placeText"}, "ne abas"},
			{"an unknown place", map[string]any{"placeId": w.taskP}, []string{"input.placeId"}, "Šādas vietas nav"},
			{"an address on two lines", map[string]any{"placeText": "Breiter Weg 1\nMagdeburg"}, []string{"input.placeText"}, ""},
			{"an unknown case", map[string]any{"caseId": w.personP}, []string{"input.caseId"}, "Šādas lietas nav"},
			{"a closed case", map[string]any{"caseId": w.caseQ}, []string{"input.caseId"}, "slēgta"},
			{"everything at once", map[string]any{"caseId": w.caseQ, "durationMinutes": -5, "placeId": place, "placeText": "x",
				"startsAt": now.AddDate(-1, 0, 0).Format(time.RFC3339)},
				[]string{"input.caseId", "input.durationMinutes", "input.placeText", "input.startsAt"}, "4"},
		} {
			in := map[string]any{"caseId": w.caseP, "startsAt": soon, "kind": "LANGUAGE_COURSE"}
			for k, val := range tc.change {
				in[k] = val
			}
			r := w.as(w.cw, scheduleOp, map[string]any{"in": in}, "Accept-Language", "lv")
			if r.Code() != "BAD_USER_INPUT" || len(r.Errors) != 1 {
				t.Errorf("%s: %s", tc.name, r.Raw)
				continue
			}
			fields, _ := r.Errors[0].Extensions["fields"].(map[string]any)
			if len(fields) != len(tc.fields) {
				t.Errorf("%s: fields %v, want %v", tc.name, fields, tc.fields)
			}
			for _, f := range tc.fields {
				if _, ok := fields[f]; !ok {
					t.Errorf("%s: %s not named: %s", tc.name, f, r.Raw)
				}
			}
			if tc.text != "" && !strings.Contains(r.Errors[0].Message, tc.text) {
				t.Errorf("%s: message %q, want it to say %q", tc.name, r.Errors[0].Message, tc.text)
			}
		}
		// Nothing was stored, nothing is on the timeline.
		n, err := w.app.Store.Client.Appointment.Query().Where(appointment.Cancelled(false)).Count(viewer.SystemContext(context.Background()))
		if err != nil || n != 0 {
			t.Errorf("%d appointments stored (%v)", n, err)
		}
		m, err := w.app.Store.Client.TimelineEntry.Query().
			Where(timelineentry.KindEQ(timelineentry.KindAPPOINTMENT_SCHEDULED)).Count(viewer.SystemContext(context.Background()))
		if err != nil || m != 0 {
			t.Errorf("%d timeline entries of appointments (%v)", m, err)
		}
	})
}
