package handlers

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"cqshare/app/apptest"
	"cqshare/models"
)

// TestSSOThroughTheRouter signs a student in through an OIDC provider started here, as a
// browser would: the start's redirect and cookie, the provider's redirect back, the callback's
// session cookies and landing page; and checks the refusals land on the login page.
func TestSSOThroughTheRouter(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	ctx := context.Background()
	idp := apptest.NewOIDCProvider(t, time.Now)
	now := time.Now().UTC()
	org := models.Organization{Name: "重庆工程职业技术学院", Kind: "school", CreatedAt: now, UpdatedAt: now}
	if err := s.app.DB().Insert(ctx, &org); err != nil {
		t.Fatal(err)
	}
	number := "2026001"
	stu := models.User{Email: "li.ming@cqvie.test", PasswordHash: "x", Name: "李明", Role: models.RoleStudent,
		OrganizationID: &org.ID, StudentNumber: &number, Active: true, CreatedAt: now, UpdatedAt: now}
	if err := s.app.DB().CreateUser(ctx, &stu); err != nil {
		t.Fatal(err)
	}
	_, adminToken := s.user("admin@sso.test", models.RoleAdmin)
	_, studentToken := s.user("other@sso.test", models.RoleStudent)

	// Administration: bad fields are named, the secret never comes back.
	bad := s.do(request{method: http.MethodPost, path: "/api/v1/admin/sso-providers", token: adminToken,
		body: badInput{map[string]any{"organization_id": org.ID, "kind": "oidc", "name": "认证", "base_url": "http://idp.example",
			"match_by": "email"}}})
	if bad.Status != http.StatusUnprocessableEntity || bad.Fields()["base_url"] == "" || bad.Fields()["client_id"] == "" {
		t.Fatalf("create with plain http and no client: got %d %s, want 422 naming base_url and client_id", bad.Status, bad.Body)
	}
	res := s.do(request{method: http.MethodPost, path: "/api/v1/admin/sso-providers", token: adminToken,
		body: map[string]any{"organization_id": org.ID, "kind": "oidc", "name": "工程学院统一身份认证", "name_en": "CQVIE sign-on",
			"base_url": idp.URL, "client_id": idp.ClientID, "client_secret": idp.ClientSecret, "match_by": "email", "enabled": true}})
	if res.Status != http.StatusCreated {
		t.Fatalf("create: got %d %s", res.Status, res.Body)
	}
	var created struct {
		ID          int64  `json:"id"`
		RedirectURI string `json:"redirect_uri"`
	}
	res.JSON(t, &created)
	if strings.Contains(string(res.Body), idp.ClientSecret) {
		t.Errorf("the answer holds the client secret: %s", res.Body)
	}
	if want := fmt.Sprintf("/api/v1/auth/sso/%d/callback", created.ID); !strings.HasSuffix(created.RedirectURI, want) {
		t.Errorf("got redirect_uri %s, want …%s", created.RedirectURI, want)
	}
	if res := s.do(request{method: http.MethodGet, path: "/api/v1/admin/sso-providers", token: studentToken}); res.Status != http.StatusForbidden {
		t.Errorf("a student lists the providers: got %d, want 403", res.Status)
	}
	buttons := s.do(request{method: http.MethodGet, path: "/api/v1/auth/sso/providers"})
	if buttons.Status != http.StatusOK || !strings.Contains(string(buttons.Body), "工程学院统一身份认证") ||
		strings.Contains(string(buttons.Body), idp.ClientID) || strings.Contains(string(buttons.Body), idp.URL) {
		t.Errorf("public providers: got %d %s, want the name and nothing of the configuration", buttons.Status, buttons.Body)
	}

	// The round trip.
	idp.SignIn(map[string]any{"email": stu.Email})
	start := s.do(request{method: http.MethodGet, path: fmt.Sprintf("/api/v1/auth/sso/%d/start?next=%s", created.ID, url.QueryEscape("/bookings?tab=mine"))})
	if start.Status != http.StatusFound || !strings.HasPrefix(start.Header.Get("Location"), idp.URL+"/authorize?") {
		t.Fatalf("start: got %d to %s, want 302 to the provider", start.Status, start.Header.Get("Location"))
	}
	binding := cookie(start, "sso_browser")
	if binding == nil || !binding.HttpOnly || binding.SameSite != http.SameSiteLaxMode {
		t.Fatalf("start: got cookie %+v, want an HttpOnly SameSite=Lax sso_browser", binding)
	}
	callback := authorize(t, start.Header.Get("Location"))
	withCookie := func(path string, ck *http.Cookie) response {
		h := map[string]string{}
		if ck != nil {
			h["Cookie"] = ck.Name + "=" + ck.Value
		}
		return s.do(request{method: http.MethodGet, path: path, header: h})
	}
	if res := withCookie(callback, nil); res.Status != http.StatusFound || res.Header.Get("Location") != "/login?sso_error=sso_state_invalid" {
		t.Errorf("callback without the browser's cookie: got %d to %s, want the login page with sso_state_invalid", res.Status, res.Header.Get("Location"))
	}
	// That attempt spent the state: start again.
	start = s.do(request{method: http.MethodGet, path: fmt.Sprintf("/api/v1/auth/sso/%d/start?next=%s", created.ID, url.QueryEscape("/bookings?tab=mine"))})
	binding = cookie(start, "sso_browser")
	done := withCookie(authorize(t, start.Header.Get("Location")), binding)
	if done.Status != http.StatusFound || done.Header.Get("Location") != "/bookings?tab=mine" {
		t.Fatalf("callback: got %d to %s, want 302 to /bookings?tab=mine", done.Status, done.Header.Get("Location"))
	}
	session, csrf := cookie(done, sessionCookie), cookie(done, csrfCookie)
	if session == nil || !session.HttpOnly || csrf == nil || csrf.Value == "" {
		t.Fatalf("callback: got session %+v csrf %+v, want both cookies as a password login sets them", session, csrf)
	}
	me := withCookie("/api/v1/me", session)
	if me.Status != http.StatusOK || !strings.Contains(string(me.Body), stu.Email) {
		t.Errorf("me with the sign-on's session: got %d %s", me.Status, me.Body)
	}

	// Refusals land on the login page with their code, never an error page.
	for _, tt := range []struct{ path, code string }{
		{fmt.Sprintf("/api/v1/auth/sso/%d/start?next=%s", created.ID, url.QueryEscape("//evil.example/")), "sso_next_invalid"},
		{fmt.Sprintf("/api/v1/auth/sso/%d/start?next=%s", created.ID, url.QueryEscape("https://evil.example/")), "sso_next_invalid"},
		{"/api/v1/auth/sso/99999/start", "sso_unavailable"},
		{fmt.Sprintf("/api/v1/auth/sso/%d/callback?state=forged&code=x", created.ID), "sso_state_invalid"},
		{fmt.Sprintf("/api/v1/auth/sso/%d/callback", created.ID), "sso_state_invalid"},
	} {
		res := withCookie(tt.path, binding)
		if res.Status != http.StatusFound || res.Header.Get("Location") != "/login?sso_error="+tt.code {
			t.Errorf("%s: got %d to %s, want the login page with %s", tt.path, res.Status, res.Header.Get("Location"), tt.code)
		}
	}
}

// authorize follows the provider's /authorize and returns the callback path it sends back to.
func authorize(t *testing.T, to string) string {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Get(to)
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	back, err := url.Parse(res.Header.Get("Location"))
	if err != nil || res.StatusCode != http.StatusFound {
		t.Fatalf("authorize: got %d to %s", res.StatusCode, res.Header.Get("Location"))
	}
	return back.RequestURI()
}

// cookie is the cookie of the answer with the name, or nil.
func cookie(res response, name string) *http.Cookie {
	for _, c := range (&http.Response{Header: res.Header}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}
