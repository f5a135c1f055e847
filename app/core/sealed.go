package core

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// SealedPrefix starts every value sealed by a Sealer: "enc:v1:" then the nonce and the
// AES-256-GCM ciphertext, base64url without padding. The version names the scheme, so a later
// one can be told apart; a stored value without the prefix is plaintext from before sealing.
const SealedPrefix = "enc:v1:"

// SecretKeySize is the length of a Sealer's key: 32 bytes, AES-256.
const SecretKeySize = 32

// ErrNoSecretKey is a sealing or opening without a configured key (SECRET_KEY).
var ErrNoSecretKey = errors.New("no SECRET_KEY is configured")

// ErrSealedValue is a sealed value that does not open with the configured key: another key
// sealed it, or it was altered.
var ErrSealedValue = errors.New("the stored secret does not open with SECRET_KEY (another key sealed it, or it was altered)")

// Sealer encrypts secrets the server must read back (a sign-on provider's client secret) before
// they are stored, with AES-256-GCM under the server's key. A zero Sealer has no key: it seals
// nothing and opens only plaintext.
type Sealer struct {
	aead cipher.AEAD
}

// NewSealer builds a Sealer over a 32-byte key; an empty key gives the zero Sealer.
func NewSealer(key []byte) (Sealer, error) {
	if len(key) == 0 {
		return Sealer{}, nil
	}
	if len(key) != SecretKeySize {
		return Sealer{}, fmt.Errorf("the key has %d bytes, want %d", len(key), SecretKeySize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return Sealer{}, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return Sealer{}, err
	}
	return Sealer{aead: aead}, nil
}

// ParseSecretKey reads a key written as 64 hexadecimal digits or as 32 bytes in base64
// (standard or URL alphabet, padded or not), such as `openssl rand -base64 32` prints.
func ParseSecretKey(raw string) ([]byte, error) {
	raw = strings.TrimSpace(raw)
	if b, err := hex.DecodeString(raw); err == nil && len(b) == SecretKeySize {
		return b, nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(raw); err == nil && len(b) == SecretKeySize {
			return b, nil
		}
	}
	return nil, errors.New("not 32 bytes written as 64 hexadecimal digits or in base64 (openssl rand -base64 32)")
}

// HasKey says whether the Sealer can seal.
func (s Sealer) HasKey() bool { return s.aead != nil }

// IsSealed says whether a stored value is sealed (and not plaintext from before sealing).
func IsSealed(stored string) bool { return strings.HasPrefix(stored, SealedPrefix) }

// Seal encrypts plain for the purpose (which a sealed value must be opened with, so it cannot
// be moved to another column). An empty value stays empty.
func (s Sealer) Seal(plain, purpose string) (string, error) {
	if plain == "" {
		return "", nil
	}
	if s.aead == nil {
		return "", ErrNoSecretKey
	}
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := s.aead.Seal(nonce, nonce, []byte(plain), []byte(purpose))
	return SealedPrefix + base64.RawURLEncoding.EncodeToString(out), nil
}

// Open decrypts a stored value sealed for the purpose; a value without the prefix is plaintext
// from before sealing and is given back as it is.
func (s Sealer) Open(stored, purpose string) (string, error) {
	rest, ok := strings.CutPrefix(stored, SealedPrefix)
	if !ok {
		return stored, nil
	}
	if s.aead == nil {
		return "", ErrNoSecretKey
	}
	raw, err := base64.RawURLEncoding.DecodeString(rest)
	if err != nil || len(raw) < s.aead.NonceSize()+s.aead.Overhead() {
		return "", ErrSealedValue
	}
	n := s.aead.NonceSize()
	plain, err := s.aead.Open(nil, raw[:n], raw[n:], []byte(purpose))
	if err != nil {
		return "", ErrSealedValue
	}
	return string(plain), nil
}

// SealedLen is the length of the sealed form of a value of n bytes.
func SealedLen(n int) int {
	return len(SealedPrefix) + base64.RawURLEncoding.EncodedLen(12+n+16)
}
