package calendar

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"relocate/ent"
	"relocate/ent/calendarfeed"
	"relocate/internal/lang"
	"relocate/internal/viewer"
)

// Handler serves the calendars: /calendar/cases/<id>.ics and
// /calendar/users/<id>.ics to signed-in readers (the session cookie or a
// bearer token, put into the request's viewer by the server),
// /calendar/feeds/<token>.ics to anyone with the token. A calendar the
// reader may not see answers 404 like one that does not exist; a
// calendar that needs a sign-in answers 401 to anonymous readers. The
// texts are in the language of ?lang=, else the reader's (a feed: its
// user's preferred language).
func (s *Service) Handler(log *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+casePath+"{file}", func(w http.ResponseWriter, r *http.Request) {
		s.serve(w, r, log, func(ctx context.Context, id int) (*rendered, error) {
			return s.caseCalendar(ctx, id, language(r, ""))
		})
	})
	mux.HandleFunc("GET "+userPath+"{file}", func(w http.ResponseWriter, r *http.Request) {
		s.serve(w, r, log, func(ctx context.Context, id int) (*rendered, error) {
			if viewer.FromContext(ctx).UserID != id {
				return nil, nil
			}
			return s.userCalendar(ctx, id, language(r, ""))
		})
	})
	mux.HandleFunc("GET "+feedPath+"{file}", func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutSuffix(r.PathValue("file"), suffix)
		if !ok || token == "" {
			s.notFound(w, r)
			return
		}
		cal, err := s.feedCalendar(r.Context(), token, r)
		s.answer(w, r, log, cal, err)
	})
	return mux
}

// rendered is a calendar ready to send.
type rendered struct {
	name string
	body []byte
}

// serve answers a calendar for signed-in readers: the number in the path
// is passed to load, which returns nil for a calendar the reader may not
// see.
func (s *Service) serve(w http.ResponseWriter, r *http.Request, log *slog.Logger, load func(context.Context, int) (*rendered, error)) {
	if viewer.FromContext(r.Context()).Anonymous() {
		w.Header().Set("WWW-Authenticate", `Bearer realm="relocate"`)
		http.Error(w, s.catalog.T(lang.FromContext(r.Context()).Language, "error.unauthenticated", nil), http.StatusUnauthorized)
		return
	}
	digits, ok := strings.CutSuffix(r.PathValue("file"), suffix)
	id, err := strconv.Atoi(digits)
	if !ok || err != nil || id <= 0 {
		s.notFound(w, r)
		return
	}
	cal, err := load(r.Context(), id)
	s.answer(w, r, log, cal, err)
}

// answer sends cal, or 404 when it is nil, or 500.
func (s *Service) answer(w http.ResponseWriter, r *http.Request, log *slog.Logger, cal *rendered, err error) {
	switch {
	case err != nil:
		log.ErrorContext(r.Context(), "calendar", slog.String("error", err.Error()))
		http.Error(w, s.catalog.T(lang.FromContext(r.Context()).Language, "error.internal", nil), http.StatusInternalServerError)
	case cal == nil:
		s.notFound(w, r)
	default:
		w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
		w.Header().Set("Cache-Control", "private, no-store")
		w.Header().Set("Content-Disposition", `inline; filename="`+cal.name+`.ics"`)
		_, _ = w.Write(cal.body)
	}
}

func (s *Service) notFound(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, s.catalog.T(lang.FromContext(r.Context()).Language, "error.calendar.not_found", nil), http.StatusNotFound)
}

// language is the language of a calendar: ?lang=, else fallback, else
// the request's.
func language(r *http.Request, fallback lang.Code) lang.Code {
	if l, err := lang.Parse(r.URL.Query().Get("lang")); err == nil {
		return l
	}
	if fallback != "" {
		return fallback
	}
	return lang.FromContext(r.Context()).Language
}

// caseCalendar renders the calendar of case id as the viewer in ctx
// sees it: staff any case, a newcomer their own; nil for anyone else.
func (s *Service) caseCalendar(ctx context.Context, id int, l lang.Code) (*rendered, error) {
	v := viewer.FromContext(ctx)
	if !v.Can(viewer.ManageCases) && (!v.Can(viewer.OwnCase) || v.CaseID == nil || *v.CaseID != id) {
		return nil, nil
	}
	c, err := s.client.CaseFile.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("calendar: case %d: %w", id, err)
	}
	appts, err := s.appointments(ctx, scope{caseID: &id})
	if err != nil {
		return nil, err
	}
	return s.render(ctx, "calendar case "+c.Reference, c.Reference,
		s.catalog.T(l, "calendar.name", map[string]any{"Name": c.Reference}), l, appts)
}

// userCalendar renders the own calendar of user id as the viewer in ctx
// (that user) sees it; nil when they have none.
func (s *Service) userCalendar(ctx context.Context, id int, l lang.Code) (*rendered, error) {
	u, err := s.client.User.Get(viewer.SystemContext(ctx), id)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("calendar: user %d: %w", id, err)
	}
	if !HasCalendar(u, viewer.FromContext(ctx)) {
		return nil, nil
	}
	appts, err := s.appointments(ctx, scope{user: u})
	if err != nil {
		return nil, err
	}
	return s.render(ctx, "calendar user", "relocation-service",
		s.catalog.T(l, "calendar.name", map[string]any{"Name": u.DisplayName}), l, appts)
}

// feedCalendar renders the calendar of the feed with token, read as its
// user; nil for a token of no feed, a revoked feed or a disabled user.
func (s *Service) feedCalendar(ctx context.Context, token string, r *http.Request) (*rendered, error) {
	f, err := s.client.CalendarFeed.Query().Where(calendarfeed.TokenHash(hashToken(token))).WithUser().
		Only(viewer.SystemContext(ctx))
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("calendar: find feed: %w", err)
	}
	u := f.Edges.User
	if f.RevokedAt != nil || u == nil || !u.Active {
		return nil, nil
	}
	ctx = viewer.NewContext(ctx, s.viewerOf(u))
	l := language(r, u.PreferredLanguage)
	if f.CaseID != nil {
		return s.caseCalendar(ctx, *f.CaseID, l)
	}
	return s.userCalendar(ctx, u.ID, l)
}

// render writes appts as the calendar called name and records the read;
// operation names it in the audit log, file the file name offered.
func (s *Service) render(ctx context.Context, operation, file, name string, l lang.Code, appts []*ent.Appointment) (*rendered, error) {
	var buf bytes.Buffer
	if err := Write(&buf, s.build(ctx, name, l, appts)); err != nil {
		return nil, err
	}
	if err := s.auditRead(ctx, operation, appts); err != nil {
		return nil, err
	}
	return &rendered{name: file, body: buf.Bytes()}, nil
}
