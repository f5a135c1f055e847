package handlers

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cqshare/app/accounts"
	"cqshare/app/apptest"
	"cqshare/app/core"
	"cqshare/models"
)

// threadWorld is a request of an SME at a tech platform, with people on both sides and beside.
type threadWorld struct {
	s       *testServer
	req     models.ServiceRequest
	tokens  map[string]string // sme, sme2 (same organization), manager, admin, other_sme, other_manager, student
	ids     map[string]int64
	filesOf func() []string // the files in the local store
}

// newThreadWorld builds the request directly through the models: the submission is another
// endpoint's business.
func newThreadWorld(t *testing.T, maxUploadMB int, status models.ServiceRequestStatus) *threadWorld {
	t.Helper()
	cfg := apptest.Config(t)
	cfg.MaxUploadMB = maxUploadMB
	s := newTestServerWithConfig(t, cfg)
	ctx, db, now := context.Background(), s.app.DB(), s.app.Now()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	con := models.Consortium{Name: "服务联合体", Level: models.LevelMunicipal, CreatedAt: now, UpdatedAt: now}
	must(db.W(ctx).Create(&con).Error)
	var facs [2]models.Facility
	for i := range facs {
		facs[i] = models.Facility{ConsortiumID: con.ID, Kind: models.KindTechPlatform, Name: fmt.Sprintf("检测平台 %d", i),
			TimeZone: "Asia/Shanghai", OpeningHours: models.JSONColumn[[]models.OpeningInterval]{V: apptest.WeekdayHours()},
			DefaultRules: models.JSONColumn[models.Rules]{V: models.DefaultRules()}, CreatedAt: now, UpdatedAt: now}
		must(db.W(ctx).Create(&facs[i]).Error)
	}
	var orgs [2]models.Organization
	for i := range orgs {
		code := fmt.Sprintf("91500000MA5U%06d", i)
		orgs[i] = models.Organization{Name: fmt.Sprintf("企业 %d", i), Kind: "enterprise", CreditCode: &code, IsSME: true,
			VerifiedAt: &now, CreatedAt: now, UpdatedAt: now}
		must(db.W(ctx).Create(&orgs[i]).Error)
	}
	w := &threadWorld{s: s, tokens: map[string]string{}, ids: map[string]int64{}}
	people := []struct {
		name, role string
		org        *int64
		managed    []int64
	}{
		{"sme", models.RoleSME, &orgs[0].ID, nil},
		{"sme2", models.RoleSME, &orgs[0].ID, nil},
		{"manager", models.RoleManager, nil, []int64{facs[0].ID}},
		{"admin", models.RoleAdmin, nil, nil},
		{"other_sme", models.RoleSME, &orgs[1].ID, nil},
		{"other_manager", models.RoleManager, nil, []int64{facs[1].ID}},
		{"student", models.RoleStudent, &orgs[0].ID, nil},
	}
	for _, p := range people {
		email := strings.ReplaceAll(p.name, "_", "-") + "@thread.test"
		u, err := s.app.Accounts.CreateUser(ctx, core.System, accounts.NewUser{Email: email, Password: "test-pass-2026",
			Name: p.name, Role: p.role, OrganizationID: p.org, ManagedFacilityIDs: p.managed})
		must(err)
		res := s.do(request{method: http.MethodPost, path: "/api/v1/auth/login", body: map[string]string{"email": email, "password": "test-pass-2026"}})
		var login loginResponse
		res.JSON(t, &login)
		w.tokens[p.name], w.ids[p.name] = login.Token, u.ID
	}
	w.req = models.ServiceRequest{FacilityID: facs[0].ID, OrganizationID: orgs[0].ID, RequesterID: w.ids["sme"],
		Title: "拉伸试验", Description: "十个试样", Quantity: 10, Status: status, SubmittedAt: now.Add(-time.Hour),
		CreatedAt: now, UpdatedAt: now}
	must(db.W(ctx).Create(&w.req).Error)
	w.filesOf = func() []string {
		var out []string
		_ = filepath.WalkDir(cfg.FilesDir, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				out = append(out, path)
			}
			return nil
		})
		return out
	}
	return w
}

