package calendar

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Berlin where the system has no zone data
	"unicode/utf8"

	"github.com/emersion/go-ical"
)

// ZoneID is the time zone events are written in.
const ZoneID = "Europe/Berlin"

// berlin is the zone of ZoneID.
var berlin = func() *time.Location {
	loc, err := time.LoadLocation(ZoneID)
	if err != nil {
		panic(fmt.Sprintf("calendar: no zone data for %s: %v", ZoneID, err))
	}
	return loc
}()

// ProductID names the program that wrote a calendar (PRODID).
const ProductID = "-//Landeshauptstadt Magdeburg//Relocation Service//DE"

// Event is one appointment as calendars show it.
type Event struct {
	UID                            string
	Start                          time.Time
	Duration                       time.Duration
	Summary, Location, Description string
	Cancelled                      bool
	// Modified is when the appointment last changed (DTSTAMP,
	// LAST-MODIFIED).
	Modified time.Time
}

// Calendar is what one feed shows.
type Calendar struct {
	// Name is the calendar's name in apps (X-WR-CALNAME).
	Name   string
	Events []Event
}

// Write writes c to w as an iCalendar object.
func Write(w io.Writer, c Calendar) error {
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropProductID, ProductID)
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")
	cal.Props.SetText(ical.PropMethod, "PUBLISH")
	if c.Name != "" {
		cal.Props.Set(extension("X-WR-CALNAME", text(c.Name)))
	}
	cal.Props.Set(extension("X-WR-TIMEZONE", ZoneID))
	cal.Children = append(cal.Children, timezone())
	for _, e := range c.Events {
		cal.Children = append(cal.Children, event(e))
	}
	var buf bytes.Buffer
	if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
		return fmt.Errorf("calendar: encode: %w", err)
	}
	return fold(w, buf.Bytes())
}

// extension is a non-standard text property that calendar apps read
// (X-WR-CALNAME: the calendar's name), without a VALUE parameter.
func extension(name, value string) *ical.Prop {
	p := ical.NewProp(name)
	p.SetText(value)
	p.Params.Del(ical.ParamValue)
	return p
}

// event turns e into a VEVENT.
func event(e Event) *ical.Component {
	ev := ical.NewEvent()
	ev.Props.SetText(ical.PropUID, e.UID)
	ev.Props.SetDateTime(ical.PropDateTimeStamp, e.Modified.UTC())
	ev.Props.SetDateTime(ical.PropLastModified, e.Modified.UTC())
	ev.Props.SetDateTime(ical.PropDateTimeStart, e.Start.In(berlin))
	ev.Props.SetDateTime(ical.PropDateTimeEnd, e.Start.Add(e.Duration).In(berlin))
	ev.Props.SetText(ical.PropSummary, text(e.Summary))
	if e.Location != "" {
		ev.Props.SetText(ical.PropLocation, text(e.Location))
	}
	if e.Description != "" {
		ev.Props.SetText(ical.PropDescription, text(e.Description))
	}
	status, sequence := ical.EventConfirmed, "0"
	if e.Cancelled {
		// A changed event gets a higher SEQUENCE (RFC 5545 3.8.7.4).
		status, sequence = ical.EventCancelled, "1"
	}
	ev.SetStatus(status)
	seq := ical.NewProp(ical.PropSequence)
	seq.SetValueType(ical.ValueInt)
	seq.Value = sequence
	ev.Props.Set(seq)
	return ev.Component
}

// timezone is the VTIMEZONE of Europe/Berlin: Central European Time, and
// summer time from the last Sunday of March to the last Sunday of October.
func timezone() *ical.Component {
	tz := ical.NewComponent(ical.CompTimezone)
	tz.Props.SetText(ical.PropTimezoneID, ZoneID)
	for _, r := range []struct {
		name, tzname, from, to, start, rule string
	}{
		{ical.CompTimezoneDaylight, "CEST", "+0100", "+0200", "19810329T020000", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"},
		{ical.CompTimezoneStandard, "CET", "+0200", "+0100", "19961027T030000", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"},
	} {
		c := ical.NewComponent(r.name)
		c.Props.SetText(ical.PropTimezoneName, r.tzname)
		for name, value := range map[string]string{
			ical.PropTimezoneOffsetFrom: r.from, ical.PropTimezoneOffsetTo: r.to,
			ical.PropDateTimeStart: r.start, ical.PropRecurrenceRule: r.rule,
		} {
			p := ical.NewProp(name)
			p.Value = value // UTC-OFFSET, local DATE-TIME and RECUR values are written as they are
			c.Props.Set(p)
		}
		tz.Children = append(tz.Children, c)
	}
	return tz
}

// text prepares a text for a property: line breaks become LF (go-ical
// writes them as \n), other control characters spaces.
func text(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\r', r == '\t', r < 0x20, r == 0x7f:
			return ' '
		}
		return r
	}, s)
}

// maxLine is the longest a content line may be, in octets, without its
// CRLF (RFC 5545 3.1).
const maxLine = 75

// fold writes the content lines of data to w, each longer than maxLine
// octets folded into lines of at most maxLine octets, the continuations
// starting with a space (RFC 5545 3.1). A UTF-8 character is never split.
func fold(w io.Writer, data []byte) error {
	bw := bufio.NewWriter(w)
	for _, line := range bytes.SplitAfter(data, []byte("\r\n")) {
		content := bytes.TrimSuffix(line, []byte("\r\n"))
		if len(content) == 0 && len(line) == 0 {
			continue
		}
		limit := maxLine
		for len(content) > limit {
			cut := limit
			for cut > 0 && !utf8.RuneStart(content[cut]) {
				cut--
			}
			_, _ = bw.Write(content[:cut])
			_, _ = bw.WriteString("\r\n ")
			content = content[cut:]
			limit = maxLine - 1 // the leading space counts
		}
		_, _ = bw.Write(content)
		_, _ = bw.WriteString("\r\n")
	}
	return bw.Flush()
}
