package accounts_test

import (
	"crypto/rand"
	"crypto/rsa"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"cqshare/app/accounts"
	"cqshare/app/apptest"
	"cqshare/app/core"
	"cqshare/models"
)

// ssoWorld is a college with its OIDC and CAS providers, its students, and another college.
type ssoWorld struct {
	*apptest.Fixture
	oidc              *apptest.OIDCProvider
	cas               *apptest.CASServer
	college, other    int64
	byEmail, byNumber models.SSOProvider // OIDC providers of the college
	casProvider       models.SSOProvider
	student           models.User // of the college, number 2026001
	stranger          models.User // of the other college
}

func newSSOWorld(t *testing.T) *ssoWorld {
	t.Helper()
	f := apptest.NewFixture(t, start)
	w := &ssoWorld{Fixture: f, oidc: apptest.NewOIDCProvider(t, f.Clock.Now), cas: apptest.NewCASServer(t)}
	now := f.Clock.Now()
	for _, id := range []*int64{&w.college, &w.other} {
		o := models.Organization{Name: "重庆工程职业技术学院", NameEn: "Chongqing Vocational Institute of Engineering",
			Kind: "school", CreatedAt: now, UpdatedAt: now}
		if id == &w.other {
			o.Name, o.NameEn = "重庆电子工程职业学院", "Chongqing College of Electronic Engineering"
		}
		f.Must(f.DB.Insert(f.Ctx, &o))
		*id = o.ID
	}
	person := func(email string, org int64, number string) models.User {
		u := models.User{Email: email, PasswordHash: "x", Name: "学生", Role: models.RoleStudent, OrganizationID: &org,
			StudentNumber: &number, Active: true, CreatedAt: now, UpdatedAt: now}
		f.Must(f.DB.CreateUser(f.Ctx, &u))
		return u
	}
	w.student = person("li.ming@cqvie.test", w.college, "2026001")
	w.stranger = person("wang.fang@cqcet.test", w.other, "2026002")
	w.byEmail = w.provider(accounts.SSOProviderInput{Kind: models.SSOKindOIDC, Name: "工程学院统一身份认证", MatchBy: models.SSOMatchEmail})
	w.byNumber = w.provider(accounts.SSOProviderInput{Kind: models.SSOKindOIDC, Name: "工程学院学号登录",
		MatchBy: models.SSOMatchStudentNumber, Claim: "student_number"})
	w.casProvider = w.provider(accounts.SSOProviderInput{Kind: models.SSOKindCAS, Name: "工程学院 CAS", BaseURL: w.cas.URL,
		MatchBy: models.SSOMatchStudentNumber})
	return w
}

// provider creates an enabled provider of the college pointing at the test OIDC provider
// unless the input names another address.
func (w *ssoWorld) provider(in accounts.SSOProviderInput) models.SSOProvider {
	w.T.Helper()
	in.OrganizationID, in.Enabled = w.college, true
	if in.BaseURL == "" {
		in.BaseURL, in.ClientID, in.ClientSecret = w.oidc.URL, w.oidc.ClientID, w.oidc.ClientSecret
	}
	p, err := w.App.Accounts.CreateSSOProvider(w.Ctx, core.System, in)
	w.Must(err)
	return p.SSOProvider
}

// browse follows a started sign-on to the provider's /authorize, which redirects back: the
// callback's query.
func (w *ssoWorld) browse(start accounts.SSOStart) accounts.SSOCallback {
	w.T.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Get(start.RedirectURL)
	w.Must(err)
	_ = res.Body.Close()
	if res.StatusCode != http.StatusFound {
		w.T.Fatalf("authorize: got %d, want 302", res.StatusCode)
	}
	back, err := url.Parse(res.Header.Get("Location"))
	w.Must(err)
	if got, want := back.Scheme+"://"+back.Host+back.Path, "http://localhost:8080/api/v1/auth/sso/"; !strings.HasPrefix(got, want) {
		w.T.Fatalf("redirected to %s, want the callback %s…", got, want)
	}
	return accounts.SSOCallback{State: back.Query().Get("state"), Code: back.Query().Get("code")}
}

