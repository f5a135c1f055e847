package accounts_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"cqshare/app"
	"cqshare/app/accounts"
	"cqshare/app/apptest"
	"cqshare/app/core"
	"cqshare/models"
)

var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// limitedFixture is a fixture with the rate limits on, as in production.
func limitedFixture(t *testing.T) *apptest.Fixture {
	t.Helper()
	cfg := apptest.Config(t)
	cfg.RateLimits = true
	clock := apptest.NewClock(start)
	a := apptest.NewWithConfig(t, cfg, app.WithClock(clock.Now))
	return &apptest.Fixture{T: t, Ctx: context.Background(), App: a, DB: a.DB(), Clock: clock}
}

// account creates an active account with the password, as an administrator would.
func account(t *testing.T, f *apptest.Fixture, email, password, role string) models.User {
	t.Helper()
	u, err := f.App.Accounts.CreateUser(f.Ctx, core.System, accounts.NewUser{Email: email, Password: password, Name: "用户", Role: role})
	if err != nil {
		t.Fatalf("create %s: %v", email, err)
	}
	return u
}

const password = "right-pass-2026"

// TestLookAlikeEmailsAreOneAccountOrRefused: on every engine, an address that normalises to an
// account's is that account (taken, and its guesses counted on it), one with invisible
// characters is refused, and one with other letters is another address. utf8mb4_unicode_ci used
// to make téacher@… and TEACHER@… one account on MySQL and two on SQLite, each a new key of the
// login limit.
func TestLookAlikeEmailsAreOneAccountOrRefused(t *testing.T) {
	t.Parallel()
	f := limitedFixture(t)
	teacher := account(t, f, "teacher@test.local", password, models.RoleTeacher)
	register := func(email string) error {
		_, err := f.App.Accounts.Register(f.Ctx, accounts.RegisterInput{Email: email, Password: "other-pass-2026", Name: "x"}, "192.0.2.50", "test")
		return err
	}
	tests := []struct {
		name, email string
		wantCode    string
		wantStored  string // the address stored when it registers
	}{
		{"full-width", "ｔｅａｃｈｅｒ＠ｔｅｓｔ．ｌｏｃａｌ", "email_taken", ""},
		{"capitals", "TEACHER@Test.Local", "email_taken", ""},
		{"zero-width space", "teacher@test.local\u200B", "validation_failed", ""},
		{"soft hyphen", "tea\u00ADcher@test.local", "validation_failed", ""},
		{"Cyrillic е", "t\u0435acher@test.local", "validation_failed", ""},
		{"an accent is another letter", "TÉACHER@test.local", "", "téacher@test.local"},
		{"a decomposed accent is the same letter", "te\u0301acher@test.local", "email_taken", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := register(tt.email)
			apptest.CheckErr(t, err, tt.wantCode)
			if tt.wantStored != "" {
				if n := f.Count(&models.User{}, "email = ?", tt.wantStored); n != 1 {
					t.Errorf("got %d accounts %s, want 1", n, tt.wantStored)
				}
			}
		})
	}
	if n := f.Count(&models.User{}, "1 = 1"); n != 2 {
		t.Errorf("got %d accounts, want the teacher and téacher", n)
	}

	t.Run("guesses through look-alikes count on the account", func(t *testing.T) {
		variants := []string{"TEACHER@test.local", "ｔｅａｃｈｅｒ@test.local", "Teacher@TEST.local", " teacher@test.local ", "ｔeacher＠test.local"}
		for i, v := range variants {
			_, err := f.App.Accounts.LoginWithPassword(f.Ctx, v, fmt.Sprintf("wrong-pass-%d", i), "192.0.2.1", "test")
			apptest.CheckErr(t, err, "invalid_credentials")
		}
		_, err := f.App.Accounts.LoginWithPassword(f.Ctx, "ＴＥＡＣＨＥＲ@test.local", password, "192.0.2.1", "test")
		apptest.CheckErr(t, err, "rate_limited")
		_, err = f.App.Accounts.LoginWithPassword(f.Ctx, "teacher@test.local\u200B", password, "192.0.2.1", "test")
		apptest.CheckErr(t, err, "validation_failed", "email")
		_, err = f.App.Accounts.LoginWithPassword(f.Ctx, "téacher@test.local", password, "192.0.2.9", "test")
		apptest.CheckErr(t, err, "invalid_credentials") // another account, with its own password
		login, err := f.App.Accounts.LoginWithPassword(f.Ctx, "TEACHER@test.local", password, "192.0.2.9", "test")
		if err != nil || login.Actor.UserID != teacher.ID {
			t.Fatalf("from another address: got %+v, %v, want the teacher signed in", login.Actor, err)
		}
	})
	t.Run("addresses that name no account share one bucket", func(t *testing.T) {
		for i := range 5 {
			_, err := f.App.Accounts.LoginWithPassword(f.Ctx, fmt.Sprintf("nobody%d@test.local", i), password, "192.0.2.2", "test")
			apptest.CheckErr(t, err, "invalid_credentials")
		}
		_, err := f.App.Accounts.LoginWithPassword(f.Ctx, "someone-else@test.local", password, "192.0.2.2", "test")
		apptest.CheckErr(t, err, "rate_limited")
	})
}

