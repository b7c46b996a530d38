package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"entgo.io/ent/dialect/sql"

	"relocate/ent"
	"relocate/ent/auditentry"
	"relocate/ent/casefile"
	"relocate/ent/company"
	"relocate/ent/session"
	"relocate/ent/user"
	"relocate/internal/apperr"
	"relocate/internal/audit"
	"relocate/internal/lang"
	"relocate/internal/viewer"
)

// Options configure the service.
type Options struct {
	// SessionTTL is how long a session lasts after sign-in.
	SessionTTL time.Duration
	// FreeAttempts failed sign-ins per account and address pass unslowed;
	// after that each waits twice as long as the last, from FirstWait to MaxWait.
	FreeAttempts       int
	FirstWait, MaxWait time.Duration
	// PerAddressAttempts is the same allowance for one IP address, which
	// may try many accounts.
	PerAddressAttempts int
	// PerAccountAttempts failed sign-ins to one account from all addresses
	// together pass unslowed; after that the wait doubles every
	// PerAccountStep failures. Addresses the account recently signed in
	// from are exempt.
	PerAccountAttempts int
	PerAccountStep     int
	Now                func() time.Time
}

// Service signs users in and out and manages accounts.
type Service struct {
	client *ent.Client
	audit  *audit.Recorder
	opts   Options
	guard  *guard
	dummy  string // a hash to check unknown addresses against, for equal timing
}

// New returns the service.
func New(client *ent.Client, rec *audit.Recorder, o Options) (*Service, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.SessionTTL <= 0 || o.FreeAttempts < 1 || o.PerAddressAttempts < 1 || o.PerAccountAttempts < 1 ||
		o.PerAccountStep < 1 || o.FirstWait <= 0 || o.MaxWait < o.FirstWait {
		return nil, fmt.Errorf("auth: sign-in is not configured: %+v", o)
	}
	dummy, err := hashPassword("no account has this password")
	if err != nil {
		return nil, err
	}
	return &Service{client: client, audit: rec, opts: o, dummy: dummy, guard: newGuard(o)}, nil
}

// system is ctx acting as the system: the service reads users and sessions
// on its own behalf.
func system(ctx context.Context) context.Context { return viewer.SystemContext(ctx) }

// Session is a new sign-in.
type Session struct {
	// Token is sent back as "Authorization: Bearer <token>" or kept in a cookie.
	Token     string
	ExpiresAt time.Time
	User      *ent.User
	// FailedAttempts counts the failed and refused attempts to sign in to
	// the account since its previous sign-in.
	FailedAttempts int
}

// Why a sign-in failed, as the audit log says (the user is never told).
const (
	failedPassword = "login (wrong password)"
	failedUnknown  = "login (unknown account)"
	failedDisabled = "login (account disabled)"
	failedThrottle = "login throttled (%s)"
)

