package site_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"relocate/internal/testenv"
)

// BenchmarkPages renders the main pages through the whole HTTP handler on
// the SQLite demo database.
func BenchmarkPages(b *testing.B) {
	app := testenv.NewApp(b, testenv.DBs[0])
	for _, tc := range []struct{ name, path string }{
		{"home", "/lv/"},
		{"topic", "/ru/temy/zhilyo"},
		{"article", "/lv/celvedis/pirmas-divas-nedelas-kontrolsaraksts"},
		{"search", "/de/suche?q=Anmeldung"},
		{"places", "/en/places"},
		{"place", "/de/orte/relocation-service"},
		{"glossary", "/lv/vardnica"},
		{"contact", "/ru/kontakty"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				app.Handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tc.path, nil))
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", tc.path, rec.Code)
				}
			}
		})
	}
}
