// Package files keeps attachments' bytes: on local disk under the data folder by default, or in
// an S3-compatible object store when several server copies share the files.
package files

import (
	"fmt"
	"io/fs"
)

// checkKey refuses a key that is not a plain relative path of names ("ab/cdef"): empty, absolute,
// with "." or ".." elements, backslashes or empty elements. Both stores take the same keys, so a
// deployment can move from one to the other.
func checkKey(key string) error {
	if !fs.ValidPath(key) || key == "." {
		return fmt.Errorf("files: invalid key %q", key)
	}
	for _, r := range key {
		if r == '\\' || r < 0x20 || r == 0x7f {
			return fmt.Errorf("files: invalid key %q", key)
		}
	}
	return nil
}
