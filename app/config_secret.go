package app

import (
	"errors"
	"fmt"
	"os"

	"cqshare/app/core"
)

// secretKey reads the server's key for the secrets it stores sealed (the sign-on providers'
// client secrets): SECRET_KEY, or the file SECRET_KEY_FILE names (a mounted secret), 32 bytes
// in hexadecimal or base64. Neither set is no key: the server then refuses to store a secret.
func secretKey(get func(key, def string) string) ([]byte, error) {
	raw, file := get("SECRET_KEY", ""), get("SECRET_KEY_FILE", "")
	name := "SECRET_KEY"
	switch {
	case raw != "" && file != "":
		return nil, errors.New("SECRET_KEY and SECRET_KEY_FILE: set one of them, not both")
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("SECRET_KEY_FILE: %w", err)
		}
		raw, name = string(b), "SECRET_KEY_FILE"
	case raw == "":
		return nil, nil
	}
	key, err := core.ParseSecretKey(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return key, nil
}
