package handlers

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"cqshare/models"
)

func TestImportAPI(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	ctx, now := context.Background(), time.Now().UTC()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	facility := func(name string) int64 {
		con := models.Consortium{Name: "联合体" + name, Level: models.LevelMunicipal, CreatedAt: now, UpdatedAt: now}
		must(s.app.DB().Insert(ctx, &con))
		f := models.Facility{ConsortiumID: con.ID, Kind: models.KindPracticeCenter, Name: name, TimeZone: "Asia/Shanghai",
			DefaultRules: models.JSONColumn[models.Rules]{V: models.DefaultRules()}, CreatedAt: now, UpdatedAt: now}
		must(s.app.DB().Insert(ctx, &f))
		return f.ID
	}
	fac, other := facility("导入中心"), facility("别的中心")
	_, token := s.user("import-manager@test.local", models.RoleManager, fac)
	check := func(facID int64, data string) response {
		return s.do(multipartRequest("/api/v1/imports/check", token,
			map[string]string{"kind": "resources", "facility_id": fmt.Sprint(facID)}, upload{name: "仪器.csv", body: []byte(data)}))
	}
	bad := "名称,资产编号,类别代码,容量\n显微镜,A1,microscope,1\n光谱仪,A2,spectrometer,0\n"
	res := check(fac, bad)
	var rep importReportResponse
	res.JSON(t, &rep)
	if res.Status != http.StatusOK || rep.Bad != 1 || len(rep.Problems) != 1 || rep.Problems[0].Row != 3 || rep.Problems[0].Column != "容量" {
		t.Fatalf("check: got %d %s, want row 3 column 容量", res.Status, res.Body)
	}
	apply := func(id int64, data, goodOnly string) response {
		return s.do(multipartRequest(fmt.Sprintf("/api/v1/imports/%d/apply", id), token, map[string]string{"good_only": goodOnly},
			upload{name: "仪器.csv", body: []byte(data)}))
	}
	if res := apply(rep.ID, bad, "false"); res.Status != http.StatusUnprocessableEntity || res.ErrorCode() != "import_not_clean" {
		t.Errorf("apply with a bad row: got %d %s, want 422 import_not_clean", res.Status, res.Body)
	}
	if res := apply(rep.ID, bad, "true"); res.Status != http.StatusOK {
		t.Errorf("apply the good rows: got %d %s", res.Status, res.Body)
	}
	if res := apply(rep.ID, bad, "true"); res.Status != http.StatusConflict || res.ErrorCode() != "import_applied" {
		t.Errorf("apply again: got %d %s, want 409 import_applied", res.Status, res.Body)
	}
	if res := check(other, bad); res.Status != http.StatusForbidden {
		t.Errorf("another facility: got %d %s, want 403", res.Status, res.Body)
	}
	if res := check(fac, "%PDF-1.7\n%%EOF\n"); res.Status != http.StatusUnprocessableEntity || res.ErrorCode() != "import_file_refused" || res.Fields()["file"] == "" {
		t.Errorf("a PDF: got %d %s, want 422 import_file_refused on file", res.Status, res.Body)
	}
	if res := s.do(request{method: http.MethodGet, path: "/api/v1/imports/templates/resources?format=csv", token: token}); res.Status != http.StatusOK {
		t.Errorf("template: got %d", res.Status)
	}
}
