package site

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"

	"relocate/ent/schema/schematype"
	"relocate/internal/guide"
)

type placeData struct {
	placeCard
	Phone, Email, Website, MapURL string
	PhoneHref                     template.URL
	Hours                         []hoursRow
}

// hoursRow is one weekday of a place's opening hours.
type hoursRow struct {
	Day     string
	Periods []string
	Today   bool
}

func (s *Site) place(w http.ResponseWriter, r *http.Request, v *view) {
	p, err := s.guide.PlaceByKey(r.Context(), r.PathValue("key"))
	if err != nil {
		s.fail(w, v, err)
		return
	}
	card, err := s.placeCard(r, v, p)
	if err != nil {
		s.fail(w, v, err)
		return
	}
	d := placeData{placeCard: card, Phone: p.Phone, Email: p.Email, Website: p.Website}
	if p.Phone != "" {
		d.PhoneHref = telHref(p.Phone)
	}
	switch {
	case p.Latitude != nil && p.Longitude != nil:
		d.MapURL = fmt.Sprintf("https://www.openstreetmap.org/?mlat=%.6f&mlon=%.6f#map=17/%.6f/%.6f", *p.Latitude, *p.Longitude, *p.Latitude, *p.Longitude)
	case p.Street != "":
		d.MapURL = "https://www.openstreetmap.org/search?query=" + url.QueryEscape(p.Name+", "+card.Address)
	}
	today := schematype.WeekdayOf(s.now().In(guide.Location()).Weekday())
	if len(p.OpeningHours) > 0 {
		for _, day := range schematype.Weekdays {
			row := hoursRow{Day: v.T("weekday." + string(day)), Today: day == today}
			for _, h := range p.OpeningHours {
				if h.Day == day {
					row.Periods = append(row.Periods, h.Opens+"–"+h.Closes)
				}
			}
			d.Hours = append(d.Hours, row)
		}
	}
	v.Kind, v.Title, v.Description, v.Data = kPlaces, p.Name, card.Description, d
	v.staticAlternates(kPlaces, p.Key)
	if card.Lang != v.Lang {
		v.Notices = append(v.Notices, notice{Text: v.T("notice.missing." + string(card.Lang))})
	}
	s.render(w, v, "place")
}

// telNumber keeps the digits (and a leading +) of a phone number for a
// tel: link; German numbers get their country code.
func telNumber(phone string) string {
	var b []byte
	for i := 0; i < len(phone); i++ {
		if c := phone[i]; c >= '0' && c <= '9' || (c == '+' && len(b) == 0) {
			b = append(b, c)
		}
	}
	if len(b) > 1 && b[0] == '0' && b[1] != '0' {
		return "+49" + string(b[1:])
	}
	return string(b)
}

// telHref is the tel: link of a phone number. html/template lets no tel:
// URL through as text (it writes #ZgotmplZ); this one holds only digits
// and a leading +.
func telHref(phone string) template.URL {
	return template.URL("tel:" + telNumber(phone)) //nolint:gosec // digits and + only
}
