package graph_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"

	"relocate/ent/auditentry"
	"relocate/internal/audit"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// getCalendar fetches a calendar URL from the app, signed in with token
// (none: ""), and returns the status and body.
func getCalendar(t *testing.T, w *world, rawURL, token string) (int, http.Header, []byte) {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, u.RequestURI(), nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	w.app.Handler.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, rec.Header(), body
}

// checkRFC5545 checks the raw lines of an iCalendar object: every line
// ends in CRLF and holds at most 75 octets, continuation lines start with
// a space and never split a UTF-8 character. It returns the unfolded
// content lines.
func checkRFC5545(t *testing.T, body []byte) []string {
	t.Helper()
	if !bytes.HasSuffix(body, []byte("\r\n")) {
		t.Error("the calendar does not end in CRLF")
	}
	var lines []string
	for i, raw := range bytes.SplitAfter(body, []byte("\r\n")) {
		if len(raw) == 0 {
			continue
		}
		line, ok := bytes.CutSuffix(raw, []byte("\r\n"))
		if !ok || bytes.ContainsAny(line, "\r\n") {
			t.Errorf("line %d is not ended by CRLF alone: %q", i+1, raw)
		}
		if len(line) > 75 {
			t.Errorf("line %d has %d octets: %q", i+1, len(line), line)
		}
		if !utf8.Valid(line) {
			t.Errorf("line %d splits a UTF-8 character: %q", i+1, line)
		}
		if cont, ok := bytes.CutPrefix(line, []byte(" ")); ok && len(lines) > 0 {
			lines[len(lines)-1] += string(cont)
			continue
		}
		lines = append(lines, string(line))
	}
	return lines
}

// events decodes a calendar with go-ical's decoder and returns its events
// by summary.
func events(t *testing.T, body []byte) (*ical.Calendar, map[string]ical.Event) {
	t.Helper()
	cal, err := ical.NewDecoder(bytes.NewReader(body)).Decode()
	if err != nil {
		t.Fatalf("the calendar does not parse: %v\n%s", err, body)
	}
	out := map[string]ical.Event{}
	for _, e := range cal.Events() {
		s, err := e.Props.Text(ical.PropSummary)
		if err != nil {
			t.Fatal(err)
		}
		out[s] = e
	}
	return cal, out
}

