package files

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLocalKey checks that the local store takes only plain relative keys, and that what it
// takes it keeps inside its folder, gives back as written and deletes.
func FuzzLocalKey(f *testing.F) {
	for _, s := range []string{"services/ab/ab12", "a", "", ".", "..", "../outside", "a/../../outside", "/etc/passwd",
		`a\..\..\outside`, "a//b", "a/./b", "a/", "a\x00b", "a\nb", "\u202eab", "\xff", "a/" + strings.Repeat("b", 300),
		"C:/x", "a:b", "ｓｅｒｖｉｃｅｓ/ab"} {
		f.Add(s)
	}
	parent := f.TempDir()
	dir := filepath.Join(parent, "files")
	s, err := NewLocal(dir)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, key string) {
		err := s.Put(t.Context(), key, strings.NewReader("x"), 1, "text/plain")
		if checkKey(key) != nil {
			if err == nil {
				t.Fatalf("Put(%q) stored a key checkKey refuses", key)
			}
			return
		}
		if err != nil {
			return // a key the file system refuses (too long, a file where a folder is needed)
		}
		rel, err := filepath.Rel(dir, filepath.Join(dir, filepath.FromSlash(key)))
		if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || strings.ContainsAny(key, "\\\x00") {
			t.Fatalf("Put(%q) stored outside its folder: %q", key, rel)
		}
		rc, err := s.Get(t.Context(), key)
		if err != nil {
			t.Fatalf("Get(%q) after Put: %v", key, err)
		}
		b, err := io.ReadAll(rc)
		_ = rc.Close()
		if err != nil || !bytes.Equal(b, []byte("x")) {
			t.Fatalf("Get(%q) = %q, %v, want x", key, b, err)
		}
		if err := s.Delete(t.Context(), key); err != nil {
			t.Fatalf("Delete(%q): %v", key, err)
		}
		if entries, _ := os.ReadDir(parent); len(entries) != 1 {
			t.Fatalf("Put(%q) wrote beside the store's folder: %v", key, entries)
		}
	})
}
