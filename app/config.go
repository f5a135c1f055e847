package app

import (
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"cqshare/app/accounts"
	"cqshare/app/files"
	"cqshare/app/mail"
)

// Config is the whole configuration of the server, read once from the environment.
type Config struct {
	HTTPAddr       string
	DatabaseURL    string
	SeedDemo       bool
	JobsEnabled    bool
	DefaultTZ      *time.Location
	RateLimits     bool
	SQLiteSyncMode string // FULL (default) or NORMAL
	// RegistrationOpen lets people register themselves (the demo and pilot default).
	RegistrationOpen bool
	// SessionTTL is how long a login stays valid without use.
	SessionTTL time.Duration
	// PasswordCost is the bcrypt cost; tests lower it.
	PasswordCost int
	// SecureCookies marks session cookies Secure (behind HTTPS).
	SecureCookies bool
	// TrustedProxies are the proxies whose X-Forwarded-For is believed; none by default, so the
	// client's address is the connection's.
	TrustedProxies []netip.Prefix
	// PublicURL is the server's address as its users reach it (scheme, host, port, no trailing
	// slash), for the links it hands out: feeds, QR codes, e-mails. Never the request's Host.
	PublicURL string
	// MetricsAddr is the listen address of /metrics; empty keeps it on the API port for callers
	// on this machine only.
	MetricsAddr string
	// SMTP is the mail server e-mail notifications go through; without a host they are logged.
	SMTP mail.SMTPConfig
	// FileStore is where attachments' bytes are kept: "local" (FilesDir) or "s3" (S3).
	FileStore string
	// FilesDir is the local store's folder, by default "files" in the data folder (beside the
	// SQLite database).
	FilesDir string
	// S3 is the bucket of the "s3" store.
	S3 files.S3Config
	// MaxUploadMB is the largest file an upload takes, in MiB.
	MaxUploadMB int
	// Retention is how long notifications and audit records are kept (RETENTION_*_DAYS).
	Retention accounts.Retention
	// SecretKey seals the secrets the server stores and reads back (SECRET_KEY, SECRET_KEY_FILE).
	SecretKey []byte
}

// ConfigFromEnv reads the configuration from the environment and validates it.
func ConfigFromEnv() (Config, error) {
	return ConfigFromLookup(os.LookupEnv)
}

// ConfigFromLookup reads the configuration through lookup, so tests can pass a map.
func ConfigFromLookup(lookup func(string) (string, bool)) (Config, error) {
	get := func(key, def string) string {
		if v, ok := lookup(key); ok && strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
		return def
	}
	var errs []error
	boolVar := func(key string, def bool) bool {
		raw := get(key, strconv.FormatBool(def))
		switch strings.ToLower(raw) {
		case "1", "true", "yes", "on":
			return true
		case "0", "false", "no", "off":
			return false
		}
		errs = append(errs, fmt.Errorf("%s: %q is not a boolean", key, raw))
		return def
	}
	cfg := Config{
		HTTPAddr:         get("HTTP_ADDR", ":8080"),
		DatabaseURL:      get("DATABASE_URL", "sqlite://data/app.db"),
		SeedDemo:         boolVar("SEED_DEMO", false),
		JobsEnabled:      boolVar("JOBS_ENABLED", true),
		RateLimits:       boolVar("RATE_LIMITS", true),
		RegistrationOpen: boolVar("REGISTRATION_OPEN", true),
		SecureCookies:    boolVar("SECURE_COOKIES", false),
		SQLiteSyncMode:   strings.ToUpper(get("SQLITE_SYNCHRONOUS", "FULL")),
		MetricsAddr:      get("METRICS_ADDR", ""),
		SessionTTL:       14 * 24 * time.Hour,
		PasswordCost:     bcrypt.DefaultCost,
	}
	tz, err := time.LoadLocation(get("TZ_DEFAULT", "Asia/Shanghai"))
	if err != nil {
		errs = append(errs, fmt.Errorf("TZ_DEFAULT: %w", err))
		tz = time.UTC
	}
	cfg.DefaultTZ = tz
	if cfg.TrustedProxies, err = parseTrustedProxies(get("TRUSTED_PROXIES", "")); err != nil {
		errs = append(errs, fmt.Errorf("TRUSTED_PROXIES: %w", err))
	}
	if cfg.SQLiteSyncMode != "FULL" && cfg.SQLiteSyncMode != "NORMAL" {
		errs = append(errs, fmt.Errorf("SQLITE_SYNCHRONOUS: %q is neither FULL nor NORMAL", cfg.SQLiteSyncMode))
	}
	if cfg.PublicURL, err = publicURL(get("PUBLIC_URL", ""), cfg.HTTPAddr); err != nil {
		errs = append(errs, err)
	}
	if cfg.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(cfg.MetricsAddr); err != nil {
			errs = append(errs, fmt.Errorf("METRICS_ADDR: %w", err))
		} else if cfg.MetricsAddr == cfg.HTTPAddr {
			errs = append(errs, fmt.Errorf("METRICS_ADDR: %q is HTTP_ADDR; give the metrics their own port", cfg.MetricsAddr))
		}
	}
	if cfg.SMTP, err = smtpConfig(get); err != nil {
		errs = append(errs, err)
	}
	if _, _, err := ParseDatabaseURL(cfg.DatabaseURL); err != nil {
		errs = append(errs, fmt.Errorf("DATABASE_URL: %w", err))
	}
	errs = append(errs, fileConfig(&cfg, get, boolVar))
	if cfg.SecretKey, err = secretKey(get); err != nil {
		errs = append(errs, err)
	}
	cfg.Retention = accounts.Retention{
		Notifications: retentionDays(get, "RETENTION_NOTIFICATIONS_DAYS", 365, 30, &errs),
		// China's Cybersecurity Law (网络安全法, article 21) asks for logs kept six months at least.
		AuditLogs: retentionDays(get, "RETENTION_AUDIT_DAYS", 3*365, 180, &errs),
	}
	return cfg, errors.Join(errs...)
}

