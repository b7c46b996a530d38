// Package textinput checks text that people and clients send: it must be
// UTF-8 and free of control characters other than tab and line breaks.
// Invalid bytes (Latin-1 from an old client, a NUL) are refused at the
// boundary with a clear error rather than stored or passed to a database
// that rejects them (PostgreSQL refuses NUL and invalid UTF-8).
package textinput

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Valid reports whether s is UTF-8 without control characters other than
// tab, line feed and carriage return.
func Valid(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' {
			return false
		}
	}
	return true
}

// Clean returns s with invalid bytes replaced by U+FFFD and other control
// characters removed, for showing back what was sent.
func Clean(s string) string {
	if Valid(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}