// signOn runs a whole OIDC sign-on through p for a person with the claims.
func (w *ssoWorld) signOn(p models.SSOProvider, claims map[string]any) (accounts.SSOLogin, error) {
	w.T.Helper()
	w.oidc.SignIn(claims)
	st, err := w.App.Accounts.StartSSO(w.Ctx, p.ID, "/bookings")
	w.Must(err)
	return w.App.Accounts.FinishSSO(w.Ctx, p.ID, w.browse(st), st.BrowserToken, "192.0.2.7", "test")
}

func TestSSOOIDCSignsStudentsIn(t *testing.T) {
	t.Parallel()
	w := newSSOWorld(t)
	tests := []struct {
		name     string
		provider models.SSOProvider
		claims   map[string]any
	}{
		{"by e-mail", w.byEmail, map[string]any{"email": "Li.Ming@CQVIE.test", "email_verified": true}},
		{"by student number", w.byNumber, map[string]any{"student_number": "2026001"}},
		{"by a numeric student number", w.byNumber, map[string]any{"student_number": 2026001}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			login, err := w.signOn(tt.provider, tt.claims)
			apptest.CheckErr(t, err, "")
			if login.Actor.UserID != w.student.ID || login.Next != "/bookings" {
				t.Fatalf("got user %d next %q, want %d /bookings", login.Actor.UserID, login.Next, w.student.ID)
			}
			auth, err := w.App.Accounts.Authenticate(w.Ctx, login.Token)
			if err != nil || auth.Actor.UserID != w.student.ID || auth.CSRFToken != login.CSRFToken {
				t.Fatalf("the session does not authenticate the student: %+v %v", auth, err)
			}
		})
	}
	if n := w.Count(&models.AuditLog{}, "action = ? AND object_id = ?", "sso.login", w.byEmail.ID); n != 1 {
		t.Errorf("got %d sso.login audit records for the e-mail provider, want 1", n)
	}
	if n := w.Count(&models.SSOFlow{}, "1 = 1"); n != 0 {
		t.Errorf("got %d flows left after the sign-ons, want 0", n)
	}
}

func TestSSOOIDCRefusals(t *testing.T) {
	t.Parallel()
	w := newSSOWorld(t)
	forger, err := rsa.GenerateKey(rand.Reader, 2048)
	w.Must(err)
	email := map[string]any{"email": w.student.Email}
	tests := []struct {
		name     string
		claims   map[string]any
		tamper   func(map[string]any)
		key      *rsa.PrivateKey
		provider *models.SSOProvider
		wantCode string
	}{
		{"a token signed by another key", email, nil, forger, nil, "sso_token_invalid"},
		{"an expired token", email, func(c map[string]any) { c["exp"] = start.Add(-time.Minute).Unix() }, nil, nil, "sso_token_invalid"},
		{"a token for another client", email, func(c map[string]any) { c["aud"] = "another-client" }, nil, nil, "sso_token_invalid"},
		{"a token of another issuer", email, func(c map[string]any) { c["iss"] = "https://idp.evil.test" }, nil, nil, "sso_token_invalid"},
		{"a token with another nonce", email, func(c map[string]any) { c["nonce"] = "replayed-nonce" }, nil, nil, "sso_token_invalid"},
		{"an unverified e-mail", map[string]any{"email": w.student.Email, "email_verified": false}, nil, nil, nil, "sso_no_account"},
		{"a person of another organization", map[string]any{"email": w.stranger.Email}, nil, nil, nil, "sso_no_account"},
		{"an unknown person", map[string]any{"email": "nobody@cqvie.test"}, nil, nil, nil, "sso_no_account"},
		{"another organization's student number", map[string]any{"student_number": "2026002"}, nil, nil, &w.byNumber, "sso_no_account"},
		{"no claim", map[string]any{}, nil, nil, nil, "sso_no_account"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := w.byEmail
			if tt.provider != nil {
				p = *tt.provider
			}
			w.oidc.SignIn(tt.claims)
			w.oidc.Forge(tt.tamper, tt.key)
			st, err := w.App.Accounts.StartSSO(w.Ctx, p.ID, "/")
			w.Must(err)
			before := w.Count(&models.Session{}, "1 = 1")
			_, err = w.App.Accounts.FinishSSO(w.Ctx, p.ID, w.browse(st), st.BrowserToken, "192.0.2.7", "test")
			apptest.CheckErr(t, err, tt.wantCode)
			if after := w.Count(&models.Session{}, "1 = 1"); after != before {
				t.Errorf("got %d sessions, want %d: a refused sign-on opened one", after, before)
			}
		})
	}
	if n := w.Count(&models.AuditLog{}, "action = ?", "sso.login_failed"); n != int64(len(tests)) {
		t.Errorf("got %d sso.login_failed audit records, want %d", n, len(tests))
	}
}

