// Package fold turns names into the form they are searched by: lower case,
// without diacritics, so that "ozols" finds "Ozoliņš", "sergejs" finds
// "Sergejs" and "скворцов" finds "Скворцов", on SQLite and PostgreSQL
// alike (the database compares the folded text it stores with the folded
// query; neither database folds diacritics by itself).
package fold

import (
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// special are letters that carry no combining mark to remove but are
// written differently by people without the letter on their keyboard.
var special = strings.NewReplacer("ł", "l", "ø", "o", "đ", "d", "ı", "i", "æ", "ae", "œ", "oe", "þ", "th")

// String returns s folded: case-folded (ß becomes ss), decomposed with
// every combining mark removed (ņ becomes n, ё becomes е), white space
// collapsed to single spaces and trimmed.
func String(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), cases.Fold(), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = strings.ToLower(s)
	}
	return strings.Join(strings.Fields(special.Replace(out)), " ")
}

// Words returns the folded words of a search text, without repeats. A
// word of letters only, at least four long, loses a last letter that is
// an ending of Latvian or Russian names (-s, -š, -a, -e, -i, -u, -o; -а,
// -я), so that one form of a name finds the others: "ozols" finds
// "Ozoliņš" and "Ozola", "ivanova" finds "Ivanovs", "иванова" finds
// "Иванов". Each word is matched as a part of the stored folded text.
func Words(s string) []string {
	var words []string
	for _, w := range strings.Fields(String(s)) {
		w = stem(w)
		dup := false
		for _, x := range words {
			if x == w {
				dup = true
				break
			}
		}
		if !dup {
			words = append(words, w)
		}
	}
	return words
}

// endings are the last letters stem removes.
const endings = "saeiuoая"

// stem removes a name ending from a folded word of at least four letters.
func stem(w string) string {
	r := []rune(w)
	if len(r) < 4 {
		return w
	}
	for _, c := range r {
		if !unicode.IsLetter(c) {
			return w
		}
	}
	if strings.ContainsRune(endings, r[len(r)-1]) {
		return string(r[:len(r)-1])
	}
	return w
}
