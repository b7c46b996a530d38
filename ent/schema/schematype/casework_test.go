package schematype

import "testing"

func TestCountryCodes(t *testing.T) {
	for _, ok := range []string{"LV", "DE", "UA", "RU", "LT", "EE", "PL"} {
		if err := CheckCountryCode(ok); err != nil {
			t.Errorf("%s refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "lv", "XX", "EU", "ZZ", "LVA", "4", "L"} {
		if CheckCountryCode(bad) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestLanguageSkills(t *testing.T) {
	if err := (LanguageSkills{{Language: "lv", Level: C2, Native: true}, {Language: "de", Level: B1}}).Validate(); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []LanguageSkills{
		{{Language: "LV", Level: C2}},
		{{Language: "lv", Level: "D1"}},
		{{Language: "lv", Level: B1}, {Language: "lv", Level: B2}},
	} {
		if bad.Validate() == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}
