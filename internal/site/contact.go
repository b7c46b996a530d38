package site

import (
	"errors"
	"html/template"
	"net/http"

	"relocate/internal/guide"
	"relocate/internal/lang"
)

// contactCard is the Relocation Service's contact as its entry in the
// directory (guide.ServicePlaceKey) states it: the pages that name the
// contact show this card instead of repeating a phone number.
type contactCard struct {
	// Name is the official name; LocalName explains it in NameLang.
	Name, LocalName string
	NameLang        lang.Code
	// Path is the entry's page in the directory.
	Path                  string
	Phone, Email, Website string
	PhoneHref             template.URL
}

// serviceContact returns the card of the service's entry, or nil when the
// directory has none (the pages then point to the contact form).
func (s *Site) serviceContact(r *http.Request, v *view) (*contactCard, error) {
	p, err := s.guide.ServicePlace(r.Context())
	if errors.Is(err, guide.ErrPlaceNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	t, err := s.guide.PlaceText(r.Context(), p)
	if err != nil {
		return nil, err
	}
	c := &contactCard{Name: p.Name, NameLang: lang.Source, Path: pathTo(v.Lang, kPlaces, p.Key),
		Phone: p.Phone, Email: p.Email, Website: p.Website}
	if t.Found && t.Text.Name != "" {
		c.LocalName, c.NameLang = t.Text.Name, t.Language
	}
	if p.Phone != "" {
		c.PhoneHref = telHref(p.Phone)
	}
	return c, nil
}
