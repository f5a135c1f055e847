package accounts

import (
	"context"
	"slices"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"cqshare/app/catalog"
	"cqshare/app/core"
	"cqshare/models"
)

// RegisterInput is what a person gives to open an account.
type RegisterInput struct {
	Email    string
	Password string
	Name     string
	Role     string // student (default), teacher or sme
	// SME users name their organization; an existing one is found by its credit code.
	OrganizationName string
	CreditCode       string
	Language         core.Lang // of their e-mails: the one their browser asked for
}

// Login is an opened session: the token is shown once and only its hash is stored. A
// registration that waits for approval opens none: Pending is set and the rest is empty.
type Login struct {
	Token     string
	CSRFToken string
	ExpiresAt time.Time
	Actor     core.Actor
	Pending   bool
}

// SelfRegistrationRoles are the roles people may give themselves.
var SelfRegistrationRoles = []string{models.RoleStudent, models.RoleTeacher, models.RoleSME}

// ErrAccountPending refuses to sign in, after the right password, an account that waits for an
// administrator's approval.
var ErrAccountPending = &core.Error{Kind: core.KindForbidden, Code: "account_pending",
	Key: "accounts.pending"}

// Register opens an account. A student's is active and signed in at once; a teacher's or an SME
// user's (who may join an existing organization by its credit code) waits, inactive, for an
// administrator's approval: anyone could claim those roles, and an organization's membership.
// Registrations are limited per address.
func (s *Service) Register(ctx context.Context, in RegisterInput, ip, userAgent string) (Login, error) {
	if !s.cfg.RegistrationOpen {
		return Login{}, core.ErrRegistrationClosed
	}
	email, err := core.ParseEmail(in.Email)
	if err != nil {
		return Login{}, err
	}
	if in.Role == "" {
		in.Role = models.RoleStudent
	}
	fields := map[string]core.Text{}
	if !slices.Contains(SelfRegistrationRoles, in.Role) {
		fields["role"] = core.T("field.choose")
	}
	if in.Role == models.RoleSME {
		if strings.TrimSpace(in.OrganizationName) == "" {
			fields["organization_name"] = core.T("accounts.sme_organization")
		}
		if !catalog.ValidCreditCode(in.CreditCode) {
			fields["credit_code"] = core.T("field.creditcode")
		}
	}
	if why := passwordProblem(in.Password, email); why.Key != "" {
		fields["password"] = why
	}
	if len(fields) > 0 {
		return Login{}, core.ValidationError(fields)
	}
	if !s.guard.allowRegistration(ip, s.Now()) {
		return Login{}, core.ErrRateLimited
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(in.Password), s.cfg.PasswordCost)
	if err != nil {
		return Login{}, err
	}
	pending := in.Role != models.RoleStudent
	now := s.Now()
	var login Login
	err = s.Tx(ctx, func(ctx context.Context) error {
		u := models.User{Email: email, PasswordHash: string(hash), Name: strings.TrimSpace(in.Name), Role: in.Role,
			Language: string(core.LangOf(string(in.Language))), Active: !pending, Pending: pending, CreatedAt: now, UpdatedAt: now}
		if in.Role == models.RoleSME {
			org, _, err := s.DB.FindOrCreateSMEOrganization(ctx, strings.TrimSpace(in.OrganizationName), in.CreditCode)
			if err != nil {
				return err
			}
			u.OrganizationID = &org.ID
		}
		if err := s.DB.CreateUser(ctx, &u); err != nil {
			if models.IsDuplicate(err) {
				return core.ErrEmailTaken
			}
			return err
		}
		if pending {
			login = Login{Pending: true}
			return nil
		}
		login, err = s.openSession(ctx, u, ip, userAgent)
		return err
	})
	return login, err
}

// LoginWithPassword checks an e-mail and password and opens a session. Guesses are limited per
// address, per account and address, and per account (limits.go); an address that names no
// account counts as one unknown account.
func (s *Service) LoginWithPassword(ctx context.Context, email, password, ip, userAgent string) (Login, error) {
	now := s.Now()
	if !s.guard.allowAddress(ip, now) {
		return Login{}, core.ErrRateLimited
	}
	email, err := core.ParseEmail(email)
	if err != nil {
		return Login{}, err
	}
	u, err := s.DB.UserByEmail(ctx, email)
	if err != nil && !models.IsNotFound(err) {
		return Login{}, err
	}
	account := unknownAccount
	if err == nil {
		account = u.ID
	}
	if !s.guard.allowGuess(account, ip, now) {
		return Login{}, core.ErrRateLimited
	}
	if account == unknownAccount {
		matches(string(dummyHash), password) // spend the time of a real check
		s.guard.failed(account, ip, now)
		return Login{}, core.ErrBadCredentials
	}
	if !matches(u.PasswordHash, password) {
		s.guard.failed(account, ip, now)
		return Login{}, core.ErrBadCredentials
	}
	s.guard.succeeded(account, ip)
	switch {
	case u.Pending:
		return Login{}, ErrAccountPending
	case !u.Active:
		return Login{}, core.ErrBadCredentials
	}
	return s.openSession(ctx, u, ip, userAgent)
}

