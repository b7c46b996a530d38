package site

import (
	"net/http"

	inq "relocate/internal/inquiry"
)

func (s *Site) contact(w http.ResponseWriter, r *http.Request, v *view) {
	f, err := s.newInquiryForm(r, v, inq.Newcomer)
	if err != nil {
		s.fail(w, v, err)
		return
	}
	f.Sent = r.URL.Query().Get("sent") == "1"
	v.private = true
	s.renderContact(v, f)(w)
}

func (s *Site) contactPost(w http.ResponseWriter, r *http.Request, v *view) {
	s.submitInquiry(w, r, v, inq.Newcomer, kContact, func(f *inquiryForm) { s.renderContact(v, f)(w) })
}

func (s *Site) renderContact(v *view, f *inquiryForm) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		v.Kind, v.Title, v.Description, v.Data = kContact, v.T("contact.title"), v.T("contact.about"), f
		v.NoIndex = f.Sent
		v.staticAlternates(kContact, "")
		s.render(w, v, "contact")
	}
}
