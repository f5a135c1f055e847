package core

import (
	"math"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseEmail checks that an accepted address is its own canonical form (parsing it again
// gives it back), valid UTF-8 without spaces or invisible characters, one @ between a local part
// and a dotted domain, at most 254 characters.
func FuzzParseEmail(f *testing.F) {
	for _, s := range []string{"admin@demo.local", " Admin@Demo.Local ", "ａｄｍｉｎ＠ｄｅｍｏ.ｌｏｃａｌ", "张三@例子.中国",
		"a@b", "a@@b.cn", "a@b.cn@c.cn", "a\u200b@b.cn", "a@b.cn\u200f", "\u202eadmin@demo.local", "a\x00@b.cn",
		"a\xff@b.cn", "аdmin@demo.local", ".a@b.cn", "a..b@b.cn", "a@-b.cn", "a@1.2", "İ@b.cn", "ǅ@b.cn",
		"ﬀ@b.cn", "a@b.ＣＮ", "ß@straße.de", "x@" + strings.Repeat("a", 300) + ".cn", strings.Repeat("a", 65) + "@b.cn", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseEmail(s)
		if err != nil {
			if e != "" {
				t.Fatalf("ParseEmail(%q) refused it but gave %q", s, e)
			}
			return
		}
		if again, err := ParseEmail(e); err != nil || again != e {
			t.Fatalf("ParseEmail(%q) = %q, which parses as %q, %v", s, e, again, err)
		}
		if NormalizeEmail(e) != e {
			t.Fatalf("ParseEmail(%q) = %q, not in its normal form %q", s, e, NormalizeEmail(e))
		}
		local, domain, _ := strings.Cut(e, "@")
		if !utf8.ValidString(e) || strings.Count(e, "@") != 1 || local == "" || !strings.Contains(domain, ".") ||
			utf8.RuneCountInString(e) > 254 || strings.ContainsFunc(e, invisible) {
			t.Fatalf("ParseEmail(%q) accepted %q", s, e)
		}
	})
}

// FuzzNewPage checks that any page and size a query asks for become a page inside the bounds
// whose offset neither overflows nor goes negative.
func FuzzNewPage(f *testing.F) {
	for _, p := range [][2]int{{0, 0}, {1, 20}, {-1, -1}, {math.MaxInt, math.MaxInt}, {math.MinInt, math.MinInt},
		{MaxPageNumber, MaxPageSize}, {MaxPageNumber + 1, MaxPageSize + 1}} {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, number, size int) {
		p := NewPage(number, size)
		if p.Number < 1 || p.Number > MaxPageNumber || p.Size < 1 || p.Size > MaxPageSize {
			t.Fatalf("NewPage(%d, %d) = %+v, outside the bounds", number, size, p)
		}
		if off := p.Offset(); off < 0 || off > (MaxPageNumber-1)*MaxPageSize {
			t.Fatalf("NewPage(%d, %d).Offset() = %d", number, size, off)
		}
		if number >= 1 && number <= MaxPageNumber && size >= 1 && size <= MaxPageSize && (p.Number != number || p.Size != size) {
			t.Fatalf("NewPage(%d, %d) = %+v, changed a page inside the bounds", number, size, p)
		}
	})
}

// prefersChinese is a header whose first language is Chinese, with no quality given.
var prefersChinese = regexp.MustCompile(`^zh(-CN)?(,|$)`)

// FuzzParseAcceptLanguage checks that any header picks one of the languages, and that a header
// that prefers Chinese and does not name English gets Chinese.
func FuzzParseAcceptLanguage(f *testing.F) {
	for _, s := range []string{"", "en", "en-US,en;q=0.9", "zh-CN,zh;q=0.9,en;q=0.8", "en;q=0", "*", "fr",
		"en;q=1e9", "en;q=-1", "\x00", "\xff\xfe", strings.Repeat("en-", 10000), "ＥＮ", "zh-Hant-TW"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		lang := ParseAcceptLanguage(header)
		if lang != ZH && lang != EN {
			t.Fatalf("ParseAcceptLanguage(%q) = %q", header, lang)
		}
		if lang == EN && prefersChinese.MatchString(header) && !strings.Contains(strings.ToLower(header), "en") {
			t.Fatalf("ParseAcceptLanguage(%q) picked English, which it does not name", header)
		}
	})
}
