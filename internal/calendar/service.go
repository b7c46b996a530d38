package calendar

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"relocate/ent"
	"relocate/ent/appointment"
	"relocate/ent/calendarfeed"
	"relocate/ent/casefile"
	"relocate/internal/apperr"
	"relocate/internal/audit"
	"relocate/internal/lang"
	"relocate/internal/viewer"
	"relocate/locales"
)

// Window is how far back a calendar shows appointments; every future one
// is shown.
const Window = 90 * 24 * time.Hour

// Service renders calendars and manages feeds.
type Service struct {
	client  *ent.Client
	audit   *audit.Recorder
	catalog *locales.Catalog
	// base is the public origin calendar URLs start with.
	base string
	now  func() time.Time
	// viewerOf is the viewer a feed's user reads as.
	viewerOf func(*ent.User) viewer.Viewer
}

// Options configure the service.
type Options struct {
	// BaseURL is the service's public origin, e.g.
	// https://relocation.magdeburg.de (config: Site.PublicURL).
	BaseURL string
	Now     func() time.Time
	// ViewerOf returns the viewer a user acts as (auth.ViewerOf).
	ViewerOf func(*ent.User) viewer.Viewer
}

// New returns the service.
func New(client *ent.Client, rec *audit.Recorder, catalog *locales.Catalog, o Options) (*Service, error) {
	if o.BaseURL == "" || o.ViewerOf == nil {
		return nil, fmt.Errorf("calendar: not configured: %+v", o)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Service{client: client, audit: rec, catalog: catalog, base: strings.TrimRight(o.BaseURL, "/"),
		now: o.Now, viewerOf: o.ViewerOf}, nil
}

// ent is the client for ctx: the transaction of a GraphQL mutation when
// there is one.
func (s *Service) ent(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return s.client
}

// Paths of the calendars, below the service's origin.
const (
	casePath = "/calendar/cases/"
	userPath = "/calendar/users/"
	feedPath = "/calendar/feeds/"
	suffix   = ".ics"
)

// CaseURL is the address of a case's calendar for signed-in readers.
func (s *Service) CaseURL(caseID int) string {
	return s.base + casePath + strconv.Itoa(caseID) + suffix
}

// UserURL is the address of a user's own calendar for signed-in readers:
// a caseworker's cases, a newcomer's case.
func (s *Service) UserURL(userID int) string {
	return s.base + userPath + strconv.Itoa(userID) + suffix
}

// feedURL is the address of a feed with token.
func (s *Service) feedURL(token string) string {
	return s.base + feedPath + url.PathEscape(token) + suffix
}

// HasCalendar reports whether user u has a calendar of their own, for a
// viewer who holds caps: those who manage cases (their cases) and
// newcomers with a case.
func HasCalendar(u *ent.User, v viewer.Viewer) bool {
	return v.Can(viewer.ManageCases) || (v.Can(viewer.OwnCase) && u.CaseID != nil)
}

// NewFeed is a feed just made: its address, with the token, is shown
// this once.
type NewFeed struct {
	URL  string
	Feed *ent.CalendarFeed
}

// CreateFeed makes a feed of the viewer's for the calendar of case caseID
// (nil: their own calendar), replacing the one they had for it: a new URL,
// the old one answers 404 from now on. Staff may make feeds of any case
// they see, a newcomer only of their own case.
func (s *Service) CreateFeed(ctx context.Context, caseID *int) (*NewFeed, error) {
	v := viewer.FromContext(ctx)
	if !v.Can(viewer.ManageCases) && !v.Can(viewer.OwnCase) {
		return nil, apperr.ErrForbidden
	}
	c := s.ent(ctx)
	sys := viewer.SystemContext(ctx)
	if caseID != nil {
		ok, err := c.CaseFile.Query().Where(casefile.ID(*caseID)).Exist(ctx)
		if err != nil {
			return nil, fmt.Errorf("calendar: case %d: %w", *caseID, err)
		}
		if !ok || (!v.Can(viewer.ManageCases) && (v.CaseID == nil || *v.CaseID != *caseID)) {
			return nil, apperr.OnField("caseId", errUnknownCase)
		}
	} else if !v.Can(viewer.ManageCases) && v.CaseID == nil {
		return nil, ErrNoCalendar
	}
	token, hash, err := newToken()
	if err != nil {
		return nil, err
	}
	now := s.now()
	old := c.CalendarFeed.Update().Where(calendarfeed.UserID(v.UserID), calendarfeed.RevokedAtIsNil())
	if caseID != nil {
		old.Where(calendarfeed.CaseID(*caseID))
	} else {
		old.Where(calendarfeed.CaseIDIsNil())
	}
	if _, err := old.SetRevokedAt(now).Save(sys); err != nil {
		return nil, fmt.Errorf("calendar: replace feeds of user %d: %w", v.UserID, err)
	}
	f, err := c.CalendarFeed.Create().SetTokenHash(hash).SetUserID(v.UserID).SetNillableCaseID(caseID).
		SetCreatedAt(now).Save(sys)
	if err != nil {
		return nil, fmt.Errorf("calendar: create feed of user %d: %w", v.UserID, err)
	}
	return &NewFeed{URL: s.feedURL(token), Feed: f}, nil
}

// RevokeFeed revokes a feed of the viewer's (administrators: anyone's).
func (s *Service) RevokeFeed(ctx context.Context, id int) (*ent.CalendarFeed, error) {
	v := viewer.FromContext(ctx)
	if v.Anonymous() {
		return nil, apperr.ErrUnauthenticated
	}
	sys := viewer.SystemContext(ctx)
	c := s.ent(ctx)
	f, err := c.CalendarFeed.Get(sys, id)
	if ent.IsNotFound(err) || (err == nil && f.UserID != v.UserID && !v.Can(viewer.ManageUsers)) {
		return nil, ErrFeedNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("calendar: feed %d: %w", id, err)
	}
	if f.RevokedAt != nil {
		return f, nil
	}
	if f, err = f.Update().SetRevokedAt(s.now()).Save(sys); err != nil {
		return nil, fmt.Errorf("calendar: revoke feed %d: %w", id, err)
	}
	return f, nil
}

// Feeds returns the feeds of user u that are not revoked, newest first:
// to the user themselves and to administrators, to nobody else.
func (s *Service) Feeds(ctx context.Context, u *ent.User) ([]*ent.CalendarFeed, error) {
	v := viewer.FromContext(ctx)
	if v.UserID != u.ID && !v.Can(viewer.ManageUsers) {
		return nil, nil
	}
	feeds, err := s.ent(ctx).CalendarFeed.Query().Where(calendarfeed.UserID(u.ID), calendarfeed.RevokedAtIsNil()).
		Order(ent.Desc(calendarfeed.FieldCreatedAt), ent.Desc(calendarfeed.FieldID)).All(viewer.SystemContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("calendar: feeds of user %d: %w", u.ID, err)
	}
	return feeds, nil
}

// FeedCase returns the case of feed f the viewer may see, or nil.
func (s *Service) FeedCase(ctx context.Context, f *ent.CalendarFeed) (*ent.CaseFile, error) {
	if f.CaseID == nil {
		return nil, nil
	}
	c, err := s.ent(ctx).CaseFile.Get(ctx, *f.CaseID)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return c, err
}

// newToken returns a new feed token and its hash.
func newToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("calendar: token: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token), nil
}

// hashToken is how a token is stored.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// scope is the set of appointments one calendar shows.
type scope struct {
	// caseID: one case's; else the cases of user.
	caseID *int
	user   *ent.User
}

// appointments loads the appointments of sc the viewer in ctx may see,
// from Window ago on, the earliest first, with their places and cases.
func (s *Service) appointments(ctx context.Context, sc scope) ([]*ent.Appointment, error) {
	q := s.client.Appointment.Query().Where(appointment.StartsAtGTE(s.now().Add(-Window)))
	switch {
	case sc.caseID != nil:
		q.Where(appointment.CaseID(*sc.caseID))
	case sc.user.CaseID != nil && !viewer.FromContext(ctx).Can(viewer.ManageCases):
		q.Where(appointment.CaseID(*sc.user.CaseID))
	default:
		q.Where(appointment.HasCaseFileWith(casefile.CaseworkerID(sc.user.ID)))
	}
	appts, err := q.WithPlace().WithCaseFile(func(cq *ent.CaseFileQuery) { cq.WithPerson() }).
		Order(appointment.ByStartsAt(), appointment.ByID()).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("calendar: appointments: %w", err)
	}
	return appts, nil
}

