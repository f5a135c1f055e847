package accounts

import (
	"context"
	"net"
	"net/url"
	"regexp"
	"strings"

	"cqshare/app/core"
	"cqshare/models"
)

// SSOProviderInput is what an administrator sets of a campus sign-on provider. An empty
// ClientSecret on update keeps the stored one: the secret is never shown again.
type SSOProviderInput struct {
	OrganizationID int64
	Kind           string // oidc or cas
	Name           string
	NameEn         string
	BaseURL        string // the OIDC issuer, or the CAS server before /login
	ClientID       string
	ClientSecret   string
	Scopes         string
	Claim          string // empty: "email" for OIDC e-mail matching, "user" for CAS
	MatchBy        string // email or student_number
	Enabled        bool
}

// maxClientSecret is the longest client secret taken, in bytes: sealed, it fits the column's 500.
const maxClientSecret = 300

// ssoSecretPurpose binds a sealed client secret to its column.
const ssoSecretPurpose = "sso_providers.client_secret"

// claimName is an ID token claim or a CAS attribute name.
var claimName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.:-]{0,99}$`)

// scopeName is an OAuth scope.
var scopeName = regexp.MustCompile(`^[\x21\x23-\x5b\x5d-\x7e]{1,100}$`)

// SSOProviders lists every provider with its organization's names; only admins see them.
func (s *Service) SSOProviders(ctx context.Context, ac core.Actor) ([]models.SSOProviderWithOrg, error) {
	if !ac.IsAdmin() {
		return nil, core.ErrForbidden
	}
	return s.DB.ListSSOProviders(ctx, 0, false)
}

// EnabledSSOProviders lists the providers people may sign in through (the login page's
// buttons); anyone may see them.
func (s *Service) EnabledSSOProviders(ctx context.Context) ([]models.SSOProviderWithOrg, error) {
	return s.DB.ListSSOProviders(ctx, 0, true)
}

// SSOProvider loads one provider; only admins see it.
func (s *Service) SSOProvider(ctx context.Context, ac core.Actor, id int64) (models.SSOProviderWithOrg, error) {
	if !ac.IsAdmin() {
		return models.SSOProviderWithOrg{}, core.ErrForbidden
	}
	p, err := s.DB.SSOProviderByID(ctx, id)
	if err != nil {
		return models.SSOProviderWithOrg{}, core.NotFound(err)
	}
	return s.withOrg(ctx, p)
}

// CreateSSOProvider adds a provider to an organization. Nothing is asked of the provider yet:
// its discovery is fetched on the first sign-on.
func (s *Service) CreateSSOProvider(ctx context.Context, ac core.Actor, in SSOProviderInput) (models.SSOProviderWithOrg, error) {
	if !ac.IsAdmin() {
		return models.SSOProviderWithOrg{}, core.ErrForbidden
	}
	now := s.Now()
	p := models.SSOProvider{CreatedAt: now}
	if err := s.applySSOInput(ctx, &p, in); err != nil {
		return models.SSOProviderWithOrg{}, err
	}
	p.UpdatedAt = now
	err := s.Tx(ctx, func(ctx context.Context) error {
		if err := s.DB.SaveSSOProvider(ctx, &p); err != nil {
			return err
		}
		return s.Audit(ctx, ac, "sso_provider.create", AuditSSOProvider, p.ID, auditedSSO(p))
	})
	if err != nil {
		return models.SSOProviderWithOrg{}, err
	}
	return s.withOrg(ctx, p)
}

// UpdateSSOProvider replaces a provider's settings (keeping its secret when none is given) and
// drops its cached discovery.
func (s *Service) UpdateSSOProvider(ctx context.Context, ac core.Actor, id int64, in SSOProviderInput) (models.SSOProviderWithOrg, error) {
	if !ac.IsAdmin() {
		return models.SSOProviderWithOrg{}, core.ErrForbidden
	}
	p, err := s.DB.SSOProviderByID(ctx, id)
	if err != nil {
		return models.SSOProviderWithOrg{}, core.NotFound(err)
	}
	if err := s.applySSOInput(ctx, &p, in); err != nil {
		return models.SSOProviderWithOrg{}, err
	}
	p.UpdatedAt = s.Now()
	err = s.Tx(ctx, func(ctx context.Context) error {
		if err := s.DB.SaveSSOProvider(ctx, &p); err != nil {
			return err
		}
		return s.Audit(ctx, ac, "sso_provider.update", AuditSSOProvider, p.ID, auditedSSO(p))
	})
	s.sso.forget(id)
	if err != nil {
		return models.SSOProviderWithOrg{}, err
	}
	return s.withOrg(ctx, p)
}

// DeleteSSOProvider removes a provider and the sign-ons under way through it.
func (s *Service) DeleteSSOProvider(ctx context.Context, ac core.Actor, id int64) error {
	if !ac.IsAdmin() {
		return core.ErrForbidden
	}
	err := s.Tx(ctx, func(ctx context.Context) error {
		if err := s.DB.DeleteSSOProvider(ctx, id); err != nil {
			return core.NotFound(err)
		}
		return s.Audit(ctx, ac, "sso_provider.delete", AuditSSOProvider, id, nil)
	})
	s.sso.forget(id)
	return err
}

// applySSOInput checks the input and writes it into p, naming every bad field at once.
func (s *Service) applySSOInput(ctx context.Context, p *models.SSOProvider, in SSOProviderInput) error {
	in.Name, in.NameEn = strings.TrimSpace(in.Name), strings.TrimSpace(in.NameEn)
	in.BaseURL, in.ClientID = strings.TrimSpace(in.BaseURL), strings.TrimSpace(in.ClientID)
	in.Scopes, in.Claim = strings.Join(strings.Fields(in.Scopes), " "), strings.TrimSpace(in.Claim)
	fields := map[string]core.Text{}
	if in.Kind != models.SSOKindOIDC && in.Kind != models.SSOKindCAS {
		fields["kind"] = core.T("field.choose")
	}
	if in.MatchBy != models.SSOMatchEmail && in.MatchBy != models.SSOMatchStudentNumber {
		fields["match_by"] = core.T("field.choose")
	}
	if in.Name == "" {
		fields["name"] = core.T("field.required")
	}
	if !ssoBaseURLOK(in.BaseURL) {
		fields["base_url"] = core.T("sso.base_url")
	}
	if in.Claim == "" {
		switch {
		case in.Kind == models.SSOKindCAS:
			in.Claim = casUserClaim
		case in.MatchBy == models.SSOMatchEmail:
			in.Claim = "email"
		case in.MatchBy == models.SSOMatchStudentNumber:
			fields["claim"] = core.T("field.required")
		}
	} else if !claimName.MatchString(in.Claim) {
		fields["claim"] = core.T("sso.claim")
	}
	if in.Kind == models.SSOKindOIDC {
		if in.ClientID == "" {
			fields["client_id"] = core.T("field.required")
		}
		for _, sc := range strings.Fields(in.Scopes) {
			if !scopeName.MatchString(sc) {
				fields["scopes"] = core.T("sso.scopes")
			}
		}
	}
	if in.Kind == models.SSOKindCAS {
		in.ClientSecret = "" // CAS checks tickets without one
	}
	if len(in.ClientSecret) > maxClientSecret {
		fields["client_secret"] = core.T("field.max.string", "n", maxClientSecret)
	} else if in.ClientSecret != "" && !s.cfg.Secrets.HasKey() {
		fields["client_secret"] = core.T("sso.no_secret_key")
	}
	if in.OrganizationID == 0 {
		fields["organization_id"] = core.T("field.required")
	} else if _, err := s.DB.OrganizationByID(ctx, in.OrganizationID); models.IsNotFound(err) {
		fields["organization_id"] = core.T("catalog.no_such_organization")
	} else if err != nil {
		return err
	}
	if len(fields) > 0 {
		return core.ValidationError(fields)
	}
	p.OrganizationID, p.Kind, p.Name, p.NameEn, p.BaseURL = in.OrganizationID, in.Kind, in.Name, in.NameEn, in.BaseURL
	p.ClientID, p.Scopes, p.Claim, p.MatchBy, p.Enabled = in.ClientID, in.Scopes, in.Claim, in.MatchBy, in.Enabled
	switch {
	case in.Kind == models.SSOKindCAS:
		p.ClientID, p.Scopes, p.ClientSecret = "", "", ""
	case in.ClientSecret != "":
		sealed, err := s.cfg.Secrets.Seal(in.ClientSecret, ssoSecretPurpose)
		if err != nil {
			return err
		}
		p.ClientSecret = sealed
	case p.ClientSecret != "" && !core.IsSealed(p.ClientSecret) && s.cfg.Secrets.HasKey():
		// A secret stored before sealing is sealed as its provider is saved.
		sealed, err := s.cfg.Secrets.Seal(p.ClientSecret, ssoSecretPurpose)
		if err != nil {
			return err
		}
		p.ClientSecret = sealed
	}
	return nil
}

// ssoBaseURLOK accepts an https address, or an http one of this machine (tests, pilots): a
// provider's answers decide who is signed in, so they must not cross a network in clear.
func ssoBaseURLOK(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || len(raw) > 500 {
		return false
	}
	switch u.Scheme {
	case "https":
		return true
	case "http":
		host := u.Hostname()
		if host == "localhost" {
			return true
		}
		ip := net.ParseIP(host)
		return ip != nil && ip.IsLoopback()
	}
	return false
}

// withOrg adds the organization's names to a provider.
func (s *Service) withOrg(ctx context.Context, p models.SSOProvider) (models.SSOProviderWithOrg, error) {
	o, err := s.DB.OrganizationByID(ctx, p.OrganizationID)
	if err != nil {
		return models.SSOProviderWithOrg{}, err
	}
	return models.SSOProviderWithOrg{SSOProvider: p, OrganizationName: o.Name, OrganizationNameEn: o.NameEn}, nil
}

// auditedSSO is what the audit log keeps of a provider's settings: all but the secret.
func auditedSSO(p models.SSOProvider) map[string]any {
	return map[string]any{"organization_id": p.OrganizationID, "kind": p.Kind, "name": p.Name, "name_en": p.NameEn,
		"base_url": p.BaseURL, "client_id": p.ClientID, "scopes": p.Scopes, "claim": p.Claim, "match_by": p.MatchBy,
		"enabled": p.Enabled}
}

// clientSecret is a provider's client secret in clear, opened with the server's key. One that
// does not open (another SECRET_KEY sealed it, or none is configured) makes the provider
// unavailable, and the log says why: an administrator re-enters the secret.
func (s *Service) clientSecret(p models.SSOProvider) (string, error) {
	plain, err := s.cfg.Secrets.Open(p.ClientSecret, ssoSecretPurpose)
	if err != nil {
		s.Log.Error("campus sign-on: the client secret cannot be read; re-enter it on the administration page",
			"provider", p.ID, "err", err)
		return "", ErrSSOUnavailable
	}
	return plain, nil
}

// SealSSOSecrets seals the client secrets stored in clear before the server had a key, and
// logs each provider whose sealed secret does not open with the key (it was sealed under
// another one: its secret must be re-entered). The server runs it as it starts; without a key
// it seals nothing. It returns how many secrets it sealed.
func (s *Service) SealSSOSecrets(ctx context.Context) (int, error) {
	items, err := s.DB.ListSSOProviders(ctx, 0, false)
	if err != nil {
		return 0, err
	}
	sealed := 0
	for _, p := range items {
		switch {
		case p.ClientSecret == "":
		case core.IsSealed(p.ClientSecret):
			if _, err := s.cfg.Secrets.Open(p.ClientSecret, ssoSecretPurpose); err != nil {
				s.Log.Error("campus sign-on: the client secret cannot be read; re-enter it on the administration page",
					"provider", p.ID, "err", err)
			}
		case s.cfg.Secrets.HasKey():
			v, err := s.cfg.Secrets.Seal(p.ClientSecret, ssoSecretPurpose)
			if err != nil {
				return sealed, err
			}
			if err := s.DB.ReplaceSSOSecret(ctx, p.ID, p.ClientSecret, v); err != nil {
				return sealed, err
			}
			sealed++
		default:
			s.Log.Warn("campus sign-on: a client secret is stored in clear; set SECRET_KEY to seal it", "provider", p.ID)
		}
	}
	return sealed, nil
}
