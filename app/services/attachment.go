package services

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gabriel-vasile/mimetype"

	"cqshare/app/core"
	"cqshare/models"
)

// Upload is one file of an upload as the caller sent it: its name, its size and a way to read it.
type Upload struct {
	Name string
	Size int64
	Open func() (io.ReadCloser, error)
}

// AttachmentView is a file of a request as its parties see it.
type AttachmentView struct {
	ID           int64
	Kind         models.AttachmentKind
	FileName     string
	ContentType  string
	SizeBytes    int64
	CreatedAt    time.Time
	UploaderName string
}

// toAttachmentView is the view of an attachment's row.
func toAttachmentView(a models.ServiceAttachmentRow) AttachmentView {
	return AttachmentView{ID: a.ID, Kind: a.Kind, FileName: a.FileName, ContentType: a.ContentType,
		SizeBytes: a.SizeBytes, CreatedAt: a.CreatedAt, UploaderName: a.UploaderName}
}

// MaxFiles is how many files one upload or message may carry.
const MaxFiles = 5

// maxFileName bounds a stored file name, in characters, its extension included.
const maxFileName = 120

// The refusals of a file.
var (
	// ErrFileTooLarge is a file past the configured limit (MAX_UPLOAD_MB).
	ErrFileTooLarge = &core.Error{Kind: core.KindTooLarge, Code: "file_too_large", Key: "services.file_too_large"}
	// ErrFileTypeRefused is a file whose content is none of the accepted types.
	ErrFileTypeRefused = &core.Error{Kind: core.KindRule, Code: "file_type_refused", Key: "services.file_type_refused"}
)

// acceptedTypes are the types a file may have, by its content: PDF, images browsers show, Office
// files (OOXML and the legacy formats), CSV and plain text, zip.
var acceptedTypes = []string{
	"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"application/vnd.openxmlformats-officedocument.presentationml.presentation",
	"application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
	"text/csv", "text/plain", "application/zip",
}

// legacyOffice are the legacy Office formats by extension: they are OLE containers whose kind
// sits past the bytes the detector reads in some files, so such a container is taken as the
// format its name says, and only as one of these.
var legacyOffice = map[string]string{".doc": "application/msword", ".xls": "application/vnd.ms-excel", ".ppt": "application/vnd.ms-powerpoint"}

// sniffBytes is how much of a file its type is detected from.
const sniffBytes = 3072

// checkedFile is an upload whose size and type were accepted, with its first bytes read.
type checkedFile struct {
	name, contentType string
	size              int64
	head              []byte
	body              io.ReadCloser
}

// checkUploads opens every file and refuses the upload, before anything is stored, when one is
// too large, empty or of a refused type. The caller closes the files.
func (s *Service) checkUploads(uploads []Upload) ([]checkedFile, error) {
	if len(uploads) > MaxFiles {
		return nil, core.FieldError("files", "field.max.list", "n", MaxFiles)
	}
	out := make([]checkedFile, 0, len(uploads))
	fail := func(err error) ([]checkedFile, error) {
		closeFiles(out)
		return nil, err
	}
	for _, u := range uploads {
		name := SanitizeFileName(u.Name)
		if u.Size > s.files.maxBytes {
			return fail(fileRefusal(ErrFileTooLarge, "file_name", name, "max_mb", s.files.maxBytes>>20))
		}
		if u.Size == 0 {
			return fail(core.FieldError("files", "services.file_empty", "file_name", name))
		}
		body, err := u.Open()
		if err != nil {
			return fail(err)
		}
		head := make([]byte, min(u.Size, sniffBytes))
		if _, err := io.ReadFull(body, head); err != nil {
			_ = body.Close()
			return fail(fmt.Errorf("read upload %q: %w", name, err))
		}
		ctype, ext, ok := detectType(head, name)
		if !ok {
			_ = body.Close()
			return fail(fileRefusal(ErrFileTypeRefused, "file_name", name, "type", ctype))
		}
		if path.Ext(name) == "" {
			name += ext
		}
		out = append(out, checkedFile{name: name, contentType: ctype, size: u.Size, head: head, body: body})
	}
	return out, nil
}

// detectType is the type of a file by its first bytes, its usual extension, and whether it is
// accepted.
func detectType(head []byte, name string) (string, string, bool) {
	m := mimetype.Detect(head)
	if m.Is("application/x-ole-storage") {
		ext := strings.ToLower(path.Ext(name))
		if t, ok := legacyOffice[ext]; ok {
			return t, ext, true
		}
	}
	for _, t := range acceptedTypes {
		if m.Is(t) {
			return m.String(), m.Extension(), true
		}
	}
	return m.String(), m.Extension(), false
}

func closeFiles(files []checkedFile) {
	for _, f := range files {
		_ = f.body.Close()
	}
}

// storeFiles writes the checked files to the store under new random keys, with their SHA-256;
// on failure it removes what it stored.
func (s *Service) storeFiles(ctx context.Context, files []checkedFile, base models.ServiceAttachment) ([]models.ServiceAttachment, error) {
	out := make([]models.ServiceAttachment, 0, len(files))
	for _, f := range files {
		key, err := newStorageKey()
		if err != nil {
			s.deleteBlobs(ctx, out)
			return nil, err
		}
		h := sha256.New()
		r := io.TeeReader(io.MultiReader(bytes.NewReader(f.head), f.body), h)
		if err := s.files.store.Put(ctx, key, r, f.size, f.contentType); err != nil {
			s.deleteBlobs(ctx, out)
			return nil, fmt.Errorf("store %q: %w", f.name, err)
		}
		a := base
		a.FileName, a.ContentType, a.SizeBytes, a.StorageKey = f.name, f.contentType, f.size, key
		a.SHA256 = hex.EncodeToString(h.Sum(nil))
		out = append(out, a)
	}
	return out, nil
}

