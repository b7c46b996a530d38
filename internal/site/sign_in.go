package site

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"relocate/ent/session"
	"relocate/internal/apperr"
	"relocate/internal/auth"
	"relocate/internal/viewer"
)

// signInForm is the state of the sign-in form: the address entered (never
// the password) and what is wrong, field by field.
type signInForm struct {
	Email     string
	Next      string // where to go after signing in: a path of this site
	Errors    map[string]string
	Summary   []fieldError
	FormError string
}

// maxSignInBody bounds a posted sign-in form.
const maxSignInBody = 8 << 10

// signedIn reports whether someone is signed in on request r.
func signedIn(r *http.Request) bool { return viewer.FromContext(r.Context()).UserID != 0 }

// SignedIn names the signed-in reader (display name, else e-mail address)
// for the header; empty for anonymous readers.
func (v *view) SignedIn() string {
	u := viewer.FromContext(v.r.Context())
	switch {
	case u.UserID == 0:
		return ""
	case u.Name != "":
		return u.Name
	}
	return u.Email
}

// SignInField describes the text input name of the sign-in form.
func (v *view) SignInField(f *signInForm, name, labelID, typ, autocomplete string) formField {
	value := ""
	if name == "email" {
		value = f.Email
	}
	return formField{Name: name, Label: v.T(labelID), Type: typ, Autocomplete: autocomplete, Value: value, Error: f.Errors[name], Required: true}
}

// localPath returns p when it is a path of this site, else "".
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n") {
		return ""
	}
	return p
}

// signInPage shows the sign-in form; ?next= names the page to return to.
func (s *Site) signInPage(w http.ResponseWriter, r *http.Request, v *view) {
	s.renderSignIn(w, v, &signInForm{Errors: map[string]string{}, Next: localPath(r.URL.Query().Get("next"))})
}

// signIn checks a posted sign-in form with the API's sign-in (the same
// accounts, throttle and audit log) and keeps the session in the cookie
// both faces read. The form is protected like every form of the site
// against other sites (cross-origin check); the throttle, not the inquiry
// forms' limit, slows guessing down.
func (s *Site) signIn(w http.ResponseWriter, r *http.Request, v *view) {
	if err := crossOrigin.Check(r); err != nil {
		s.errorPage(w, v, http.StatusForbidden)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxSignInBody)
	if err := r.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			s.errorPage(w, v, http.StatusRequestEntityTooLarge)
		} else {
			s.errorPage(w, v, http.StatusBadRequest)
		}
		return
	}
	f := &signInForm{Email: strings.TrimSpace(r.PostForm.Get("email")), Next: localPath(r.PostForm.Get("next")), Errors: map[string]string{}}
	password := r.PostForm.Get("password")
	v.private = true
	if f.Email == "" {
		f.fieldError(v, "email", "signin.email_required")
	}
	if password == "" {
		f.fieldError(v, "password", "signin.password_required")
	}
	if len(f.Errors) > 0 {
		v.status = http.StatusUnprocessableEntity
		s.renderSignIn(w, v, f)
		return
	}
	sess, err := s.auth.Login(r.Context(), f.Email, password, clientIP(r), session.KindCOOKIE)
	if e, ok := apperr.As(err); ok && (e.Code == apperr.Unauthenticated || e.Code == apperr.RateLimited) {
		v.status = http.StatusUnprocessableEntity
		if e.Code == apperr.RateLimited {
			v.status = http.StatusTooManyRequests
			w.Header().Set("Retry-After", fmt.Sprint(e.Data["Count"]))
		}
		f.FormError = s.catalog.T(v.Lang, e.MessageID, e.Data)
		s.renderSignIn(w, v, f)
		return
	}
	if err == nil {
		err = auth.KeepInCookie(r.Context(), sess)
	}
	if err != nil {
		s.fail(w, v, err)
		return
	}
	next := f.Next
	if next == "" {
		next = pathTo(v.Lang, kHome, "")
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// signOut ends the reader's session, on both faces, and removes the
// cookie. Only a form of this site can send it.
func (s *Site) signOut(w http.ResponseWriter, r *http.Request, v *view) {
	if err := crossOrigin.Check(r); err != nil {
		s.errorPage(w, v, http.StatusForbidden)
		return
	}
	if signedIn(r) {
		if err := s.auth.Logout(r.Context()); err != nil {
			s.fail(w, v, err)
			return
		}
	}
	auth.ForgetCookie(r.Context())
	http.Redirect(w, r, pathTo(v.Lang, kHome, ""), http.StatusSeeOther)
}

func (f *signInForm) fieldError(v *view, field, messageID string) {
	msg := v.T(messageID)
	f.Errors[field] = msg
	f.Summary = append(f.Summary, fieldError{Field: field, Message: msg})
}

func (s *Site) renderSignIn(w http.ResponseWriter, v *view, f *signInForm) {
	v.Kind, v.NoIndex = kSignIn, true
	v.Title = v.T("signin.title")
	v.Data = f
	v.staticAlternates(kSignIn, "")
	s.render(w, v, "sign-in")
}
