package accounts_test

import (
	"strings"
	"testing"

	"cqshare/app/accounts"
	"cqshare/app/apptest"
	"cqshare/app/core"
	"cqshare/models"
)

// storedSecret is the client_secret column of a provider as the database holds it.
func (w *ssoWorld) storedSecret(id int64) string {
	w.T.Helper()
	p, err := w.DB.SSOProviderByID(w.Ctx, id)
	w.Must(err)
	return p.ClientSecret
}

func TestSSOClientSecretsAreSealed(t *testing.T) {
	t.Parallel()
	w := newSSOWorld(t)
	claims := map[string]any{"email": w.student.Email}
	plain := w.oidc.ClientSecret

	// The column holds the sealed secret, never the one given; sign-on opens it.
	stored := w.storedSecret(w.byEmail.ID)
	if !strings.HasPrefix(stored, core.SealedPrefix) || strings.Contains(stored, plain) {
		t.Fatalf("stored secret %q, want it sealed (%s…) without the plaintext", stored, core.SealedPrefix)
	}
	if n := w.Count(&models.SSOProvider{}, "client_secret LIKE ?", "%"+plain+"%"); n != 0 {
		t.Errorf("got %d providers holding the plaintext secret, want 0", n)
	}
	if other := w.storedSecret(w.byNumber.ID); other == stored {
		t.Errorf("two providers with the same secret store the same value %q: the nonce is not fresh", stored)
	}
	_, err := w.signOn(w.byEmail, claims)
	apptest.CheckErr(t, err, "")

	// A secret stored in clear before sealing still signs people in; the next save seals it,
	// as does the sealing the server runs as it starts.
	w.Must(w.DB.UpdateByID(w.Ctx, &models.SSOProvider{}, w.byEmail.ID, map[string]any{"client_secret": plain}))
	_, err = w.signOn(w.byEmail, claims)
	apptest.CheckErr(t, err, "")
	in := accounts.SSOProviderInput{OrganizationID: w.college, Kind: models.SSOKindOIDC, Name: w.byEmail.Name,
		BaseURL: w.oidc.URL, ClientID: w.oidc.ClientID, MatchBy: models.SSOMatchEmail, Enabled: true}
	_, err = w.App.Accounts.UpdateSSOProvider(w.Ctx, core.System, w.byEmail.ID, in)
	w.Must(err)
	if s := w.storedSecret(w.byEmail.ID); !core.IsSealed(s) {
		t.Errorf("stored secret %q after a save without a new one, want it sealed", s)
	}
	w.Must(w.DB.UpdateByID(w.Ctx, &models.SSOProvider{}, w.byEmail.ID, map[string]any{"client_secret": plain}))
	n, err := w.App.Accounts.SealSSOSecrets(w.Ctx)
	w.Must(err)
	if s := w.storedSecret(w.byEmail.ID); n != 1 || !core.IsSealed(s) {
		t.Errorf("sealing at start sealed %d secrets and left %q, want 1 and sealed", n, s)
	}
	_, err = w.signOn(w.byEmail, claims)
	apptest.CheckErr(t, err, "")

	// Under another key the secret does not open: the provider is unavailable, and nothing
	// stored is touched; re-entering the secret under the new key (the rotation) brings it back.
	key, err := core.NewSealer([]byte("another-32-byte-key-for-rotation"))
	w.Must(err)
	rotated := accounts.New(w.App.Accounts.Base, accounts.Config{Secrets: key})
	before := w.storedSecret(w.byEmail.ID)
	_, err = rotated.StartSSO(w.Ctx, w.byEmail.ID, "/")
	apptest.CheckErr(t, err, "sso_unavailable")
	if n, err := rotated.SealSSOSecrets(w.Ctx); err != nil || n != 0 || w.storedSecret(w.byEmail.ID) != before {
		t.Errorf("sealing under another key: %d sealed, %v; want nothing changed", n, err)
	}
	in.ClientSecret = plain
	_, err = rotated.UpdateSSOProvider(w.Ctx, core.System, w.byEmail.ID, in)
	w.Must(err)
	_, err = rotated.StartSSO(w.Ctx, w.byEmail.ID, "/")
	apptest.CheckErr(t, err, "")
	_, err = w.App.Accounts.StartSSO(w.Ctx, w.byEmail.ID, "/")
	apptest.CheckErr(t, err, "sso_unavailable")

	// Without a key no secret is stored (the field says why); a public client or CAS needs none.
	keyless := accounts.New(w.App.Accounts.Base, accounts.Config{})
	in.ClientSecret = "new-secret"
	_, err = keyless.CreateSSOProvider(w.Ctx, core.System, in)
	apptest.CheckErr(t, err, "validation_failed", "client_secret")
	in.ClientSecret = ""
	_, err = keyless.CreateSSOProvider(w.Ctx, core.System, in)
	apptest.CheckErr(t, err, "")
	cas := accounts.SSOProviderInput{OrganizationID: w.college, Kind: models.SSOKindCAS, Name: "CAS", BaseURL: w.cas.URL,
		MatchBy: models.SSOMatchStudentNumber, ClientSecret: "ignored"}
	p, err := keyless.CreateSSOProvider(w.Ctx, core.System, cas)
	w.Must(err)
	if p.ClientSecret != "" {
		t.Errorf("got a CAS provider's secret %q, want none kept", p.ClientSecret)
	}
	_, err = keyless.StartSSO(w.Ctx, w.byNumber.ID, "/")
	apptest.CheckErr(t, err, "sso_unavailable")

	// The longest secret taken still fits the column once sealed.
	in.ClientSecret = strings.Repeat("s", 301)
	_, err = w.App.Accounts.CreateSSOProvider(w.Ctx, core.System, in)
	apptest.CheckErr(t, err, "validation_failed", "client_secret")
	in.ClientSecret = strings.Repeat("s", 300)
	p, err = w.App.Accounts.CreateSSOProvider(w.Ctx, core.System, in)
	w.Must(err)
	if s := w.storedSecret(p.ID); len(s) > 500 || !core.IsSealed(s) {
		t.Errorf("a 300-byte secret is stored as %d bytes (sealed: %v), want at most 500 sealed", len(s), core.IsSealed(s))
	}
}
