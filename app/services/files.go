package services

// fileSettings are the store of attachments' bytes and the largest file it takes.
type fileSettings struct {
	store    FileStore
	maxBytes int64
}

// SetFiles gives the service the store that keeps attachments' bytes and the largest file, in
// bytes, that an upload may hold.
func (s *Service) SetFiles(fs FileStore, maxBytes int64) {
	s.files = fileSettings{store: fs, maxBytes: maxBytes}
}