func TestSSOFlowIsBoundToOneUseAndOneBrowser(t *testing.T) {
	t.Parallel()
	w := newSSOWorld(t)
	finish := func(p models.SSOProvider, cb accounts.SSOCallback, browser string) error {
		_, err := w.App.Accounts.FinishSSO(w.Ctx, p.ID, cb, browser, "192.0.2.7", "test")
		return err
	}
	w.oidc.SignIn(map[string]any{"email": w.student.Email})
	start := func() (accounts.SSOStart, accounts.SSOCallback) {
		st, err := w.App.Accounts.StartSSO(w.Ctx, w.byEmail.ID, "/")
		w.Must(err)
		return st, w.browse(st)
	}

	t.Run("a replayed state", func(t *testing.T) {
		st, cb := start()
		apptest.CheckErr(t, finish(w.byEmail, cb, st.BrowserToken), "")
		apptest.CheckErr(t, finish(w.byEmail, cb, st.BrowserToken), "sso_state_invalid")
	})
	t.Run("an unknown state", func(t *testing.T) {
		st, cb := start()
		cb.State = "not-a-state"
		apptest.CheckErr(t, finish(w.byEmail, cb, st.BrowserToken), "sso_state_invalid")
	})
	t.Run("a callback in another browser", func(t *testing.T) {
		_, cb := start()
		other, _ := start()
		apptest.CheckErr(t, finish(w.byEmail, cb, other.BrowserToken), "sso_state_invalid")
		apptest.CheckErr(t, finish(w.byEmail, cb, ""), "sso_state_invalid")
	})
	t.Run("a state of another provider", func(t *testing.T) {
		st, cb := start()
		apptest.CheckErr(t, finish(w.byNumber, cb, st.BrowserToken), "sso_state_invalid")
	})
	t.Run("an expired flow", func(t *testing.T) {
		st, cb := start()
		w.Clock.Advance(11 * time.Minute)
		apptest.CheckErr(t, finish(w.byEmail, cb, st.BrowserToken), "sso_state_invalid")
	})
	t.Run("the person declined", func(t *testing.T) {
		st, cb := start()
		cb.Code, cb.Error = "", "access_denied"
		apptest.CheckErr(t, finish(w.byEmail, cb, st.BrowserToken), "sso_denied")
	})
	t.Run("expired flows are purged", func(t *testing.T) {
		start()
		w.Clock.Advance(11 * time.Minute)
		_, err := w.App.Accounts.DeleteExpiredSessions(w.Ctx)
		w.Must(err)
		if n := w.Count(&models.SSOFlow{}, "1 = 1"); n != 0 {
			t.Errorf("got %d flows after the purge, want 0", n)
		}
	})
	// Only hashes of the state and the browser's secret are kept.
	st, cb := start()
	if n := w.Count(&models.SSOFlow{}, "state_hash = ? AND browser_hash = ?", core.HashToken(cb.State), core.HashToken(st.BrowserToken)); n != 1 {
		t.Errorf("got %d flows keyed by the hashes, want 1", n)
	}
	if n := w.Count(&models.SSOFlow{}, "state_hash = ? OR browser_hash = ?", cb.State, st.BrowserToken); n != 0 {
		t.Errorf("got %d flows keeping a secret in clear, want 0", n)
	}
}

