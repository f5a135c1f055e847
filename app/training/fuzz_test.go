package training

import (
	"strings"
	"testing"
	"time"
)

// FuzzSigninCode checks the rotating sign-in code: six digits, accepted through the minute it is
// shown and the next, and outside them only where six digits collide with a code the window
// holds; a typed code other than six digits is never accepted.
func FuzzSigninCode(f *testing.F) {
	const year2200 = 7258118400
	f.Add("secret", int64(1772524800), int64(0), "123456")
	f.Add("secret", int64(1772524859), int64(1), "000000")
	f.Add("secret", int64(1772524800), int64(119), "12345")
	f.Add("secret", int64(1772524800), int64(120), "1234567")
	f.Add("", int64(0), int64(-1), "")
	f.Add("\x00\xff", int64(year2200-1), int64(60), "１２３４５６")
	f.Add(strings.Repeat("s", 10000), int64(951782400), int64(86400), " 12345")
	f.Add("secret", int64(1772524800), int64(-60), "-12345")
	f.Fuzz(func(t *testing.T, secret string, issued, after int64, typed string) {
		issued = (issued%year2200 + year2200) % year2200
		shown := time.Unix(issued, 0)
		code := signinCode(secret, shown)
		if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
			t.Fatalf("signinCode = %q, not six digits", code)
		}
		now := shown.Add(time.Duration(after%(1<<20)) * time.Second)
		inWindow := now.Unix()/60 == issued/60 || now.Unix()/60 == issued/60+1
		collides := code == signinCode(secret, now) || code == signinCode(secret, now.Add(-codeStep))
		if got := codeMatches(secret, code, now); got != (inWindow || collides) {
			t.Fatalf("the code of %v typed at %v: accepted %v, want %v (in the window %v)", shown, now, got, inWindow || collides, inWindow)
		}
		if codeMatches(secret, typed, now) && (len(typed) != 6 || strings.Trim(typed, "0123456789") != "") {
			t.Fatalf("accepted %q, which is not six digits", typed)
		}
	})
}

// FuzzNormalizeCertificateCode checks that a typed certificate code reads the same when read
// again (what is stored is its own form), without the separators people type.
func FuzzNormalizeCertificateCode(f *testing.F) {
	for _, s := range []string{"CQ-2026-0001", "cq 2026 oool", "", "ǅ", "ı", "ß", "\x00", "\xff", "ＣＱ－２０２６",
		"\u202eCQ2026", strings.Repeat("-", 1000), "İ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		n := NormalizeCertificateCode(code)
		if again := NormalizeCertificateCode(n); again != n {
			t.Fatalf("NormalizeCertificateCode(%q) = %q, read again %q", code, n, again)
		}
		if strings.ContainsAny(n, "- OIL") {
			t.Fatalf("NormalizeCertificateCode(%q) = %q", code, n)
		}
	})
}