// retentionDays reads a retention period in whole days, at least least and at most ten years.
func retentionDays(get func(key, def string) string, key string, def, least int, errs *[]error) time.Duration {
	raw := get(key, strconv.Itoa(def))
	days, err := strconv.Atoi(raw)
	if err != nil || days < least || days > 3650 {
		*errs = append(*errs, fmt.Errorf("%s: %q is not a whole number of days from %d to 3650", key, raw, least))
		days = def
	}
	return time.Duration(days) * 24 * time.Hour
}

// publicURL checks PUBLIC_URL, an absolute http(s) URL, or derives http://localhost:PORT from
// the listen address when it is not set.
func publicURL(raw, httpAddr string) (string, error) {
	if raw == "" {
		_, port, err := net.SplitHostPort(httpAddr)
		if err != nil {
			return "", fmt.Errorf("HTTP_ADDR: %w", err)
		}
		return "http://" + net.JoinHostPort("localhost", port), nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return "", fmt.Errorf("PUBLIC_URL: %q is not an absolute http:// or https:// URL without user, query or fragment", raw)
	}
	return strings.TrimSuffix(u.String(), "/"), nil
}

// smtpConfig reads the SMTP_* settings: none when SMTP_HOST is unset, else a sender, a TLS mode
// and a port (by default the mode's: 25, 587 or 465), and a password only with a user name.
func smtpConfig(get func(key, def string) string) (mail.SMTPConfig, error) {
	c := mail.SMTPConfig{Host: get("SMTP_HOST", ""), Username: get("SMTP_USERNAME", ""),
		Password: get("SMTP_PASSWORD", ""), From: get("SMTP_FROM", ""), TLS: strings.ToLower(get("SMTP_TLS", mail.TLSStartTLS))}
	if c.Host == "" {
		return mail.SMTPConfig{}, nil
	}
	var errs []error
	defaultPort := map[string]int{mail.TLSNone: 25, mail.TLSStartTLS: 587, mail.TLSImplicit: 465}[c.TLS]
	if defaultPort == 0 {
		errs = append(errs, fmt.Errorf("SMTP_TLS: %q is none of none, starttls, tls", c.TLS))
	}
	c.Port = defaultPort
	if raw := get("SMTP_PORT", ""); raw != "" {
		p, err := strconv.Atoi(raw)
		if err != nil || p < 1 || p > 65535 {
			errs = append(errs, fmt.Errorf("SMTP_PORT: %q is not a port number", raw))
		}
		c.Port = p
	}
	if c.From == "" {
		errs = append(errs, errors.New("SMTP_FROM: the sender's address is required with SMTP_HOST"))
	} else if _, err := netmail.ParseAddress(c.From); err != nil {
		errs = append(errs, fmt.Errorf("SMTP_FROM: %q is not an e-mail address: %w", c.From, err))
	}
	if c.Password != "" && c.Username == "" {
		errs = append(errs, errors.New("SMTP_PASSWORD: given without SMTP_USERNAME"))
	}
	return c, errors.Join(errs...)
}

// parseTrustedProxies reads a comma-separated list of IP addresses and CIDR ranges.
func parseTrustedProxies(raw string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for item := range strings.SplitSeq(raw, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if p, err := netip.ParsePrefix(item); err == nil {
			out = append(out, p.Masked())
			continue
		}
		addr, err := netip.ParseAddr(item)
		if err != nil || addr.Zone() != "" {
			return nil, fmt.Errorf("%q is neither an IP address nor a CIDR range", item)
		}
		addr = addr.Unmap()
		out = append(out, netip.PrefixFrom(addr, addr.BitLen()))
	}
	return out, nil
}

// ParseDatabaseURL splits a DATABASE_URL into its dialect ("sqlite" or "mysql") and the rest.
func ParseDatabaseURL(url string) (dialect, rest string, err error) {
	for _, d := range []string{"sqlite", "mysql"} {
		if after, ok := strings.CutPrefix(url, d+"://"); ok {
			if after == "" {
				return "", "", fmt.Errorf("%q names no database", url)
			}
			return d, after, nil
		}
	}
	return "", "", fmt.Errorf("%q is neither sqlite://PATH nor mysql://DSN", url)
}
