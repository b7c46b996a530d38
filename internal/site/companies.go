package site

import (
	"net/http"

	inq "relocate/internal/inquiry"
)

type companiesData struct {
	Text pageText
	Form *inquiryForm
}

func (s *Site) companies(w http.ResponseWriter, r *http.Request, v *view) {
	f, err := s.newInquiryForm(r, v, inq.Company)
	if err != nil {
		s.fail(w, v, err)
		return
	}
	f.Sent = r.URL.Query().Get("sent") == "1"
	v.private = true
	s.renderCompanies(v, f)(w)
}

func (s *Site) companiesPost(w http.ResponseWriter, r *http.Request, v *view) {
	s.submitInquiry(w, r, v, inq.Company, kCompanies, func(f *inquiryForm) { s.renderCompanies(v, f)(w) })
}

func (s *Site) renderCompanies(v *view, f *inquiryForm) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		t := s.texts[kCompanies][v.Lang]
		v.Kind, v.Title, v.Description, v.Data = kCompanies, t.Title, t.Description, companiesData{Text: t, Form: f}
		v.NoIndex = f.Sent
		v.staticAlternates(kCompanies, "")
		s.render(w, v, "companies")
	}
}