// deleteBlobs removes stored bytes whose rows were not written; a failure is only logged, as the
// refusal the caller gets is the error that led here.
func (s *Service) deleteBlobs(ctx context.Context, atts []models.ServiceAttachment) {
	for _, a := range atts {
		if err := s.files.store.Delete(context.WithoutCancel(ctx), a.StorageKey); err != nil {
			s.Log.ErrorContext(ctx, "delete an orphaned attachment", "key", a.StorageKey, "err", err)
		}
	}
}

// newStorageKey is a random key that says nothing of the file: "services/ab/ab12…".
func newStorageKey() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	h := hex.EncodeToString(b[:])
	return "services/" + h[:2] + "/" + h, nil
}

// SanitizeFileName keeps the last element of an uploaded name, without control or bidirectional
// formatting characters, trimmed of spaces and dots, and at most maxFileName characters, its
// extension kept; "file" when nothing is left.
func SanitizeFileName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	name = name[strings.LastIndex(name, "/")+1:]
	name = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '"' {
			return -1
		}
		if unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, name)
	name = strings.Trim(name, " .")
	ext := path.Ext(name)
	if utf8.RuneCountInString(ext) > 16 || ext == name {
		ext = ""
	}
	stem := []rune(strings.TrimSuffix(name, ext))
	if room := maxFileName - utf8.RuneCountInString(ext); len(stem) > room {
		stem = stem[:room]
	}
	name = strings.TrimRight(string(stem), " .") + ext
	if strings.TrimSuffix(name, ext) == "" {
		return "file" + ext
	}
	return name
}

// UploadAttachments stores files given with a request (kind request: the SME's side while it is
// submitted or quoted) or its report files (kind delivery: the platform's side while the work is
// in progress). All are stored or none.
func (s *Service) UploadAttachments(ctx context.Context, ac core.Actor, requestID int64, kind models.AttachmentKind, uploads []Upload) ([]AttachmentView, error) {
	r, side, err := s.requestFor(ctx, ac, requestID)
	if err != nil {
		return nil, err
	}
	var wantSide Side
	var states []models.ServiceRequestStatus
	switch kind {
	case models.AttachmentRequest:
		wantSide, states = SideSME, []models.ServiceRequestStatus{models.RequestSubmitted, models.RequestQuoted}
	case models.AttachmentDelivery:
		wantSide, states = SidePlatform, []models.ServiceRequestStatus{models.RequestInProgress}
	default:
		return nil, core.FieldError("kind", "field.choose")
	}
	if side != wantSide {
		return nil, core.ErrForbidden
	}
	if !slices.Contains(states, r.Status) {
		return nil, refusedInState(r, "upload_"+string(kind))
	}
	if len(uploads) == 0 {
		return nil, core.FieldError("files", "field.required")
	}
	files, err := s.checkUploads(uploads)
	if err != nil {
		return nil, err
	}
	defer closeFiles(files)
	atts, err := s.storeFiles(ctx, files, models.ServiceAttachment{RequestID: r.ID, Kind: kind, UploaderID: ac.UserID, CreatedAt: s.Now()})
	if err != nil {
		return nil, err
	}
	if err := s.Tx(ctx, func(ctx context.Context) error { return s.insertAttachments(ctx, atts, nil) }); err != nil {
		s.deleteBlobs(ctx, atts)
		return nil, err
	}
	out := make([]AttachmentView, len(atts))
	for i, a := range atts {
		out[i] = toAttachmentView(models.ServiceAttachmentRow{ServiceAttachment: a, UploaderName: ac.Name})
	}
	return out, nil
}

// insertAttachments writes the rows of stored files, of a message when messageID is set, and
// sets their IDs.
func (s *Service) insertAttachments(ctx context.Context, atts []models.ServiceAttachment, messageID *int64) error {
	for i := range atts {
		atts[i].ID, atts[i].MessageID = 0, messageID // a retried transaction inserts afresh
		if err := s.DB.CreateServiceAttachment(ctx, &atts[i]); err != nil {
			return err
		}
	}
	return nil
}

// Attachment opens a file of a request for one of its parties; core.ErrNotFound for anyone else.
// The caller closes the reader.
func (s *Service) Attachment(ctx context.Context, ac core.Actor, id int64) (AttachmentView, io.ReadCloser, error) {
	a, err := s.DB.ServiceAttachmentByID(ctx, id)
	if err != nil {
		return AttachmentView{}, nil, core.NotFound(err)
	}
	if _, _, err := s.requestFor(ctx, ac, a.RequestID); err != nil {
		return AttachmentView{}, nil, err
	}
	body, err := s.files.store.Get(ctx, a.StorageKey)
	if errors.Is(err, core.ErrNotFound) {
		s.Log.ErrorContext(ctx, "an attachment's bytes are missing from the file store", "id", a.ID, "key", a.StorageKey)
	}
	if err != nil {
		return AttachmentView{}, nil, err
	}
	return toAttachmentView(models.ServiceAttachmentRow{ServiceAttachment: a}), body, nil
}

// refusedInState refuses a thread or file action the request's state does not allow.
func refusedInState(r models.ServiceRequest, action string) error {
	return core.ErrInvalidTransition.WithDetails(map[string]any{"status": string(r.Status), "action": action})
}

// fileRefusal words a refusal of one of the files, on the field files.
func fileRefusal(sentinel *core.Error, pairs ...any) *core.Error {
	e := sentinel.Say(sentinel.Key, pairs...)
	e.Fields = map[string]core.Text{"files": core.T(sentinel.Key, pairs...)}
	return e
}
