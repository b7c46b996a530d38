package guide

import (
	"fmt"
	"io"
	"strconv"

	"relocate/internal/lang"
)

// TranslationStatus tells how the text served for a localized object relates
// to its German source, seen from the language that was asked for.
type TranslationStatus string

// The translation states.
const (
	UpToDate          TranslationStatus = "UP_TO_DATE"
	Outdated          TranslationStatus = "OUTDATED"
	Missing           TranslationStatus = "MISSING"
	MachineTranslated TranslationStatus = "MACHINE_TRANSLATED"
)

// MarshalGQL writes s as a TranslationStatus enum value.
func (s TranslationStatus) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, strconv.Quote(string(s)))
}

// UnmarshalGQL reads a TranslationStatus enum value.
func (s *TranslationStatus) UnmarshalGQL(v any) error {
	str, _ := v.(string)
	switch TranslationStatus(str) {
	case UpToDate, Outdated, Missing, MachineTranslated:
		*s = TranslationStatus(str)
		return nil
	}
	return fmt.Errorf("guide: unknown translation status %v", v)
}

// textMeta is what deciding on a translation needs to know of one row.
type textMeta struct {
	Language          lang.Code
	SourceRevision    int
	MachineTranslated bool
}

// Localized is the text of one object chosen for one request.
type Localized[T any] struct {
	// Text is the row served; its zero value when the object has no text.
	Text T
	// Language is the language Text is written in.
	Language lang.Code
	// Status compares Text with the language asked for.
	Status TranslationStatus
	// Found is false when the object has no text in any language.
	Found bool
}

// pick chooses the row to serve from rows, following the preference chain,
// and computes its translation status against the object's source revision.
func pick[T any](rows []T, meta func(T) textMeta, chain []lang.Code, sourceRevision int) Localized[T] {
	for _, want := range chain {
		for _, r := range rows {
			m := meta(r)
			if m.Language != want {
				continue
			}
			return Localized[T]{Text: r, Language: m.Language, Status: statusOf(m, want == chain[0], sourceRevision), Found: true}
		}
	}
	return Localized[T]{Status: Missing}
}

// statusOf is the status of a row; asked says whether the row is in the
// language asked for (rather than a fallback).
func statusOf(m textMeta, asked bool, sourceRevision int) TranslationStatus {
	switch {
	case !asked:
		return Missing
	case m.Language == lang.Source:
		return UpToDate
	case m.MachineTranslated:
		return MachineTranslated
	case m.SourceRevision < sourceRevision:
		return Outdated
	}
	return UpToDate
}
