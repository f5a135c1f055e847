package services

import (
	"path"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzSanitizeFileName checks that a stored file name is a plain name: valid UTF-8, no path
// separator, NUL, control or bidirectional formatting character, not starting with a dot (so
// never "." or ".."), at most maxFileName characters, never empty; and that sanitising it again
// changes nothing.
func FuzzSanitizeFileName(f *testing.F) {
	for _, s := range []string{"report.pdf", "../../etc/passwd", `C:\Users\me\report.pdf`, "..", ".", "", " ",
		".htaccess", "a/b/", "report.pdf\x00.exe", "evil\u202efdp.exe", "\u200f报告.docx", "报告.pdf", "\xff\xfe.txt",
		"name.\xffpdf", strings.Repeat("长", 500) + ".pdf", strings.Repeat("a", 200) + "." + strings.Repeat("b", 20),
		"a." + strings.Repeat("b", 16), "a .pdf", "a. pdf", " ..pdf", "report.pdf. . .", "\"quoted\".txt", "tab\there.txt",
		"ｒｅｐｏｒｔ．ｐｄｆ", "line\u2028break.txt", "a\u0301.txt", "\ufeffbom.txt", strings.Repeat(" .", 100) + "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		name := SanitizeFileName(in)
		if !utf8.ValidString(name) || name == "" || strings.HasPrefix(name, ".") || utf8.RuneCountInString(name) > maxFileName {
			t.Fatalf("SanitizeFileName(%q) = %q", in, name)
		}
		if strings.ContainsFunc(name, func(r rune) bool {
			return r == '/' || r == '\\' || r == 0 || unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)
		}) {
			t.Fatalf("SanitizeFileName(%q) = %q, with a separator or a control character", in, name)
		}
		if again := SanitizeFileName(name); again != name {
			t.Fatalf("SanitizeFileName(%q) = %q, but sanitised again %q", in, name, again)
		}
	})
}

// FuzzDetectType checks that a file is accepted only as one of the accepted types, by its
// content whatever its name says, and that the extension an accepted file may be given is its
// type's.
func FuzzDetectType(f *testing.F) {
	f.Add([]byte("%PDF-1.7\n"), "report.pdf")
	f.Add([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "photo.pdf")
	f.Add([]byte("MZ\x90\x00\x03\x00\x00\x00"), "report.pdf")
	f.Add([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), "old.doc")
	f.Add([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), "old.msi")
	f.Add([]byte("<html><script>alert(1)</script>"), "page.txt")
	f.Add([]byte("a,b\n1,2\n"), "data.csv")
	f.Add([]byte("PK\x03\x04"), "archive.zip")
	f.Add([]byte{}, "")
	f.Add([]byte("\xff\xfe\x00\x00"), "x.txt")
	f.Fuzz(func(t *testing.T, head []byte, name string) {
		ctype, ext, ok := detectType(head, name)
		if !ok {
			return
		}
		base, _, _ := strings.Cut(ctype, ";")
		accepted := false
		for _, a := range acceptedTypes {
			accepted = accepted || base == a
		}
		for _, legacy := range legacyOffice {
			accepted = accepted || base == legacy
		}
		if !accepted {
			t.Fatalf("detectType(%q, %q) accepted %q", head, name, ctype)
		}
		if ext != "" && (!strings.HasPrefix(ext, ".") || strings.ContainsAny(ext, "/\\\x00") || path.Ext(ext) != ext) {
			t.Fatalf("detectType(%q, %q) gave the extension %q", head, name, ext)
		}
	})
}
