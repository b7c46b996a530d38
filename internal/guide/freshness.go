package guide

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"relocate/ent"
	"relocate/ent/guidearticle"
	"relocate/ent/schema"
	"relocate/ent/schema/schematype"
	"relocate/internal/apperr"
)

// FreshnessStatus says whether the facts of an article can still be
// trusted: its German source was checked recently enough, its figures are
// for this year, and no rule it states has expired.
type FreshnessStatus string

// The freshness states, the most urgent last: an article that is several
// things at once has the most urgent.
const (
	// Current: checked within the review interval, figures for this year
	// (or none), no rule expired.
	Current FreshnessStatus = "CURRENT"
	// ReviewDue: the German source was last checked longer ago than the
	// review interval, or never.
	ReviewDue FreshnessStatus = "REVIEW_DUE"
	// FiguresOutdated: the figures are for a past year.
	FiguresOutdated FreshnessStatus = "FIGURES_OUTDATED"
	// Expired: a rule the article states held until a day that has passed.
	Expired FreshnessStatus = "EXPIRED"
)

// MarshalGQL writes s as a FreshnessStatus enum value.
func (s FreshnessStatus) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(s))) }

// UnmarshalGQL reads a FreshnessStatus enum value.
func (s *FreshnessStatus) UnmarshalGQL(v any) error {
	str, _ := v.(string)
	switch FreshnessStatus(str) {
	case Current, ReviewDue, FiguresOutdated, Expired:
		*s = FreshnessStatus(str)
		return nil
	}
	return fmt.Errorf("guide: unknown freshness status %v", v)
}

// Options configure the guide service.
type Options struct {
	// ReviewMonths is how many months after the last check of an article's
	// German source its review is due (RELOCATE_REVIEW_INTERVAL).
	ReviewMonths int
	// Now tells the time; the day in Magdeburg decides what is due.
	Now func() time.Time
	// Poll is how often the snapshot checks the database for changes made
	// by other instances (Start); 0 never does.
	Poll time.Duration
}

// Freshness is how current an article's facts are, as of today in
// Magdeburg. Dates are calendar days (midnight UTC).
type Freshness struct {
	// ReviewedAt is the day the German source was last checked; nil when
	// it never was.
	ReviewedAt *time.Time
	// FiguresFor is the year the figures are for; nil when it states none.
	FiguresFor *int
	// ValidUntil is the last day a stated rule is known to hold, if any.
	ValidUntil *time.Time
	Sources    schematype.Sources
	// The reasons that apply; Status is the most urgent of them.
	ReviewOverdue, FiguresPast, RuleExpired bool
	Status                                  FreshnessStatus
	// DueSince is the day the most urgent reason began to apply (for a
	// never checked article, the day it was created); zero when Current.
	DueSince time.Time
}

// Due reports whether the article needs checking for any reason.
func (f Freshness) Due() bool { return f.Status != Current }

