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
	if in.Kind == models.SSOKindCAS {
		p.ClientID, p.Scopes = "", ""
	}
	if in.ClientSecret != "" {
		p.ClientSecret = in.ClientSecret
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
