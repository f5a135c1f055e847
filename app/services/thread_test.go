package services_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"cqshare/app/apptest"
	"cqshare/app/core"
	"cqshare/app/services"
	"cqshare/models"
)

// memStore is a file store in memory that can run a hook after each put.
type memStore struct {
	mu       sync.Mutex
	blobs    map[string][]byte
	afterPut func()
}

func (m *memStore) Put(_ context.Context, key string, r io.Reader, size int64, _ string) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if int64(len(b)) != size {
		return fmt.Errorf("got %d bytes, want %d", len(b), size)
	}
	m.mu.Lock()
	m.blobs[key] = b
	m.mu.Unlock()
	if m.afterPut != nil {
		m.afterPut()
	}
	return nil
}

func (m *memStore) Get(_ context.Context, key string) (io.ReadCloser, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.blobs[key]
	if !ok {
		return nil, core.ErrNotFound
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

func (m *memStore) Delete(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.blobs, key)
	return nil
}

func (m *memStore) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.blobs)
}

// world is a request of an SME at a tech platform, with an SME member and a manager.
type world struct {
	f            *apptest.Fixture
	store        *memStore
	req          models.ServiceRequest
	sme, manager core.Actor
}

func newWorld(t *testing.T, status models.ServiceRequestStatus) *world {
	t.Helper()
	f := apptest.NewFixture(t, time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)) // Monday 10:00 in Shanghai
	store := &memStore{blobs: map[string][]byte{}}
	f.App.Services.SetFiles(store, 1<<20)
	fac := f.Facility("Asia/Shanghai")
	f.Must(f.DB.W(f.Ctx).Model(&fac).Update("kind", models.KindTechPlatform).Error)
	now := f.Clock.Now()
	org := models.Organization{Name: "企业", Kind: "enterprise", IsSME: true, VerifiedAt: &now, CreatedAt: now, UpdatedAt: now}
	f.Must(f.DB.W(f.Ctx).Create(&org).Error)
	sme := f.User(models.RoleSME)
	f.Must(f.DB.W(f.Ctx).Model(&models.User{}).Where("id = ?", sme.UserID).Update("organization_id", org.ID).Error)
	req := models.ServiceRequest{FacilityID: fac.ID, OrganizationID: org.ID, RequesterID: sme.UserID, Title: "金相分析",
		Description: "三个试样", Quantity: 3, Status: status, SubmittedAt: now.Add(-2 * time.Hour), CreatedAt: now, UpdatedAt: now}
	f.Must(f.DB.W(f.Ctx).Create(&req).Error)
	return &world{f: f, store: store, req: req, sme: f.ActorOf(sme.UserID), manager: f.User(models.RoleManager, fac.ID)}
}

func file(name string, body []byte) services.Upload {
	return services.Upload{Name: name, Size: int64(len(body)), Open: func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(body)), nil
	}}
}