// Day returns the calendar day of t as midnight UTC, the form dates of
// the guide are stored and compared in.
func Day(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// today is the day it is in Magdeburg.
func (s *Service) today() time.Time { return Day(s.opts.Now().In(berlin)) }

// Today is the day it is in Magdeburg, the day freshness is judged on:
// answers that show freshness change with it.
func (s *Service) Today() time.Time { return s.today() }

// ReviewMonths is the review interval in months.
func (s *Service) ReviewMonths() int { return s.opts.ReviewMonths }

// Freshness returns how current the facts of article a are today.
func (s *Service) Freshness(a *ent.GuideArticle) Freshness {
	return freshnessOn(a, s.today(), s.opts.ReviewMonths)
}

// freshnessOn is the freshness of a on day today with a review interval of
// months.
func freshnessOn(a *ent.GuideArticle, today time.Time, months int) Freshness {
	f := Freshness{FiguresFor: a.FiguresFor, Sources: a.Sources, Status: Current}
	if a.ReviewedAt != nil {
		d := Day(a.ReviewedAt.UTC())
		f.ReviewedAt = &d
	}
	if a.ValidUntil != nil {
		d := Day(a.ValidUntil.UTC())
		f.ValidUntil = &d
	}
	// The reasons from the least to the most urgent: the last that applies
	// sets the status.
	switch {
	case f.ReviewedAt == nil:
		f.ReviewOverdue, f.Status, f.DueSince = true, ReviewDue, Day(a.CreatedAt.In(berlin))
	case today.After(addMonths(*f.ReviewedAt, months)):
		f.ReviewOverdue, f.Status, f.DueSince = true, ReviewDue, addMonths(*f.ReviewedAt, months).AddDate(0, 0, 1)
	}
	if f.FiguresFor != nil && *f.FiguresFor < today.Year() {
		f.FiguresPast, f.Status, f.DueSince = true, FiguresOutdated, time.Date(*f.FiguresFor+1, time.January, 1, 0, 0, 0, 0, time.UTC)
	}
	if f.ValidUntil != nil && today.After(*f.ValidUntil) {
		f.RuleExpired, f.Status, f.DueSince = true, Expired, f.ValidUntil.AddDate(0, 0, 1)
	}
	return f
}

// addMonths returns the day n months after day d; a day the month does
// not have becomes its last (31 January and a month: 28 or 29 February).
func addMonths(d time.Time, n int) time.Time {
	first := time.Date(d.Year(), d.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d.Day(), last), 0, 0, 0, 0, time.UTC)
}

// FreshnessEdit changes an article's freshness; nil fields stay as they
// are.
type FreshnessEdit struct {
	ReviewedAt *time.Time
	FiguresFor *int
	// ClearFiguresFor removes the year (the article states no figures).
	ClearFiguresFor bool
	ValidUntil      *time.Time
	// ClearValidUntil removes the expiry (no stated rule expires).
	ClearValidUntil bool
	// Sources replaces the list when set.
	Sources *schematype.Sources
}

// Errors of freshness edits.
var (
	errFutureDay    = apperr.Invalid("error.field.future_date", nil)
	errBeforeReview = apperr.Invalid("error.field.before_review", nil)
)

// check records in f what is wrong with e for an article whose freshness
// is now cur, on day today: a check cannot lie in the future, a stated
// rule cannot expire before it was checked, and the year and the sources
// follow the schema's rules.
func (e FreshnessEdit) check(f *apperr.Fields, cur *ent.GuideArticle, today time.Time) {
	reviewed, until := cur.ReviewedAt, cur.ValidUntil
	if e.ReviewedAt != nil {
		reviewed = e.ReviewedAt
		if Day(*e.ReviewedAt).After(today) {
			f.Check("reviewedAt", errFutureDay)
		}
	}
	if e.FiguresFor != nil && !e.ClearFiguresFor {
		f.Check("figuresFor", guidearticle.FiguresForValidator(*e.FiguresFor))
	}
	switch {
	case e.ClearValidUntil:
		until = nil
	case e.ValidUntil != nil:
		until = e.ValidUntil
	}
	if until != nil && reviewed != nil && Day(until.UTC()).Before(Day(reviewed.UTC())) && !f.Has("reviewedAt") {
		f.Check("validUntil", errBeforeReview)
	}
	if e.Sources != nil {
		f.Check("sources", schema.CheckSources(*e.Sources))
	}
}

// apply sets the changes of e on u.
func (e FreshnessEdit) apply(u *ent.GuideArticleUpdateOne) {
	if e.ReviewedAt != nil {
		u.SetReviewedAt(Day(*e.ReviewedAt))
	}
	switch {
	case e.ClearFiguresFor:
		u.ClearFiguresFor()
	case e.FiguresFor != nil:
		u.SetFiguresFor(*e.FiguresFor)
	}
	switch {
	case e.ClearValidUntil:
		u.ClearValidUntil()
	case e.ValidUntil != nil:
		u.SetValidUntil(Day(*e.ValidUntil))
	}
	if e.Sources != nil {
		u.SetSources(*e.Sources)
	}
}
