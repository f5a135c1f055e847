package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSecretKeyConfig(t *testing.T) {
	t.Parallel()
	hexKey := strings.Repeat("ab", 32)
	file := filepath.Join(t.TempDir(), "secret_key")
	if err := os.WriteFile(file, []byte("q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	want := bytes.Repeat([]byte{0xab}, 32)
	tests := []struct {
		name    string
		env     map[string]string
		want    []byte
		wantErr string
	}{
		{"none: no key", nil, nil, ""},
		{"hexadecimal", map[string]string{"SECRET_KEY": hexKey}, want, ""},
		{"from a file, base64 with a newline", map[string]string{"SECRET_KEY_FILE": file}, want, ""},
		{"too short", map[string]string{"SECRET_KEY": "secret"}, nil, "SECRET_KEY: not 32 bytes"},
		{"both", map[string]string{"SECRET_KEY": hexKey, "SECRET_KEY_FILE": file}, nil, "not both"},
		{"a missing file", map[string]string{"SECRET_KEY_FILE": file + ".missing"}, nil, "SECRET_KEY_FILE: open"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ConfigFromLookup(func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got error %v, want one with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !bytes.Equal(c.SecretKey, tt.want) {
				t.Errorf("got key %x, %v; want %x", c.SecretKey, err, tt.want)
			}
		})
	}
}