func TestSSOProviderAndAccountStates(t *testing.T) {
	t.Parallel()
	w := newSSOWorld(t)
	admin := core.System
	claims := map[string]any{"email": w.student.Email}

	// An account switched off, or waiting for approval, is refused as at the password login.
	w.Must(w.DB.UpdateByID(w.Ctx, &models.User{}, w.student.ID, map[string]any{"active": false}))
	_, err := w.signOn(w.byEmail, claims)
	apptest.CheckErr(t, err, "sso_account_inactive")
	w.Must(w.DB.UpdateByID(w.Ctx, &models.User{}, w.student.ID, map[string]any{"pending": true}))
	_, err = w.signOn(w.byEmail, claims)
	apptest.CheckErr(t, err, "account_pending")
	w.Must(w.DB.UpdateByID(w.Ctx, &models.User{}, w.student.ID, map[string]any{"active": true, "pending": false}))

	// A started sign-on whose provider is switched off meanwhile is refused; so is a new one.
	w.oidc.SignIn(claims)
	st, err := w.App.Accounts.StartSSO(w.Ctx, w.byEmail.ID, "/")
	w.Must(err)
	cb := w.browse(st)
	in := accounts.SSOProviderInput{OrganizationID: w.college, Kind: models.SSOKindOIDC, Name: w.byEmail.Name, BaseURL: w.oidc.URL,
		ClientID: w.oidc.ClientID, MatchBy: models.SSOMatchEmail}
	_, err = w.App.Accounts.UpdateSSOProvider(w.Ctx, admin, w.byEmail.ID, in)
	w.Must(err)
	_, err = w.App.Accounts.FinishSSO(w.Ctx, w.byEmail.ID, cb, st.BrowserToken, "192.0.2.7", "test")
	apptest.CheckErr(t, err, "sso_unavailable")
	_, err = w.App.Accounts.StartSSO(w.Ctx, w.byEmail.ID, "/")
	apptest.CheckErr(t, err, "sso_unavailable")
	if list, _ := w.App.Accounts.EnabledSSOProviders(w.Ctx); len(list) != 2 {
		t.Errorf("got %d enabled providers, want the other 2", len(list))
	}

	// Enabled again with an empty secret: the stored secret is kept, and sign-on works.
	in.Enabled = true
	_, err = w.App.Accounts.UpdateSSOProvider(w.Ctx, admin, w.byEmail.ID, in)
	w.Must(err)
	p, err := w.DB.SSOProviderByID(w.Ctx, w.byEmail.ID)
	w.Must(err)
	if p.ClientSecret != w.byEmail.ClientSecret {
		t.Errorf("got secret %q after an update without one, want the stored %q", p.ClientSecret, w.byEmail.ClientSecret)
	}
	_, err = w.signOn(w.byEmail, claims)
	apptest.CheckErr(t, err, "")

	// A provider whose address does not answer is unavailable, not an error of the server.
	dead := w.provider(accounts.SSOProviderInput{Kind: models.SSOKindOIDC, Name: "停机的认证源", BaseURL: "http://127.0.0.1:1",
		ClientID: "x", MatchBy: models.SSOMatchEmail})
	_, err = w.App.Accounts.StartSSO(w.Ctx, dead.ID, "/")
	apptest.CheckErr(t, err, "sso_unavailable")
	_, err = w.App.Accounts.StartSSO(w.Ctx, 99999, "/")
	apptest.CheckErr(t, err, "sso_unavailable")
}

