package app_test

import (
	"bytes"
	"context"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"cqshare/app"
	"cqshare/app/apptest"
	"cqshare/app/files"
	"cqshare/app/services"
	"cqshare/models"
)

// TestS3FileStore runs an upload and a download through the App configured with FILE_STORE=s3,
// against an in-process S3 server.
func TestS3FileStore(t *testing.T) {
	t.Parallel()
	backend := s3mem.New()
	if err := backend.CreateBucket("cqshare-files"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	cfg := apptest.Config(t)
	cfg.FileStore = "s3"
	cfg.S3 = files.S3Config{Endpoint: strings.TrimPrefix(srv.URL, "http://"), Bucket: "cqshare-files", AccessKey: "k", SecretKey: "s"}
	a := apptest.NewWithConfig(t, cfg)
	ctx, now := context.Background(), a.Now()

	con := models.Consortium{Name: "联合体", Level: models.LevelMunicipal, CreatedAt: now, UpdatedAt: now}
	must(t, a.DB().W(ctx).Create(&con).Error)
	fac := models.Facility{ConsortiumID: con.ID, Kind: models.KindTechPlatform, Name: "检测平台", TimeZone: "Asia/Shanghai",
		DefaultRules: models.JSONColumn[models.Rules]{V: models.DefaultRules()}, CreatedAt: now, UpdatedAt: now}
	must(t, a.DB().W(ctx).Create(&fac).Error)
	org := models.Organization{Name: "企业", Kind: "enterprise", IsSME: true, CreatedAt: now, UpdatedAt: now}
	must(t, a.DB().W(ctx).Create(&org).Error)
	u := models.User{Email: "sme@s3.test", PasswordHash: "x", Name: "企业用户", Role: models.RoleSME, OrganizationID: &org.ID,
		Active: true, CreatedAt: now, UpdatedAt: now}
	must(t, a.DB().CreateUser(ctx, &u))
	req := models.ServiceRequest{FacilityID: fac.ID, OrganizationID: org.ID, RequesterID: u.ID, Title: "成分分析",
		Description: "一份样品", Quantity: 1, Status: models.RequestSubmitted, SubmittedAt: now, CreatedAt: now, UpdatedAt: now}
	must(t, a.DB().W(ctx).Create(&req).Error)
	ac, err := a.Accounts.CurrentActor(ctx, u.ID)
	must(t, err)

	body := []byte("%PDF-1.4\n样品说明\n%%EOF\n")
	atts, err := a.Services.UploadAttachments(ctx, ac, req.ID, models.AttachmentRequest, []services.Upload{{Name: "说明.pdf",
		Size: int64(len(body)), Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }}})
	must(t, err)
	_, rc, err := a.Services.Attachment(ctx, ac, atts[0].ID)
	must(t, err)
	defer rc.Close()
	got, err := io.ReadAll(rc)
	must(t, err)
	if !bytes.Equal(got, body) {
		t.Fatalf("downloaded: got %q, want %q", got, body)
	}
	var row models.ServiceAttachment
	must(t, a.DB().R(ctx).First(&row, atts[0].ID).Error)
	obj, err := backend.HeadObject("cqshare-files", row.StorageKey)
	if err != nil || obj.Size != int64(len(body)) {
		t.Fatalf("object in the bucket: got %+v %v, want %d bytes under %s", obj, err, len(body), row.StorageKey)
	}
}

// TestS3FileStoreMissingBucket stops the App at start-up when the bucket is not there.
func TestS3FileStoreMissingBucket(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	t.Cleanup(srv.Close)
	cfg := apptest.Config(t)
	cfg.FileStore = "s3"
	cfg.S3 = files.S3Config{Endpoint: strings.TrimPrefix(srv.URL, "http://"), Bucket: "nowhere", AccessKey: "k", SecretKey: "s"}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	a, err := app.New(ctx, cfg, apptest.Logger(t))
	if err == nil {
		_ = a.Close()
		t.Fatal("app.New with a missing bucket: got no error")
	}
	if !strings.Contains(err.Error(), `"nowhere" does not exist`) {
		t.Errorf("got %v, want the missing bucket named", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