// Login checks email and password and opens a session of kind (BEARER or
// COOKIE). A wrong password, an unknown address and a disabled account get
// the same answer after the same work (one password check); attempts over
// the throttle's limits are refused before any check. Every password check
// that fails is audited; refused attempts are audited summed up
// (audit.Recorder.RecordRepeated). What was typed as the address is kept
// only when it names an account: it may be a password typed into the
// wrong field.
func (s *Service) Login(ctx context.Context, email, password, ip string, kind session.Kind) (*Session, error) {
	now := s.opts.Now()
	email = normalizeEmail(email)
	if len(email) > 254 {
		email = email[:254]
	}
	if s.guard.needsUsual(email, now) {
		addrs, err := s.usualAddresses(ctx, email)
		if err != nil {
			return nil, err
		}
		s.guard.loadedUsual(email, addrs)
	}
	if wait, by := s.guard.begin(email, ip, now); wait > 0 {
		e := audit.Entry{Action: audit.LoginFailed, Operation: fmt.Sprintf(failedThrottle, by)}
		if id := s.guard.userOf(email); id != 0 && by != byAddress {
			e.ActorID, e.ActorEmail = &id, email
		}
		_ = s.audit.RecordRepeated(ctx, e)
		return nil, errTooManyAttempts(int((wait + time.Second - 1) / time.Second))
	}
	// Unknown addresses are checked against a dummy hash: every answer
	// takes one password check.
	u, err := s.client.User.Query().Where(user.Email(email)).Only(system(ctx))
	hash := s.dummy
	if err == nil {
		hash = u.PasswordHash
	} else if !ent.IsNotFound(err) {
		return nil, fmt.Errorf("auth: find user: %w", err)
	}
	ok, err := checkPassword(hash, password)
	if err != nil {
		return nil, fmt.Errorf("auth: check password: %w", err)
	}
	if u == nil || !ok || !u.Active {
		e := audit.Entry{Action: audit.LoginFailed, Operation: failedUnknown}
		if u != nil {
			e.ActorID, e.ActorEmail, e.Operation = &u.ID, u.Email, failedPassword
			if ok {
				e.Operation = failedDisabled
			}
			s.guard.failed(email, u.ID)
		}
		_ = s.audit.Record(ctx, e)
		return nil, ErrInvalidCredentials
	}
	s.guard.succeeded(email, ip)
	failures, err := s.failuresSinceLastSignIn(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	token, hashed, err := newToken()
	if err != nil {
		return nil, err
	}
	expires := now.Add(s.opts.SessionTTL)
	sctx := system(ctx)
	if _, err := s.clientOf(ctx).Session.Create().SetTokenHash(hashed).SetKind(kind).SetUserID(u.ID).
		SetCreatedAt(now).SetExpiresAt(expires).Save(sctx); err != nil {
		return nil, fmt.Errorf("auth: open session: %w", err)
	}
	// Sessions that ended are of no further use: each sign-in clears the
	// user's own, so they never pile up.
	if _, err := s.clientOf(ctx).Session.Delete().Where(session.UserID(u.ID),
		session.Or(session.ExpiresAtLT(now), session.RevokedAtNotNil())).Exec(sctx); err != nil {
		return nil, fmt.Errorf("auth: clear ended sessions: %w", err)
	}
	if u, err = s.clientOf(ctx).User.UpdateOne(u).SetLastLoginAt(now).Save(sctx); err != nil {
		return nil, fmt.Errorf("auth: note sign-in: %w", err)
	}
	if err := s.audit.Record(ctx, audit.Entry{Action: audit.Login, Operation: "login", ActorID: &u.ID, ActorEmail: u.Email,
		ObjectIDs: []string{strconv.Itoa(u.ID)}}); err != nil {
		return nil, err
	}
	return &Session{Token: token, ExpiresAt: expires, User: u, FailedAttempts: failures}, nil
}

// usualAddresses returns the addresses of the last sign-ins to account,
// from the audit log.
func (s *Service) usualAddresses(ctx context.Context, account string) ([]string, error) {
	entries, err := s.client.AuditEntry.Query().
		Where(auditentry.Action(audit.Login), auditentry.HasActorWith(user.Email(account))).
		Order(ent.Desc(auditentry.FieldID)).Limit(maxUsual).All(system(ctx))
	if err != nil {
		return nil, fmt.Errorf("auth: usual addresses: %w", err)
	}
	var addrs []string
	for _, e := range entries {
		if e.IP != "" && !slices.Contains(addrs, e.IP) {
			addrs = append(addrs, e.IP)
		}
	}
	return addrs, nil
}

// failuresSinceLastSignIn counts the failed and refused attempts to sign
// in to account id since its last successful sign-in, as the audit log
// records them.
func (s *Service) failuresSinceLastSignIn(ctx context.Context, id int) (int, error) {
	sctx := system(ctx)
	if err := s.audit.FlushActor(sctx, id); err != nil {
		return 0, err
	}
	last, err := s.client.AuditEntry.Query().Where(auditentry.ActorID(id), auditentry.Action(audit.Login)).
		Order(ent.Desc(auditentry.FieldID)).FirstID(sctx)
	if err != nil && !ent.IsNotFound(err) {
		return 0, fmt.Errorf("auth: last sign-in: %w", err)
	}
	n, err := s.client.AuditEntry.Query().
		Where(auditentry.ActorID(id), auditentry.Action(audit.LoginFailed), auditentry.IDGT(last)).
		Aggregate(func(sel *sql.Selector) string {
			return "COALESCE(SUM(" + sel.C(auditentry.FieldCount) + "), 0)"
		}).Int(sctx)
	if err != nil {
		return 0, fmt.Errorf("auth: count failed sign-ins: %w", err)
	}
	return n, nil
}

// Authenticate returns the viewer a token belongs to; ErrSessionExpired
// when the token is unknown, expired or revoked, or its user disabled.
func (s *Service) Authenticate(ctx context.Context, token string) (viewer.Viewer, error) {
	sess, err := s.client.Session.Query().Where(session.TokenHash(hashToken(token))).WithUser().Only(system(ctx))
	if ent.IsNotFound(err) {
		return viewer.Viewer{}, ErrSessionExpired
	}
	if err != nil {
		return viewer.Viewer{}, fmt.Errorf("auth: find session: %w", err)
	}
	u := sess.Edges.User
	if sess.RevokedAt != nil || !s.opts.Now().Before(sess.ExpiresAt) || u == nil || !u.Active {
		return viewer.Viewer{}, ErrSessionExpired
	}
	return viewerOf(u, sess.ID), nil
}

// ViewerOf returns the viewer user u acts as outside a signed-in session:
// when a calendar feed of theirs is read.
func ViewerOf(u *ent.User) viewer.Viewer { return viewerOf(u, 0) }

func viewerOf(u *ent.User, sessionID int) viewer.Viewer {
	return viewer.Viewer{
		UserID: u.ID, Email: u.Email, Name: u.DisplayName, Roles: u.Roles, Languages: u.TranslationLanguages,
		CompanyID: u.CompanyID, CaseID: u.CaseID, SessionID: sessionID, Language: u.PreferredLanguage,
	}
}

// Logout revokes the session of the viewer in ctx.
func (s *Service) Logout(ctx context.Context) error {
	v := viewer.FromContext(ctx)
	if v.SessionID == 0 {
		return apperr.ErrUnauthenticated
	}
	if err := s.clientOf(ctx).Session.UpdateOneID(v.SessionID).SetRevokedAt(s.opts.Now()).Exec(system(ctx)); err != nil {
		return fmt.Errorf("auth: revoke session: %w", err)
	}
	return nil
}

// NewUser is an account to create.
type NewUser struct {
	Email, DisplayName, Password string
	Roles                        []viewer.Role
	TranslationLanguages         []lang.Code
	PreferredLanguage            lang.Code
	// CompanyID is the company a COMPANY_CONTACT acts for.
	CompanyID *int
	// CaseID is a NEWCOMER's own case.
	CaseID *int
}

// CreateUser creates an account; only administrators (and the command
// line, as the system) may.
func (s *Service) CreateUser(ctx context.Context, in NewUser) (*ent.User, error) {
	if !viewer.FromContext(ctx).Can(viewer.ManageUsers) {
		return nil, apperr.ErrForbidden
	}
	email := normalizeEmail(in.Email)
	if err := checkEmail(email); err != nil {
		return nil, err
	}
	name := strings.TrimSpace(in.DisplayName)
	switch {
	case name == "" || utf8.RuneCountInString(name) > 200:
		return nil, ErrNameRequired
	case len(in.Roles) == 0:
		return nil, ErrRolesRequired
	case utf8.RuneCountInString(in.Password) < MinPasswordLength:
		return nil, ErrPasswordShort
	}
	if err := s.checkLinks(ctx, in); err != nil {
		return nil, err
	}
	hash, err := hashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	if in.PreferredLanguage, err = s.languageOf(ctx, in); err != nil {
		return nil, err
	}
	u, err := s.clientOf(ctx).User.Create().SetEmail(email).SetDisplayName(name).SetPasswordHash(hash).
		SetRoles(uniqueRoles(in.Roles)).SetTranslationLanguages(in.TranslationLanguages).
		SetPreferredLanguage(in.PreferredLanguage).SetNillableCompanyID(in.CompanyID).SetNillableCaseID(in.CaseID).Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, ErrEmailTaken
	}
	if err != nil {
		return nil, fmt.Errorf("auth: create user: %w", err)
	}
	return u, nil
}

