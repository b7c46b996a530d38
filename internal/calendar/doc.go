// Package calendar exports appointments as iCalendar (RFC 5545) for
// calendar apps: per case and per user (a caseworker's cases, a
// newcomer's own case), at URLs that need the same sign-in as the API, or
// at feed URLs with an unguessable token for apps that cannot sign in.
//
// A token is shown once, when its feed is made, and stored only as its
// SHA-256 hash; revoking the feed (or making a new one for the same
// calendar, which replaces it) makes its URL answer 404. A feed reads as
// its user would, with their rights checked on every read: a newcomer's
// feed shows only their own case, a disabled user's feeds nothing.
//
// Events are written with go-ical (escaping of `\`, `;`, `,` and line
// breaks), times in TZID=Europe/Berlin with the zone's VTIMEZONE, lines
// folded at 75 octets (never inside a UTF-8 character) and ended by CRLF.
// Cancelled appointments stay in the feed with STATUS:CANCELLED, so that
// apps that have them already take them off.
package calendar
