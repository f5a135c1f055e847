package core

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestCatalogueParity checks that every language has the same keys, each message the same
// placeholders, and that each is in its own language: no Latin words in Chinese, no Chinese in
// English.
func TestCatalogueParity(t *testing.T) {
	t.Parallel()
	zh, en := Messages(ZH), Messages(EN)
	for key, msg := range zh {
		other, ok := en[key]
		if !ok {
			t.Errorf("%s: in zh-CN, missing in en", key)
			continue
		}
		a, b := Placeholders(msg), Placeholders(other)
		slices.Sort(a)
		slices.Sort(b)
		if !slices.Equal(a, b) {
			t.Errorf("%s: placeholders zh-CN %v, en %v", key, a, b)
		}
		if w := Foreign(ZH, placeholder.ReplaceAllString(msg, "")); len(w) > 0 {
			t.Errorf("%s: English %v in the Chinese message %q", key, w, msg)
		}
		if w := Foreign(EN, other); len(w) > 0 {
			t.Errorf("%s: Chinese %v in the English message %q", key, w, other)
		}
	}
	for key := range en {
		if _, ok := zh[key]; !ok {
			t.Errorf("%s: in en, missing in zh-CN", key)
		}
	}
}

// TestCatalogueCoversTheCode finds every message key the Go code names — the key argument of T,
// Say, RuleError and FieldError, and Key fields of errors — and checks the catalogue has it. A
// key built at run time ("booking.resource_" + status) must be the prefix of some key; the tests
// that send every refusal check the rest.
func TestCatalogueCoversTheCode(t *testing.T) {
	t.Parallel()
	keyArg := map[string]int{"T": 0, "Say": 0, "RuleError": 2, "FieldError": 1}
	fset := token.NewFileSet()
	seen := 0
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != "../.." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		check := func(e ast.Expr) {
			seen++
			key, prefix := literalKey(e)
			switch {
			case key != "" && !Has(key):
				t.Errorf("%s: no message %q in the catalogue", fset.Position(e.Pos()), key)
			case prefix != "" && !hasPrefix(prefix):
				t.Errorf("%s: no message starting %q in the catalogue", fset.Position(e.Pos()), prefix)
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				name := ""
				switch fn := n.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				}
				if i, ok := keyArg[name]; ok && len(n.Args) > i {
					check(n.Args[i])
				}
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok && id.Name == "Key" {
					if _, lit := n.Value.(*ast.BasicLit); lit {
						check(n.Value)
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 100 {
		t.Fatalf("found only %d message keys in the code: the scan is broken", seen)
	}
}

// literalKey reads a key argument: a string literal, or a literal followed by + (a prefix);
// neither for a variable, whose values the literals it is set from are checked as.
func literalKey(e ast.Expr) (key, prefix string) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if s, err := strconv.Unquote(e.Value); err == nil {
			return s, ""
		}
	case *ast.BinaryExpr:
		if _, p := literalKey(e.X); p != "" {
			return "", p
		}
		if k, _ := literalKey(e.X); k != "" && e.Op == token.ADD {
			return "", k
		}
	}
	return "", ""
}

func hasPrefix(prefix string) bool {
	for k := range Messages(ZH) {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

func TestSay(t *testing.T) {
	t.Parallel()
	if got := ZH.Say(T("nope")); got != "nope" {
		t.Errorf("an unknown key says %q, want the key", got)
	}
	tests := []struct {
		v      any
		zh, en string
	}{
		{Minutes(90), "1 小时 30 分钟", "1 hour 30 minutes"},
		{Minutes(600), "10 小时", "10 hours"},
		{Minutes(2880), "2 天", "2 days"},
		{Minutes(1), "1 分钟", "1 minute"},
		{Days(1), "1 天", "1 day"},
		{Fen(12345), "123.45 元", "¥123.45"},
		{[]string{"a", "b"}, "a、b", "a, b"},
		{Named{Name: "实训中心", NameEn: "Training center"}, "实训中心", "Training center"},
		{Named{Name: "实训中心"}, "实训中心", "实训中心"},
		{42, "42", "42"},
	}
	for _, tt := range tests {
		if got := ZH.word(tt.v); got != tt.zh {
			t.Errorf("zh %v = %q, want %q", tt.v, got, tt.zh)
		}
		if got := EN.word(tt.v); got != tt.en {
			t.Errorf("en %v = %q, want %q", tt.v, got, tt.en)
		}
	}
}

func TestParseAcceptLanguage(t *testing.T) {
	t.Parallel()
	for header, want := range map[string]Lang{
		"":                         ZH,
		"en":                       EN,
		"en-US,en;q=0.9":           EN,
		"zh-CN,zh;q=0.9,en;q=0.8":  ZH,
		"zh-TW":                    ZH,
		"fr-FR,en;q=0.5":           EN,
		"de":                       ZH,
		"en;q=0.2,zh;q=0.8":        ZH,
		"garbage;;;q=x":            ZH,
		"EN-gb":                    EN,
		"zh-Hans-CN;q=0.9, en;q=1": EN,
	} {
		if got := ParseAcceptLanguage(header); got != want {
			t.Errorf("ParseAcceptLanguage(%q) = %s, want %s", header, got, want)
		}
	}
}