// checkLinks checks the company and the case a new account is linked to:
// they exist, and only a company contact acts for a company, only a
// newcomer follows a case.
func (s *Service) checkLinks(ctx context.Context, in NewUser) error {
	if in.CompanyID != nil {
		if !slices.Contains(in.Roles, viewer.CompanyContact) {
			return ErrCompanyNotContact
		}
		ok, err := s.client.Company.Query().Where(company.ID(*in.CompanyID)).Exist(system(ctx))
		if err != nil {
			return fmt.Errorf("auth: find company: %w", err)
		}
		if !ok {
			return ErrUnknownCompany
		}
	}
	if in.CaseID != nil {
		if !slices.Contains(in.Roles, viewer.Newcomer) {
			return ErrCaseNotNewcomer
		}
		ok, err := s.client.CaseFile.Query().Where(casefile.ID(*in.CaseID)).Exist(system(ctx))
		if err != nil {
			return fmt.Errorf("auth: find case: %w", err)
		}
		if !ok {
			return ErrUnknownCase
		}
	}
	return nil
}

// languageOf is the language a new account reads in when none is given:
// a newcomer's is the one their case's person prefers, everyone else's
// German.
func (s *Service) languageOf(ctx context.Context, in NewUser) (lang.Code, error) {
	if in.PreferredLanguage != "" {
		return in.PreferredLanguage, nil
	}
	if in.CaseID == nil {
		return lang.DE, nil
	}
	p, err := s.client.CaseFile.Query().Where(casefile.ID(*in.CaseID)).QueryPerson().Only(system(ctx))
	if err != nil {
		return "", fmt.Errorf("auth: the person of case %d: %w", *in.CaseID, err)
	}
	return p.PreferredLanguage, nil
}

