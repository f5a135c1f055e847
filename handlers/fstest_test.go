package handlers

import (
	"io/fs"
	"testing/fstest"
)

// fstestMap is an in-memory file tree for UI tests.
type fstestMap map[string]string

func (m fstestMap) FS() fs.FS {
	out := fstest.MapFS{}
	for name, body := range m {
		out[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return out
}
