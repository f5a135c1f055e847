package core

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NormalizeEmail is the canonical form of an e-mail address, the one accounts are stored and
// found by: trimmed, NFKC (full-width ａｄｍｉｎ＠… is admin@…), lower case. The database compares
// it byte for byte, so every look-alike either normalises to the same address or is another one.
func NormalizeEmail(s string) string {
	s = norm.NFKC.String(strings.TrimSpace(s))
	return norm.NFKC.String(strings.ToLower(s)) // lowering may leave a form NFKC composes
}

// ParseEmail is NormalizeEmail for an address a person gives (to register, sign in, or an
// administrator's new account). It refuses, with a 422 on email, what is not a plausible
// address: invalid UTF-8, invisible and format characters (U+200B, soft hyphens, variation
// selectors, controls), spaces, anything but one @ between a local part and a dotted domain, and
// letters of two scripts in one part (a Cyrillic а among Latin letters) beyond the mixes a
// Chinese, Japanese or Korean address may have.
func ParseEmail(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", emailError("email.invalid_utf8")
	}
	e := NormalizeEmail(s)
	for _, r := range e {
		if invisible(r) {
			return "", emailError("email.invisible")
		}
	}
	local, domain, ok := strings.Cut(e, "@")
	switch {
	case !ok || strings.Contains(domain, "@"):
		return "", emailError("email.one_at")
	case utf8.RuneCountInString(e) > 254:
		return "", emailError("email.too_long")
	case !plausibleLocal(local):
		return "", emailError("email.local_part")
	case !plausibleDomain(domain):
		return "", emailError("email.domain")
	case !singleScript(local) || !singleScript(domain):
		return "", emailError("email.mixed_scripts")
	}
	return e, nil
}

func emailError(key string) *Error {
	return FieldError("email", key)
}

// invisible reports characters that show nothing, or look like nothing, in an address.
func invisible(r rune) bool {
	return r == utf8.RuneError || !unicode.IsGraphic(r) || unicode.IsSpace(r) ||
		unicode.In(r, unicode.Cf, unicode.Co, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector)
}

// atext are the characters besides letters and digits an unquoted local part may hold (RFC 5322).
const atext = "!#$%&'*+-/=?^_`{|}~"

func plausibleLocal(s string) bool {
	if s == "" || len(s) > 64 || strings.HasPrefix(s, ".") || strings.HasSuffix(s, ".") || strings.Contains(s, "..") {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) && r != '.' && !strings.ContainsRune(atext, r) {
			return false
		}
	}
	return true
}

func plausibleDomain(s string) bool {
	labels := strings.Split(s, ".")
	if len(s) > 253 || len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") {
			return false
		}
		for _, r := range l {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) && r != '-' {
				return false
			}
		}
	}
	tld := labels[len(labels)-1]
	return strings.IndexFunc(tld, unicode.IsLetter) >= 0 // not an IP address or a number
}

// scriptMixes are the sets of scripts one part may mix (UTS #39's highly restrictive level).
var scriptMixes = [][]string{
	{"Latin", "Han", "Hiragana", "Katakana"},
	{"Latin", "Han", "Bopomofo"},
	{"Latin", "Han", "Hangul"},
}

// singleScript reports whether the letters of s are of one script, or of one allowed mix.
func singleScript(s string) bool {
	var scripts []string
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		if name := scriptOf(r); name != "" && !slices.Contains(scripts, name) {
			scripts = append(scripts, name)
		}
	}
	if len(scripts) <= 1 {
		return true
	}
	for _, mix := range scriptMixes {
		if !slices.ContainsFunc(scripts, func(n string) bool { return !slices.Contains(mix, n) }) {
			return true
		}
	}
	return false
}

func scriptOf(r rune) string {
	if r < utf8.RuneSelf {
		return "Latin" // the common case, without a look through every script
	}
	for name, table := range unicode.Scripts {
		if name != "Common" && name != "Inherited" && unicode.Is(table, r) {
			return name
		}
	}
	return ""
}
