package core

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseEmail(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string // want "" for a refusal
	}{
		{"plain", "admin@demo.local", "admin@demo.local"},
		{"trimmed, lower case", "  Li.Hua@Example.CN ", "li.hua@example.cn"},
		{"full-width letters and at sign", "ａｄｍｉｎ＠ｄｅｍｏ．ｌｏｃａｌ", "admin@demo.local"},
		{"capital with a grave accent", "ÀDMIN@demo.local", "àdmin@demo.local"},
		{"decomposed accent composes", "te\u0301acher@demo.local", "téacher@demo.local"},
		{"Kelvin sign", "\u212Aelvin@demo.local", "kelvin@demo.local"},
		{"Chinese address", "张三@例子.中国", "张三@例子.中国"},
		{"Chinese and Latin", "zhang三@example.cn", "zhang三@example.cn"},
		{"plus and hyphen", "a+b-c@sub.example.cn", "a+b-c@sub.example.cn"},
		{"zero-width space", "admin@demo.local\u200B", ""},
		{"zero-width space inside", "ad\u200Bmin@demo.local", ""},
		{"soft hyphen", "ad\u00ADmin@demo.local", ""},
		{"byte order mark", "\uFEFFadmin@demo.local", ""},
		{"variation selector", "admin\uFE0F@demo.local", ""},
		{"right-to-left override", "admin\u202E@demo.local", ""},
		{"Hangul filler", "admin\u3164@demo.local", ""},
		{"a control character", "admin\x01@demo.local", ""},
		{"invalid UTF-8", "adm\xffin@demo.local", ""},
		{"space inside", "ad min@demo.local", ""},
		{"ideographic space inside", "ad\u3000min@demo.local", ""},
		{"Cyrillic a among Latin letters", "\u0430dmin@demo.local", ""},
		{"Greek omicron in the domain", "admin@dem\u03BF.local", ""},
		{"no at sign", "admin.demo.local", ""},
		{"two at signs", "a@b@demo.local", ""},
		{"no domain dot", "admin@localhost", ""},
		{"numeric top-level domain", "admin@127.0.0.1", ""},
		{"empty local part", "@demo.local", ""},
		{"leading dot", ".admin@demo.local", ""},
		{"double dot", "ad..min@demo.local", ""},
		{"quoted local part", `"ad min"@demo.local`, ""},
		{"hyphen ends a label", "admin@demo-.local", ""},
		{"too long", strings.Repeat("a", 64) + "@" + strings.Repeat("b", 190) + ".cn", ""},
		{"local part over 64 bytes", strings.Repeat("a", 65) + "@demo.local", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseEmail(tt.in)
			if tt.want == "" {
				var e *Error
				if !errors.As(err, &e) || e.Fields["email"].Key == "" {
					t.Fatalf("got %q, %v, want a 422 on email", got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %q, %v, want %q", got, err, tt.want)
			}
			if again := NormalizeEmail(got); again != got {
				t.Errorf("normalising again gives %q, want %q", again, got)
			}
		})
	}
}

func TestClip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		n        int
		want     string
	}{
		{"short", "curl/8.5", 300, "curl/8.5"},
		{"cut by characters", "浏览器ab", 4, "浏览器a"},
		{"a multi-byte character on byte 300", strings.Repeat("a", 299) + "中文", 300, strings.Repeat("a", 299) + "中"},
		{"invalid UTF-8", "Mozilla\xff\xfe/5.0", 300, "Mozilla\uFFFD/5.0"},
		{"a cut multi-byte character", "ab\xe4\xb8", 300, "ab\uFFFD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Clip(tt.in, tt.n)
			if got != tt.want || !utf8.ValidString(got) || utf8.RuneCountInString(got) > tt.n {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
