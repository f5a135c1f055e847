package accounts

import (
	"context"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"
	"golang.org/x/time/rate"

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
}

// Login is an opened session: the token is shown once and only its hash is stored.
type Login struct {
	Token     string
	CSRFToken string
	ExpiresAt time.Time
	Actor     core.Actor
}

// SelfRegistrationRoles are the roles people may give themselves.
var SelfRegistrationRoles = []string{models.RoleStudent, models.RoleTeacher, models.RoleSME}

// Register opens an account and signs it in.
func (s *Service) Register(ctx context.Context, in RegisterInput, ip, userAgent string) (Login, error) {
	if !s.cfg.RegistrationOpen {
		return Login{}, core.ErrRegistrationClosed
	}
	in.Email = core.NormalizeEmail(in.Email)
	if in.Role == "" {
		in.Role = models.RoleStudent
	}
	fields := map[string]string{}
	if in.Role == models.RoleSME {
		if strings.TrimSpace(in.OrganizationName) == "" {
			fields["organization_name"] = "SME users name their organization"
		}
		if !catalog.ValidCreditCode(in.CreditCode) {
			fields["credit_code"] = "not a valid unified social credit code"
		}
	}
	if len(fields) > 0 {
		return Login{}, core.ValidationError(fields)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(in.Password), s.cfg.PasswordCost)
	if err != nil {
		return Login{}, err
	}
	u := models.User{Email: in.Email, PasswordHash: string(hash), Name: strings.TrimSpace(in.Name), Role: in.Role, Active: true}
	var login Login
	err = s.Tx(ctx, func(ctx context.Context) error {
		if in.Role == models.RoleSME {
			org, err := s.DB.FindOrCreateSMEOrganization(ctx, strings.TrimSpace(in.OrganizationName), in.CreditCode)
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
		login, err = s.openSession(ctx, u, ip, userAgent)
		return err
	})
	return login, err
}

// LoginWithPassword checks an e-mail and password and opens a session. Attempts are limited per
// IP and per account.
func (s *Service) LoginWithPassword(ctx context.Context, email, password, ip, userAgent string) (Login, error) {
	email = core.NormalizeEmail(email)
	if !s.logins.allow("ip:"+ip) || !s.logins.allow("account:"+email) {
		return Login{}, core.ErrRateLimited
	}
	u, err := s.DB.UserByEmail(ctx, email)
	if models.IsNotFound(err) {
		// Spend the same time as a real check, so response time does not reveal accounts.
		_ = bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
		return Login{}, core.ErrBadCredentials
	}
	if err != nil {
		return Login{}, err
	}
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) != nil || !u.Active {
		return Login{}, core.ErrBadCredentials
	}
	return s.openSession(ctx, u, ip, userAgent)
}

var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("not a password"), bcrypt.DefaultCost)

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
		if err := s.DB.TouchSession(ctx, sess.ID, now, now.Add(s.cfg.SessionTTL)); err != nil {
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

// ChangePassword replaces the actor's password after checking the current one, and ends their
// other sessions.
func (s *Service) ChangePassword(ctx context.Context, ac core.Actor, sessionID int64, current, next string) error {
	u, err := s.DB.UserByID(ctx, ac.UserID)
	if err != nil {
		return core.NotFound(err)
	}
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(current)) != nil {
		return core.ValidationError(map[string]string{"current_password": "does not match"})
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(next), s.cfg.PasswordCost)
	if err != nil {
		return err
	}
	return s.Tx(ctx, func(ctx context.Context) error {
		if err := s.DB.UpdatePasswordHash(ctx, u.ID, string(hash)); err != nil {
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

// DeleteExpiredSessions removes expired sessions (a housekeeping job) and returns how many.
func (s *Service) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	return s.DB.DeleteExpiredSessions(ctx, s.Now())
}

// loginLimiter allows a burst of 10 login attempts per key, refilled at one every 6 seconds.
// It lives in each server copy's memory: several copies multiply the allowance, which still
// stops password guessing at scale.
type loginLimiter struct {
	on       bool
	mu       sync.Mutex
	limiters map[string]*rate.Limiter
}

func newLoginLimiter(on bool) *loginLimiter {
	return &loginLimiter{on: on, limiters: map[string]*rate.Limiter{}}
}

func (l *loginLimiter) allow(key string) bool {
	if !l.on {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.limiters) > 100_000 {
		clear(l.limiters) // bound memory under a spray of keys
	}
	lim, ok := l.limiters[key]
	if !ok {
		lim = rate.NewLimiter(rate.Every(6*time.Second), 10)
		l.limiters[key] = lim
	}
	return lim.Allow()
}

// actorFor loads the actor for a user: role and managed facilities.
func (s *Service) actorFor(ctx context.Context, u models.User) (core.Actor, error) {
	ac := core.Actor{UserID: u.ID, Role: u.Role, Name: u.Name, Email: u.Email, OrganizationID: u.OrganizationID}
	if u.Role == models.RoleManager {
		ids, err := s.DB.ManagedFacilityIDs(ctx, u.ID)
		if err != nil {
			return ac, err
		}
		ac.ManagedFacilityIDs = ids
	}
	return ac, nil
}
