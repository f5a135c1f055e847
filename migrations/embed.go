// Package migrations holds the versioned SQL schema, one folder per dialect, embedded in the binary.
package migrations

import "embed"

// FS holds sqlite/*.sql and mysql/*.sql; each dialect's folder has the same versions.
//
//go:embed sqlite/*.sql mysql/*.sql
var FS embed.FS
