package textinput

import "testing"

func TestValid(t *testing.T) {
	for _, tc := range []struct {
		in    string
		valid bool
		clean string
	}{
		{"Jānis Bērziņš", true, "Jānis Bērziņš"},
		{"Zeile 1\r\nZeile 2\tTab", true, "Zeile 1\r\nZeile 2\tTab"},
		{"Привет", true, "Привет"},
		{"M\xfcller", false, "M\uFFFDller"}, // Latin-1
		{"\xff\xfe", false, "\uFFFD"},
		{"a\x00b", false, "ab"},
		{"bell\x07", false, "bell"},
		{"del\x7f", false, "del"},
		{"c1\u0085", false, "c1"},
		{"", true, ""},
	} {
		if got := Valid(tc.in); got != tc.valid {
			t.Errorf("Valid(%q) = %v", tc.in, got)
		}
		if got := Clean(tc.in); got != tc.clean {
			t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.clean)
		}
	}
}
