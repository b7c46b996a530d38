package schematype

import (
	"fmt"
	"regexp"

	"relocate/internal/apperr"
)

// languageCode is an ISO 639-1 code: two lower-case letters.
var languageCode = regexp.MustCompile(`^[a-z]{2}$`)

// CheckLanguageCode checks that code is an ISO 639-1 code ("lv").
func CheckLanguageCode(code string) error {
	if !languageCode.MatchString(code) {
		return apperr.Invalid("error.invalid_language_code", map[string]any{"Value": code})
	}
	return nil
}

// CheckLanguageCodes checks every code of a list of spoken languages; the
// error (an *apperr.Error) lists the wrong items: "[1]".
func CheckLanguageCodes(codes []string) error {
	var f apperr.Fields
	for i, c := range codes {
		f.Check(fmt.Sprintf("[%d]", i), CheckLanguageCode(c))
	}
	return f.Err()
}

// CheckCoordinates checks that latitude and longitude are given together
// (or both left out); the error names the one that is missing.
func CheckCoordinates(latitude, longitude *float64) error {
	var f apperr.Fields
	switch {
	case latitude != nil && longitude == nil:
		f.Check("longitude", apperr.Invalid("error.field.coordinates", nil))
	case latitude == nil && longitude != nil:
		f.Check("latitude", apperr.Invalid("error.field.coordinates", nil))
	}
	return f.Err()
}
