package site_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"relocate/ent/inquiry"
	"relocate/internal/lang"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
	"relocate/locales"
)

// TestFormFieldsFollowTheSchemasRules: the inquiry forms decide with the
// ent schema's validators, so a name is as long as the schema allows in
// characters, not bytes, and a wrong phone number gets the API's message.
func TestFormFieldsFollowTheSchemasRules(t *testing.T) {
	catalog, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	limit := 0 // the longest name the schema accepts, in characters
	for inquiry.NameValidator(strings.Repeat("ж", limit+1)) == nil {
		limit++
	}
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		c, h, client := formApp(t, db)

		// A Cyrillic name of the full length: two bytes a character.
		form := fill(t, h, "/ru/kontakty", false)
		form.Set("name", strings.Repeat("ж", limit))
		c.Add(10 * time.Second)
		if p := postForm(t, h, "/ru/kontakty", form); p.status != http.StatusSeeOther {
			t.Fatalf("a name of %d characters: %d", limit, p.status)
		}
		q := client.Inquiry.Query().OnlyX(viewer.SystemContext(context.Background()))
		if len([]rune(q.Name)) != limit {
			t.Errorf("stored a name of %d characters", len([]rune(q.Name)))
		}

		form = fill(t, h, "/ru/kontakty", false)
		form.Set("name", strings.Repeat("ж", limit+1))
		c.Add(10 * time.Second)
		if p := postForm(t, h, "/ru/kontakty", form); p.status != http.StatusUnprocessableEntity || text(p.first("p", "id", "f-name-error")) == "" {
			t.Errorf("a name of %d characters: %d", limit+1, p.status)
		}

		form = fill(t, h, "/de/unternehmen", true)
		form.Set("phone", "ruf an")
		c.Add(time.Minute)
		p := postForm(t, h, "/de/unternehmen", form)
		if got, want := text(p.first("p", "id", "f-phone-error")), catalog.T(lang.DE, "error.field.phone", nil); p.status != http.StatusUnprocessableEntity || got != want {
			t.Errorf("phone: %d %q, want %q", p.status, got, want)
		}
		if n := countInquiries(t, client); n != 1 {
			t.Errorf("%d inquiries stored, want 1", n)
		}
	})
}