func TestSSOCAS(t *testing.T) {
	t.Parallel()
	w := newSSOWorld(t)
	start := func() (accounts.SSOStart, string) {
		st, err := w.App.Accounts.StartSSO(w.Ctx, w.casProvider.ID, "/me")
		w.Must(err)
		to, err := url.Parse(st.RedirectURL)
		w.Must(err)
		if to.Path != "/cas/login" {
			t.Fatalf("got the CAS login at %s, want /cas/login", to.Path)
		}
		service := to.Query().Get("service")
		su, err := url.Parse(service)
		w.Must(err)
		return st, su.Query().Get("state")
	}
	finish := func(st accounts.SSOStart, state, ticket string) (accounts.SSOLogin, error) {
		return w.App.Accounts.FinishSSO(w.Ctx, w.casProvider.ID, accounts.SSOCallback{State: state, Ticket: ticket},
			st.BrowserToken, "192.0.2.8", "test")
	}

	st, state := start()
	service := w.App.Accounts.SSOCallbackURL(w.casProvider.ID) + "?state=" + url.QueryEscape(state)
	login, err := finish(st, state, w.cas.Issue(apptest.CASTicket{Service: service, User: "2026001"}))
	apptest.CheckErr(t, err, "")
	if login.Actor.UserID != w.student.ID || login.Next != "/me" {
		t.Errorf("got user %d next %q, want %d /me", login.Actor.UserID, login.Next, w.student.ID)
	}

	tests := []struct {
		name     string
		ticket   func(service string) string
		wantCode string
	}{
		{"an invalid ticket", func(string) string { return "ST-forged" }, "sso_token_invalid"},
		{"a ticket for another service", func(string) string {
			return w.cas.Issue(apptest.CASTicket{Service: "https://other.example/cb", User: "2026001"})
		}, "sso_token_invalid"},
		{"no ticket", func(string) string { return "" }, "sso_token_invalid"},
		{"another organization's student", func(s string) string {
			return w.cas.Issue(apptest.CASTicket{Service: s, User: "2026002"})
		}, "sso_no_account"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, state := start()
			service := w.App.Accounts.SSOCallbackURL(w.casProvider.ID) + "?state=" + url.QueryEscape(state)
			_, err := finish(st, state, tt.ticket(service))
			apptest.CheckErr(t, err, tt.wantCode)
		})
	}

	t.Run("an attribute for the claim", func(t *testing.T) {
		admin := core.System
		_, err := w.App.Accounts.UpdateSSOProvider(w.Ctx, admin, w.casProvider.ID, accounts.SSOProviderInput{OrganizationID: w.college,
			Kind: models.SSOKindCAS, Name: "工程学院 CAS", BaseURL: w.cas.URL + "/", Claim: "mail", MatchBy: models.SSOMatchEmail, Enabled: true})
		w.Must(err)
		st, state := start()
		service := w.App.Accounts.SSOCallbackURL(w.casProvider.ID) + "?state=" + url.QueryEscape(state)
		login, err := finish(st, state, w.cas.Issue(apptest.CASTicket{Service: service, User: "lm",
			Attributes: map[string]string{"mail": w.student.Email, "name": "李明"}}))
		apptest.CheckErr(t, err, "")
		if login.Actor.UserID != w.student.ID {
			t.Errorf("got user %d, want %d", login.Actor.UserID, w.student.ID)
		}
	})
}

func TestSafeNextPath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		next, want string
	}{
		{"", "/"},
		{"/", "/"},
		{"/bookings?tab=mine#top", "/bookings?tab=mine#top"},
		{"//evil.example/path", ""},
		{"/\\evil.example", ""},
		{"/\tevil", ""},
		{"https://evil.example/", ""},
		{"javascript:alert(1)", ""},
		{"evil.example", ""},
		{"/%0d%0aSet-Cookie:x", "/%0d%0aSet-Cookie:x"}, // stays encoded: a path of this site
		{"/ok\r\nLocation: https://evil.example", ""},
	}
	for _, tt := range tests {
		t.Run(tt.next, func(t *testing.T) {
			got, err := accounts.SafeNextPath(tt.next)
			if tt.want == "" {
				apptest.CheckErr(t, err, "sso_next_invalid", "next")
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %q %v, want %q", got, err, tt.want)
			}
		})
	}
}

