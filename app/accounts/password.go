package accounts

import (
	"cqshare/app/core"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// The password rule, wherever a password is set (registration, a password change, an account an
// administrator creates): at least 8 characters and at most 72 bytes (bcrypt reads no further;
// a Chinese character takes 3), at least two kinds of character, and not the e-mail address.
const (
	passwordMinChars = 8
	passwordMaxBytes = 72
	passwordMinKinds = 2
)

// passwordProblem says how a password breaks the rule; its Key is "" when it does not.
func passwordProblem(password, email string) core.Text {
	local, _, _ := strings.Cut(email, "@")
	switch {
	case len(password) > passwordMaxBytes:
		return core.T("password.max_bytes", "max", passwordMaxBytes)
	case utf8.RuneCountInString(password) < passwordMinChars:
		return core.T("password.min_chars", "min", passwordMinChars)
	case strings.TrimSpace(password) == "":
		return core.T("password.spaces")
	case passwordKinds(password) < passwordMinKinds:
		return core.T("password.kinds", "min", passwordMinKinds)
	case strings.EqualFold(password, email) || strings.EqualFold(password, local):
		return core.T("password.email")
	}
	return core.Text{}
}

// passwordKinds counts the kinds of character in a password: lower-case letters, capitals, other
// letters (Chinese characters), digits and symbols; spaces are no kind.
func passwordKinds(s string) int {
	var seen [5]bool
	for _, r := range s {
		switch {
		case unicode.IsLower(r):
			seen[0] = true
		case unicode.IsUpper(r):
			seen[1] = true
		case unicode.IsLetter(r):
			seen[2] = true
		case unicode.IsDigit(r):
			seen[3] = true
		case !unicode.IsSpace(r):
			seen[4] = true
		}
	}
	n := 0
	for _, ok := range seen {
		if ok {
			n++
		}
	}
	return n
}

// matches reports whether password is the one hashed; a password longer than bcrypt reads is
// never one (bcrypt would compare only its first 72 bytes).
func matches(hash, password string) bool {
	if len(password) > passwordMaxBytes {
		_ = bcrypt.CompareHashAndPassword(dummyHash, []byte(password[:passwordMaxBytes])) // the same time
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
}

// dummyHash is compared when there is no account, so response time does not reveal accounts.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("not a password"), bcrypt.DefaultCost)