// TestGuessesAreLimitedPerAccountAndAddress: wrong passwords from one address make that address
// wait, doubling, while the owner signs in from another; only many addresses together reach the
// account's ceiling. Before, 10 wrong passwords from anywhere locked the account for everyone.
func TestGuessesAreLimitedPerAccountAndAddress(t *testing.T) {
	t.Parallel()
	f := limitedFixture(t)
	victim := account(t, f, "admin@test.local", password, models.RoleAdmin)
	login := func(pw, ip string) error {
		_, err := f.App.Accounts.LoginWithPassword(f.Ctx, "admin@test.local", pw, ip, "test")
		return err
	}
	const attacker, owner = "203.0.113.66", "198.51.100.7"
	for i := range 5 {
		apptest.CheckErr(t, login(fmt.Sprintf("guess-%d", i), attacker), "invalid_credentials")
	}
	apptest.CheckErr(t, login(password, attacker), "rate_limited") // waits 30 s, even with the right one
	apptest.CheckErr(t, login(password, owner), "")

	steps := []struct {
		wait     time.Duration
		pw       string
		wantCode string
	}{
		{29 * time.Second, "guess-a", "rate_limited"},
		{time.Second, "guess-b", "invalid_credentials"}, // 30 s on: one more, then 60 s
		{59 * time.Second, "guess-c", "rate_limited"},
		{time.Second, "guess-d", "invalid_credentials"}, // then 120 s
		{119 * time.Second, password, "rate_limited"},
		{time.Second, password, ""}, // the right one forgets the failures
		{0, "guess-e", "invalid_credentials"},
	}
	for i, st := range steps {
		f.Clock.Advance(st.wait)
		if err := login(st.pw, attacker); err != nil || st.wantCode != "" {
			t.Run(fmt.Sprintf("step %d", i), func(t *testing.T) { apptest.CheckErr(t, err, st.wantCode) })
		}
	}

	if n := f.Count(&models.Session{}, "user_id = ?", victim.ID); n != 2 {
		t.Errorf("got %d sessions, want the 2 sign-ins that passed", n)
	}

	t.Run("many addresses reach the account's ceiling", func(t *testing.T) {
		account(t, f, "manager@test.local", password, models.RoleManager)
		login := func(pw, ip string) error {
			_, err := f.App.Accounts.LoginWithPassword(f.Ctx, "manager@test.local", pw, ip, "test")
			return err
		}
		failures := 0
		for a := 0; failures < 50; a++ {
			for range 5 {
				if err := login("spread-guess", fmt.Sprintf("10.9.%d.%d", a/200, a%200)); err == nil || !strings.Contains(err.Error(), "invalid_credentials") {
					t.Fatalf("failure %d: got %v, want invalid_credentials", failures, err)
				}
				if failures++; failures == 50 {
					break
				}
			}
		}
		apptest.CheckErr(t, login(password, "198.51.100.99"), "rate_limited")
		f.Clock.Advance(72 * time.Second) // one more an hour / 50
		apptest.CheckErr(t, login(password, "198.51.100.99"), "")
	})
}

