// Package inquiry receives the messages newcomers and companies send
// through the public site: it validates them, field by field with message
// IDs the site translates, and stores them for staff to triage. Inquiries
// are personal data and are never shown publicly.
package inquiry

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"relocate/ent"
	"relocate/ent/inquiry"
	"relocate/internal/apperr"
	"relocate/internal/lang"
	"relocate/internal/paging"
	"relocate/internal/viewer"

	_ "relocate/ent/runtime" // registers the schema's validators
)

// Kinds of inquiry.
const (
	Newcomer = inquiry.KindNEWCOMER
	Company  = inquiry.KindCOMPANY
)

// Interests a company can name on its form.
var CompanyInterests = []string{"skilled-workers", "interns", "intercultural-training"}

// MaxMessage is the longest message accepted, in characters. The other
// fields' limits and formats are the ent schema's (ent/schema/inquiry.go).
const MaxMessage = 5000

// Submission is an inquiry as sent by the form, before validation.
type Submission struct {
	Kind              inquiry.Kind
	Name              string
	Email             string
	Phone             string
	CompanyName       string
	Language          lang.Code // the language of the page it was written on
	PreferredLanguage string    // as sent; validated
	Topics            []string
	Message           string
	Consent           bool
}

// FieldErrors maps form field names to message IDs from locales/.
type FieldErrors map[string]string

func (f FieldErrors) Error() string {
	return fmt.Sprintf("inquiry: invalid fields %v", map[string]string(f))
}

// Service stores inquiries.
type Service struct {
	client *ent.Client
	now    func() time.Time
}

// New returns the inquiry service.
func New(client *ent.Client) *Service { return &Service{client: client, now: time.Now} }

// Submit validates s against the allowed topics and stores it. It returns
// FieldErrors when a field is wrong; nothing is stored then.
func (s *Service) Submit(ctx context.Context, sub Submission, topics []string) (*ent.Inquiry, error) {
	sub, errs := validate(sub, topics)
	if len(errs) > 0 {
		return nil, errs
	}
	preferred, _ := lang.Parse(sub.PreferredLanguage)
	q, err := s.client.Inquiry.Create().
		SetKind(sub.Kind).SetName(sub.Name).SetEmail(sub.Email).SetPhone(sub.Phone).
		SetCompanyName(sub.CompanyName).SetLanguage(sub.Language).SetPreferredLanguage(preferred).
		SetTopics(sub.Topics).SetMessage(sub.Message).SetConsentedAt(s.now()).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("inquiry: store: %w", err)
	}
	return q, nil
}

// validate trims the fields of sub and checks them; allowed lists the
// topic keys a newcomer may choose.
func validate(sub Submission, allowed []string) (Submission, FieldErrors) {
	errs := FieldErrors{}
	clean := func(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\x00", "")) }
	sub.Name, sub.Email, sub.Phone = clean(sub.Name), clean(sub.Email), clean(sub.Phone)
	sub.CompanyName, sub.Message = clean(sub.CompanyName), clean(sub.Message)
	sub.Message = strings.ReplaceAll(sub.Message, "\r\n", "\n")
	if sub.Kind != Company {
		sub.CompanyName, sub.Phone = "", "" // not on the newcomers' form
	}

	// The schema's validators decide; a problem they share with the API
	// (the format of an e-mail address or a phone number) has the API's
	// message, the others the form's own, friendlier one.
	switch {
	case sub.Name == "":
		errs["name"] = "form.error.name_required"
	case inquiry.NameValidator(sub.Name) != nil:
		errs["name"] = "form.error.name_invalid"
	}
	if sub.Email == "" {
		errs["email"] = "form.error.email_required"
	} else if err := inquiry.EmailValidator(sub.Email); err != nil {
		errs["email"] = messageID(err)
	}
	if err := inquiry.PhoneValidator(sub.Phone); err != nil {
		errs["phone"] = messageID(err)
	}
	if l, err := lang.Parse(sub.PreferredLanguage); err != nil || !l.Valid() {
		errs["preferred_language"] = "form.error.language_invalid"
	}
	switch n := utf8.RuneCountInString(sub.Message); {
	case n == 0:
		errs["message"] = "form.error.message_required"
	case n > MaxMessage:
		errs["message"] = "form.error.message_too_long"
	}
	if sub.Kind == Company {
		allowed = CompanyInterests
		if sub.CompanyName == "" {
			errs["company_name"] = "form.error.company_required"
		} else if inquiry.CompanyNameValidator(sub.CompanyName) != nil {
			errs["company_name"] = "form.error.company_invalid"
		}
	}
	var topics []string
	for _, t := range sub.Topics {
		if !slices.Contains(allowed, t) {
			errs["topics"] = "form.error.topics_invalid"
			break
		}
		if !slices.Contains(topics, t) {
			topics = append(topics, t)
		}
	}
	sub.Topics = topics
	if !sub.Consent {
		errs["consent"] = "form.error.consent_required"
	}
	if !sub.Language.Valid() {
		errs["language"] = "form.error.language_invalid"
	}
	return sub, errs
}

// messageID returns the message ID of a validator's error.
func messageID(err error) string {
	if e, ok := apperr.As(err); ok {
		return e.MessageID
	}
	return "error.field.invalid"
}

// List returns one page of the inquiries, newest first unless ordered
// otherwise. For those who handle inquiries.
func (s *Service) List(ctx context.Context, p paging.Page, order *ent.InquiryOrder, where *ent.InquiryWhereInput) (*ent.InquiryConnection, error) {
	if !viewer.FromContext(ctx).Can(viewer.HandleInquiries) {
		return nil, apperr.ErrForbidden
	}
	p, err := p.Normalize()
	if err != nil {
		return nil, err
	}
	if order == nil {
		order = &ent.InquiryOrder{Direction: "DESC", Field: ent.InquiryOrderFieldCreatedAt}
	}
	opts := []ent.InquiryPaginateOption{ent.WithInquiryOrder(order)}
	if where != nil {
		opts = append(opts, ent.WithInquiryFilter(where.Filter))
	}
	client := s.client
	if c := ent.FromContext(ctx); c != nil {
		client = c
	}
	return client.Inquiry.Query().Paginate(ctx, p.After, p.First, p.Before, p.Last, opts...)
}
