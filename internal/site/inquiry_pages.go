package site

import (
	"net/http"

	"relocate/ent/inquiry"
	inq "relocate/internal/inquiry"
)

// inquiryPage is a page with an inquiry form: the contact page (newcomers)
// and the companies page.
type inquiryPage struct {
	site *Site
	kind inquiry.Kind
	page kind
}

func (p inquiryPage) get(w http.ResponseWriter, r *http.Request, v *view) {
	f, err := p.site.newInquiryForm(r, v, p.kind)
	if err != nil {
		p.site.fail(w, v, err)
		return
	}
	f.Sent = r.URL.Query().Get("sent") == "1"
	p.render(w, v, f)
}

func (p inquiryPage) post(w http.ResponseWriter, r *http.Request, v *view) {
	p.site.submitInquiry(w, r, v, p.kind, p.page, func(f *inquiryForm) { p.render(w, v, f) })
}

type companiesData struct {
	Text pageText
	Form *inquiryForm
}

func (p inquiryPage) render(w http.ResponseWriter, v *view, f *inquiryForm) {
	v.private, v.NoIndex = true, f.Sent // a form carries a fresh token
	v.Kind = p.page
	v.staticAlternates(p.page, "")
	// Both pages name the service's contact, as its directory entry has it.
	contact, err := p.site.serviceContact(v.r, v)
	if err != nil {
		p.site.fail(w, v, err)
		return
	}
	v.Contact = contact
	if p.kind == inq.Company {
		t := p.site.texts[kCompanies][v.Lang]
		v.Title, v.Description, v.Data = t.Title, t.Description, companiesData{Text: t, Form: f}
		p.site.render(w, v, "companies")
		return
	}
	v.Title, v.Description, v.Data = v.T("contact.title"), v.T("contact.about"), f
	p.site.render(w, v, "contact")
}
