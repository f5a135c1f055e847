package app

import (
	"fmt"
	"strings"
	"testing"

	"cqshare/app/core"
	"cqshare/app/mail"
)

func TestConfigFromLookup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string
		check   func(t *testing.T, c Config)
	}{
		{"defaults", nil, "", func(t *testing.T, c Config) {
			if c.HTTPAddr != ":8080" || c.DatabaseURL != "sqlite://data/app.db" || c.SeedDemo || !c.JobsEnabled || !c.RateLimits ||
				c.DefaultTZ.String() != "Asia/Shanghai" || c.SQLiteSyncMode != "FULL" || len(c.TrustedProxies) != 0 || c.MetricsAddr != "" ||
				c.PublicURL != "http://localhost:8080" {
				t.Errorf("got %+v, want the documented defaults", c)
			}
		}},
		{"overrides", map[string]string{"HTTP_ADDR": "127.0.0.1:9000", "SEED_DEMO": "true", "JOBS_ENABLED": "false", "RATE_LIMITS": "off",
			"TZ_DEFAULT": "UTC", "DATABASE_URL": "mysql://u:p@tcp(db:3306)/app?parseTime=true", "SQLITE_SYNCHRONOUS": "normal"}, "", func(t *testing.T, c Config) {
			if c.HTTPAddr != "127.0.0.1:9000" || !c.SeedDemo || c.JobsEnabled || c.RateLimits || c.DefaultTZ.String() != "UTC" || c.SQLiteSyncMode != "NORMAL" {
				t.Errorf("got %+v, want the overrides", c)
			}
		}},
		{"trusted proxies", map[string]string{"TRUSTED_PROXIES": " 10.0.0.7, 172.16.5.0/24 ,::1,fd00::1:2/64,::ffff:192.0.2.1"}, "", func(t *testing.T, c Config) {
			if got, want := fmt.Sprint(c.TrustedProxies), "[10.0.0.7/32 172.16.5.0/24 ::1/128 fd00::/64 192.0.2.1/32]"; got != want {
				t.Errorf("got trusted proxies %s, want %s", got, want)
			}
		}},
		{"bad trusted proxy", map[string]string{"TRUSTED_PROXIES": "10.0.0.1,proxy.local"}, "TRUSTED_PROXIES", nil},
		{"bad trusted range", map[string]string{"TRUSTED_PROXIES": "10.0.0.0/33"}, "TRUSTED_PROXIES", nil},
		{"public URL from the listen address", map[string]string{"HTTP_ADDR": "0.0.0.0:9000"}, "", func(t *testing.T, c Config) {
			if c.PublicURL != "http://localhost:9000" {
				t.Errorf("got PUBLIC_URL %q, want http://localhost:9000", c.PublicURL)
			}
		}},
		{"public URL", map[string]string{"PUBLIC_URL": "https://share.cq.example.cn/"}, "", func(t *testing.T, c Config) {
			if c.PublicURL != "https://share.cq.example.cn" {
				t.Errorf("got PUBLIC_URL %q, want https://share.cq.example.cn", c.PublicURL)
			}
		}},
		{"relative public URL", map[string]string{"PUBLIC_URL": "share.cq.example.cn"}, "PUBLIC_URL", nil},
		{"public URL of another scheme", map[string]string{"PUBLIC_URL": "javascript://x/"}, "PUBLIC_URL", nil},
		{"public URL with a query", map[string]string{"PUBLIC_URL": "https://x.example.cn/?a=1"}, "PUBLIC_URL", nil},
		{"public URL with a user", map[string]string{"PUBLIC_URL": "https://u:p@x.example.cn"}, "PUBLIC_URL", nil},
		{"listen address without a port", map[string]string{"HTTP_ADDR": "localhost"}, "HTTP_ADDR", nil},
		{"metrics address", map[string]string{"METRICS_ADDR": "127.0.0.1:9464"}, "", func(t *testing.T, c Config) {
			if c.MetricsAddr != "127.0.0.1:9464" {
				t.Errorf("got METRICS_ADDR %q, want 127.0.0.1:9464", c.MetricsAddr)
			}
		}},
		{"bad metrics address", map[string]string{"METRICS_ADDR": "9464"}, "METRICS_ADDR", nil},
		{"metrics on the API port", map[string]string{"METRICS_ADDR": ":8080"}, "METRICS_ADDR", nil},
		{"bad boolean", map[string]string{"SEED_DEMO": "maybe"}, "SEED_DEMO", nil},
		{"bad time zone", map[string]string{"TZ_DEFAULT": "Mars/Olympus"}, "TZ_DEFAULT", nil},
		{"bad database URL", map[string]string{"DATABASE_URL": "postgres://x"}, "DATABASE_URL", nil},
		{"empty sqlite path", map[string]string{"DATABASE_URL": "sqlite://"}, "DATABASE_URL", nil},
		{"bad sync mode", map[string]string{"SQLITE_SYNCHRONOUS": "OFF"}, "SQLITE_SYNCHRONOUS", nil},
		{"no SMTP server: e-mails are logged", nil, "", func(t *testing.T, c Config) {
			if c.SMTP != (mail.SMTPConfig{}) {
				t.Errorf("got SMTP %+v, want none", c.SMTP)
			}
		}},
		{"SMTP server", map[string]string{"SMTP_HOST": "smtp.example.cn", "SMTP_FROM": "平台 <noreply@example.cn>",
			"SMTP_USERNAME": "u", "SMTP_PASSWORD": "p"}, "", func(t *testing.T, c Config) {
			want := mail.SMTPConfig{Host: "smtp.example.cn", Port: 587, Username: "u", Password: "p", From: "平台 <noreply@example.cn>", TLS: "starttls"}
			if c.SMTP != want {
				t.Errorf("got SMTP %+v, want %+v", c.SMTP, want)
			}
		}},
		{"SMTP over TLS", map[string]string{"SMTP_HOST": "smtp.example.cn", "SMTP_FROM": "a@example.cn", "SMTP_TLS": "TLS"}, "", func(t *testing.T, c Config) {
			if c.SMTP.Port != 465 || c.SMTP.TLS != "tls" {
				t.Errorf("got SMTP %+v, want port 465 with tls", c.SMTP)
			}
		}},
		{"SMTP port", map[string]string{"SMTP_HOST": "h", "SMTP_FROM": "a@example.cn", "SMTP_TLS": "none", "SMTP_PORT": "2525"}, "", func(t *testing.T, c Config) {
			if c.SMTP.Port != 2525 || c.SMTP.TLS != "none" {
				t.Errorf("got SMTP %+v, want port 2525 without TLS", c.SMTP)
			}
		}},
		{"SMTP without a sender", map[string]string{"SMTP_HOST": "h"}, "SMTP_FROM", nil},
		{"SMTP with a bad sender", map[string]string{"SMTP_HOST": "h", "SMTP_FROM": "noreply"}, "SMTP_FROM", nil},
		{"SMTP bad TLS mode", map[string]string{"SMTP_HOST": "h", "SMTP_FROM": "a@example.cn", "SMTP_TLS": "ssl3"}, "SMTP_TLS", nil},
		{"SMTP bad port", map[string]string{"SMTP_HOST": "h", "SMTP_FROM": "a@example.cn", "SMTP_PORT": "70000"}, "SMTP_PORT", nil},
		{"SMTP password without a user", map[string]string{"SMTP_HOST": "h", "SMTP_FROM": "a@example.cn", "SMTP_PASSWORD": "p"}, "SMTP_PASSWORD", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ConfigFromLookup(func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got error %v, want one naming %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

func TestNewPage(t *testing.T) {
	t.Parallel()
	tests := []struct{ number, size, wantNumber, wantSize, wantOffset int }{
		{0, 0, 1, 20, 0},
		{3, 10, 3, 10, 20},
		{2, 1000, 2, 100, 100},
		{-5, -1, 1, 20, 0},
		{core.MaxPageNumber + 1, 100, core.MaxPageNumber, 100, (core.MaxPageNumber - 1) * 100},
		{1<<63 - 1, 100, core.MaxPageNumber, 100, (core.MaxPageNumber - 1) * 100},
	}
	for _, tt := range tests {
		p := core.NewPage(tt.number, tt.size)
		if p.Number != tt.wantNumber || p.Size != tt.wantSize || p.Offset() != tt.wantOffset {
			t.Errorf("NewPage(%d, %d) = %+v offset %d, want %d/%d offset %d", tt.number, tt.size, p, p.Offset(), tt.wantNumber, tt.wantSize, tt.wantOffset)
		}
	}
}
