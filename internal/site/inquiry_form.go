package site

import (
	"errors"
	"net/http"
	"slices"

	"relocate/ent"
	"relocate/ent/inquiry"
	"relocate/internal/guide"
	inq "relocate/internal/inquiry"
	"relocate/internal/lang"
	"relocate/internal/textinput"
)

// inquiryForm is the state of a contact or company inquiry form: what was
// entered (kept when something is wrong) and what is wrong, field by field.
type inquiryForm struct {
	Kind      string
	Values    map[string]string
	Chosen    []string
	Errors    map[string]string // field → translated message
	Summary   []fieldError      // the same, in form order, for the summary
	FormError string
	Token     string
	Sent      bool
	Topics    []option // topics (newcomers) or interests (companies)
	Languages []option
}

type fieldError struct {
	Field, Message string
}

// fieldOrder is the order of fields on the forms, for the error summary.
var fieldOrder = []string{"company_name", "name", "email", "phone", "preferred_language", "topics", "message", "consent"}

// newInquiryForm returns an empty form of kind for the reader of v.
func (s *Site) newInquiryForm(r *http.Request, v *view, kind inquiry.Kind) (*inquiryForm, error) {
	f := &inquiryForm{
		Kind: string(kind), Values: map[string]string{"preferred_language": string(v.Lang)},
		Errors: map[string]string{}, Token: s.formToken(string(kind)),
	}
	keys, labels, err := s.topicChoices(r, v, kind)
	if err != nil {
		return nil, err
	}
	for i, k := range keys {
		f.Topics = append(f.Topics, option{Value: k, Label: labels[i]})
	}
	for _, l := range lang.All {
		f.Languages = append(f.Languages, option{Value: string(l), Label: nativeNames[l]})
	}
	return f, nil
}

// topicChoices lists what a form offers to tick: the guide's topics for
// newcomers, the service's offers for companies.
func (s *Site) topicChoices(r *http.Request, v *view, kind inquiry.Kind) (keys, labels []string, err error) {
	if kind == inq.Company {
		for _, k := range inq.CompanyInterests {
			keys, labels = append(keys, k), append(labels, v.T("companies.interest."+k))
		}
		return keys, labels, nil
	}
	top, err := s.guide.TopCategories(r.Context())
	if err != nil {
		return nil, nil, err
	}
	var add func(cs []*ent.GuideCategory) error
	add = func(cs []*ent.GuideCategory) error {
		for _, c := range guide.SortCategories(cs) {
			t, err := s.guide.CategoryText(r.Context(), c)
			if err != nil {
				return err
			}
			keys, labels = append(keys, c.Key), append(labels, t.Text.Name)
			children, err := c.Children(r.Context())
			if err != nil {
				return err
			}
			if err := add(children); err != nil {
				return err
			}
		}
		return nil
	}
	return keys, labels, add(top)
}

// textFields are the fields people type into; each must be readable text.
var textFields = []string{"company_name", "name", "email", "phone", "message"}

// submitInquiry handles a posted form of kind: it answers with the form
// and its errors, or stores the inquiry and redirects to the confirmation.
// Each form shown is stored at most once: sent again, it is answered like
// the first time and nothing more is stored. Only stored inquiries count
// towards the client's limit.
func (s *Site) submitInquiry(w http.ResponseWriter, r *http.Request, v *view, kind inquiry.Kind, page kind, render func(*inquiryForm)) {
	giveBack, ok := s.readForm(w, r, v)
	if !ok {
		return
	}
	accepted := false
	defer func() {
		if !accepted {
			giveBack()
		}
	}()
	done := pathTo(v.Lang, page, "") + "?sent=1"
	if r.PostForm.Get(honeypot) != "" {
		accepted = true                                // a bot: it counts, but nothing is kept
		http.Redirect(w, r, done, http.StatusSeeOther) // pretend
		return
	}
	f, err := s.newInquiryForm(r, v, kind)
	if err != nil {
		s.fail(w, v, err)
		return
	}
	fieldErrors := map[string]string{}
	for _, k := range fieldOrder {
		raw := r.PostForm.Get(k)
		f.Values[k] = textinput.Clean(raw) // shown again as far as it is readable
		if !textinput.Valid(raw) && slices.Contains(textFields, k) {
			fieldErrors[k] = "form.error.text_invalid"
		}
	}
	f.Chosen = r.PostForm["topics"]
	for i := range f.Topics {
		f.Topics[i].Selected = slices.Contains(f.Chosen, f.Topics[i].Value)
	}
	for i := range f.Languages {
		f.Languages[i].Selected = f.Languages[i].Value == f.Values["preferred_language"]
	}
	fail := func() {
		v.status, v.private = http.StatusUnprocessableEntity, true
		render(f)
	}
	showErrors := func(ids map[string]string) {
		for _, k := range fieldOrder {
			if id, ok := ids[k]; ok {
				msg := v.T(id, "Max", inq.MaxMessage)
				f.Errors[k] = msg
				f.Summary = append(f.Summary, fieldError{Field: k, Message: msg})
			}
		}
		fail()
	}
	token := r.PostForm.Get("token")
	switch err := s.checkToken(string(kind), token); {
	case errors.Is(err, errFormTooFast):
		f.FormError = v.T("form.error.too_fast")
		fail()
		return
	case err != nil:
		f.FormError = v.T("form.error.expired")
		fail()
		return
	}
	if len(fieldErrors) > 0 {
		showErrors(fieldErrors)
		return
	}
	switch s.used.claim(token, s.now()) {
	case tokenSent: // sent twice (a double click, a replay): stored once
		http.Redirect(w, r, done, http.StatusSeeOther)
		return
	case tokenPending:
		f.FormError = v.T("form.error.expired")
		fail()
		return
	}
	allowed := make([]string, 0, len(f.Topics))
	for _, t := range f.Topics {
		allowed = append(allowed, t.Value)
	}
	_, err = s.inquiry.Submit(r.Context(), inq.Submission{
		Kind: kind, Name: f.Values["name"], Email: f.Values["email"], Phone: f.Values["phone"],
		CompanyName: f.Values["company_name"], Language: v.Lang, PreferredLanguage: f.Values["preferred_language"],
		Topics: f.Chosen, Message: f.Values["message"], Consent: f.Values["consent"] == "yes",
	}, allowed)
	s.used.finish(token, err == nil)
	var fe inq.FieldErrors
	if errors.As(err, &fe) {
		showErrors(fe)
		return
	}
	if err != nil {
		s.fail(w, v, err)
		return
	}
	accepted = true
	http.Redirect(w, r, done, http.StatusSeeOther)
}
