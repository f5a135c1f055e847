package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// Kinds of campus sign-on provider.
const (
	SSOKindOIDC = "oidc"
	SSOKindCAS  = "cas"
)

// How a campus account is matched to a local one.
const (
	SSOMatchEmail         = "email"
	SSOMatchStudentNumber = "student_number"
)

// SSOProvider is an organization's campus sign-on (统一身份认证) provider: OpenID Connect or CAS.
type SSOProvider struct {
	ID             int64
	OrganizationID int64
	Kind           string
	Name           string
	NameEn         string
	// BaseURL is the OIDC issuer or the CAS server's base URL (before /login).
	BaseURL      string
	ClientID     string
	ClientSecret string
	Scopes       string // space-separated, besides openid
	// Claim names the ID token claim or CAS attribute that carries the e-mail or student number
	// ("user" is the CAS user name itself).
	Claim     string
	MatchBy   string
	Enabled   bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TableName names the table.
func (SSOProvider) TableName() string { return "sso_providers" }

// SSOFlow is a sign-on under way, from its start to the provider's callback.
type SSOFlow struct {
	ID           int64
	ProviderID   int64
	StateHash    string
	BrowserHash  string
	Nonce        string
	CodeVerifier string
	NextPath     string
	CreatedAt    time.Time
	ExpiresAt    time.Time
}

// TableName names the table.
func (SSOFlow) TableName() string { return "sso_flows" }

// SSOProviderWithOrg is a provider with its organization's names, for the lists.
type SSOProviderWithOrg struct {
	SSOProvider
	OrganizationName   string
	OrganizationNameEn string
}

// ListSSOProviders lists the providers, of one organization when orgID is not 0, only the
// enabled ones when enabledOnly, by organization and name.
func (d *DB) ListSSOProviders(ctx context.Context, orgID int64, enabledOnly bool) ([]SSOProviderWithOrg, error) {
	q := d.R(ctx).Table("sso_providers p").
		Select("p.*, o.name AS organization_name, o.name_en AS organization_name_en").
		Joins("JOIN organizations o ON o.id = p.organization_id")
	if orgID != 0 {
		q = q.Where("p.organization_id = ?", orgID)
	}
	if enabledOnly {
		q = q.Where("p.enabled = ?", true)
	}
	var out []SSOProviderWithOrg
	err := q.Order("o.name, p.name, p.id").Find(&out).Error
	return out, err
}

// SSOProviderByID loads a provider.
func (d *DB) SSOProviderByID(ctx context.Context, id int64) (SSOProvider, error) {
	return first[SSOProvider](d.R(ctx), id)
}

// TakeSSOFlow deletes and returns the unexpired flow with the state hash: a state is used once.
func (d *DB) TakeSSOFlow(ctx context.Context, stateHash string, now time.Time) (SSOFlow, error) {
	f, err := first[SSOFlow](d.W(ctx).Where("state_hash = ?", stateHash))
	if err != nil {
		return f, err
	}
	res := d.W(ctx).Where("id = ?", f.ID).Delete(&SSOFlow{})
	if res.Error != nil {
		return f, res.Error
	}
	if res.RowsAffected == 0 || !now.Before(f.ExpiresAt) { // taken by a concurrent callback, or stale
		return f, gorm.ErrRecordNotFound
	}
	return f, nil
}

// DeleteExpiredSSOFlows removes the flows that expired before now.
func (d *DB) DeleteExpiredSSOFlows(ctx context.Context, now time.Time) error {
	return d.W(ctx).Where("expires_at < ?", now).Delete(&SSOFlow{}).Error
}

// UserByStudentNumber loads the user of an organization with the student number.
func (d *DB) UserByStudentNumber(ctx context.Context, orgID int64, number string) (User, error) {
	return first[User](d.R(ctx).Where("organization_id = ? AND student_number = ?", orgID, number))
}

// SaveSSOProvider inserts a provider, or writes all its columns when it has an id.
func (d *DB) SaveSSOProvider(ctx context.Context, p *SSOProvider) error {
	if p.ID == 0 {
		return d.W(ctx).Create(p).Error
	}
	return d.W(ctx).Save(p).Error
}

// DeleteSSOProvider removes a provider and the sign-ons under way through it; it reports
// ErrRecordNotFound when no provider has the id.
func (d *DB) DeleteSSOProvider(ctx context.Context, id int64) error {
	if err := d.W(ctx).Where("provider_id = ?", id).Delete(&SSOFlow{}).Error; err != nil {
		return err
	}
	res := d.W(ctx).Where("id = ?", id).Delete(&SSOProvider{})
	if res.Error == nil && res.RowsAffected == 0 {
		return gorm.ErrRecordNotFound
	}
	return res.Error
}

// ReplaceSSOSecret writes a provider's client secret anew (sealed at last) if it still holds
// the old value, so a change made meanwhile is kept.
func (d *DB) ReplaceSSOSecret(ctx context.Context, id int64, old, replacement string) error {
	return d.W(ctx).Model(&SSOProvider{}).Where("id = ? AND client_secret = ?", id, old).
		Update("client_secret", replacement).Error
}
