package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"
	"golang.org/x/time/rate"

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
	Actor     Actor
}

// SelfRegistrationRoles are the roles people may give themselves.
var SelfRegistrationRoles = []string{models.RoleStudent, models.RoleTeacher, models.RoleSME}

// Register opens an account and signs it in.
func (a *App) Register(ctx context.Context, in RegisterInput, ip, userAgent string) (Login, error) {
	if !a.cfg.RegistrationOpen {
		return Login{}, ErrRegistrationClosed
	}
	in.Email = NormalizeEmail(in.Email)
	if in.Role == "" {
		in.Role = models.RoleStudent
	}
	fields := map[string]string{}
	if in.Role == models.RoleSME {
		if strings.TrimSpace(in.OrganizationName) == "" {
			fields["organization_name"] = "SME users name their organization"
		}
		if !ValidCreditCode(in.CreditCode) {
			fields["credit_code"] = "not a valid unified social credit code"
		}
	}
	if len(fields) > 0 {
		return Login{}, ValidationError(fields)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(in.Password), a.cfg.PasswordCost)
	if err != nil {
		return Login{}, err
	}
	u := models.User{Email: in.Email, PasswordHash: string(hash), Name: strings.TrimSpace(in.Name), Role: in.Role, Active: true}
	var login Login
	err = a.tx(ctx, func(ctx context.Context) error {
		if in.Role == models.RoleSME {
			org, err := a.db.FindOrCreateSMEOrganization(ctx, strings.TrimSpace(in.OrganizationName), in.CreditCode)
			if err != nil {
				return err
			}
			u.OrganizationID = &org.ID
		}
		if err := a.db.CreateUser(ctx, &u); err != nil {
			if models.IsDuplicate(err) {
				return ErrEmailTaken
			}
			return err
		}
		login, err = a.openSession(ctx, u, ip, userAgent)
		return err
	})
	return login, err
}

// LoginWithPassword checks an e-mail and password and opens a session. Attempts are limited per
// IP and per account.
func (a *App) LoginWithPassword(ctx context.Context, email, password, ip, userAgent string) (Login, error) {
	email = NormalizeEmail(email)
	if !a.logins.allow("ip:"+ip) || !a.logins.allow("account:"+email) {
		return Login{}, ErrRateLimited
	}
	u, err := a.db.UserByEmail(ctx, email)
	if models.IsNotFound(err) {
		// Spend the same time as a real check, so response time does not reveal accounts.
		_ = bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
		return Login{}, ErrBadCredentials
	}
	if err != nil {
		return Login{}, err
	}
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) != nil || !u.Active {
		return Login{}, ErrBadCredentials
	}
	return a.openSession(ctx, u, ip, userAgent)
}

var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("not a password"), bcrypt.DefaultCost)

func (a *App) openSession(ctx context.Context, u models.User, ip, userAgent string) (Login, error) {
	token, err := RandomToken()
	if err != nil {
		return Login{}, err
	}
	csrf, err := RandomToken()
	if err != nil {
		return Login{}, err
	}
	now := a.Now()
	s := models.Session{UserID: u.ID, TokenHash: HashToken(token), CSRFToken: csrf, IP: Clip(ip, 45),
		UserAgent: Clip(userAgent, 300), CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(a.cfg.SessionTTL)}
	if err := a.db.CreateSession(ctx, &s); err != nil {
		return Login{}, err
	}
	actor, err := a.actorFor(ctx, u)
	if err != nil {
		return Login{}, err
	}
	return Login{Token: token, CSRFToken: csrf, ExpiresAt: s.ExpiresAt, Actor: actor}, nil
}

// Authenticated is the result of checking a session token.
type Authenticated struct {
	Actor     Actor
	SessionID int64
	CSRFToken string
}

// Authenticate resolves a session token to its actor and slides the session's expiry forward
// (at most once a minute, to spare the writer).
func (a *App) Authenticate(ctx context.Context, token string) (Authenticated, error) {
	if token == "" {
		return Authenticated{}, ErrUnauthenticated
	}
	now := a.Now()
	s, u, err := a.db.SessionByTokenHash(ctx, HashToken(token), now)
	if err != nil {
		if models.IsNotFound(err) {
			return Authenticated{}, ErrUnauthenticated
		}
		return Authenticated{}, err
	}
	if !u.Active {
		return Authenticated{}, ErrUnauthenticated
	}
	if now.Sub(s.LastSeenAt) > time.Minute {
		if err := a.db.TouchSession(ctx, s.ID, now, now.Add(a.cfg.SessionTTL)); err != nil {
			return Authenticated{}, err
		}
	}
	actor, err := a.actorFor(ctx, u)
	return Authenticated{Actor: actor, SessionID: s.ID, CSRFToken: s.CSRFToken}, err
}

// Logout ends a session.
func (a *App) Logout(ctx context.Context, sessionID int64) error {
	return a.db.DeleteSession(ctx, sessionID)
}

// ChangePassword replaces the actor's password after checking the current one, and ends their
// other sessions.
func (a *App) ChangePassword(ctx context.Context, ac Actor, sessionID int64, current, next string) error {
	u, err := a.db.UserByID(ctx, ac.UserID)
	if err != nil {
		return NotFound(err)
	}
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(current)) != nil {
		return ValidationError(map[string]string{"current_password": "does not match"})
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(next), a.cfg.PasswordCost)
	if err != nil {
		return err
	}
	return a.tx(ctx, func(ctx context.Context) error {
		if err := a.db.UpdatePasswordHash(ctx, u.ID, string(hash)); err != nil {
			return err
		}
		return a.db.DeleteUserSessionsExcept(ctx, u.ID, sessionID)
	})
}

// CurrentActor reloads the actor for a user.
func (a *App) CurrentActor(ctx context.Context, userID int64) (Actor, error) {
	u, err := a.db.UserByID(ctx, userID)
	if err != nil {
		return Actor{}, NotFound(err)
	}
	return a.actorFor(ctx, u)
}

// DeleteExpiredSessions removes expired sessions (a housekeeping job) and returns how many.
func (a *App) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	return a.db.DeleteExpiredSessions(ctx, a.Now())
}

func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func RandomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
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
