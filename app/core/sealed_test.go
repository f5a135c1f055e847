package core

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestSealer(t *testing.T) {
	t.Parallel()
	key := bytes.Repeat([]byte{7}, SecretKeySize)
	s, err := NewSealer(key)
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.Seal("client-secret", "col")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := s.Seal("client-secret", "col")
	if !IsSealed(a) || strings.Contains(a, "client-secret") || a == b {
		t.Errorf("sealed %q and %q: want prefixed, without the plaintext, and different each time", a, b)
	}
	if got, err := s.Open(a, "col"); err != nil || got != "client-secret" {
		t.Errorf("opened %q, %v; want client-secret", got, err)
	}
	if got, err := s.Open("legacy-plain", "col"); err != nil || got != "legacy-plain" {
		t.Errorf("opened plaintext as %q, %v; want it unchanged", got, err)
	}
	other, _ := NewSealer(bytes.Repeat([]byte{8}, SecretKeySize))
	tampered := a[:len(a)-2] + map[bool]string{true: "AA", false: "BB"}[!strings.HasSuffix(a, "AA")]
	for name, open := range map[string]func() (string, error){
		"another key":     func() (string, error) { return other.Open(a, "col") },
		"another purpose": func() (string, error) { return s.Open(a, "other") },
		"altered":         func() (string, error) { return s.Open(tampered, "col") },
		"truncated":       func() (string, error) { return s.Open(SealedPrefix+"AAAA", "col") },
	} {
		if _, err := open(); !errors.Is(err, ErrSealedValue) {
			t.Errorf("%s: got %v, want ErrSealedValue", name, err)
		}
	}
	var none Sealer
	if _, err := none.Seal("x", "col"); !errors.Is(err, ErrNoSecretKey) {
		t.Errorf("sealing without a key: got %v, want ErrNoSecretKey", err)
	}
	if _, err := none.Open(a, "col"); !errors.Is(err, ErrNoSecretKey) {
		t.Errorf("opening without a key: got %v, want ErrNoSecretKey", err)
	}
	if _, err := NewSealer(key[:16]); err == nil {
		t.Error("a 16-byte key was taken, want it refused")
	}
	if n := len(a); n != SealedLen(len("client-secret")) {
		t.Errorf("sealed length %d, SealedLen says %d", n, SealedLen(len("client-secret")))
	}
}

func TestParseSecretKey(t *testing.T) {
	t.Parallel()
	want := bytes.Repeat([]byte{0xab}, SecretKeySize)
	for _, raw := range []string{strings.Repeat("ab", 32), "q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=", " q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s\n"} {
		if got, err := ParseSecretKey(raw); err != nil || !bytes.Equal(got, want) {
			t.Errorf("ParseSecretKey(%q) = %x, %v; want %x", raw, got, err, want)
		}
	}
	for _, raw := range []string{"", "short", strings.Repeat("ab", 16), "q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6ur"} {
		if _, err := ParseSecretKey(raw); err == nil {
			t.Errorf("ParseSecretKey(%q) took it, want a refusal", raw)
		}
	}
}
