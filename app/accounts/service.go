// Package accounts is who uses the platform: accounts and their sessions, self-registration,
// users' organizations and managed facilities, the in-app notification list and the audit log.
package accounts

import (
	"time"

	"cqshare/app/core"
)

// Config is what the accounts service needs of the server's configuration.
type Config struct {
	RegistrationOpen bool          // people may register themselves
	SessionTTL       time.Duration // how long a login stays valid without use
	PasswordCost     int           // bcrypt cost
	RateLimits       bool          // limit password guesses and registrations (limits.go)
	Retention        Retention     // how long records that name people are kept
	Secrets          core.Sealer   // seals the sign-on providers' client secrets (SECRET_KEY)
}

// Retention is how long the accounts' records that name people are kept before a housekeeping
// job deletes them.
type Retention struct {
	Notifications time.Duration
	AuditLogs     time.Duration
}

// Service runs the accounts' use cases.
type Service struct {
	core.Base
	cfg   Config
	guard *guard
	sso   *ssoClients
}

// New builds the accounts service.
func New(base core.Base, cfg Config) *Service {
	return &Service{Base: base, cfg: cfg, guard: newGuard(cfg.RateLimits), sso: newSSOClients()}
}
