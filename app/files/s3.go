package files

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"cqshare/app/core"
)

// S3Config names an S3-compatible bucket (MinIO, a cloud's object storage).
type S3Config struct {
	Endpoint  string // host[:port], without a scheme
	Bucket    string
	AccessKey string
	SecretKey string
	UseSSL    bool // https to the endpoint
}

// S3 keeps files as objects of one bucket, which every server copy reaches.
type S3 struct {
	client *minio.Client
	bucket string
}

// NewS3 connects to the endpoint and checks that the bucket exists, so a wrong setting stops the
// server at start-up rather than at the first upload.
func NewS3(ctx context.Context, c S3Config) (*S3, error) {
	client, err := minio.New(c.Endpoint, &minio.Options{
		Creds:  credentials.NewStaticV4(c.AccessKey, c.SecretKey, ""),
		Secure: c.UseSSL,
	})
	if err != nil {
		return nil, fmt.Errorf("files: S3 endpoint %q: %w", c.Endpoint, err)
	}
	ok, err := client.BucketExists(ctx, c.Bucket)
	if err != nil {
		return nil, fmt.Errorf("files: S3 bucket %q at %s: %w", c.Bucket, c.Endpoint, err)
	}
	if !ok {
		return nil, fmt.Errorf("files: S3 bucket %q does not exist at %s; create it first", c.Bucket, c.Endpoint)
	}
	return &S3{client: client, bucket: c.Bucket}, nil
}

// Put uploads the bytes as one object; S3 makes it visible only once it is whole.
func (s *S3) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	_, err := s.client.PutObject(ctx, s.bucket, key, r, size, minio.PutObjectOptions{ContentType: contentType})
	if err != nil {
		return fmt.Errorf("files: put %s: %w", key, err)
	}
	return nil
}

// Get opens the object under key.
func (s *S3) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	obj, err := s.client.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, fmt.Errorf("files: get %s: %w", key, err)
	}
	// GetObject is lazy: ask for the object's facts so a missing key is an error now.
	if _, err := obj.Stat(); err != nil {
		_ = obj.Close()
		if notFound(err) {
			return nil, core.ErrNotFound
		}
		return nil, fmt.Errorf("files: get %s: %w", key, err)
	}
	return obj, nil
}

// Delete removes the object under key.
func (s *S3) Delete(ctx context.Context, key string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	if err := s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{}); err != nil && !notFound(err) {
		return fmt.Errorf("files: delete %s: %w", key, err)
	}
	return nil
}

func notFound(err error) bool {
	var er minio.ErrorResponse
	if errors.As(err, &er) {
		return er.Code == minio.NoSuchKey || er.StatusCode == 404
	}
	return false
}