// build turns appointments into the calendar called name, in language l.
// Staff readers see whose appointment each is.
func (s *Service) build(ctx context.Context, name string, l lang.Code, appts []*ent.Appointment) Calendar {
	staff := viewer.FromContext(ctx).Can(viewer.ManageCases)
	host := "relocate"
	if u, err := url.Parse(s.base); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	cal := Calendar{Name: name}
	for _, a := range appts {
		summary := s.catalog.T(l, "calendar.kind_"+strings.ToLower(string(a.Kind)), nil)
		var description []string
		if c := a.Edges.CaseFile; staff && c != nil {
			who := c.Reference
			if p := c.Edges.Person; p != nil {
				who = p.GivenName + " " + p.FamilyName + " (" + c.Reference + ")"
			}
			summary += ": " + who
			description = append(description, c.Reference)
		}
		if a.Cancelled {
			summary = s.catalog.T(l, "calendar.cancelled", nil) + ": " + summary
		}
		location := a.PlaceText
		if p := a.Edges.Place; p != nil {
			parts := []string{p.Name}
			if p.Street != "" {
				parts = append(parts, p.Street)
			}
			if city := strings.TrimSpace(p.PostalCode + " " + p.City); city != "" {
				parts = append(parts, city)
			}
			location = strings.Join(parts, ", ")
		}
		if a.Notes != "" {
			description = append([]string{a.Notes}, description...)
		}
		cal.Events = append(cal.Events, Event{
			UID: fmt.Sprintf("appointment-%d@%s", a.ID, host), Start: a.StartsAt,
			Duration: time.Duration(a.DurationMinutes) * time.Minute, Summary: summary, Location: location,
			Description: strings.Join(description, "\n"), Cancelled: a.Cancelled, Modified: a.UpdatedAt,
		})
	}
	return cal
}

// auditRead records that the viewer read appointments (and the people
// they are of) through a calendar.
func (s *Service) auditRead(ctx context.Context, operation string, appts []*ent.Appointment) error {
	if len(appts) == 0 {
		return nil
	}
	var ids []string
	seen := map[int]bool{}
	for _, a := range appts {
		ids = append(ids, strconv.Itoa(a.ID))
		if c := a.Edges.CaseFile; c != nil && !seen[c.PersonID] {
			seen[c.PersonID] = true
			ids = append(ids, strconv.Itoa(c.PersonID))
		}
	}
	return s.audit.Record(ctx, audit.Entry{Action: audit.Read, Operation: operation, ObjectIDs: ids})
}