// UserUpdate changes an account; nil fields stay as they are.
type UserUpdate struct {
	DisplayName          *string
	Roles                []viewer.Role
	TranslationLanguages []lang.Code
	PreferredLanguage    *lang.Code
	Active               *bool
	Password             *string
}

// UpdateUser changes account id; administrators only. Disabling an account
// or changing its password or roles ends its sessions.
func (s *Service) UpdateUser(ctx context.Context, id int, in UserUpdate) (*ent.User, error) {
	if !viewer.FromContext(ctx).Can(viewer.ManageUsers) {
		return nil, apperr.ErrForbidden
	}
	c := s.clientOf(ctx)
	u, err := c.User.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, ErrUserNotFound
	}
	if err != nil {
		return nil, err
	}
	up := u.Update()
	endSessions := false
	if in.DisplayName != nil {
		name := strings.TrimSpace(*in.DisplayName)
		if name == "" || utf8.RuneCountInString(name) > 200 {
			return nil, ErrNameRequired
		}
		up.SetDisplayName(name)
	}
	if in.Roles != nil {
		if len(in.Roles) == 0 {
			return nil, ErrRolesRequired
		}
		up.SetRoles(uniqueRoles(in.Roles))
		endSessions = true
	}
	if in.TranslationLanguages != nil {
		up.SetTranslationLanguages(in.TranslationLanguages)
	}
	if in.PreferredLanguage != nil {
		up.SetPreferredLanguage(*in.PreferredLanguage)
	}
	if in.Active != nil {
		up.SetActive(*in.Active)
		endSessions = endSessions || !*in.Active
	}
	if in.Password != nil {
		if utf8.RuneCountInString(*in.Password) < MinPasswordLength {
			return nil, ErrPasswordShort
		}
		hash, err := hashPassword(*in.Password)
		if err != nil {
			return nil, err
		}
		up.SetPasswordHash(hash)
		endSessions = true
	}
	if u, err = up.Save(ctx); err != nil {
		return nil, fmt.Errorf("auth: update user %d: %w", id, err)
	}
	if endSessions {
		if err := c.Session.Update().Where(session.UserID(id), session.RevokedAtIsNil()).
			SetRevokedAt(s.opts.Now()).Exec(system(ctx)); err != nil {
			return nil, fmt.Errorf("auth: end sessions of user %d: %w", id, err)
		}
	}
	return u, nil
}

// UserByEmail returns the account with email, for the command line.
func (s *Service) UserByEmail(ctx context.Context, email string) (*ent.User, error) {
	u, err := s.client.User.Query().Where(user.Email(normalizeEmail(email))).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, ErrUserNotFound
	}
	return u, err
}

// clientOf is the transaction of ctx, or the service's client.
func (s *Service) clientOf(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return s.client
}

func normalizeEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

func checkEmail(e string) error {
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e || len(e) > 254 || !strings.Contains(e[strings.LastIndexByte(e, '@')+1:], ".") {
		return ErrEmailInvalid
	}
	return nil
}

func uniqueRoles(roles []viewer.Role) []viewer.Role {
	var out []viewer.Role
	for _, r := range roles {
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// newToken returns a random token and the hash stored for it.
func newToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token), nil
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
