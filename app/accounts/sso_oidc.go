package accounts

import (
	"context"
	"crypto/subtle"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"cqshare/models"
)

// ssoHTTPTimeout bounds every call to a provider: discovery, keys, token and ticket checks.
const ssoHTTPTimeout = 10 * time.Second

// ssoClients holds each OIDC provider's discovery document and keys, fetched on first use. An
// entry is keyed by the provider row's address and last update, so a change made through any
// server copy is seen by all of them; the copy that makes it also drops its entry at once.
type ssoClients struct {
	http *http.Client
	mu   sync.Mutex
	oidc map[int64]oidcEntry
}

type oidcEntry struct {
	baseURL   string
	updatedAt time.Time
	provider  *oidc.Provider
}

func newSSOClients() *ssoClients {
	return &ssoClients{http: &http.Client{Timeout: ssoHTTPTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		oidc: map[int64]oidcEntry{}}
}

// forget drops a provider's cached discovery.
func (c *ssoClients) forget(id int64) {
	c.mu.Lock()
	delete(c.oidc, id)
	c.mu.Unlock()
}

// clientContext carries the providers' HTTP client to go-oidc and x/oauth2.
func (c *ssoClients) clientContext(ctx context.Context) context.Context {
	return oidc.ClientContext(ctx, c.http)
}

// oidcProvider is the provider's discovery, from the cache or fetched now. A failed fetch is
// not kept: the next sign-on tries again.
func (s *Service) oidcProvider(ctx context.Context, p models.SSOProvider) (*oidc.Provider, error) {
	c := s.sso
	c.mu.Lock()
	e, ok := c.oidc[p.ID]
	c.mu.Unlock()
	if ok && e.baseURL == p.BaseURL && e.updatedAt.Equal(p.UpdatedAt) {
		return e.provider, nil
	}
	// go-oidc keeps this context, without its deadline, for the later fetches of the keys: it
	// must not hold the request's values.
	discoverCtx, cancel := context.WithTimeout(c.clientContext(context.Background()), ssoHTTPTimeout)
	defer cancel()
	provider, err := oidc.NewProvider(discoverCtx, p.BaseURL)
	if err != nil {
		s.Log.Warn("campus sign-on: discovery failed", "provider", p.ID, "err", err)
		return nil, ErrSSOUnavailable
	}
	c.mu.Lock()
	c.oidc[p.ID] = oidcEntry{baseURL: p.BaseURL, updatedAt: p.UpdatedAt, provider: provider}
	c.mu.Unlock()
	return provider, nil
}

// oidcConfig is the OAuth 2 client of a provider.
func (s *Service) oidcConfig(ctx context.Context, p models.SSOProvider) (*oauth2.Config, error) {
	provider, err := s.oidcProvider(ctx, p)
	if err != nil {
		return nil, err
	}
	secret, err := s.clientSecret(p)
	if err != nil {
		return nil, err
	}
	scopes := append([]string{oidc.ScopeOpenID}, strings.Fields(p.Scopes)...)
	return &oauth2.Config{ClientID: p.ClientID, ClientSecret: secret, Endpoint: provider.Endpoint(),
		RedirectURL: s.SSOCallbackURL(p.ID), Scopes: scopes}, nil
}

// oidcIdentity exchanges the code (with the flow's PKCE verifier) for an ID token and checks
// it: signed by the provider's keys, by the provider (issuer), for this client (audience), not
// expired, and carrying the flow's nonce. The provider's claim is the identity.
func (s *Service) oidcIdentity(ctx context.Context, p models.SSOProvider, flow models.SSOFlow, cb SSOCallback) (ssoIdentity, error) {
	if cb.Error != "" {
		return ssoIdentity{}, ErrSSODenied
	}
	if cb.Code == "" {
		return ssoIdentity{}, ErrSSOToken
	}
	provider, err := s.oidcProvider(ctx, p)
	if err != nil {
		return ssoIdentity{}, err
	}
	conf, err := s.oidcConfig(ctx, p)
	if err != nil {
		return ssoIdentity{}, err
	}
	ctx, cancel := context.WithTimeout(s.sso.clientContext(ctx), ssoHTTPTimeout)
	defer cancel()
	tok, err := conf.Exchange(ctx, cb.Code, oauth2.VerifierOption(flow.CodeVerifier))
	if err != nil {
		s.Log.Warn("campus sign-on: code exchange failed", "provider", p.ID, "err", err)
		return ssoIdentity{}, ErrSSOToken
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return ssoIdentity{}, ErrSSOToken
	}
	verifier := provider.Verifier(&oidc.Config{ClientID: p.ClientID, Now: s.Now})
	idt, err := verifier.Verify(ctx, raw)
	if err != nil {
		s.Log.Warn("campus sign-on: ID token refused", "provider", p.ID, "err", err)
		return ssoIdentity{}, ErrSSOToken
	}
	if flow.Nonce == "" || subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(flow.Nonce)) != 1 {
		return ssoIdentity{}, ErrSSOToken
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return ssoIdentity{}, ErrSSOToken
	}
	if p.MatchBy == models.SSOMatchEmail {
		// A provider that says it has not checked the address vouches for nothing.
		if v, ok := claims["email_verified"].(bool); ok && !v {
			return ssoIdentity{}, ErrSSONoAccount
		}
	}
	return ssoIdentity{Value: claimString(claims[p.Claim])}, nil
}

// claimString is a claim's value as text: a string, or a number (student numbers sometimes are).
func claimString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return fmt.Sprintf("%.0f", x)
	}
	return ""
}
