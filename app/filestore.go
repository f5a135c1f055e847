package app

import (
	"context"

	"cqshare/app/files"
	"cqshare/app/services"
)

// openFileStore opens the store that FILE_STORE names.
func openFileStore(ctx context.Context, cfg Config) (services.FileStore, error) {
	if cfg.FileStore == "s3" {
		return files.NewS3(ctx, cfg.S3)
	}
	return files.NewLocal(cfg.FilesDir)
}
