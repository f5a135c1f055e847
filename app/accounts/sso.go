package accounts

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"cqshare/app/core"
	"cqshare/models"
)

// ssoFlowTTL is how long a person has, from the sign-on button, to come back from their college.
const ssoFlowTTL = 10 * time.Minute

// AuditSSOProvider names campus sign-on providers in the audit log.
const AuditSSOProvider = "sso_provider"

// The refusals of campus sign-on (统一身份认证). The web UI is sent back to its login page with
// the code, which it words; API clients and the audit log get the same code.
var (
	ErrSSOUnavailable = &core.Error{Kind: core.KindNotFound, Code: "sso_unavailable", Key: "sso.unavailable"}
	ErrSSONext        = &core.Error{Kind: core.KindRule, Code: "sso_next_invalid", Key: "sso.next_invalid",
		Fields: map[string]core.Text{"next": core.T("sso.next_invalid")}}
	ErrSSOState          = &core.Error{Kind: core.KindUnauthenticated, Code: "sso_state_invalid", Key: "sso.state_invalid"}
	ErrSSODenied         = &core.Error{Kind: core.KindUnauthenticated, Code: "sso_denied", Key: "sso.denied"}
	ErrSSOToken          = &core.Error{Kind: core.KindUnauthenticated, Code: "sso_token_invalid", Key: "sso.token_invalid"}
	ErrSSONoAccount      = &core.Error{Kind: core.KindUnauthenticated, Code: "sso_no_account", Key: "sso.no_account"}
	ErrSSOAccountBlocked = &core.Error{Kind: core.KindForbidden, Code: "sso_account_inactive", Key: "sso.account_inactive"}
)

// SSOStart is a started sign-on: where to send the browser, and the secret to keep in its
// cookie until it comes back.
type SSOStart struct {
	RedirectURL  string
	BrowserToken string
	ExpiresAt    time.Time
}

// SSOCallback is what the provider sent back through the browser.
type SSOCallback struct {
	State  string
	Code   string // OIDC authorization code
	Error  string // OIDC error (the person declined, say)
	Ticket string // CAS service ticket
}

// SSOLogin is a finished sign-on: the session, and the page to go to.
type SSOLogin struct {
	Login
	Next string
}

// ssoIdentity is who the provider says the person is: the value of the provider's claim.
type ssoIdentity struct {
	Value string
}

// SSOCallbackURL is the address a provider sends the browser back to (the redirect URI to
// register at the college).
func (s *Service) SSOCallbackURL(providerID int64) string {
	return fmt.Sprintf("%s/api/v1/auth/sso/%d/callback", strings.TrimSuffix(s.PublicURL, "/"), providerID)
}

// StartSSO starts a sign-on through an enabled provider: a random state, nonce and PKCE
// verifier, kept for ten minutes with the hash of the state and of a secret for the browser's
// cookie, and the provider's address to send the browser to. next is where to land afterwards.
func (s *Service) StartSSO(ctx context.Context, providerID int64, next string) (SSOStart, error) {
	next, err := SafeNextPath(next)
	if err != nil {
		return SSOStart{}, err
	}
	p, err := s.DB.SSOProviderByID(ctx, providerID)
	if err != nil || !p.Enabled {
		return SSOStart{}, unavailable(err)
	}
	var state, browser, nonce string
	for _, v := range []*string{&state, &browser, &nonce} {
		if *v, err = core.RandomToken(); err != nil {
			return SSOStart{}, err
		}
	}
	now := s.Now()
	flow := models.SSOFlow{ProviderID: p.ID, StateHash: core.HashToken(state), BrowserHash: core.HashToken(browser),
		NextPath: next, CreatedAt: now, ExpiresAt: now.Add(ssoFlowTTL)}
	var to string
	switch p.Kind {
	case models.SSOKindOIDC:
		conf, err := s.oidcConfig(ctx, p)
		if err != nil {
			return SSOStart{}, err
		}
		flow.Nonce, flow.CodeVerifier = nonce, oauth2.GenerateVerifier()
		to = conf.AuthCodeURL(state, oauth2.SetAuthURLParam("nonce", nonce), oauth2.S256ChallengeOption(flow.CodeVerifier))
	case models.SSOKindCAS:
		to = casBase(p) + "/login?service=" + url.QueryEscape(s.casService(p.ID, state))
	default:
		return SSOStart{}, ErrSSOUnavailable
	}
	if err := s.DB.Insert(ctx, &flow); err != nil {
		return SSOStart{}, err
	}
	return SSOStart{RedirectURL: to, BrowserToken: browser, ExpiresAt: flow.ExpiresAt}, nil
}

