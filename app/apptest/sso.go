package apptest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// OIDCProvider is an OpenID Connect provider for tests, served by httptest: discovery,
// /authorize (which signs in whoever the test names and redirects back with a code), /token
// (with PKCE and client authentication, answering an RS256 ID token) and /jwks.
type OIDCProvider struct {
	URL          string
	ClientID     string
	ClientSecret string
	Key          *rsa.PrivateKey
	Now          func() time.Time

	mu sync.Mutex
	// Claims are added to the next ID tokens (the person's e-mail or student number).
	Claims map[string]any
	// Tamper changes the claims of the next ID tokens before they are signed.
	Tamper func(claims map[string]any)
	// SignWith signs the next ID tokens instead of Key (a forger's key).
	SignWith *rsa.PrivateKey
	codes    map[string]oidcCode
}

type oidcCode struct {
	nonce, challenge, redirectURI string
}

// NewOIDCProvider starts a provider with a fresh RSA key, stopped when the test ends.
func NewOIDCProvider(t testing.TB, now func() time.Time) *OIDCProvider {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &OIDCProvider{ClientID: "cqshare-test", ClientSecret: "client-secret-for-tests", Key: key, Now: now,
		Claims: map[string]any{}, codes: map[string]oidcCode{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", p.discovery)
	mux.HandleFunc("GET /authorize", p.authorize)
	mux.HandleFunc("POST /token", p.token)
	mux.HandleFunc("GET /jwks", p.jwks)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	p.URL = srv.URL
	return p
}

// SignIn sets the claims of the person the next sign-ons are for, and clears any tampering.
func (p *OIDCProvider) SignIn(claims map[string]any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.Claims, p.Tamper, p.SignWith = claims, nil, nil
}

// Forge makes the next ID tokens differ: tamper with their claims, or sign them with another key.
func (p *OIDCProvider) Forge(tamper func(map[string]any), key *rsa.PrivateKey) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.Tamper, p.SignWith = tamper, key
}

func (p *OIDCProvider) discovery(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, map[string]any{"issuer": p.URL, "authorization_endpoint": p.URL + "/authorize",
		"token_endpoint": p.URL + "/token", "jwks_uri": p.URL + "/jwks", "response_types_supported": []string{"code"},
		"subject_types_supported": []string{"public"}, "id_token_signing_alg_values_supported": []string{"RS256"},
		"code_challenge_methods_supported": []string{"S256"}})
}

func (p *OIDCProvider) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != p.ClientID || q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" ||
		q.Get("code_challenge") == "" || !strings.Contains(q.Get("scope"), "openid") {
		http.Error(w, "bad authorization request", http.StatusBadRequest)
		return
	}
	code := randomString()
	p.mu.Lock()
	p.codes[code] = oidcCode{nonce: q.Get("nonce"), challenge: q.Get("code_challenge"), redirectURI: q.Get("redirect_uri")}
	p.mu.Unlock()
	back, err := url.Parse(q.Get("redirect_uri"))
	if err != nil {
		http.Error(w, "bad redirect_uri", http.StatusBadRequest)
		return
	}
	bq := back.Query()
	bq.Set("code", code)
	bq.Set("state", q.Get("state"))
	back.RawQuery = bq.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

func (p *OIDCProvider) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	p.mu.Lock()
	c, found := p.codes[r.PostForm.Get("code")]
	delete(p.codes, r.PostForm.Get("code"))
	claims := map[string]any{}
	for k, v := range p.Claims {
		claims[k] = v
	}
	tamper, key := p.Tamper, p.Key
	if p.SignWith != nil {
		key = p.SignWith
	}
	p.mu.Unlock()
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	switch {
	case id != p.ClientID || secret != p.ClientSecret:
		writeJSONStatus(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client"})
		return
	case !found || c.redirectURI != r.PostForm.Get("redirect_uri") ||
		base64.RawURLEncoding.EncodeToString(sum[:]) != c.challenge:
		writeJSONStatus(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant"})
		return
	}
	now := p.Now()
	claims["iss"], claims["sub"], claims["aud"] = p.URL, "campus-person", p.ClientID
	claims["iat"], claims["exp"], claims["nonce"] = now.Unix(), now.Add(5*time.Minute).Unix(), c.nonce
	if tamper != nil {
		tamper(claims)
	}
	writeJSON(w, map[string]any{"access_token": randomString(), "token_type": "Bearer", "expires_in": 300,
		"id_token": SignJWT(key, "test-key", claims)})
}

func (p *OIDCProvider) jwks(w http.ResponseWriter, _ *http.Request) {
	pub := p.Key.PublicKey
	writeJSON(w, map[string]any{"keys": []map[string]string{{"kty": "RSA", "kid": "test-key", "use": "sig", "alg": "RS256",
		"n": base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes())}}})
}

// SignJWT signs claims as an RS256 JSON Web Token.
func SignJWT(key *rsa.PrivateKey, kid string, claims map[string]any) string {
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	input := enc(map[string]string{"alg": "RS256", "typ": "JWT", "kid": kid}) + "." + enc(claims)
	sum := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		panic(err)
	}
	return input + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// CASServer is a CAS server's ticket validation for tests (/cas/p3/serviceValidate): tickets
// are issued by the test for a service URL, and each validates once.
type CASServer struct {
	URL     string // the CAS base URL, ending in /cas
	mu      sync.Mutex
	tickets map[string]CASTicket
}

// CASTicket is who a ticket signs in, and for which service.
type CASTicket struct {
	Service    string
	User       string
	Attributes map[string]string
}

// NewCASServer starts a CAS server, stopped when the test ends.
func NewCASServer(t testing.TB) *CASServer {
	t.Helper()
	c := &CASServer{tickets: map[string]CASTicket{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /cas/p3/serviceValidate", c.validate)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	c.URL = srv.URL + "/cas"
	return c
}

// Issue creates a service ticket.
func (c *CASServer) Issue(t CASTicket) string {
	ticket := "ST-" + randomString()
	c.mu.Lock()
	c.tickets[ticket] = t
	c.mu.Unlock()
	return ticket
}

func (c *CASServer) validate(w http.ResponseWriter, r *http.Request) {
	ticket, service := r.URL.Query().Get("ticket"), r.URL.Query().Get("service")
	c.mu.Lock()
	t, ok := c.tickets[ticket]
	delete(c.tickets, ticket)
	c.mu.Unlock()
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	if !ok || t.Service != service {
		fmt.Fprintf(w, `<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationFailure code="INVALID_TICKET">Ticket %s not recognized</cas:authenticationFailure></cas:serviceResponse>`, xmlText(ticket))
		return
	}
	var attrs strings.Builder
	for k, v := range t.Attributes {
		fmt.Fprintf(&attrs, "<cas:%s>%s</cas:%s>", k, xmlText(v), k)
	}
	fmt.Fprintf(w, `<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationSuccess><cas:user>%s</cas:user><cas:attributes>%s</cas:attributes></cas:authenticationSuccess></cas:serviceResponse>`,
		xmlText(t.User), attrs.String())
}

func xmlText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func writeJSON(w http.ResponseWriter, v any) { writeJSONStatus(w, http.StatusOK, v) }

func writeJSONStatus(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func randomString() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
