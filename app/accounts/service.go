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
	RateLimits       bool          // limit login attempts per address and account
}

// Service runs the accounts' use cases.
type Service struct {
	core.Base
	cfg    Config
	logins *loginLimiter
}

// New builds the accounts service.
func New(base core.Base, cfg Config) *Service {
	return &Service{Base: base, cfg: cfg, logins: newLoginLimiter(cfg.RateLimits)}
}
