package schema

import (
	"fmt"
	"math"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"relocate/ent/schema/schematype"
	"relocate/internal/apperr"
)

// The limits of guide content (and of the fields of inquiries that are
// like them), in characters (runes: "ā" and "ж" count
// one, as readers count them). They are said here only; the editing
// services, the demo content's validation and every ent mutation check
// them through the generated validators (guidearticletranslation.SummaryValidator …).
const (
	maxKey         = 100     // stable keys
	maxSlug        = 120     // addresses of articles and topics, per language
	maxName        = 200     // titles, names, glossary words
	maxSummary     = 250     // an article's summary: one or two sentences
	maxTopicText   = 250     // a topic's description
	maxBody        = 100_000 // an article's Markdown
	maxDescription = 1000    // a place's description
	maxExplanation = 1000    // a glossary term's explanation
	maxIcon        = 50      // a symbolic icon name
	maxStreet      = 200
	maxPostalCode  = 10
	maxCity        = 100
	maxPhone       = 50
	maxEmail       = 254 // RFC 5321
	maxURL         = 500
	maxSources     = 30 // the public sources of one article
	// The years an article's figures can be for.
	minYear      = 2000
	maxYear      = 2100
	maxNote      = 10_000 // notes of staff on a case, company or partner
	maxLegalForm = 50     // GmbH, GmbH & Co. KG, e. K. …
)

// Patterns of the classification codes case management uses.
var (
	// wzPattern is a code of the German classification of economic
	// activities (WZ 2008): division "25", group "25.6", class "25.62" or
	// subclass "25.62.0".
	wzPattern = regexp.MustCompile(`^[0-9]{2}(\.[0-9]([0-9](\.[0-9])?)?)?$`)
	// kldbPattern is an occupation of the German classification of
	// occupations (KldB 2010): five digits, e.g. "25212".
	kldbPattern = regexp.MustCompile(`^[0-9]{5}$`)
	// referencePattern is a case reference: RS-<year>-<number>.
	referencePattern = regexp.MustCompile(`^RS-[0-9]{4}-[0-9]{4,}$`)
)

// keyPattern is the shape of stable keys, slugs and icon names: lower-case
// ASCII words joined by hyphens.
var keyPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Message IDs of the validators (locales/).
const (
	msgRequired   = "error.field.required"
	msgTooLong    = "error.field.too_long"
	msgKey        = "error.key_invalid"
	msgSlug       = "error.slug_invalid"
	msgIcon       = "error.field.icon"
	msgEmail      = "error.email_invalid"
	msgPhone      = "error.field.phone"
	msgHTTPS      = "error.field.https_url"
	msgOutOfRange = "error.field.out_of_range"
	msgSingleLine = "error.field.single_line"
	msgYear       = "error.field.year"
	msgTooMany    = "error.field.too_many"
	msgWZ         = "error.field.wz_code"
	msgKldB       = "error.field.kldb_code"
	msgReference  = "error.field.reference"
)

// text returns a validator that accepts at most max characters.
func text(max int) func(string) error {
	return func(s string) error {
		if utf8.RuneCountInString(s) > max {
			return apperr.Invalid(msgTooLong, map[string]any{"Max": max, "Count": max})
		}
		return nil
	}
}

// required returns a validator that accepts a text that is not blank and
// has at most max characters.
func required(max int) func(string) error {
	long := text(max)
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return apperr.Invalid(msgRequired, nil)
		}
		return long(s)
	}
}

// line is like text(max) for texts of one line (names, titles).
func line(max int) func(string) error {
	long := text(max)
	return func(s string) error {
		if strings.ContainsAny(s, "\r\n") {
			return apperr.Invalid(msgSingleLine, nil)
		}
		return long(s)
	}
}

// requiredLine is like required(max) for texts of one line.
func requiredLine(max int) func(string) error {
	l := line(max)
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return apperr.Invalid(msgRequired, nil)
		}
		return l(s)
	}
}

