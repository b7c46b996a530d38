package schematype

import (
	"fmt"
	"io"
	"slices"
	"strconv"

	"golang.org/x/text/language"

	"relocate/internal/apperr"
)

// CEFR is a language level of the Common European Framework of Reference,
// A1 (beginner) to C2 (mastery).
type CEFR string

// The CEFR levels, lowest first.
const (
	A1 CEFR = "A1"
	A2 CEFR = "A2"
	B1 CEFR = "B1"
	B2 CEFR = "B2"
	C1 CEFR = "C1"
	C2 CEFR = "C2"
)

// CEFRLevels lists the levels, lowest first.
var CEFRLevels = []CEFR{A1, A2, B1, B2, C1, C2}

// Values lists the stored values; ent uses it for enum columns.
func (CEFR) Values() []string {
	v := make([]string, len(CEFRLevels))
	for i, l := range CEFRLevels {
		v[i] = string(l)
	}
	return v
}

// Valid reports whether l is a CEFR level.
func (l CEFR) Valid() bool { return slices.Contains(CEFRLevels, l) }

// MarshalGQL writes l as a CefrLevel enum value.
func (l CEFR) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(l))) }

// UnmarshalGQL reads a CefrLevel enum value.
func (l *CEFR) UnmarshalGQL(v any) error {
	s, _ := v.(string)
	if !CEFR(s).Valid() {
		return fmt.Errorf("schematype: unknown CEFR level %v", v)
	}
	*l = CEFR(s)
	return nil
}

// LanguageSkill is a language a person speaks, with its level.
type LanguageSkill struct {
	// Language is an ISO 639-1 code ("lv").
	Language string `json:"language"`
	Level    CEFR   `json:"level"`
	// Native marks a first language.
	Native bool `json:"native,omitempty"`
}

// LanguageSkills are the languages a person speaks.
type LanguageSkills []LanguageSkill

// Validate checks every code and level and that no language is named
// twice; the error (an *apperr.Error) lists the wrong items: "[1].level".
func (ls LanguageSkills) Validate() error {
	var f apperr.Fields
	var seen []string
	for i, s := range ls {
		at := fmt.Sprintf("[%d]", i)
		f.Check(at+".language", CheckLanguageCode(s.Language))
		if slices.Contains(seen, s.Language) {
			f.Check(at+".language", apperr.Invalid("error.field.duplicate", nil))
		}
		seen = append(seen, s.Language)
		if !s.Level.Valid() {
			f.Check(at+".level", apperr.Invalid("error.field.invalid", nil))
		}
	}
	return f.Err()
}

// FamilyNeed is something a family member needs that the service helps to
// find.
type FamilyNeed string

// The needs of family members.
const (
	NeedKitaPlace       FamilyNeed = "KITA_PLACE"
	NeedSchoolPlace     FamilyNeed = "SCHOOL_PLACE"
	NeedAfterSchoolCare FamilyNeed = "AFTER_SCHOOL_CARE"
	NeedLanguageCourse  FamilyNeed = "LANGUAGE_COURSE"
	NeedJob             FamilyNeed = "JOB"
	NeedHealthCare      FamilyNeed = "HEALTH_CARE"
	NeedOther           FamilyNeed = "OTHER"
)

// FamilyNeeds lists every need.
var FamilyNeeds = []FamilyNeed{NeedKitaPlace, NeedSchoolPlace, NeedAfterSchoolCare, NeedLanguageCourse, NeedJob, NeedHealthCare, NeedOther}

// Valid reports whether n is a known need.
func (n FamilyNeed) Valid() bool { return slices.Contains(FamilyNeeds, n) }

// MarshalGQL writes n as a FamilyNeed enum value.
func (n FamilyNeed) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(n))) }

// UnmarshalGQL reads a FamilyNeed enum value.
func (n *FamilyNeed) UnmarshalGQL(v any) error {
	s, _ := v.(string)
	if !FamilyNeed(s).Valid() {
		return fmt.Errorf("schematype: unknown family need %v", v)
	}
	*n = FamilyNeed(s)
	return nil
}

// CheckCountryCode checks that code is an ISO 3166-1 alpha-2 code of a
// country, in capitals ("LV", "DE").
func CheckCountryCode(code string) error {
	bad := apperr.Invalid("error.field.country", map[string]any{"Value": code})
	if len(code) != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z' {
		return bad
	}
	r, err := language.ParseRegion(code)
	if err != nil || !r.IsCountry() || r.String() != code {
		return bad
	}
	return nil
}

// CaseStatus is where a case stands in its workflow (see
// internal/casework for the transitions between the statuses).
type CaseStatus string

// The statuses of a case.
const (
	CaseInquiry    CaseStatus = "INQUIRY"
	CaseIntake     CaseStatus = "INTAKE"
	CaseMatching   CaseStatus = "MATCHING"
	CasePlaced     CaseStatus = "PLACED"
	CaseArriving   CaseStatus = "ARRIVING"
	CaseSettlingIn CaseStatus = "SETTLING_IN"
	CaseOnHold     CaseStatus = "ON_HOLD"
	CaseClosed     CaseStatus = "CLOSED"
)

// CaseStatuses lists the statuses.
var CaseStatuses = []CaseStatus{CaseInquiry, CaseIntake, CaseMatching, CasePlaced, CaseArriving, CaseSettlingIn, CaseOnHold, CaseClosed}

// Values lists the stored values; ent uses it for enum columns.
func (CaseStatus) Values() []string {
	v := make([]string, len(CaseStatuses))
	for i, s := range CaseStatuses {
		v[i] = string(s)
	}
	return v
}

// MarshalGQL writes s as a CaseStatus enum value.
func (s CaseStatus) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(s))) }

// UnmarshalGQL reads a CaseStatus enum value.
func (s *CaseStatus) UnmarshalGQL(v any) error {
	str, _ := v.(string)
	if !slices.Contains(CaseStatuses, CaseStatus(str)) {
		return fmt.Errorf("schematype: unknown case status %v", v)
	}
	*s = CaseStatus(str)
	return nil
}