// upload is a file of a multipart form in a test.
type upload struct {
	name string
	body []byte
}

// multipartRequest is a POST of a multipart form with the fields and files.
func multipartRequest(path, token string, fields map[string]string, files ...upload) request {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	for _, f := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="files"; filename=%q`, f.name))
		h.Set("Content-Type", "application/octet-stream")
		part, _ := mw.CreatePart(h)
		_, _ = part.Write(f.body)
	}
	_ = mw.Close()
	return request{method: http.MethodPost, path: path, token: token, body: b.String(),
		header: map[string]string{"Content-Type": mw.FormDataContentType()}}
}

var (
	pdfBytes  = []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	pngBytes  = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
	htmlBytes = []byte("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>")
	exeBytes  = append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), make([]byte, 64)...)
)

func TestServiceThreadAPI(t *testing.T) {
	t.Parallel()
	w := newThreadWorld(t, 1, models.RequestSubmitted)
	s, base := w.s, fmt.Sprintf("/api/v1/service-requests/%d", w.req.ID)

	// The SME writes, the platform answers with a file; each side's unread count follows.
	res := s.do(multipartRequest(base+"/messages", w.tokens["sme"], map[string]string{"body": "  试样何时送到？ "}))
	if res.Status != http.StatusCreated {
		t.Fatalf("SME's message: got %d %s, want 201", res.Status, res.Body)
	}
	var m serviceMessageResponse
	res.JSON(t, &m)
	if m.Body != "试样何时送到？" || m.FromPlatform || m.AuthorName != "sme" || len(m.Attachments) != 0 {
		t.Errorf("SME's message: got %+v, want a trimmed body from the SME's side", m)
	}
	unread := func(who string) serviceUnreadResponse {
		t.Helper()
		res := s.do(request{method: http.MethodGet, path: "/api/v1/me/service-unread", token: w.tokens[who]})
		var u serviceUnreadResponse
		res.JSON(t, &u)
		return u
	}
	if u := unread("manager"); u.Total != 1 || len(u.Requests) != 1 || u.Requests[0].RequestID != w.req.ID {
		t.Errorf("manager's unread: got %+v, want 1 of request %d", u, w.req.ID)
	}
	for _, who := range []string{"sme", "sme2", "other_sme", "other_manager", "student", "admin"} { // sme2: a colleague's message is not news
		if u := unread(who); u.Total != 0 {
			t.Errorf("%s's unread: got %+v, want none", who, u)
		}
	}
	res = s.do(multipartRequest(base+"/messages", w.tokens["manager"], map[string]string{"body": "明天上午。"},
		upload{name: `C:\Users\王\报价单.pdf`, body: pdfBytes}))
	if res.Status != http.StatusCreated {
		t.Fatalf("manager's message: got %d %s, want 201", res.Status, res.Body)
	}
	res.JSON(t, &m)
	if !m.FromPlatform || len(m.Attachments) != 1 || m.Attachments[0].FileName != "报价单.pdf" ||
		m.Attachments[0].ContentType != "application/pdf" || m.Attachments[0].Kind != "message" || m.Attachments[0].SizeBytes != int64(len(pdfBytes)) {
		t.Fatalf("manager's message: got %+v, want one sanitised PDF from the platform's side", m)
	}
	r, err := s.app.DB().ServiceRequestByID(context.Background(), w.req.ID)
	if err != nil || r.FirstResponseAt == nil || r.FirstResponseMinutes == nil {
		t.Errorf("first response: got %v %v (%v), want it stamped by the platform's first message", r.FirstResponseAt, r.FirstResponseMinutes, err)
	}
	if u := unread("sme"); u.Total != 1 {
		t.Errorf("SME's unread after the answer: got %+v, want 1", u)
	}
	if u := unread("sme2"); u.Total != 1 {
		t.Errorf("SME colleague's unread: got %+v, want 1", u)
	}
	if u := unread("manager"); u.Total != 1 {
		t.Errorf("manager's unread after answering: got %+v, want still 1 (the SME's, not read)", u)
	}
	if u := unread("admin"); u.Total != 0 {
		t.Errorf("admin's unread of a thread never opened: got %+v, want none", u)
	}

	// Reading the thread marks it read, for the reader only.
	res = s.do(request{method: http.MethodGet, path: base + "/messages", token: w.tokens["sme"]})
	var list itemsResponse[serviceMessageResponse]
	res.JSON(t, &list)
	if res.Status != http.StatusOK || len(list.Items) != 2 || list.Items[0].Body != "试样何时送到？" || len(list.Items[1].Attachments) != 1 {
		t.Fatalf("thread: got %d %s, want both messages oldest first", res.Status, res.Body)
	}
	if u := unread("sme"); u.Total != 0 {
		t.Errorf("SME's unread after reading: got %+v, want none", u)
	}
	if u := unread("sme2"); u.Total != 1 {
		t.Errorf("colleague's unread after the SME read: got %+v, want still 1", u)
	}

	// The download: the bytes, as an attachment that the browser neither sniffs nor runs.
	att := list.Items[1].Attachments[0]
	for _, who := range []string{"sme", "sme2", "manager", "admin"} {
		res = s.do(request{method: http.MethodGet, path: att.URL, token: w.tokens[who]})
		if res.Status != http.StatusOK || !bytes.Equal(res.Body, pdfBytes) {
			t.Fatalf("%s downloads: got %d %q, want the PDF's bytes", who, res.Status, truncateBody(res.Body))
		}
	}
	h := res.Header
	for k, want := range map[string]string{
		"Content-Type":            "application/pdf",
		"Content-Disposition":     `attachment; filename="___.pdf"; filename*=UTF-8''%E6%8A%A5%E4%BB%B7%E5%8D%95.pdf`,
		"X-Content-Type-Options":  "nosniff",
		"Content-Security-Policy": "sandbox",
	} {
		if got := h.Get(k); got != want {
			t.Errorf("download header %s: got %q, want %q", k, got, want)
		}
	}

	// Strangers are told nothing exists.
	for _, who := range []string{"other_sme", "other_manager", "student"} {
		for _, req := range []request{
			{method: http.MethodGet, path: base + "/messages", token: w.tokens[who]},
			multipartRequest(base+"/messages", w.tokens[who], map[string]string{"body": "我也想看"}),
			multipartRequest(base+"/attachments", w.tokens[who], map[string]string{"kind": "request"}, upload{name: "a.pdf", body: pdfBytes}),
			{method: http.MethodGet, path: att.URL, token: w.tokens[who]},
		} {
			if res := s.do(req); res.Status != http.StatusNotFound || res.ErrorCode() != "not_found" {
				t.Errorf("%s %s as %s: got %d %s, want 404 not_found", req.method, req.path, who, res.Status, res.Body)
			}
		}
	}
	if res := s.do(request{method: http.MethodGet, path: "/api/v1/service-attachments/999999", token: w.tokens["sme"]}); res.Status != http.StatusNotFound {
		t.Errorf("missing attachment: got %d, want 404", res.Status)
	}
	var messages int64
	s.app.DB().R(context.Background()).Model(&models.ServiceMessage{}).Where("request_id = ?", w.req.ID).Count(&messages)
	if messages != 2 {
		t.Errorf("messages stored: got %d, want 2 (strangers wrote none)", messages)
	}
}

func TestServiceUploadRefusals(t *testing.T) {
	t.Parallel()
	w := newThreadWorld(t, 1, models.RequestSubmitted)
	s, base := w.s, fmt.Sprintf("/api/v1/service-requests/%d", w.req.ID)
	big := append(append([]byte{}, pdfBytes...), make([]byte, 1<<20)...)
	tests := []struct {
		name       string
		req        request
		wantStatus int
		wantCode   string
		wantField  string
	}{
		{"too big", multipartRequest(base+"/messages", w.tokens["sme"], map[string]string{"body": "大文件"},
			upload{name: "ok.pdf", body: pdfBytes}, upload{name: "big.pdf", body: big}), 413, "file_too_large", "files"},
		{"too big, as a request file", multipartRequest(base+"/attachments", w.tokens["sme"], map[string]string{"kind": "request"},
			upload{name: "big.pdf", body: big}), 413, "file_too_large", "files"},
		{"HTML named as a PDF", multipartRequest(base+"/messages", w.tokens["sme"], nil,
			upload{name: "report.pdf", body: htmlBytes}), 422, "file_type_refused", "files"},
		{"a program", multipartRequest(base+"/attachments", w.tokens["sme"], map[string]string{"kind": "request"},
			upload{name: "pic.png", body: pngBytes}, upload{name: "setup.exe", body: exeBytes}), 422, "file_type_refused", "files"},
		{"empty file", multipartRequest(base+"/messages", w.tokens["sme"], nil, upload{name: "e.txt"}), 422, "validation_failed", "files"},
		{"no body, no file", multipartRequest(base+"/messages", w.tokens["sme"], map[string]string{"body": "  "}), 422, "validation_failed", "body"},
		{"body too long", badInputRequest(multipartRequest(base+"/messages", w.tokens["sme"], map[string]string{"body": strings.Repeat("长", 5001)})),
			422, "validation_failed", "body"},
		{"too many files", badInputRequest(multipartRequest(base+"/messages", w.tokens["sme"], nil, upload{name: "1.pdf", body: pdfBytes},
			upload{name: "2.pdf", body: pdfBytes}, upload{name: "3.pdf", body: pdfBytes}, upload{name: "4.pdf", body: pdfBytes},
			upload{name: "5.pdf", body: pdfBytes}, upload{name: "6.pdf", body: pdfBytes})), 422, "validation_failed", "files"},
		{"delivery by the SME", multipartRequest(base+"/attachments", w.tokens["sme"], map[string]string{"kind": "delivery"},
			upload{name: "r.pdf", body: pdfBytes}), 403, "forbidden", ""},
		{"delivery before the work", multipartRequest(base+"/attachments", w.tokens["manager"], map[string]string{"kind": "delivery"},
			upload{name: "r.pdf", body: pdfBytes}), 409, "invalid_transition", ""},
		{"request files by the platform", multipartRequest(base+"/attachments", w.tokens["manager"], map[string]string{"kind": "request"},
			upload{name: "r.pdf", body: pdfBytes}), 403, "forbidden", ""},
		{"unknown kind", badInputRequest(multipartRequest(base+"/attachments", w.tokens["sme"], map[string]string{"kind": "other"},
			upload{name: "r.pdf", body: pdfBytes})), 422, "validation_failed", "kind"},
		{"unknown field", badInputRequest(multipartRequest(base+"/messages", w.tokens["sme"], map[string]string{"body": "x", "bogus": "1"})),
			400, "bad_request", "bogus"},
		{"not a form", request{method: http.MethodPost, path: base + "/messages", token: w.tokens["sme"], body: badInput{map[string]string{"body": "x"}}},
			415, "unsupported_media_type", ""},
	}
	for _, tt := range tests {
		res := s.do(tt.req)
		if res.Status != tt.wantStatus || res.ErrorCode() != tt.wantCode {
			t.Errorf("%s: got %d %s, want %d %s", tt.name, res.Status, res.Body, tt.wantStatus, tt.wantCode)
			continue
		}
		if tt.wantField != "" && res.Fields()[tt.wantField] == "" {
			t.Errorf("%s: got fields %v, want %s named", tt.name, res.Fields(), tt.wantField)
		}
	}
	en := multipartRequest(base+"/messages", w.tokens["sme"], nil, upload{name: "page.pdf", body: htmlBytes})
	en.header["Accept-Language"] = "en"
	res := s.do(en)
	var eb errorBody
	res.JSON(t, &eb)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(eb.Error.Message, "text/html") || !strings.Contains(eb.Error.Message, "page.pdf") {
		t.Errorf("refused type in English: got %d %q, want the file and its detected type named", res.Status, eb.Error.Message)
	}
	var rows int64
	s.app.DB().R(context.Background()).Model(&models.ServiceAttachment{}).Count(&rows)
	var msgs int64
	s.app.DB().R(context.Background()).Model(&models.ServiceMessage{}).Count(&msgs)
	if rows != 0 || msgs != 0 || len(w.filesOf()) != 0 {
		t.Errorf("after the refusals: got %d attachments, %d messages, files %v; want nothing stored", rows, msgs, w.filesOf())
	}
}

// badInputRequest marks a request the API document does not allow, sent on purpose.
func badInputRequest(r request) request {
	r.invalid = true
	return r
}

func TestUploadBodyLimit(t *testing.T) {
	t.Parallel()
	w := newThreadWorld(t, 1, models.RequestSubmitted)
	// Five files of 1 MiB and a megabyte of form: past that the body is refused unread.
	huge := append(append([]byte{}, pdfBytes...), make([]byte, 7<<20)...)
	res := w.s.do(multipartRequest(fmt.Sprintf("/api/v1/service-requests/%d/messages", w.req.ID), w.tokens["sme"], nil,
		upload{name: "huge.pdf", body: huge}))
	if res.Status != http.StatusRequestEntityTooLarge {
		t.Fatalf("7 MiB upload: got %d %s, want 413", res.Status, truncateBody(res.Body))
	}
	// Other routes keep the server-wide limit of 1 MiB.
	res = w.s.do(request{method: http.MethodPost, path: "/api/v1/me/password", token: w.tokens["sme"],
		body: badInput{strings.Repeat(" ", 2<<20) + "{}"}})
	if res.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MiB JSON body: got %d, want 413", res.Status)
	}
	if n := len(w.filesOf()); n != 0 {
		t.Errorf("files stored: got %d, want 0", n)
	}
}

func TestContentDisposition(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, want string }{
		{"report.pdf", `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`},
		{"检测 报告.pdf", `attachment; filename="__ __.pdf"; filename*=UTF-8''%E6%A3%80%E6%B5%8B%20%E6%8A%A5%E5%91%8A.pdf`},
		{`a\b;c=d.txt`, `attachment; filename="a_b;c=d.txt"; filename*=UTF-8''a%5Cb%3Bc%3Dd.txt`},
	}
	for _, tt := range tests {
		if got := contentDisposition(tt.name); got != tt.want {
			t.Errorf("contentDisposition(%q): got %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestServiceAttachmentsAPI(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status models.ServiceRequestStatus
		who    string
		kind   string
	}{
		{models.RequestQuoted, "sme2", "request"},
		{models.RequestInProgress, "manager", "delivery"},
		{models.RequestInProgress, "admin", "delivery"},
	}
	for _, tt := range tests {
		t.Run(tt.kind+" by "+tt.who, func(t *testing.T) {
			t.Parallel()
			w := newThreadWorld(t, 1, tt.status)
			res := w.s.do(multipartRequest(fmt.Sprintf("/api/v1/service-requests/%d/attachments", w.req.ID), w.tokens[tt.who],
				map[string]string{"kind": tt.kind}, upload{name: "检测报告.pdf", body: pdfBytes}, upload{name: "照片.png", body: pngBytes}))
			var list itemsResponse[serviceAttachmentResponse]
			res.JSON(t, &list)
			if res.Status != http.StatusCreated || len(list.Items) != 2 || list.Items[0].Kind != tt.kind || list.Items[1].ContentType != "image/png" {
				t.Fatalf("got %d %s, want both files stored as %s", res.Status, res.Body, tt.kind)
			}
			other := "manager"
			if tt.who != "sme2" {
				other = "sme"
			}
			res = w.s.do(request{method: http.MethodGet, path: list.Items[1].URL, token: w.tokens[other]})
			if res.Status != http.StatusOK || !bytes.Equal(res.Body, pngBytes) {
				t.Errorf("the other side downloads: got %d, want the PNG", res.Status)
			}
			if n := len(w.filesOf()); n != 2 {
				t.Errorf("files stored: got %d, want 2", n)
			}
		})
	}
}
