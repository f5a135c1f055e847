package app

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"cqshare/app/files"
)

// bucketName is the S3 rule for bucket names: 3 to 63 lower-case letters, digits, dots and
// hyphens, starting and ending with a letter or digit.
var bucketName = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)

// fileConfig reads FILE_STORE and its settings into cfg: FILES_DIR for the local store (by
// default the data folder's "files"), the S3_* settings for the s3 store, and MAX_UPLOAD_MB.
func fileConfig(cfg *Config, get func(key, def string) string, boolVar func(key string, def bool) bool) error {
	var errs []error
	cfg.FileStore = strings.ToLower(get("FILE_STORE", "local"))
	cfg.FilesDir = get("FILES_DIR", filepath.Join(dataDir(cfg.DatabaseURL), "files"))
	raw := get("MAX_UPLOAD_MB", "20")
	mb, err := strconv.Atoi(raw)
	if err != nil || mb < 1 || mb > 1024 {
		errs = append(errs, fmt.Errorf("MAX_UPLOAD_MB: %q is not a whole number of MiB from 1 to 1024", raw))
		mb = 20
	}
	cfg.MaxUploadMB = mb
	switch cfg.FileStore {
	case "local":
	case "s3":
		cfg.S3 = files.S3Config{Endpoint: get("S3_ENDPOINT", ""), Bucket: get("S3_BUCKET", ""),
			AccessKey: get("S3_ACCESS_KEY", ""), SecretKey: get("S3_SECRET_KEY", ""), UseSSL: boolVar("S3_USE_SSL", true)}
		errs = append(errs, checkS3(cfg.S3))
	default:
		errs = append(errs, fmt.Errorf("FILE_STORE: %q is neither local nor s3", cfg.FileStore))
	}
	return errors.Join(errs...)
}

// checkS3 says what is missing or malformed in the s3 store's settings.
func checkS3(c files.S3Config) error {
	var errs []error
	switch {
	case c.Endpoint == "":
		errs = append(errs, errors.New("S3_ENDPOINT: required with FILE_STORE=s3 (host or host:port)"))
	case strings.Contains(c.Endpoint, "://") || strings.ContainsAny(c.Endpoint, "/?#@ "):
		errs = append(errs, fmt.Errorf("S3_ENDPOINT: %q is not host or host:port (no scheme or path: S3_USE_SSL chooses https)", c.Endpoint))
	}
	if !bucketName.MatchString(c.Bucket) || strings.Contains(c.Bucket, "..") {
		errs = append(errs, fmt.Errorf("S3_BUCKET: %q is not a bucket name (3 to 63 lower-case letters, digits, dots and hyphens)", c.Bucket))
	}
	if c.AccessKey == "" {
		errs = append(errs, errors.New("S3_ACCESS_KEY: required with FILE_STORE=s3"))
	}
	if c.SecretKey == "" {
		errs = append(errs, errors.New("S3_SECRET_KEY: required with FILE_STORE=s3"))
	}
	return errors.Join(errs...)
}

// dataDir is the data folder: the SQLite database's folder, or "data" beside the server for
// another engine.
func dataDir(databaseURL string) string {
	if dialect, rest, err := ParseDatabaseURL(databaseURL); err == nil && dialect == "sqlite" {
		path, _, _ := strings.Cut(strings.TrimPrefix(rest, "file:"), "?")
		if path != "" && !strings.HasPrefix(path, ":memory:") {
			return filepath.Dir(path)
		}
	}
	return "data"
}