// TestPasswordRule: wherever a password is set, one over bcrypt's 72 bytes (30 Chinese
// characters are 90 bytes, within 72 characters) is a 422, not a 500, and so are passwords of
// one kind of character, of spaces only, or equal to the e-mail address; a password change
// must change it. Signing in with the right 72 bytes and more no longer passes.
func TestPasswordRule(t *testing.T) {
	t.Parallel()
	f := apptest.NewFixture(t, start)
	u := account(t, f, "li.hua@test.local", password, models.RoleStudent)
	ac := f.ActorOf(u.ID)
	chinese30 := strings.Repeat("安全密码", 7) + "安全"
	tests := []struct {
		name, pw string
		ok       bool
	}{
		{"30 Chinese characters (90 bytes)", chinese30, false},
		{"72 bytes", strings.Repeat("ab1", 24), true},
		{"73 bytes", strings.Repeat("ab1", 24) + "x", false},
		{"8 spaces", "        ", false},
		{"letters only", "password", false},
		{"digits only", "12345678", false},
		{"Chinese only", "我的密码很安全啊", false},
		{"Chinese and digits", "我的密码2026", true},
		{"spaces are no kind", "pass word", false},
		{"capitals and lower case", "PassWord", true},
		{"the e-mail address", "EMAIL", false},
		{"the e-mail's name", "NAME", false},
		{"seven characters", "pass-12", false},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := map[bool]string{true: "", false: "validation_failed"}[tt.ok]
			// EMAIL and NAME stand for the address and its part before the @, in capitals.
			pw := func(email string) string {
				name, _, _ := strings.Cut(email, "@")
				return strings.NewReplacer("EMAIL", strings.ToUpper(email), "NAME", strings.ToUpper(name)).Replace(tt.pw)
			}
			email := fmt.Sprintf("r%d@test.local", i)
			_, err := f.App.Accounts.Register(f.Ctx, accounts.RegisterInput{Email: email, Password: pw(email), Name: "x"}, "192.0.2.1", "test")
			checkField(t, "register", err, want, "password")
			email = fmt.Sprintf("c%d@test.local", i)
			_, err = f.App.Accounts.CreateUser(f.Ctx, core.System, accounts.NewUser{Email: email, Password: pw(email), Name: "x", Role: models.RoleStudent})
			checkField(t, "create", err, want, "password")
			err = f.App.Accounts.ChangePassword(f.Ctx, ac, 0, password, pw(u.Email), "192.0.2.1")
			checkField(t, "change", err, want, "new_password")
			if err == nil {
				f.Must(f.App.Accounts.ChangePassword(f.Ctx, ac, 0, pw(u.Email), password, "192.0.2.1"))
			}
		})
	}
	t.Run("the new password equals the current one", func(t *testing.T) {
		checkField(t, "change", f.App.Accounts.ChangePassword(f.Ctx, ac, 0, password, password, "192.0.2.1"), "validation_failed", "new_password")
	})
	t.Run("sign-in reads every byte", func(t *testing.T) {
		long := strings.Repeat("ab1", 24)
		f.Must(f.App.Accounts.ChangePassword(f.Ctx, ac, 0, password, long, "192.0.2.1"))
		_, err := f.App.Accounts.LoginWithPassword(f.Ctx, "li.hua@test.local", long+"-and-more", "192.0.2.1", "test")
		apptest.CheckErr(t, err, "invalid_credentials")
		_, err = f.App.Accounts.LoginWithPassword(f.Ctx, "li.hua@test.local", long, "192.0.2.1", "test")
		apptest.CheckErr(t, err, "")
	})
}

func checkField(t *testing.T, what string, err error, wantCode, field string) {
	t.Helper()
	t.Run(what, func(t *testing.T) {
		if wantCode == "" {
			apptest.CheckErr(t, err, "")
			return
		}
		apptest.CheckErr(t, err, wantCode, field)
	})
}

// TestCurrentPasswordGuessesAreLimited: a signed-in session (a stolen one, an unattended
// screen) cannot guess the current password faster than a sign-in could.
func TestCurrentPasswordGuessesAreLimited(t *testing.T) {
	t.Parallel()
	f := limitedFixture(t)
	ac := f.ActorOf(account(t, f, "u@test.local", password, models.RoleStudent).ID)
	for i := range 5 {
		err := f.App.Accounts.ChangePassword(f.Ctx, ac, 0, fmt.Sprintf("guess-%d", i), "new-pass-2026", "192.0.2.1")
		apptest.CheckErr(t, err, "validation_failed", "current_password")
	}
	apptest.CheckErr(t, f.App.Accounts.ChangePassword(f.Ctx, ac, 0, password, "new-pass-2026", "192.0.2.1"), "rate_limited")
	_, err := f.App.Accounts.LoginWithPassword(f.Ctx, "u@test.local", password, "192.0.2.1", "test")
	apptest.CheckErr(t, err, "rate_limited") // the same count as sign-ins
	f.Clock.Advance(30 * time.Second)
	apptest.CheckErr(t, f.App.Accounts.ChangePassword(f.Ctx, ac, 0, password, "new-pass-2026", "192.0.2.1"), "")
}