// shaped returns a validator for a non-empty lower-case word chain
// (keyPattern) of at most max characters; messageID says what is wrong.
func shaped(max int, messageID string) func(string) error {
	return func(s string) error {
		if s == "" {
			return apperr.Invalid(msgRequired, nil)
		}
		if len(s) > max {
			return apperr.Invalid(msgTooLong, map[string]any{"Max": max, "Count": max})
		}
		if !keyPattern.MatchString(s) {
			return apperr.Invalid(messageID, nil)
		}
		return nil
	}
}

// optional makes validate accept the empty text.
func optional(validate func(string) error) func(string) error {
	return func(s string) error {
		if s == "" {
			return nil
		}
		return validate(s)
	}
}

// httpsURL accepts an absolute https:// URL with a host.
func httpsURL(s string) error {
	if err := text(maxURL)(s); err != nil {
		return err
	}
	if u, err := url.Parse(s); err != nil || u.Scheme != "https" || u.Host == "" {
		return apperr.Invalid(msgHTTPS, nil)
	}
	return nil
}

// email accepts a plain address (no display name) whose domain has a dot.
func email(s string) error {
	if err := text(maxEmail)(s); err != nil {
		return err
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") {
		return apperr.Invalid(msgEmail, nil)
	}
	return nil
}

// phone accepts digits, spaces and + ( ) / -.
func phone(s string) error {
	if err := text(maxPhone)(s); err != nil {
		return err
	}
	if strings.Trim(s, "+0123456789 ()/-") != "" {
		return apperr.Invalid(msgPhone, nil)
	}
	return nil
}

// between returns a validator for numbers from min to max.
func between(min, max float64) func(float64) error {
	return func(v float64) error {
		if math.IsNaN(v) || v < min || v > max {
			return apperr.Invalid(msgOutOfRange, map[string]any{"Min": min, "Max": max})
		}
		return nil
	}
}

// year accepts the years an article's figures can be for.
func year(y int) error {
	if y < minYear || y > maxYear {
		return apperr.Invalid(msgYear, map[string]any{"Min": minYear, "Max": maxYear})
	}
	return nil
}

// CheckSources checks an article's sources: at most maxSources, each with
// a title and a publisher of one line and an https:// URL. The error (an
// *apperr.Error) lists each wrong field: "[2].url". ent validates no JSON
// field, so the GuideArticle's hook calls it on every change, and the
// editing service and the demo content's validation call it to report
// every problem at once.
func CheckSources(s schematype.Sources) error {
	var f apperr.Fields
	if len(s) > maxSources {
		f.Check("", apperr.Invalid(msgTooMany, map[string]any{"Max": maxSources, "Count": maxSources}))
	}
	title, publisher := requiredLine(maxName), requiredLine(maxName)
	for i, src := range s {
		at := fmt.Sprintf("[%d]", i)
		f.Check(at+".title", title(src.Title))
		f.Check(at+".publisher", publisher(src.Publisher))
		if strings.TrimSpace(src.URL) == "" {
			f.Check(at+".url", apperr.Invalid(msgRequired, nil))
		} else {
			f.Check(at+".url", httpsURL(src.URL))
		}
	}
	return f.Err()
}

// patterned returns a validator for a non-empty text of the shape of re;
// messageID says what is wrong.
func patterned(re *regexp.Regexp, messageID string) func(string) error {
	return func(s string) error {
		if s == "" {
			return apperr.Invalid(msgRequired, nil)
		}
		if !re.MatchString(s) {
			return apperr.Invalid(messageID, nil)
		}
		return nil
	}
}

// country accepts an ISO 3166-1 alpha-2 country code in capitals.
func country(s string) error { return schematype.CheckCountryCode(s) }

// atLeast returns a validator for whole numbers of at least min.
func atLeast(min int) func(int) error {
	return func(v int) error {
		if v < min {
			return apperr.Invalid("error.field.at_least", map[string]any{"Min": min})
		}
		return nil
	}
}

// within returns a validator for whole numbers from min to max.
func within(min, max int) func(int) error {
	return func(v int) error {
		if v < min || v > max {
			return apperr.Invalid(msgOutOfRange, map[string]any{"Min": min, "Max": max})
		}
		return nil
	}
}
