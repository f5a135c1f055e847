package files

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"cqshare/app/core"
)

// store is what both stores offer (services.FileStore, which this package may not import).
type store interface {
	Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error
	Get(ctx context.Context, key string) (io.ReadCloser, error)
	Delete(ctx context.Context, key string) error
}

func TestLocal(t *testing.T) {
	t.Parallel()
	testStore(t, func(t *testing.T) store {
		s, err := NewLocal(filepath.Join(t.TempDir(), "files"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestS3(t *testing.T) {
	t.Parallel()
	testStore(t, func(t *testing.T) store { return newFakeS3(t, "attachments") })
}

// newFakeS3 is an S3 store over an in-process S3 server holding one empty bucket.
func newFakeS3(t *testing.T, bucket string) *S3 {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket(bucket); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	s, err := NewS3(t.Context(), S3Config{Endpoint: strings.TrimPrefix(srv.URL, "http://"), Bucket: bucket,
		AccessKey: "test-key", SecretKey: "test-secret"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// testStore is the behaviour both stores share.
func testStore(t *testing.T, newStore func(t *testing.T) store) {
	t.Run("put get delete", func(t *testing.T) {
		t.Parallel()
		s, ctx := newStore(t), t.Context()
		body := []byte("%PDF-1.7 a report")
		if err := s.Put(ctx, "ab/cdef", bytes.NewReader(body), int64(len(body)), "application/pdf"); err != nil {
			t.Fatal(err)
		}
		if got := read(t, s, "ab/cdef"); !bytes.Equal(got, body) {
			t.Fatalf("got %q, want %q", got, body)
		}
		if err := s.Delete(ctx, "ab/cdef"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, "ab/cdef"); !errors.Is(err, core.ErrNotFound) {
			t.Fatalf("get after delete: got %v, want not found", err)
		}
		if err := s.Delete(ctx, "ab/cdef"); err != nil {
			t.Fatalf("delete of a missing key: got %v, want no error", err)
		}
	})
	t.Run("missing key", func(t *testing.T) {
		t.Parallel()
		if _, err := newStore(t).Get(t.Context(), "no/such"); !errors.Is(err, core.ErrNotFound) {
			t.Fatalf("got %v, want not found", err)
		}
	})
	t.Run("replace", func(t *testing.T) {
		t.Parallel()
		s, ctx := newStore(t), t.Context()
		for _, body := range []string{"first version", "second"} {
			if err := s.Put(ctx, "k", strings.NewReader(body), int64(len(body)), "text/plain"); err != nil {
				t.Fatal(err)
			}
		}
		if got := string(read(t, s, "k")); got != "second" {
			t.Fatalf("got %q, want %q", got, "second")
		}
	})
	t.Run("short body stores nothing", func(t *testing.T) {
		t.Parallel()
		s, ctx := newStore(t), t.Context()
		if err := s.Put(ctx, "short", strings.NewReader("abc"), 10, "text/plain"); err == nil {
			t.Fatal("put of 3 bytes announced as 10: got no error")
		}
		if _, err := s.Get(ctx, "short"); !errors.Is(err, core.ErrNotFound) {
			t.Fatalf("get after a failed put: got %v, want not found", err)
		}
	})
	t.Run("keys that would escape", func(t *testing.T) {
		t.Parallel()
		s, ctx := newStore(t), t.Context()
		for _, key := range []string{"", ".", "../x", "a/../../x", "/etc/passwd", "a//b", `a\b`, "a/./b", "a\x00b"} {
			if err := s.Put(ctx, key, strings.NewReader("x"), 1, "text/plain"); err == nil {
				t.Errorf("put %q: got no error", key)
			}
			if _, err := s.Get(ctx, key); err == nil || errors.Is(err, core.ErrNotFound) {
				t.Errorf("get %q: got %v, want an invalid key", key, err)
			}
			if err := s.Delete(ctx, key); err == nil {
				t.Errorf("delete %q: got no error", key)
			}
		}
	})
}

func read(t *testing.T, s store, key string) []byte {
	t.Helper()
	rc, err := s.Get(t.Context(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLocalLeavesNoTemporaryFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s, err := NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	_ = s.Put(t.Context(), "a/ok", strings.NewReader("fine"), 4, "text/plain")
	_ = s.Put(t.Context(), "a/short", strings.NewReader("ab"), 4, "text/plain")
	entries, err := os.ReadDir(filepath.Join(dir, "a"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "ok" {
		names := []string{}
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("got files %v, want [ok]", names)
	}
}

func TestLocalRefusesLinkOutOfRoot(t *testing.T) {
	t.Parallel()
	dir, outside := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("s"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "out")); err != nil {
		t.Fatal(err)
	}
	s, err := NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(t.Context(), "out/secret"); err == nil {
		t.Fatal("read through a link out of the folder: got no error")
	}
}

func TestNewS3RefusesMissingBucket(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	t.Cleanup(srv.Close)
	_, err := NewS3(t.Context(), S3Config{Endpoint: strings.TrimPrefix(srv.URL, "http://"), Bucket: "missing",
		AccessKey: "k", SecretKey: "s"})
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("got %v, want a missing bucket", err)
	}
}