// TestCalendarsAreRFC5545 schedules appointments with Latvian, Russian
// and special characters and reads the case's calendar: it parses with a
// real iCalendar parser, its lines follow RFC 5545 (CRLF, folded at 75
// octets, `,;\` and line breaks escaped), times are in Europe/Berlin with
// its VTIMEZONE, Latvian and Russian texts come back unchanged, and a
// cancelled appointment is there with STATUS:CANCELLED.
func TestCalendarsAreRFC5545(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db)
		// Summer time and winter time.
		day := time.Now().In(berlinZone(t)).AddDate(0, 0, 2)
		at := func(days, hour int) time.Time {
			return time.Date(day.Year(), day.Month(), day.Day()+days, hour, 30, 0, 0, berlinZone(t))
		}
		notes := "Pass, Meldebestätigung; Ordner C:\\Akten\r\nZimmer 2 – dzīvesvietas reģistrācija, регистрация по месту жительства"
		authority := schedule(t, w, map[string]any{"caseId": w.caseP, "startsAt": at(0, 9).Format(time.RFC3339), "kind": "AUTHORITY",
			"placeId": placeID(t, w, "buergerbueros"), "durationMinutes": 45, "notes": notes})
		schedule(t, w, map[string]any{"caseId": w.caseP, "startsAt": at(200, 17).Format(time.RFC3339), "kind": "FLAT_VIEWING",
			"placeText": "Große Diesdorfer Straße 12, 39110 Magdeburg; 3. OG"})
		cancelled := schedule(t, w, map[string]any{"caseId": w.caseP, "startsAt": at(1, 14).Format(time.RFC3339), "kind": "EMPLOYER"})
		w.must(t, w.cw, cancelOp, map[string]any{"id": cancelled}, nil)
		schedule(t, w, map[string]any{"caseId": w.caseQ, "startsAt": at(0, 11).Format(time.RFC3339), "kind": "LANGUAGE_COURSE"})

		var c struct{ Node struct{ CalendarURL string } }
		w.must(t, w.cw, `query($id: ID!) { node(id: $id) { ... on Case { calendarUrl } } }`, map[string]any{"id": w.caseP}, &c)
		if !strings.HasPrefix(c.Node.CalendarURL, "http://localhost:8080/calendar/cases/") {
			t.Fatalf("calendarUrl %q", c.Node.CalendarURL)
		}
		for _, tc := range []struct {
			lang                        string
			authority, viewing, meeting string
		}{
			{"lv", "Vizīte iestādē: Sergejs Ozoliņš (" + w.refP + ")", "Dzīvokļa apskate: Sergejs Ozoliņš (" + w.refP + ")",
				"Atcelts: Tikšanās ar darba devēju: Sergejs Ozoliņš (" + w.refP + ")"},
			{"ru", "Приём в ведомстве: Sergejs Ozoliņš (" + w.refP + ")", "Осмотр квартиры: Sergejs Ozoliņš (" + w.refP + ")",
				"Отменено: Встреча с работодателем: Sergejs Ozoliņš (" + w.refP + ")"},
		} {
			status, header, body := getCalendar(t, w, c.Node.CalendarURL+"?lang="+tc.lang, w.cw)
			if status != http.StatusOK || header.Get("Content-Type") != "text/calendar; charset=utf-8" ||
				!strings.Contains(header.Get("Cache-Control"), "no-store") {
				t.Fatalf("%s: %d %v\n%s", tc.lang, status, header, body)
			}
			lines := checkRFC5545(t, body)
			cal, evs := events(t, body)
			if len(evs) != 3 {
				t.Fatalf("%s: %d events, want case P's 3: %v", tc.lang, len(evs), keys(evs))
			}
			a, ok := evs[tc.authority]
			if !ok {
				t.Fatalf("%s: no event %q among %v", tc.lang, tc.authority, keys(evs))
			}
			if d, _ := a.Props.Text(ical.PropDescription); d != strings.ReplaceAll(notes, "\r\n", "\n")+"\n"+w.refP {
				t.Errorf("%s: description %q", tc.lang, d)
			}
			if l, _ := a.Props.Text(ical.PropLocation); l != "Bürgerbüros der Landeshauptstadt Magdeburg" && !strings.HasPrefix(l, "Bürgerbüros der Landeshauptstadt Magdeburg, ") {
				t.Errorf("%s: location %q", tc.lang, l)
			}
			start, err := a.DateTimeStart(nil)
			end, err2 := a.DateTimeEnd(nil)
			if err != nil || err2 != nil || !start.Equal(at(0, 9)) || end.Sub(start) != 45*time.Minute {
				t.Errorf("%s: %v – %v (%v %v), want %v for 45 minutes", tc.lang, start, end, err, err2, at(0, 9))
			}
			if p := a.Props.Get(ical.PropDateTimeStart); p.Params.Get(ical.PropTimezoneID) != "Europe/Berlin" {
				t.Errorf("%s: DTSTART %+v", tc.lang, p)
			}
			if st, _ := a.Status(); st != ical.EventConfirmed {
				t.Errorf("%s: status %q", tc.lang, st)
			}
			if u, _ := a.Props.Text(ical.PropUID); u != "appointment-"+authority+"@localhost" {
				t.Errorf("%s: UID %q", tc.lang, u)
			}
			v, ok := evs[tc.viewing]
			if l, _ := v.Props.Text(ical.PropLocation); !ok || l != "Große Diesdorfer Straße 12, 39110 Magdeburg; 3. OG" {
				t.Errorf("%s: flat viewing at %q", tc.lang, l)
			}
			if vs, _ := v.DateTimeStart(nil); !vs.Equal(at(200, 17)) {
				t.Errorf("%s: flat viewing at %v, want %v", tc.lang, vs, at(200, 17))
			}
			m, ok := evs[tc.meeting]
			if st, _ := m.Status(); !ok || st != ical.EventCancelled {
				t.Errorf("%s: cancelled appointment %v %q", tc.lang, ok, st)
			}
			tz := 0
			for _, child := range cal.Children {
				if child.Name == ical.CompTimezone {
					tz++
					if id, _ := child.Props.Text(ical.PropTimezoneID); id != "Europe/Berlin" || len(child.Children) != 2 {
						t.Errorf("%s: VTIMEZONE %q with %d rules", tc.lang, id, len(child.Children))
					}
				}
			}
			if tz != 1 {
				t.Errorf("%s: %d VTIMEZONE", tc.lang, tz)
			}
			// The raw lines: text escaped as RFC 5545 3.3.11 says.
			var desc, loc string
			for _, l := range lines {
				if strings.HasPrefix(l, "DESCRIPTION:") && strings.Contains(l, "Ordner") {
					desc = l
				}
				if strings.HasPrefix(l, "LOCATION:Große") {
					loc = l
				}
			}
			if !strings.HasPrefix(desc, `DESCRIPTION:Pass\, Meldebestätigung\; Ordner C:\\Akten\nZimmer 2 – dzīvesvietas reģistrācija\, регистрация по месту жительства\n`) {
				t.Errorf("%s: raw description %q", tc.lang, desc)
			}
			if loc != `LOCATION:Große Diesdorfer Straße 12\, 39110 Magdeburg\; 3. OG` {
				t.Errorf("%s: raw location %q", tc.lang, loc)
			}
		}

		// Sign-in: anonymous readers 401, readers who may not see the case
		// 404 like a case that does not exist.
		if status, header, _ := getCalendar(t, w, c.Node.CalendarURL, ""); status != http.StatusUnauthorized || header.Get("WWW-Authenticate") == "" {
			t.Errorf("anonymous: %d %v", status, header)
		}
		for who, token := range map[string]string{"company contact": w.contactA, "newcomer of another case": w.newcomerQ, "editor": w.editor} {
			if status, _, body := getCalendar(t, w, c.Node.CalendarURL, token); status != http.StatusNotFound {
				t.Errorf("%s: %d %s", who, status, body)
			}
		}
		if status, _, _ := getCalendar(t, w, "/calendar/cases/99999999.ics", w.cw); status != http.StatusNotFound {
			t.Errorf("a case that does not exist: %d", status)
		}
		if status, _, body := getCalendar(t, w, c.Node.CalendarURL, w.newcomerP); status != http.StatusOK || bytes.Contains(body, []byte("Ozoliņš")) {
			t.Errorf("the newcomer's own case: %d (their calendar names no one)\n%s", status, body)
		}
	})
}