// FinishSSO checks what the provider sent back, through the browser that started the sign-on,
// finds the local account of the provider's organization it names, and opens a session as a
// password login does. Accounts are never created. Success and failure are both audited.
func (s *Service) FinishSSO(ctx context.Context, providerID int64, cb SSOCallback, browserToken, ip, userAgent string) (SSOLogin, error) {
	login, userID, err := s.finishSSO(ctx, providerID, cb, browserToken, ip, userAgent)
	action, detail := "sso.login", map[string]any{"provider_id": providerID, "user_id": userID}
	ac := login.Actor
	if err != nil {
		var e *core.Error
		if !errors.As(err, &e) {
			s.Log.Error("campus sign-on", "provider", providerID, "err", err)
			err = ErrSSOUnavailable
			errors.As(err, &e)
		}
		action, ac = "sso.login_failed", core.System
		detail["reason"] = e.Code
		login = SSOLogin{}
	}
	if aerr := s.Audit(ctx, ac, action, AuditSSOProvider, providerID, detail); aerr != nil {
		return SSOLogin{}, errors.Join(err, aerr)
	}
	return login, err
}

func (s *Service) finishSSO(ctx context.Context, providerID int64, cb SSOCallback, browserToken, ip, userAgent string) (SSOLogin, int64, error) {
	if !s.guard.allowAddress(ip, s.Now()) {
		return SSOLogin{}, 0, core.ErrRateLimited
	}
	if cb.State == "" || browserToken == "" {
		return SSOLogin{}, 0, ErrSSOState
	}
	flow, err := s.DB.TakeSSOFlow(ctx, core.HashToken(cb.State), s.Now())
	if err != nil {
		if models.IsNotFound(err) {
			return SSOLogin{}, 0, ErrSSOState
		}
		return SSOLogin{}, 0, err
	}
	// The flow is spent whatever follows: a state is tried once.
	if flow.ProviderID != providerID ||
		subtle.ConstantTimeCompare([]byte(flow.BrowserHash), []byte(core.HashToken(browserToken))) != 1 {
		return SSOLogin{}, 0, ErrSSOState
	}
	p, err := s.DB.SSOProviderByID(ctx, providerID)
	if err != nil || !p.Enabled {
		return SSOLogin{}, 0, unavailable(err)
	}
	var id ssoIdentity
	switch p.Kind {
	case models.SSOKindOIDC:
		id, err = s.oidcIdentity(ctx, p, flow, cb)
	case models.SSOKindCAS:
		id, err = s.casIdentity(ctx, p, s.casService(p.ID, cb.State), cb.Ticket)
	default:
		err = ErrSSOUnavailable
	}
	if err != nil {
		return SSOLogin{}, 0, err
	}
	u, err := s.ssoAccount(ctx, p, id)
	if err != nil {
		return SSOLogin{}, u.ID, err
	}
	login, err := s.openSession(ctx, u, ip, userAgent)
	if err != nil {
		return SSOLogin{}, u.ID, err
	}
	return SSOLogin{Login: login, Next: flow.NextPath}, u.ID, nil
}

// ssoAccount is the local account of the provider's organization the identity names, by
// e-mail or student number. Another organization's account with the same e-mail is no match:
// a college vouches only for its own people.
func (s *Service) ssoAccount(ctx context.Context, p models.SSOProvider, id ssoIdentity) (models.User, error) {
	value := strings.TrimSpace(id.Value)
	if value == "" {
		return models.User{}, ErrSSONoAccount
	}
	var u models.User
	var err error
	switch p.MatchBy {
	case models.SSOMatchEmail:
		email, perr := core.ParseEmail(value)
		if perr != nil {
			return models.User{}, ErrSSONoAccount
		}
		u, err = s.DB.UserByEmail(ctx, email)
	case models.SSOMatchStudentNumber:
		u, err = s.DB.UserByStudentNumber(ctx, p.OrganizationID, value)
	default:
		return models.User{}, ErrSSOUnavailable
	}
	switch {
	case models.IsNotFound(err):
		return models.User{}, ErrSSONoAccount
	case err != nil:
		return models.User{}, err
	case u.OrganizationID == nil || *u.OrganizationID != p.OrganizationID || u.AnonymizedAt != nil:
		return models.User{}, ErrSSONoAccount
	case u.Pending:
		return u, ErrAccountPending
	case !u.Active:
		return u, ErrSSOAccountBlocked
	}
	return u, nil
}

// SafeNextPath checks where a sign-on may land: a path of this site, starting with one "/"
// ("//host" and "/\host" are other sites to a browser), without a scheme or control characters.
// An empty one is the home page.
func SafeNextPath(next string) (string, error) {
	if next == "" {
		return "/", nil
	}
	if len(next) > 500 || next[0] != '/' || strings.HasPrefix(next, "//") || strings.ContainsRune(next, '\\') ||
		strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return "", ErrSSONext
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") {
		return "", ErrSSONext
	}
	return next, nil
}

// unavailable is the refusal for a provider that cannot be used: unknown, disabled or its
// address not answering; other database errors pass on.
func unavailable(err error) error {
	if err == nil || models.IsNotFound(err) {
		return ErrSSOUnavailable
	}
	return err
}