func TestSSOProviderAdministration(t *testing.T) {
	t.Parallel()
	w := newSSOWorld(t)
	admin := core.System
	student := w.ActorOf(w.student.ID)
	good := accounts.SSOProviderInput{OrganizationID: w.college, Kind: models.SSOKindOIDC, Name: "认证", BaseURL: "https://idp.cqvie.test",
		ClientID: "c", MatchBy: models.SSOMatchEmail}
	tests := []struct {
		name       string
		mod        func(*accounts.SSOProviderInput)
		wantFields []string
	}{
		{"plain http elsewhere", func(in *accounts.SSOProviderInput) { in.BaseURL = "http://idp.cqvie.test" }, []string{"base_url"}},
		{"http to this machine", func(in *accounts.SSOProviderInput) { in.BaseURL = "http://127.0.0.1:9000" }, nil},
		{"http to localhost", func(in *accounts.SSOProviderInput) { in.BaseURL = "http://localhost:9000/realms/x" }, nil},
		{"not a URL", func(in *accounts.SSOProviderInput) { in.BaseURL = "idp" }, []string{"base_url"}},
		{"a URL with a query", func(in *accounts.SSOProviderInput) { in.BaseURL = "https://idp.test/?x=1" }, []string{"base_url"}},
		{"no client id", func(in *accounts.SSOProviderInput) { in.ClientID = "" }, []string{"client_id"}},
		{"student numbers without a claim", func(in *accounts.SSOProviderInput) { in.MatchBy = models.SSOMatchStudentNumber }, []string{"claim"}},
		{"an unknown organization", func(in *accounts.SSOProviderInput) { in.OrganizationID = 99999 }, []string{"organization_id"}},
		{"several faults", func(in *accounts.SSOProviderInput) { in.Kind, in.Name, in.MatchBy = "saml", " ", "phone" },
			[]string{"kind", "name", "match_by"}},
		{"a bad claim and scope", func(in *accounts.SSOProviderInput) { in.Claim, in.Scopes = "e mail", `profile "x"` },
			[]string{"claim", "scopes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := good
			tt.mod(&in)
			before := w.Count(&models.SSOProvider{}, "1 = 1")
			_, err := w.App.Accounts.CreateSSOProvider(w.Ctx, admin, in)
			if tt.wantFields == nil {
				apptest.CheckErr(t, err, "")
				return
			}
			apptest.CheckErr(t, err, "validation_failed", tt.wantFields...)
			if after := w.Count(&models.SSOProvider{}, "1 = 1"); after != before {
				t.Errorf("got %d providers after a refused create, want %d", after, before)
			}
		})
	}
	_, err := w.App.Accounts.CreateSSOProvider(w.Ctx, student, good)
	apptest.CheckErr(t, err, "forbidden")
	_, err = w.App.Accounts.SSOProviders(w.Ctx, student)
	apptest.CheckErr(t, err, "forbidden")
	apptest.CheckErr(t, w.App.Accounts.DeleteSSOProvider(w.Ctx, student, w.byEmail.ID), "forbidden")

	// The audit log never holds the secret.
	if n := w.Count(&models.AuditLog{}, "detail LIKE ?", "%"+w.oidc.ClientSecret+"%"); n != 0 {
		t.Errorf("got %d audit records holding the client secret, want 0", n)
	}
	// Deleting a provider takes its sign-ons under way with it.
	_, err = w.App.Accounts.StartSSO(w.Ctx, w.byEmail.ID, "/")
	w.Must(err)
	apptest.CheckErr(t, w.App.Accounts.DeleteSSOProvider(w.Ctx, admin, w.byEmail.ID), "")
	apptest.CheckErr(t, w.App.Accounts.DeleteSSOProvider(w.Ctx, admin, w.byEmail.ID), "not_found")
	if n := w.Count(&models.SSOFlow{}, "provider_id = ?", w.byEmail.ID); n != 0 {
		t.Errorf("got %d flows of a deleted provider, want 0", n)
	}
}
