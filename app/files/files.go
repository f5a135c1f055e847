// Package files keeps attachments' bytes: on local disk under the data folder by default, or in
// an S3-compatible object store when several server copies share the files.
package files