// zipOf is a zip archive of the named (empty) entries.
func zipOf(t *testing.T, names ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte("<x/>"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestFileTypes(t *testing.T) {
	t.Parallel()
	w := newWorld(t, models.RequestSubmitted)
	ole := append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), make([]byte, 1024)...)
	tests := []struct {
		name     string
		body     []byte
		wantType string // "" when refused
	}{
		{"r.pdf", []byte("%PDF-1.4\n%%EOF\n"), "application/pdf"},
		{"p.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "image/png"},
		{"p.jpg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), "image/jpeg"},
		{"p.gif", []byte("GIF89a\x01\x00\x01\x00"), "image/gif"},
		{"p.webp", []byte("RIFF\x24\x00\x00\x00WEBPVP8 "), "image/webp"},
		{"d.docx", zipOf(t, "[Content_Types].xml", "word/document.xml"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"s.xlsx", zipOf(t, "[Content_Types].xml", "xl/workbook.xml"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"old.doc", ole, "application/msword"},
		{"old.xls", ole, "application/vnd.ms-excel"},
		{"data.csv", []byte("样品,硬度\nA,210\nB,215\n"), "text/csv"},
		{"notes.txt", []byte("说明：试样需干燥保存。"), "text/plain; charset=utf-8"},
		{"a.zip", zipOf(t, "photos/1.jpg"), "application/zip"},
		{"ole.bin", ole, ""},
		{"x.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), ""},
		{"x.html", []byte("<html><body>hi</body></html>"), ""},
		{"x.jar", zipOf(t, "META-INF/MANIFEST.MF"), ""},
		{"x.exe", append([]byte("MZ\x90\x00"), make([]byte, 128)...), ""},
	}
	for _, tt := range tests {
		atts, err := w.f.App.Services.UploadAttachments(w.f.Ctx, w.sme, w.req.ID, models.AttachmentRequest, []services.Upload{file(tt.name, tt.body)})
		switch {
		case tt.wantType == "":
			if !errors.Is(err, services.ErrFileTypeRefused) {
				t.Errorf("%s: got %v, want file_type_refused", tt.name, err)
			}
		case err != nil:
			t.Errorf("%s: got %v, want it accepted as %s", tt.name, err, tt.wantType)
		case atts[0].ContentType != tt.wantType:
			t.Errorf("%s: got type %s, want %s", tt.name, atts[0].ContentType, tt.wantType)
		}
	}
}

// TestNamelessFileGetsExtension names a file sent without a name after its detected type.
func TestNamelessFileGetsExtension(t *testing.T) {
	t.Parallel()
	w := newWorld(t, models.RequestSubmitted)
	for body, want := range map[string]string{"纯文本说明": "file.txt", "%PDF-1.4\n%%EOF\n": "file.pdf"} {
		atts, err := w.f.App.Services.UploadAttachments(w.f.Ctx, w.sme, w.req.ID, models.AttachmentRequest, []services.Upload{file("../", []byte(body))})
		if err != nil || atts[0].FileName != want {
			t.Errorf("nameless %q: got %+v %v, want %s", body, atts, err, want)
		}
	}
}

func TestSanitizeFileName(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("检", 300) + ".pdf"
	tests := []struct{ in, want string }{
		{"报告.pdf", "报告.pdf"},
		{"../../etc/passwd", "passwd"},
		{`C:\Users\李\Desktop\样品清单.xlsx`, "样品清单.xlsx"},
		{"a\x00b\r\nc\t.txt", "abc.txt"},
		{"invoice\u202Efdp.exe", "invoicefdp.exe"},
		{`say "hi".csv`, "say hi.csv"},
		{"  .hidden. ", "hidden"},
		{"..", "file"},
		{"", "file"},
		{".pdf", "pdf"},
		{"/", "file"},
		{long, strings.Repeat("检", 116) + ".pdf"},
	}
	for _, tt := range tests {
		if got := services.SanitizeFileName(tt.in); got != tt.want {
			t.Errorf("SanitizeFileName(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestUploadRules(t *testing.T) {
	t.Parallel()
	pdf := []byte("%PDF-1.4\n%%EOF\n")
	tests := []struct {
		name     string
		status   models.ServiceRequestStatus
		platform bool
		kind     models.AttachmentKind
		wantErr  error
	}{
		{"request files while submitted", models.RequestSubmitted, false, models.AttachmentRequest, nil},
		{"request files while quoted", models.RequestQuoted, false, models.AttachmentRequest, nil},
		{"request files once accepted", models.RequestAccepted, false, models.AttachmentRequest, core.ErrInvalidTransition},
		{"request files by the platform", models.RequestSubmitted, true, models.AttachmentRequest, core.ErrForbidden},
		{"delivery in progress", models.RequestInProgress, true, models.AttachmentDelivery, nil},
		{"delivery once delivered", models.RequestDelivered, true, models.AttachmentDelivery, core.ErrInvalidTransition},
		{"delivery by the SME", models.RequestInProgress, false, models.AttachmentDelivery, core.ErrForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, tt.status)
			ac := w.sme
			if tt.platform {
				ac = w.manager
			}
			atts, err := w.f.App.Services.UploadAttachments(w.f.Ctx, ac, w.req.ID, tt.kind, []services.Upload{file("r.pdf", pdf)})
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || w.store.count() != 0 {
					t.Fatalf("got %v with %d blobs, want %v and none", err, w.store.count(), tt.wantErr)
				}
				return
			}
			if err != nil || len(atts) != 1 || atts[0].Kind != tt.kind {
				t.Fatalf("got %+v %v, want one %s file", atts, err, tt.kind)
			}
			a, body, err := w.f.App.Services.Attachment(w.f.Ctx, w.sme, atts[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			defer body.Close()
			got, _ := io.ReadAll(body)
			var row models.ServiceAttachment
			w.f.Must(w.f.DB.R(w.f.Ctx).First(&row, a.ID).Error)
			sum := sha256.Sum256(pdf)
			if !bytes.Equal(got, pdf) || row.SHA256 != hex.EncodeToString(sum[:]) || !strings.HasPrefix(row.StorageKey, "services/") {
				t.Errorf("stored: got %q, sha %q, key %q", got, row.SHA256, row.StorageKey)
			}
		})
	}
}

func TestMessageStates(t *testing.T) {
	t.Parallel()
	for _, st := range models.ServiceRequestStatuses {
		t.Run(string(st), func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, st)
			_, err := w.f.App.Services.PostMessage(w.f.Ctx, w.sme, w.req.ID, "还在吗？", nil)
			silent := st == models.RequestClosed || st == models.RequestRejected || st == models.RequestDeclined || st == models.RequestCancelled
			if silent != errors.Is(err, core.ErrInvalidTransition) || (!silent && err != nil) {
				t.Fatalf("message while %s: got %v, want refused: %v", st, err, silent)
			}
			if _, err := w.f.App.Services.Messages(w.f.Ctx, w.sme, w.req.ID); err != nil {
				t.Errorf("thread while %s: got %v, want it readable", st, err)
			}
		})
	}
}

func TestMessageNotifiesAndStampsFirstResponse(t *testing.T) {
	t.Parallel()
	w := newWorld(t, models.RequestSubmitted)
	svc, ctx := w.f.App.Services, w.f.Ctx
	if _, err := svc.PostMessage(ctx, w.sme, w.req.ID, "请尽快报价", nil); err != nil {
		t.Fatal(err)
	}
	if n := w.f.Count(&models.Notification{}, "user_id = ? AND kind = ?", w.manager.UserID, "service_message"); n != 1 {
		t.Errorf("manager's notifications: got %d, want 1", n)
	}
	r, _ := w.f.DB.ServiceRequestByID(ctx, w.req.ID)
	if r.FirstResponseAt != nil {
		t.Errorf("first response after the SME's message: got %v, want none", r.FirstResponseAt)
	}
	w.f.Clock.Advance(30 * time.Minute)
	m, err := svc.PostMessage(ctx, w.manager, w.req.ID, "", []services.Upload{file("价目表.pdf", []byte("%PDF-1.4\n%%EOF\n"))})
	if err != nil || !m.FromPlatform || len(m.Attachments) != 1 {
		t.Fatalf("platform's message: got %+v %v", m, err)
	}
	if n := w.f.Count(&models.Notification{}, "user_id = ? AND kind = ?", w.sme.UserID, "service_message"); n != 1 {
		t.Errorf("SME's notifications: got %d, want 1", n)
	}
	if n := w.f.Count(&models.Email{}, "user_id = ? AND kind = ? AND body LIKE ?", w.sme.UserID, "service_message", "%价目表.pdf%"); n != 1 {
		t.Errorf("SME's e-mails naming the file: got %d, want 1", n)
	}
	r, _ = w.f.DB.ServiceRequestByID(ctx, w.req.ID)
	// Submitted at 08:00 Shanghai on a Monday, answered at 10:30: 150 working minutes.
	if r.FirstResponseAt == nil || r.FirstResponseMinutes == nil || *r.FirstResponseMinutes != 150 {
		t.Fatalf("first response: got %v %v, want stamped at 150 working minutes", r.FirstResponseAt, r.FirstResponseMinutes)
	}
	first := *r.FirstResponseAt
	w.f.Clock.Advance(time.Hour)
	if _, err := svc.PostMessage(ctx, w.manager, w.req.ID, "补充说明", nil); err != nil {
		t.Fatal(err)
	}
	r, _ = w.f.DB.ServiceRequestByID(ctx, w.req.ID)
	if !r.FirstResponseAt.Equal(first) {
		t.Errorf("first response after a second message: got %v, want %v kept", r.FirstResponseAt, first)
	}
}

// TestFailedInsertDeletesBlob loses the request between storing the files and writing their
// rows (deleted meanwhile): the rows fail, and the stored bytes are removed.
func TestFailedInsertDeletesBlob(t *testing.T) {
	t.Parallel()
	w := newWorld(t, models.RequestSubmitted)
	w.store.afterPut = func() {
		w.f.Must(w.f.DB.W(context.Background()).Delete(&models.ServiceRequest{}, w.req.ID).Error)
	}
	_, err := w.f.App.Services.PostMessage(w.f.Ctx, w.sme, w.req.ID, "附件", []services.Upload{file("a.pdf", []byte("%PDF-1.4\n%%EOF\n"))})
	if err == nil {
		t.Fatal("message on a request deleted meanwhile: got no error")
	}
	if n := w.store.count(); n != 0 {
		t.Errorf("blobs after the failed insert: got %d, want 0", n)
	}
	if n := w.f.Count(&models.ServiceAttachment{}, "1 = 1"); n != 0 {
		t.Errorf("attachment rows: got %d, want 0", n)
	}
}

func TestTooLargeStoresNothing(t *testing.T) {
	t.Parallel()
	w := newWorld(t, models.RequestSubmitted)
	big := append([]byte("%PDF-1.4\n"), make([]byte, 1<<20)...)
	_, err := w.f.App.Services.PostMessage(w.f.Ctx, w.sme, w.req.ID, "两个文件",
		[]services.Upload{file("small.pdf", []byte("%PDF-1.4\n%%EOF\n")), file("big.pdf", big)})
	if !errors.Is(err, services.ErrFileTooLarge) {
		t.Fatalf("got %v, want file_too_large", err)
	}
	if w.store.count() != 0 || w.f.Count(&models.ServiceMessage{}, "1 = 1") != 0 {
		t.Errorf("after the refusal: got %d blobs and %d messages, want none", w.store.count(), w.f.Count(&models.ServiceMessage{}, "1 = 1"))
	}
}

// TestReadMarkNeverMovesBack reads the thread in two tabs at once: the older answer, written
// last, leaves the mark where the newer one put it.
func TestReadMarkNeverMovesBack(t *testing.T) {
	t.Parallel()
	w := newWorld(t, models.RequestSubmitted)
	for _, id := range []int64{5, 9, 3} {
		w.f.Must(w.f.DB.MarkServiceThreadRead(w.f.Ctx, w.req.ID, w.sme.UserID, id))
	}
	var mark models.ServiceMessageRead
	w.f.Must(w.f.DB.R(w.f.Ctx).Where("request_id = ? AND user_id = ?", w.req.ID, w.sme.UserID).First(&mark).Error)
	if mark.LastReadID != 9 {
		t.Errorf("read mark: got %d, want 9", mark.LastReadID)
	}
}
