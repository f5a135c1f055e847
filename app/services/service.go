// Package services is the tech platforms' work (共性技术服务平台): the service catalogue, SMEs'
// service requests and their workflow (one transition table), quotes, the equipment time booked
// for a request through the booking engine's front door, the thread of messages and files
// between the SME and the platform, service levels, and ratings (好差评).
package services

import (
	"context"
	"io"

	"cqshare/app/booking"
	"cqshare/app/catalog"
	"cqshare/app/core"
)

// FileStore keeps the bytes of attachments under keys the service chooses: local disk by
// default, an S3-compatible store for several server copies (app/files).
type FileStore interface {
	// Put stores size bytes read from r under key.
	Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error
	// Get opens what is stored under key; core.ErrNotFound when nothing is.
	Get(ctx context.Context, key string) (io.ReadCloser, error)
	// Delete removes what is stored under key; a missing key is no error.
	Delete(ctx context.Context, key string) error
}

// Service runs the tech platforms' use cases.
type Service struct {
	core.Base
	catalog *catalog.Service
	booking *booking.Service
	files   fileSettings // files.go
}

// New builds the services context over the catalog and the booking engine.
func New(base core.Base, cat *catalog.Service, book *booking.Service) *Service {
	return &Service{Base: base, catalog: cat, booking: book}
}
