package lang

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/text/language"
)

// Code is a content language, stored in lower case ("lv") and shown to
// GraphQL clients as the LanguageCode enum in upper case ("LV").
type Code string

// The content languages. German is the source of every text.
const (
	DE Code = "de"
	LV Code = "lv"
	RU Code = "ru"
	EN Code = "en"
)

// Source is the language every text is written in first.
const Source = DE

// All lists the content languages in their display order.
var All = []Code{DE, LV, RU, EN}

// Parse reads a language code in any letter case ("LV", "lv").
func Parse(s string) (Code, error) {
	c := Code(strings.ToLower(strings.TrimSpace(s)))
	if !c.Valid() {
		return "", fmt.Errorf("lang: unknown language %q", s)
	}
	return c, nil
}

// Valid reports whether c is one of the content languages.
func (c Code) Valid() bool {
	switch c {
	case DE, LV, RU, EN:
		return true
	}
	return false
}

// Tag returns the BCP 47 tag of c.
func (c Code) Tag() language.Tag { return language.Make(string(c)) }

// String returns the lower-case code.
func (c Code) String() string { return string(c) }

// Values lists the stored values; ent uses it for enum columns.
func (Code) Values() []string {
	v := make([]string, len(All))
	for i, c := range All {
		v[i] = string(c)
	}
	return v
}

// MarshalGQL writes c as a LanguageCode enum value.
func (c Code) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, strconv.Quote(strings.ToUpper(string(c))))
}

// UnmarshalGQL reads a LanguageCode enum value.
func (c *Code) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("lang: language code must be a string, got %T", v)
	}
	parsed, err := Parse(s)
	if err != nil {
		return err
	}
	*c = parsed
	return nil
}
