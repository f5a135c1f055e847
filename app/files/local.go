package files

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"

	"cqshare/app/core"
)

// Local keeps files in a folder on this machine (FILES_DIR). Every access goes through os.Root,
// so no key, link or race reaches outside the folder.
type Local struct {
	dir string
}

// NewLocal makes the folder when it is missing and returns the store over it.
func NewLocal(dir string) (*Local, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("files: make %s: %w", dir, err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("files: open %s: %w", dir, err)
	}
	return &Local{dir: dir}, root.Close()
}

func (l *Local) open(key string) (*os.Root, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	return os.OpenRoot(l.dir)
}

// Put writes the bytes to a temporary file beside the key's and renames it into place once they
// are all on disk, so a reader never sees half a file and a failed write leaves nothing.
func (l *Local) Put(ctx context.Context, key string, r io.Reader, size int64, _ string) (err error) {
	root, err := l.open(key)
	if err != nil {
		return err
	}
	defer root.Close()
	if dir := path.Dir(key); dir != "." {
		if err := root.MkdirAll(dir, 0o750); err != nil {
			return fmt.Errorf("files: %w", err)
		}
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	tmp := key + ".tmp-" + hex.EncodeToString(b[:])
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return fmt.Errorf("files: %w", err)
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = root.Remove(tmp)
		}
	}()
	n, err := io.Copy(f, io.LimitReader(readerWithContext{ctx, r}, size+1))
	if err != nil {
		return fmt.Errorf("files: write %s: %w", key, err)
	}
	if n != size {
		return fmt.Errorf("files: write %s: got %d bytes, want %d", key, n, size)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("files: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("files: %w", err)
	}
	if err := root.Rename(tmp, key); err != nil {
		return fmt.Errorf("files: %w", err)
	}
	return nil
}

// Get opens the file under key.
func (l *Local) Get(_ context.Context, key string) (io.ReadCloser, error) {
	root, err := l.open(key)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	f, err := root.Open(key)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, core.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("files: %w", err)
	}
	return f, nil
}

// Delete removes the file under key.
func (l *Local) Delete(_ context.Context, key string) error {
	root, err := l.open(key)
	if err != nil {
		return err
	}
	defer root.Close()
	if err := root.Remove(key); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("files: %w", err)
	}
	return nil
}

// readerWithContext stops a copy when its context ends (the client went away mid-upload).
type readerWithContext struct {
	ctx context.Context
	r   io.Reader
}

func (r readerWithContext) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}
