package seed_test

import (
	"context"
	"strings"
	"testing"

	"relocate/ent/partner"
	"relocate/internal/seed"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// TestPartnersAreTheAnnouncedOnes checks the partners of the content
// files against the announcement: every organisation it names is there,
// under its current name, and nothing is claimed that the files cannot
// back (no contact person, e-mail or phone).
func TestPartnersAreTheAnnouncedOnes(t *testing.T) {
	c, err := seed.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]seed.Partner{}
	for _, p := range c.Partners {
		byKey[p.Key] = p
	}
	for key, want := range map[string]struct {
		name    string
		country string
		kind    partner.Kind
	}{
		"lv-ministry-of-welfare":            {"Wohlfahrtsministerium der Republik Lettland", "LV", partner.KindMINISTRY},
		"daugavpils-city":                   {"Stadtverwaltung Daugavpils", "LV", partner.KindMUNICIPALITY},
		"daugavpils-vocational-schools":     {"Berufsschulen in Daugavpils", "LV", partner.KindVOCATIONAL_SCHOOL},
		"daugavpils-university":             {"Universität Daugavpils", "LV", partner.KindUNIVERSITY},
		"ms-sachsen-anhalt":                 {"Ministerium für Arbeit, Soziales, Gesundheit und Gleichstellung des Landes Sachsen-Anhalt", "DE", partner.KindMINISTRY},
		"iq-sachsen-anhalt":                 {"IQ Netzwerk Sachsen-Anhalt – Anerkennungs- und Qualifizierungsberatung", "DE", partner.KindCOUNSELLING},
		"hwk-magdeburg":                     {"Handwerkskammer Magdeburg", "DE", partner.KindCHAMBER},
		"kreishandwerkerschaft-elbe-boerde": {"Kreishandwerkerschaft Elbe-Börde", "DE", partner.KindASSOCIATION},
	} {
		p, ok := byKey[key]
		if !ok {
			t.Errorf("no partner %q", key)
			continue
		}
		if p.Name != want.name || p.Country != want.country || p.Kind != want.kind {
			t.Errorf("partner %q: %q %s %s, want %q %s %s", key, p.Name, p.Country, p.Kind, want.name, want.country, want.kind)
		}
	}
	for _, p := range c.Partners {
		if strings.Contains(p.Name, "Kreishandwerkerschaft Magdeburg") || strings.Contains(p.Name, "Ministerium für Arbeit und Soziales") {
			t.Errorf("partner %q has a name the organisation no longer has: %q", p.Key, p.Name)
		}
	}
}

func TestValidatePartners(t *testing.T) {
	for _, tc := range []struct {
		name  string
		spoil func(c *seed.Content)
		want  string
	}{
		{"old name", func(c *seed.Content) {
			partnerOf(t, c, "kreishandwerkerschaft-elbe-boerde").Name = "Kreishandwerkerschaft Magdeburg"
		},
			`partner "kreishandwerkerschaft-elbe-boerde": named "Kreishandwerkerschaft Magdeburg", but its place "kreishandwerkerschaft" is named "Kreishandwerkerschaft Elbe-Börde"`},
		{"unknown place", func(c *seed.Content) { partnerOf(t, c, "hwk-magdeburg").Place = "hwk" }, `partner "hwk-magdeburg": no place "hwk"`},
		{"website", func(c *seed.Content) { partnerOf(t, c, "hwk-magdeburg").Website = "http://www.hwk-magdeburg.de" }, `partner "hwk-magdeburg": website: `},
		{"country", func(c *seed.Content) { partnerOf(t, c, "daugavpils-city").Country = "Latvia" }, `partner "daugavpils-city": country: `},
		{"kind", func(c *seed.Content) { partnerOf(t, c, "daugavpils-city").Kind = "CITY" }, `partner "daugavpils-city": kind: `},
		{"key twice", func(c *seed.Content) { c.Partners = append(c.Partners, c.Partners[0]) }, "key used twice"},
		{"key", func(c *seed.Content) { partnerOf(t, c, "daugavpils-city").Key = "Daugavpils" }, `partner "Daugavpils": key: `},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := seed.Embedded()
			if err != nil {
				t.Fatal(err)
			}
			tc.spoil(c)
			err = c.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("validation says %v, want %q", err, tc.want)
			}
		})
	}
}

func partnerOf(t *testing.T, c *seed.Content, key string) *seed.Partner {
	t.Helper()
	for i := range c.Partners {
		if c.Partners[i].Key == key {
			return &c.Partners[i]
		}
	}
	t.Fatalf("no partner %q", key)
	return nil
}

// TestPartnersLoadIdempotently: a first start loads the partners; loading
// again changes nothing; a start on a database that has guide content but
// no partners (made before the network) adds them; staff's contact data
// survives a reload, the files' facts are restored.
func TestPartnersLoadIdempotently(t *testing.T) {
	c, err := seed.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		app := testenv.NewApp(t, db)
		ctx := viewer.SystemContext(context.Background())
		client := app.Store.Client
		n, err := client.Partner.Query().Count(ctx)
		if err != nil || n != len(c.Partners) {
			t.Fatalf("%d partners after the first start (%v), want %d", n, err, len(c.Partners))
		}

		// Staff give the IQ network a contact and rename the chamber.
		iq := client.Partner.Query().Where(partner.Key("iq-sachsen-anhalt")).OnlyX(ctx)
		iq.Update().SetContactName("Frau Muster").SetEmail("beratung@example.org").SetNotes("Termine dienstags").ExecX(ctx)
		hwk := client.Partner.Query().Where(partner.Key("hwk-magdeburg")).OnlyX(ctx)
		hwk.Update().SetName("HWK").ExecX(ctx)
		client.Partner.Create().SetName("Jobcenter Magdeburg").SetCountry("DE").SetKind(partner.KindEMPLOYMENT_AGENCY).ExecX(ctx)

		report, err := seed.Load(ctx, client, c)
		if err != nil {
			t.Fatal(err)
		}
		if report.Created != 0 || report.Updated != 1 {
			t.Errorf("reloading: %s, want 0 created, 1 updated (the chamber's name)", report)
		}
		if got := client.Partner.GetX(ctx, hwk.ID); got.Name != "Handwerkskammer Magdeburg" {
			t.Errorf("the chamber is named %q after reloading", got.Name)
		}
		if got := client.Partner.GetX(ctx, iq.ID); got.ContactName != "Frau Muster" || got.Email != "beratung@example.org" || got.Notes != "Termine dienstags" {
			t.Errorf("reloading changed the staff's contact data: %+v", got)
		}
		if n := client.Partner.Query().CountX(ctx); n != len(c.Partners)+1 {
			t.Errorf("%d partners after reloading, want %d (the files' and the staff's own)", n, len(c.Partners)+1)
		}

		// A database made before the network: guide content, no partners.
		client.Partner.Delete().Where(partner.KeyNotNil()).ExecX(ctx)
		loaded, report, err := seed.LoadIfEmpty(ctx, client, c)
		if err != nil || loaded || report.Created != len(c.Partners) {
			t.Fatalf("start on a database without partners: loaded %v, %s, %v; want the %d partners only", loaded, report, err, len(c.Partners))
		}
		_, report, err = seed.LoadIfEmpty(ctx, client, c)
		if err != nil || report.Created != 0 || report.Updated != 0 {
			t.Errorf("next start: %s %v, want nothing changed", report, err)
		}
	})
}
