package calendar_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"

	"relocate/internal/calendar"
)

// TestWriteFoldsAndEscapes writes events whose texts put multi-byte
// characters (Latvian, Russian, an emoji) and characters that must be
// escaped at every position of the 75-octet fold, and checks each line
// against RFC 5545 and each text after decoding with go-ical.
func TestWriteFoldsAndEscapes(t *testing.T) {
	start := time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC) // the night summer time begins
	var c calendar.Calendar
	c.Name = "Relocation Service – Ozoliņš"
	want := map[string]string{}
	for n := 0; n < 160; n++ {
		summary := strings.Repeat("a", n) + "ā; ž, \\ Ж\n😀 " + strings.Repeat("я", n%7) + "Ņ"
		uid := "e" + strings.Repeat("x", n) + "@test"
		want[uid] = summary
		c.Events = append(c.Events, calendar.Event{UID: uid, Start: start, Duration: time.Hour, Summary: summary,
			Location: "Breiter Weg 1, 39104 Magdeburg", Description: "Zeile 1\r\nZeile 2", Modified: start})
	}
	var buf bytes.Buffer
	if err := calendar.Write(&buf, c); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	if !bytes.HasSuffix(raw, []byte("END:VCALENDAR\r\n")) {
		t.Errorf("ends with %q", raw[len(raw)-20:])
	}
	for i, line := range bytes.Split(bytes.TrimSuffix(raw, []byte("\r\n")), []byte("\r\n")) {
		if len(line) > 75 || bytes.ContainsAny(line, "\r\n") || !utf8.Valid(line) {
			t.Fatalf("line %d (%d octets): %q", i+1, len(line), line)
		}
	}
	cal, err := ical.NewDecoder(bytes.NewReader(raw)).Decode()
	if err != nil {
		t.Fatal(err)
	}
	if name := cal.Props.Get("X-WR-CALNAME"); name == nil || name.Value != "Relocation Service – Ozoliņš" {
		t.Errorf("calendar name %+v", name)
	}
	evs := cal.Events()
	if len(evs) != len(want) {
		t.Fatalf("%d events, want %d", len(evs), len(want))
	}
	for _, e := range evs {
		uid, _ := e.Props.Text(ical.PropUID)
		if s, err := e.Props.Text(ical.PropSummary); err != nil || s != want[uid] {
			t.Errorf("%s: summary %q (%v), want %q", uid, s, err, want[uid])
		}
		if d, _ := e.Props.Text(ical.PropDescription); d != "Zeile 1\nZeile 2" {
			t.Errorf("%s: description %q", uid, d)
		}
		if l, _ := e.Props.Text(ical.PropLocation); l != "Breiter Weg 1, 39104 Magdeburg" {
			t.Errorf("%s: location %q", uid, l)
		}
		// 01:30 UTC is 03:30 summer time in Berlin that night.
		s, err := e.DateTimeStart(nil)
		if err != nil || !s.Equal(start) || e.Props.Get(ical.PropDateTimeStart).Value != "20260329T033000" {
			t.Errorf("%s: starts %v %q (%v)", uid, s, e.Props.Get(ical.PropDateTimeStart).Value, err)
		}
	}
}
