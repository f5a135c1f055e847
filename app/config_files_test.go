package app

import (
	"path/filepath"
	"strings"
	"testing"

	"cqshare/app/files"
)

func TestFileConfig(t *testing.T) {
	t.Parallel()
	s3 := map[string]string{"FILE_STORE": "s3", "S3_ENDPOINT": "minio:9000", "S3_BUCKET": "cqshare-files",
		"S3_ACCESS_KEY": "k", "S3_SECRET_KEY": "s", "S3_USE_SSL": "false"}
	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for a, b := range s3 {
			m[a] = b
		}
		m[k] = v
		return m
	}
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string
		check   func(t *testing.T, c Config)
	}{
		{"defaults: local, beside the database, 20 MiB", nil, "", func(t *testing.T, c Config) {
			if c.FileStore != "local" || c.FilesDir != filepath.Join("data", "files") || c.MaxUploadMB != 20 {
				t.Errorf("got %q %q %d, want local data/files 20", c.FileStore, c.FilesDir, c.MaxUploadMB)
			}
		}},
		{"data folder of the database", map[string]string{"DATABASE_URL": "sqlite:///var/lib/cqshare/app.db?_fk=1"}, "", func(t *testing.T, c Config) {
			if c.FilesDir != "/var/lib/cqshare/files" {
				t.Errorf("got FILES_DIR %q, want /var/lib/cqshare/files", c.FilesDir)
			}
		}},
		{"files folder", map[string]string{"FILES_DIR": "/srv/files", "MAX_UPLOAD_MB": "50"}, "", func(t *testing.T, c Config) {
			if c.FilesDir != "/srv/files" || c.MaxUploadMB != 50 {
				t.Errorf("got %q %d, want /srv/files 50", c.FilesDir, c.MaxUploadMB)
			}
		}},
		{"s3", s3, "", func(t *testing.T, c Config) {
			want := files.S3Config{Endpoint: "minio:9000", Bucket: "cqshare-files", AccessKey: "k", SecretKey: "s"}
			if c.FileStore != "s3" || c.S3 != want {
				t.Errorf("got %q %+v, want s3 %+v", c.FileStore, c.S3, want)
			}
		}},
		{"s3 over https by default", with("S3_USE_SSL", ""), "", func(t *testing.T, c Config) {
			if !c.S3.UseSSL {
				t.Error("got S3_USE_SSL false, want true by default")
			}
		}},
		{"unknown store", map[string]string{"FILE_STORE": "ftp"}, "FILE_STORE", nil},
		{"upload limit not a number", map[string]string{"MAX_UPLOAD_MB": "20MB"}, "MAX_UPLOAD_MB", nil},
		{"upload limit zero", map[string]string{"MAX_UPLOAD_MB": "0"}, "MAX_UPLOAD_MB", nil},
		{"s3 without endpoint", with("S3_ENDPOINT", ""), "S3_ENDPOINT", nil},
		{"s3 endpoint with a scheme", with("S3_ENDPOINT", "https://minio:9000"), "S3_ENDPOINT", nil},
		{"s3 bad bucket", with("S3_BUCKET", "Files_2026"), "S3_BUCKET", nil},
		{"s3 without access key", with("S3_ACCESS_KEY", ""), "S3_ACCESS_KEY", nil},
		{"s3 without secret key", with("S3_SECRET_KEY", ""), "S3_SECRET_KEY", nil},
		{"s3 bad SSL flag", with("S3_USE_SSL", "maybe"), "S3_USE_SSL", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ConfigFromLookup(func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got error %v, want one naming %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}
