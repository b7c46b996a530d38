package inquiry

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"relocate/ent"
	"relocate/ent/inquiry"
	"relocate/ent/predicate"
	"relocate/internal/apperr"
	"relocate/internal/casework"
	"relocate/internal/viewer"
)

// MaxSearch is the longest free text an inquiry search accepts, in
// characters.
const MaxSearch = 200

// Errors of triage; the message IDs live in locales/.
var (
	ErrNotFound         = apperr.New(apperr.NotFound, "error.inquiry.not_found", nil)
	ErrSearchTooLong    = apperr.New(apperr.BadUserInput, "error.inquiry.search_too_long", map[string]any{"Max": MaxSearch})
	errUseConvert       = apperr.Invalid("error.inquiry.use_convert", nil)
	errAlreadyConverted = apperr.New(apperr.BadUserInput, "error.inquiry.converted", nil)
)

// Triage is how staff work through the inquiries the site's forms store:
// list and search them, note what was done, mark them, and convert them
// into a person with a case or a company with a vacancy (convert.go).
type Triage struct {
	client   *ent.Client
	casework *casework.Service
	now      func() time.Time
}

// NewTriage returns the triage over client; it opens cases and creates
// people, companies and vacancies through cw; now tells the time (nil:
// time.Now).
func NewTriage(client *ent.Client, cw *casework.Service, now func() time.Time) *Triage {
	if now == nil {
		now = time.Now
	}
	return &Triage{client: client, casework: cw, now: now}
}

// ent is the client for ctx: the transaction of a GraphQL mutation when
// there is one.
func (t *Triage) ent(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return t.client
}

// inTx runs fn in the transaction of ctx or in a new one, which the
// context fn gets carries (so that the services fn calls join it).
func (t *Triage) inTx(ctx context.Context, fn func(context.Context, *ent.Client) error) error {
	if c := ent.FromContext(ctx); c != nil {
		return fn(ctx, c)
	}
	tx, err := t.client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("inquiry: begin: %w", err)
	}
	if err := fn(ent.NewContext(ctx, tx.Client()), tx.Client()); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("inquiry: commit: %w", err)
	}
	return nil
}

func allowed(ctx context.Context) error {
	v := viewer.FromContext(ctx)
	switch {
	case v.Can(viewer.HandleInquiries):
		return nil
	case v.Anonymous():
		return apperr.ErrUnauthenticated
	}
	return apperr.ErrForbidden
}

// Search returns the condition of a free-text search: every word of text
// in the sender's name, e-mail address, company, message or the staff's
// notes, case-insensitive. Too long a text is refused.
func Search(text string) (predicate.Inquiry, error) {
	if utf8.RuneCountInString(text) > MaxSearch {
		return nil, ErrSearchTooLong
	}
	var all []predicate.Inquiry
	for _, w := range strings.Fields(text) {
		words := []predicate.Inquiry{
			inquiry.NameContainsFold(w), inquiry.EmailContainsFold(w), inquiry.CompanyNameContainsFold(w),
			inquiry.MessageContainsFold(w), inquiry.NotesContainsFold(w),
		}
		// SQLite folds the case of ASCII letters only: "Ārija" and
		// "ŠMITS" are found as they are written, capitalised or in capitals.
		for _, v := range caseVariants(w) {
			words = append(words, inquiry.NameContains(v), inquiry.CompanyNameContains(v), inquiry.MessageContains(v),
				inquiry.NotesContains(v))
		}
		all = append(all, inquiry.Or(words...))
	}
	return inquiry.And(all...), nil
}

// caseVariants returns w capitalised and in capitals, when they are not
// what case-insensitive matching finds anyway (ASCII only).
func caseVariants(w string) []string {
	if isASCII(w) {
		return nil
	}
	lower := strings.ToLower(w)
	r, size := utf8.DecodeRuneInString(lower)
	title := string(unicode.ToUpper(r)) + lower[size:]
	out := []string{title}
	if upper := strings.ToUpper(lower); upper != title {
		out = append(out, upper)
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Update is a change of an inquiry by staff; nil leaves a field as it is.
type Update struct {
	Status *inquiry.Status
	Notes  *string
}

// UpdateInquiry marks an inquiry (NEW, IN_PROGRESS, CLOSED, and back) and
// keeps the staff's notes on it. CONVERTED is what convertInquiry makes
// an inquiry, and final: a converted inquiry keeps its status.
func (t *Triage) UpdateInquiry(ctx context.Context, id int, in Update) (*ent.Inquiry, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	var out *ent.Inquiry
	err := t.inTx(ctx, func(ctx context.Context, tx *ent.Client) error {
		q, err := tx.Inquiry.Get(ctx, id)
		if err != nil {
			return notFound(err)
		}
		var f apperr.Fields
		if in.Status != nil && *in.Status != q.Status {
			switch {
			case q.Status == inquiry.StatusCONVERTED:
				return errAlreadyConverted
			case *in.Status == inquiry.StatusCONVERTED:
				f.Check("status", errUseConvert)
			}
		}
		if in.Notes != nil {
			f.Check("notes", inquiry.NotesValidator(*in.Notes))
		}
		if err := f.Err(); err != nil {
			return err
		}
		if out, err = q.Update().SetNillableStatus(in.Status).SetNillableNotes(in.Notes).Save(ctx); err != nil {
			return fmt.Errorf("inquiry: update %d: %w", id, err)
		}
		return nil
	})
	return out, err
}

func notFound(err error) error {
	if ent.IsNotFound(err) {
		return ErrNotFound
	}
	return err
}