func (s *Service) openSession(ctx context.Context, u models.User, ip, userAgent string) (Login, error) {
	token, err := core.RandomToken()
	if err != nil {
		return Login{}, err
	}
	csrf, err := core.RandomToken()
	if err != nil {
		return Login{}, err
	}
	now := s.Now()
	sess := models.Session{UserID: u.ID, TokenHash: core.HashToken(token), CSRFToken: csrf, IP: core.Clip(ip, 45),
		UserAgent: core.Clip(userAgent, 300), CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.cfg.SessionTTL)}
	if err := s.DB.CreateSession(ctx, &sess); err != nil {
		return Login{}, err
	}
	actor, err := s.actorFor(ctx, u)
	if err != nil {
		return Login{}, err
	}
	return Login{Token: token, CSRFToken: csrf, ExpiresAt: sess.ExpiresAt, Actor: actor}, nil
}

// Authenticated is the result of checking a session token.
type Authenticated struct {
	Actor     core.Actor
	SessionID int64
	CSRFToken string
}

// sessionMaxAge is how long a session lives after sign-in however often it is used: a stolen
// token in steady use does not live forever.
const sessionMaxAge = 30 * 24 * time.Hour

// Authenticate resolves a session token to its actor and slides the session's expiry forward
// (at most once a minute, to spare the writer); sessionMaxAge after sign-in it fails anyway.
func (s *Service) Authenticate(ctx context.Context, token string) (Authenticated, error) {
	if token == "" {
		return Authenticated{}, core.ErrUnauthenticated
	}
	now := s.Now()
	sess, u, err := s.DB.SessionByTokenHash(ctx, core.HashToken(token), now)
	if err != nil {
		if models.IsNotFound(err) {
			return Authenticated{}, core.ErrUnauthenticated
		}
		return Authenticated{}, err
	}
	if !u.Active || !now.Before(sess.CreatedAt.Add(sessionMaxAge)) {
		return Authenticated{}, core.ErrUnauthenticated
	}
	if now.Sub(sess.LastSeenAt) > time.Minute {
		expires := now.Add(s.cfg.SessionTTL)
		if end := sess.CreatedAt.Add(sessionMaxAge); expires.After(end) {
			expires = end // the cookie and the row agree on when the session ends
		}
		if err := s.DB.TouchSession(ctx, sess.ID, now, expires); err != nil {
			return Authenticated{}, err
		}
	}
	actor, err := s.actorFor(ctx, u)
	return Authenticated{Actor: actor, SessionID: sess.ID, CSRFToken: sess.CSRFToken}, err
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, sessionID int64) error {
	return s.DB.DeleteSession(ctx, sessionID)
}

// ChangePassword replaces the actor's password after checking the current one, whose guesses
// are limited as sign-ins are, and ends their other sessions and their calendar feed.
func (s *Service) ChangePassword(ctx context.Context, ac core.Actor, sessionID int64, current, next, ip string) error {
	u, err := s.DB.UserByID(ctx, ac.UserID)
	if err != nil {
		return core.NotFound(err)
	}
	if why := passwordProblem(next, u.Email); why.Key != "" {
		return core.ValidationError(map[string]core.Text{"new_password": why})
	}
	now := s.Now()
	if !s.guard.allowAddress(ip, now) || !s.guard.allowGuess(u.ID, ip, now) {
		return core.ErrRateLimited
	}
	if !matches(u.PasswordHash, current) {
		s.guard.failed(u.ID, ip, now)
		return core.FieldError("current_password", "accounts.wrong_password")
	}
	s.guard.succeeded(u.ID, ip)
	if next == current {
		return core.FieldError("new_password", "accounts.same_password")
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(next), s.cfg.PasswordCost)
	if err != nil {
		return err
	}
	return s.Tx(ctx, func(ctx context.Context) error {
		if err := s.DB.UpdatePasswordHash(ctx, u.ID, string(hash)); err != nil {
			return err
		}
		if err := s.DB.DeleteCalendarFeed(ctx, u.ID); err != nil {
			return err
		}
		return s.DB.DeleteUserSessionsExcept(ctx, u.ID, sessionID)
	})
}

// CurrentActor reloads the actor for a user.
func (s *Service) CurrentActor(ctx context.Context, userID int64) (core.Actor, error) {
	u, err := s.DB.UserByID(ctx, userID)
	if err != nil {
		return core.Actor{}, core.NotFound(err)
	}
	return s.actorFor(ctx, u)
}

// DeleteExpiredSessions removes expired sessions and the campus sign-ons never finished (a
// housekeeping job) and returns how many sessions.
func (s *Service) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	if err := s.DB.DeleteExpiredSSOFlows(ctx, s.Now()); err != nil {
		return 0, err
	}
	return s.DB.DeleteExpiredSessions(ctx, s.Now())
}

// actorFor loads the actor for a user: role and managed facilities (all of a consortium
// administrator's consortium).
func (s *Service) actorFor(ctx context.Context, u models.User) (core.Actor, error) {
	ac := core.Actor{UserID: u.ID, Role: u.Role, Name: u.Name, Email: u.Email, OrganizationID: u.OrganizationID}
	var err error
	switch {
	case u.Role == models.RoleManager:
		ac.ManagedFacilityIDs, err = s.DB.ManagedFacilityIDs(ctx, u.ID)
	case u.Role == models.RoleConsortiumAdmin && u.AdminConsortiumID != nil:
		ac.ConsortiumID = u.AdminConsortiumID
		ac.ManagedFacilityIDs, err = s.DB.ConsortiumFacilityIDs(ctx, *u.AdminConsortiumID)
	}
	return ac, err
}
