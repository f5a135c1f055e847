package imports_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cqshare/app/apptest"
	"cqshare/app/core"
	"cqshare/app/imports"
	"cqshare/models"
)

var start = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

// resourcesXLSX is a workbook of n instruments with the template's Chinese headers; bad(i)
// changes row i's cells (0-based data row).
func resourcesXLSX(t *testing.T, n int, cell func(i int, col string) any) []byte {
	t.Helper()
	f := excelize.NewFile()
	header := []any{"名称*", "英文名称", "资产编号*", "类别代码*", "型号", "容量", "需要审批", "校内单价(元/小时)"}
	if err := f.SetSheetRow("Sheet1", "A1", &header); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		row := []any{fmt.Sprintf("仪器 %d", i), fmt.Sprintf("Instrument %d", i), fmt.Sprintf("ZC-%04d", i), "equipment",
			"M-1", 1, "否", 80}
		for j, h := range header {
			if v := cell(i, strings.TrimSuffix(h.(string), "*")); v != nil {
				row[j] = v
			}
		}
		name, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow("Sheet1", name, &row); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func none(int, string) any { return nil }

// TestManagerOnboardsInstruments: a manager brings 500 instruments in from a spreadsheet with
// one bad row; the check names its row and column and writes nothing; applying the clean rows
// only writes 499; the fixed file adds the last one and updates none; a second apply is refused.
func TestManagerOnboardsInstruments(t *testing.T) {
	t.Parallel()
	f := apptest.NewFixture(t, start)
	fac := f.Facility("Asia/Shanghai")
	mgr := f.User(models.RoleManager, fac.ID)
	s := f.App.Imports
	count := func() int64 { return f.Count(&models.Resource{}, "facility_id = ?", fac.ID) }

	bad := resourcesXLSX(t, 500, func(i int, col string) any {
		if i == 250 && col == "容量" {
			return 0
		}
		return nil
	})
	up := imports.Upload{Kind: models.ImportResources, FacilityID: fac.ID, FileName: "仪器.xlsx", Data: bad}
	rep, err := s.Check(f.Ctx, mgr, up)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 500 || rep.Bad != 1 || rep.Good != 499 || rep.Created != 499 {
		t.Fatalf("check: got rows %d bad %d good %d created %d, want 500 1 499 499", rep.Rows, rep.Bad, rep.Good, rep.Created)
	}
	if len(rep.Problems) != 1 || rep.Problems[0].Row != 252 || rep.Problems[0].Column != "容量" || rep.Problems[0].Field != "capacity" {
		t.Fatalf("check: got problems %+v, want row 252 column 容量", rep.Problems)
	}
	if msg := core.EN.Say(rep.Problems[0].Message); !strings.Contains(msg, "between 1 and") {
		t.Errorf("check: got message %q, want the catalog's capacity rule", msg)
	}
	if n := count(); n != 0 {
		t.Fatalf("after the check: got %d resources, want 0", n)
	}
	if _, err := s.Apply(f.Ctx, mgr, rep.ID, bad, false, ""); !errors.Is(err, imports.ErrNotClean) {
		t.Fatalf("apply a file with a bad row: got %v, want import_not_clean", err)
	}
	if n := count(); n != 0 {
		t.Fatalf("after a refused apply: got %d resources, want 0", n)
	}
	if _, err := s.Apply(f.Ctx, mgr, rep.ID, bad[:len(bad)-1], true, ""); !errors.Is(err, imports.ErrFileChanged) {
		t.Fatalf("apply another file: got %v, want import_file_changed", err)
	}
	done, err := s.Apply(f.Ctx, mgr, rep.ID, bad, true, "")
	if err != nil || done.Created != 499 || done.Skipped != 1 || done.AppliedAt == nil {
		t.Fatalf("apply good rows: got %+v %v, want 499 created, 1 skipped", done, err)
	}
	if n := count(); n != 499 {
		t.Fatalf("after applying: got %d resources, want 499", n)
	}
	if n := f.Count(&models.AuditLog{}, "action = ? AND object_id = ?", "import.apply", rep.ID); n != 1 {
		t.Errorf("got %d import.apply audit records, want 1", n)
	}
	if _, err := s.Apply(f.Ctx, mgr, rep.ID, bad, true, ""); !errors.Is(err, imports.ErrApplied) {
		t.Fatalf("second apply: got %v, want import_applied", err)
	}
	if n := count(); n != 499 {
		t.Fatalf("after a second apply: got %d resources, want 499", n)
	}

	fixed := resourcesXLSX(t, 500, func(i int, col string) any {
		if i == 7 && col == "型号" {
			return "M-2"
		}
		return nil
	})
	rep, err = s.Check(f.Ctx, mgr, imports.Upload{Kind: models.ImportResources, FacilityID: fac.ID, FileName: "仪器.xlsx", Data: fixed})
	if err != nil || rep.Bad != 0 {
		t.Fatalf("check the fixed file: got %+v %v", rep, err)
	}
	done, err = s.Apply(f.Ctx, mgr, rep.ID, fixed, false, "")
	if err != nil || done.Created != 1 || done.Updated != 1 || done.Unchanged != 498 {
		t.Fatalf("apply the fixed file: got %+v %v, want 1 created, 1 updated, 498 unchanged", done, err)
	}
	if n := count(); n != 500 {
		t.Fatalf("after re-importing: got %d resources, want 500", n)
	}
	if n := f.Count(&models.Resource{}, "facility_id = ? AND asset_no = ? AND model = ?", fac.ID, "ZC-0007", "M-2"); n != 1 {
		t.Errorf("the changed row: got %d resources with the new model, want 1", n)
	}
}

func TestResourceImportScopeAndBadFiles(t *testing.T) {
	t.Parallel()
	f := apptest.NewFixture(t, start)
	fac, other := f.Facility("Asia/Shanghai"), f.Facility("Asia/Shanghai")
	mgr := f.User(models.RoleManager, fac.ID)
	s := f.App.Imports
	good := resourcesXLSX(t, 2, none)
	if _, err := s.Check(f.Ctx, mgr, imports.Upload{Kind: models.ImportResources, FacilityID: other.ID, Data: good}); !errors.Is(err, core.ErrForbidden) {
		t.Errorf("another facility: got %v, want forbidden", err)
	}
	rep, err := s.Check(f.Ctx, f.User(models.RoleManager, other.ID), imports.Upload{Kind: models.ImportResources, FacilityID: other.ID, Data: good})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply(f.Ctx, mgr, rep.ID, good, false, ""); !errors.Is(err, core.ErrNotFound) {
		t.Errorf("apply another facility's check: got %v, want not found", err)
	}
	var many strings.Builder
	many.WriteString("名称,资产编号,类别代码\n")
	for i := range imports.MaxRows + 1 {
		fmt.Fprintf(&many, "仪器%d,A%d,equipment\n", i, i)
	}
	for _, tt := range []struct {
		name string
		data []byte
		key  string
	}{
		{"a PDF", []byte("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"), "imports.not_a_spreadsheet"},
		{"empty", nil, "imports.empty"},
		{"a header only", []byte("名称,资产编号,类别代码\n"), "imports.empty"},
		{"too many rows", []byte(many.String()), "imports.too_many_rows"},
		{"wrong headers", []byte("名字,编号\n仪器,A1\n"), "imports.bad_header"},
	} {
		_, err := s.Check(f.Ctx, mgr, imports.Upload{Kind: models.ImportResources, FacilityID: fac.ID, Data: tt.data})
		var e *core.Error
		if !errors.As(err, &e) || e.Code != "import_file_refused" || e.Key != tt.key {
			t.Errorf("%s: got %v, want import_file_refused %s", tt.name, err, tt.key)
		}
	}
	// A CSV in GB18030, as Excel saves it on a Chinese Windows, with English headers.
	csv := []byte("Name,Asset number,Category,Capacity\n显微镜,B1,microscope,2\n")
	rep, err = s.Check(f.Ctx, mgr, imports.Upload{Kind: models.ImportResources, FacilityID: fac.ID, Data: csv})
	if err != nil || rep.Bad != 0 || rep.Created != 1 {
		t.Errorf("an English CSV: got %+v %v, want one row to create", rep, err)
	}
}

func TestRosterImport(t *testing.T) {
	t.Parallel()
	f := apptest.NewFixture(t, start)
	fac := f.Facility("Asia/Shanghai")
	org := models.Organization{Name: "重庆某职业学院", Kind: "school", CreatedAt: start, UpdatedAt: start}
	f.Must(f.DB.Insert(f.Ctx, &org))
	f.Must(f.DB.Insert(f.Ctx, &models.ConsortiumMember{ConsortiumID: fac.ConsortiumID, OrganizationID: org.ID, Role: "member"}))
	admin := f.User(models.RoleAdmin)
	s := f.App.Imports
	roster := "邮箱,姓名,角色,学号\nli.si@college.edu.cn,李四,学生,2026001\nwang.wu@college.edu.cn,王五,教师,\n"
	apply := func(ac core.Actor, data string) (imports.Report, error) {
		t.Helper()
		rep, err := s.Check(f.Ctx, ac, imports.Upload{Kind: models.ImportUsers, OrganizationID: org.ID, Data: []byte(data)})
		if err != nil {
			return rep, err
		}
		return s.Apply(f.Ctx, ac, rep.ID, []byte(data), false, "")
	}
	rep, err := apply(admin, roster)
	if err != nil || rep.Created != 2 {
		t.Fatalf("first import: got %+v %v, want 2 created", rep, err)
	}
	u, err := f.DB.UserByEmail(f.Ctx, "li.si@college.edu.cn")
	if err != nil || u.Role != models.RoleStudent || u.StudentNumber == nil || *u.StudentNumber != "2026001" || u.PasswordHash != "" {
		t.Fatalf("imported student: got %+v %v", u, err)
	}
	if rep, err = apply(admin, roster); err != nil || rep.Unchanged != 2 || rep.Created != 0 {
		t.Fatalf("same roster again: got %+v %v, want 2 unchanged", rep, err)
	}
	renamed := strings.Replace(roster, "李四", "李思", 1)
	if rep, err = apply(admin, renamed); err != nil || rep.Updated != 1 || rep.Unchanged != 1 {
		t.Fatalf("a renamed student: got %+v %v, want 1 updated", rep, err)
	}
	if n := f.Count(&models.User{}, "organization_id = ?", org.ID); n != 2 {
		t.Errorf("got %d accounts of the organization, want 2", n)
	}
	clash := "邮箱,姓名,角色,学号\nzhao@college.edu.cn,赵六,学生,2026001\nqian@college.edu.cn,钱七,校长,\n"
	rep, err = s.Check(f.Ctx, admin, imports.Upload{Kind: models.ImportUsers, OrganizationID: org.ID, Data: []byte(clash)})
	if err != nil || rep.Bad != 2 {
		t.Fatalf("a taken student number and a bad role: got %+v %v, want 2 bad rows", rep, err)
	}
	if rep.Problems[0].Column != "学号" || rep.Problems[1].Column != "角色" {
		t.Errorf("got problems %+v, want 学号 then 角色", rep.Problems)
	}
	stranger := f.User(models.RoleConsortiumAdmin)
	f.Must(f.DB.UpdateByID(f.Ctx, &models.User{}, stranger.UserID, map[string]any{"admin_consortium_id": f.Facility("Asia/Shanghai").ConsortiumID}))
	if _, err := apply(f.ActorOf(stranger.UserID), roster); !errors.Is(err, core.ErrForbidden) {
		t.Errorf("another consortium's administrator: got %v, want forbidden", err)
	}
}

// holidayICS is a holiday calendar as the common Chinese ones read: the Spring Festival off
// (休, three days in one event) and a make-up working Sunday (班).
const holidayICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//holiday-cn//CN\r\nX-WR-CALNAME:中国节假日\r\n" +
	"BEGIN:VEVENT\r\nUID:2026-spring@holiday-cn\r\nDTSTART;VALUE=DATE:20260216\r\nDTEND;VALUE=DATE:20260219\r\nSUMMARY:春节（休）\r\nEND:VEVENT\r\n" +
	"BEGIN:VEVENT\r\nUID:2026-spring-work@holiday-cn\r\nDTSTART;VALUE=DATE:20260215\r\nSUMMARY:春节调休（班）\r\nEND:VEVENT\r\n" +
	"BEGIN:VEVENT\r\nUID:broken@holiday-cn\r\nDTSTART;VALUE=DATE:2026021\r\nSUMMARY:坏日期\r\nEND:VEVENT\r\n" +
	"END:VCALENDAR\r\n"

func TestHolidayImport(t *testing.T) {
	t.Parallel()
	f := apptest.NewFixture(t, start)
	fac := f.Facility("Asia/Shanghai")
	mgr := f.User(models.RoleManager, fac.ID)
	s := f.App.Imports
	data := []byte(holidayICS)
	rep, err := s.Check(f.Ctx, mgr, imports.Upload{Kind: models.ImportHolidays, Data: data})
	if err != nil || rep.Rows != 3 || rep.Bad != 1 || len(rep.Problems) != 1 || rep.Problems[0].Column != "DTSTART" || rep.Problems[0].Row != 16 {
		t.Fatalf("check: got %+v %v, want the broken event's DTSTART at line 16", rep, err)
	}
	if _, err := s.Apply(f.Ctx, mgr, rep.ID, data, true, ""); err != nil {
		t.Fatal(err)
	}
	sh, _ := time.LoadLocation("Asia/Shanghai")
	if n := f.Count(&models.Blackout{}, "facility_id = ? AND resource_id IS NULL AND kind = ? AND start_at = ? AND end_at = ?", fac.ID,
		models.BlackoutClosure, time.Date(2026, 2, 16, 0, 0, 0, 0, sh).UTC(), time.Date(2026, 2, 19, 0, 0, 0, 0, sh).UTC()); n != 1 {
		t.Errorf("got %d Spring Festival closures, want 1", n)
	}
	if n := f.Count(&models.Blackout{}, "facility_id = ? AND kind = ?", fac.ID, models.BlackoutMakeup); n != 1 {
		t.Errorf("got %d make-up days, want 1", n)
	}
	rep, err = s.Check(f.Ctx, mgr, imports.Upload{Kind: models.ImportHolidays, Data: data})
	if err != nil {
		t.Fatal(err)
	}
	if rep, err = s.Apply(f.Ctx, mgr, rep.ID, data, true, ""); err != nil || rep.Created != 0 || rep.Unchanged != 2 {
		t.Fatalf("re-import: got %+v %v, want nothing created", rep, err)
	}
	if n := f.Count(&models.Blackout{}, "facility_id = ?", fac.ID); n != 2 {
		t.Errorf("after re-import: got %d blackouts, want 2", n)
	}
	if _, err := s.Check(f.Ctx, mgr, imports.Upload{Kind: models.ImportHolidays, Data: []byte("not a calendar")}); err == nil {
		t.Error("a text file as a calendar: got no error")
	}
}