// TestCalendarFeeds: a newcomer's own calendar and feed show only their
// case; a caseworker's show the cases they work on; a feed's URL works
// without sign-in until it is revoked or replaced, then answers 404; feeds
// of a disabled account answer 404; each read is audited.
func TestCalendarFeeds(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db)
		start := time.Now().Add(50 * time.Hour).UTC().Truncate(time.Minute)
		schedule(t, w, map[string]any{"caseId": w.caseP, "startsAt": start.Format(time.RFC3339), "kind": "AUTHORITY", "notes": "Sergejs"})
		schedule(t, w, map[string]any{"caseId": w.caseQ, "startsAt": start.Format(time.RFC3339), "kind": "LANGUAGE_COURSE", "notes": "Андрей"})

		var me struct {
			Viewer struct {
				ID, CalendarURL string
				CalendarFeeds   []struct{ ID string }
			}
		}
		w.must(t, w.newcomerP, `{ viewer { id calendarUrl calendarFeeds { id } } }`, nil, &me)
		if !strings.HasSuffix(me.Viewer.CalendarURL, "/calendar/users/"+me.Viewer.ID+".ics") || len(me.Viewer.CalendarFeeds) != 0 {
			t.Fatalf("the newcomer's calendar: %+v", me.Viewer)
		}
		onlyP := func(who string, body []byte) {
			t.Helper()
			_, evs := events(t, body)
			if len(evs) != 1 || !bytes.Contains(body, []byte("Sergejs")) || bytes.Contains(body, []byte("Андрей")) {
				t.Errorf("%s: %d events, want case P's only:\n%s", who, len(evs), body)
			}
		}
		status, _, body := getCalendar(t, w, me.Viewer.CalendarURL, w.newcomerP)
		if status != http.StatusOK {
			t.Fatalf("own calendar: %d %s", status, body)
		}
		onlyP("own calendar", body)
		if status, _, _ := getCalendar(t, w, me.Viewer.CalendarURL, w.cw); status != http.StatusNotFound {
			t.Errorf("someone else's own calendar: %d", status)
		}
		var contact struct{ Viewer struct{ CalendarURL *string } }
		if r := w.as(w.contactA, `{ viewer { calendarUrl } }`, nil); r.Code() != "FORBIDDEN" {
			t.Errorf("a company contact's calendar: %s", r.Raw)
		}
		_ = contact

		// A feed for the app that cannot sign in.
		const createFeed = `mutation($in: CreateCalendarFeedInput!) { createCalendarFeed(input: $in) { url feed { id createdAt revokedAt case { id } } } }`
		var f struct {
			CreateCalendarFeed struct {
				URL  string
				Feed struct {
					ID        string
					RevokedAt *string
					Case      *struct{ ID string }
				}
			}
		}
		w.must(t, w.newcomerP, createFeed, map[string]any{"in": map[string]any{}}, &f)
		feedURL := f.CreateCalendarFeed.URL
		if !strings.HasPrefix(feedURL, "http://localhost:8080/calendar/feeds/") || len(feedURL) < len("http://localhost:8080/calendar/feeds/")+40 {
			t.Fatalf("feed URL %q", feedURL)
		}
		status, _, body = getCalendar(t, w, feedURL, "")
		if status != http.StatusOK {
			t.Fatalf("feed: %d %s", status, body)
		}
		onlyP("the newcomer's feed", body)
		// Of another case: refused.
		if r := w.as(w.newcomerP, createFeed, map[string]any{"in": map[string]any{"caseId": w.caseQ}}); r.Code() != "BAD_USER_INPUT" {
			t.Errorf("a feed of another case: %s", r.Raw)
		}
		// The token is stored hashed only.
		sys := viewer.SystemContext(context.Background())
		token := strings.TrimSuffix(feedURL[strings.LastIndex(feedURL, "/")+1:], ".ics")
		for _, fd := range w.app.Store.Client.CalendarFeed.Query().AllX(sys) {
			if fd.TokenHash == token || strings.Contains(fd.TokenHash, token) {
				t.Error("the token is stored as it is")
			}
		}
		// Read audited, as the feed's owner.
		e, err := w.app.Store.Client.AuditEntry.Query().Where(auditentry.Action(audit.Read), auditentry.Operation("calendar user")).
			Order(auditentry.ByID()).All(sys)
		if err != nil || len(e) < 2 || e[len(e)-1].ActorEmail != "sergejs@example.lv" {
			t.Errorf("feed reads audited: %+v %v", e, err)
		}

		// A new feed for the same calendar replaces the old one; revoked,
		// a feed answers 404.
		w.must(t, w.newcomerP, createFeed, map[string]any{"in": map[string]any{}}, &f)
		if status, _, _ := getCalendar(t, w, feedURL, ""); status != http.StatusNotFound {
			t.Errorf("a replaced feed: %d", status)
		}
		second := f.CreateCalendarFeed
		if status, _, _ := getCalendar(t, w, second.URL, ""); status != http.StatusOK {
			t.Errorf("the new feed: %d", status)
		}
		w.must(t, w.newcomerP, `{ viewer { id calendarUrl calendarFeeds { id } } }`, nil, &me)
		if len(me.Viewer.CalendarFeeds) != 1 || me.Viewer.CalendarFeeds[0].ID != second.Feed.ID {
			t.Errorf("feeds listed: %+v, want %s", me.Viewer.CalendarFeeds, second.Feed.ID)
		}
		if r := w.as(w.newcomerQ, `mutation($id: ID!) { revokeCalendarFeed(input: {id: $id}) { feed { revokedAt } } }`,
			map[string]any{"id": second.Feed.ID}); r.Code() != "NOT_FOUND" {
			t.Errorf("revoking someone else's feed: %s", r.Raw)
		}
		var rv struct {
			RevokeCalendarFeed struct{ Feed struct{ RevokedAt *string } }
		}
		w.must(t, w.newcomerP, `mutation($id: ID!) { revokeCalendarFeed(input: {id: $id}) { feed { revokedAt } } }`,
			map[string]any{"id": second.Feed.ID}, &rv)
		if rv.RevokeCalendarFeed.Feed.RevokedAt == nil {
			t.Error("not revoked")
		}
		if status, _, _ := getCalendar(t, w, second.URL, ""); status != http.StatusNotFound {
			t.Errorf("a revoked feed: %d", status)
		}
		if status, _, _ := getCalendar(t, w, "/calendar/feeds/"+strings.Repeat("A", 43)+".ics", ""); status != http.StatusNotFound {
			t.Errorf("a guessed token: %d", status)
		}

		// The caseworker's feed: the cases they work on, both; of one
		// case: that case.
		w.must(t, w.cw, createFeed, map[string]any{"in": map[string]any{}}, &f)
		_, _, body = getCalendar(t, w, f.CreateCalendarFeed.URL, "")
		if _, evs := events(t, body); len(evs) != 2 || !bytes.Contains(body, []byte("Андрей")) {
			t.Errorf("the caseworker's feed: %d events\n%s", len(evs), body)
		}
		w.must(t, w.cw, createFeed, map[string]any{"in": map[string]any{"caseId": w.caseQ}}, &f)
		if f.CreateCalendarFeed.Feed.Case == nil || f.CreateCalendarFeed.Feed.Case.ID != w.caseQ {
			t.Errorf("feed of case Q: %+v", f.CreateCalendarFeed.Feed)
		}
		caseFeed := f.CreateCalendarFeed.URL
		_, _, body = getCalendar(t, w, caseFeed+"?lang=ru", "")
		if _, evs := events(t, body); len(evs) != 1 || !bytes.Contains(body, []byte("Языковой курс: Андрей Скворцов")) {
			t.Errorf("the feed of case Q in Russian: %v\n%s", keys(evs), body)
		}
		// A disabled account's feeds answer nothing.
		var cw struct{ Viewer struct{ ID string } }
		w.must(t, w.cw, `{ viewer { id } }`, nil, &cw)
		w.must(t, w.admin, `mutation($id: ID!) { disableUser(id: $id) { id } }`, map[string]any{"id": cw.Viewer.ID}, nil)
		if status, _, _ := getCalendar(t, w, caseFeed, ""); status != http.StatusNotFound {
			t.Errorf("the feed of a disabled account: %d", status)
		}
	})
}

func keys(m map[string]ical.Event) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func berlinZone(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