// TestStoredOutsideStringsAreValidUTF8: a User-Agent that is not UTF-8, or has a multi-byte
// character on byte 300, is stored as valid UTF-8 (MySQL refused it: a 500 on sign-in).
func TestStoredOutsideStringsAreValidUTF8(t *testing.T) {
	t.Parallel()
	f := apptest.NewFixture(t, start)
	u := account(t, f, "ua@test.local", password, models.RoleStudent)
	for _, ua := range []string{"Mozilla/5.0 \xff\xfe\xc3(", strings.Repeat("a", 299) + "中文浏览器", "\xe4\xb8" + strings.Repeat("é", 400)} {
		if _, err := f.App.Accounts.LoginWithPassword(f.Ctx, "ua@test.local", password, "192.0.2.1", ua); err != nil {
			t.Fatalf("sign in with User-Agent %q: %v", ua[:min(len(ua), 20)], err)
		}
	}
	var agents []string
	f.Must(f.DB.R(f.Ctx).Model(&models.Session{}).Where("user_id = ?", u.ID).Pluck("user_agent", &agents).Error)
	for _, a := range agents {
		if !utf8.ValidString(a) || utf8.RuneCountInString(a) > 300 {
			t.Errorf("stored User-Agent %q: want valid UTF-8 of at most 300 characters", a)
		}
	}
	if len(agents) != 3 {
		t.Errorf("got %d sessions, want 3", len(agents))
	}
}

// TestSessionExpiryStopsAtItsLifetime: using a session slides its expiry, but never past 30
// days after sign-in, so the row (and the cookie) say when it really ends.
func TestSessionExpiryStopsAtItsLifetime(t *testing.T) {
	t.Parallel()
	f := apptest.NewFixture(t, start)
	account(t, f, "s@test.local", password, models.RoleStudent)
	login, err := f.App.Accounts.LoginWithPassword(f.Ctx, "s@test.local", password, "192.0.2.1", "test")
	f.Must(err)
	for range 2 {
		f.Clock.Advance(13 * 24 * time.Hour)
		auth, err := f.App.Accounts.Authenticate(f.Ctx, login.Token)
		f.Must(err)
		var sess models.Session
		f.Must(f.DB.R(f.Ctx).First(&sess, auth.SessionID).Error)
		if end := sess.CreatedAt.Add(30 * 24 * time.Hour); sess.ExpiresAt.After(end) {
			t.Errorf("after %v: expires at %v, past the lifetime's end %v", f.Clock.Now().Sub(start), sess.ExpiresAt, end)
		}
	}
}

// TestCalendarFeedIsRotated: deactivating an account or changing its password deletes its
// calendar feed, so the old URL does not come back with a reactivation.
func TestCalendarFeedIsRotated(t *testing.T) {
	t.Parallel()
	f := apptest.NewFixture(t, start)
	u := account(t, f, "feed@test.local", password, models.RoleStudent)
	feed := func() {
		f.Must(f.DB.SetCalendarFeed(f.Ctx, models.CalendarFeed{UserID: u.ID, TokenHash: core.HashToken(fmt.Sprint(time.Now().UnixNano())), CreatedAt: start}))
	}
	feed()
	_, err := f.App.Accounts.UpdateUser(f.Ctx, core.System, u.ID, accounts.UserPatch{Active: apptest.Ptr(false)})
	f.Must(err)
	if n := f.Count(&models.CalendarFeed{}, "user_id = ?", u.ID); n != 0 {
		t.Errorf("after deactivation: got %d feeds, want none", n)
	}
	_, err = f.App.Accounts.UpdateUser(f.Ctx, core.System, u.ID, accounts.UserPatch{Active: apptest.Ptr(true)})
	f.Must(err)
	feed()
	f.Must(f.App.Accounts.ChangePassword(f.Ctx, f.ActorOf(u.ID), 0, password, "new-pass-2026", "192.0.2.1"))
	if n := f.Count(&models.CalendarFeed{}, "user_id = ?", u.ID); n != 0 {
		t.Errorf("after a password change: got %d feeds, want none", n)
	}
}
