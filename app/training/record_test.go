package training_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cqshare/app/apptest"
	"cqshare/app/core"
	"cqshare/app/training"
	"cqshare/models"
)

func TestLearningRecord(t *testing.T) {
	f := newRecords(t)
	now := f.Clock.Now()
	org := models.Organization{Name: "长安汽车", Kind: "enterprise", IsSME: true, CreatedAt: now, UpdatedAt: now}
	other := models.Organization{Name: "别的企业", Kind: "enterprise", IsSME: true, CreatedAt: now, UpdatedAt: now}
	f.Must(f.DB.Insert(f.Ctx, &org))
	f.Must(f.DB.Insert(f.Ctx, &other))
	member := func(role string, orgID int64) core.Actor {
		ac := f.User(role)
		f.Must(f.DB.UpdateByID(f.Ctx, &models.User{}, ac.UserID, map[string]any{"organization_id": orgID}))
		return f.ActorOf(ac.UserID)
	}
	trainee := member(models.RoleStudent, org.ID)

	q := models.Qualification{Code: "weld", Name: "焊接上岗", NameEn: "Welding licence", ValidMonths: 24}
	f.Must(f.DB.Insert(f.Ctx, &q))
	welding := f.courseRow(func(c *models.Course) {
		c.Title, c.TitleEn, c.Hours, c.QualificationID, c.PassScore = "焊接基础", "Welding basics", 24, &q.ID, apptest.Ptr(60)
	})
	safety := f.courseRow(nil) // 16 hours
	s1, _ := f.sessionRows(welding.ID, monday9.Add(-60*24*time.Hour))
	s2, _ := f.sessionRows(safety.ID, monday9.Add(-30*24*time.Hour))
	s3, _ := f.sessionRows(safety.ID, monday9.Add(7*24*time.Hour))
	passed := f.enrollRow(s1.ID, trainee.UserID, models.EnrollmentPassed)
	f.Must(f.DB.UpdateByID(f.Ctx, &models.Enrollment{}, passed.ID, map[string]any{"score": 88}))
	f.certificateRow(passed, "AAAA1111BBBB")
	f.Must(f.DB.SaveUserQualification(f.Ctx, &models.UserQualification{UserID: trainee.UserID, QualificationID: q.ID,
		GrantedAt: now, ExpiresAt: apptest.Ptr(now.AddDate(2, 0, 0)), Source: models.QualificationSourceCourse, EnrollmentID: &passed.ID}))
	f.enrollRow(s2.ID, trainee.UserID, models.EnrollmentAbsent)
	f.enrollRow(s3.ID, trainee.UserID, models.EnrollmentWaitlisted) // not a course taken

	// A course at another base, which the first base's manager must not see.
	elsewhere := f.Facility("Asia/Shanghai")
	f.Must(f.DB.UpdateByID(f.Ctx, &models.Facility{}, elsewhere.ID, map[string]any{"kind": models.KindTrainingBase}))
	far := f.courseRow(func(c *models.Course) { c.FacilityID, c.Title, c.Hours = elsewhere.ID, "远方课程", 8 })
	s4, _ := f.sessionRows(far.ID, monday9.Add(-10*24*time.Hour))
	f.enrollRow(s4.ID, trainee.UserID, models.EnrollmentAttended)

	for _, tc := range []struct {
		name    string
		who     core.Actor
		want    string
		courses int
		hours   int
		quals   int
	}{
		{"the person", trainee, "", 3, 24 + 8, 1},
		{"an admin", f.User(models.RoleAdmin), "", 3, 32, 1},
		{"an SME account of the person's organization", member(models.RoleSME, org.ID), "", 3, 32, 1},
		{"an SME account of another organization", member(models.RoleSME, other.ID), "not_found", 0, 0, 0},
		{"a teacher of the same organization", member(models.RoleTeacher, org.ID), "not_found", 0, 0, 0},
		{"the first base's manager", f.manager, "", 2, 24, 1},
		{"the other base's manager", f.User(models.RoleManager, elsewhere.ID), "", 1, 8, 0},
		{"a manager of a base the person never attended", f.User(models.RoleManager, f.Facility("Asia/Shanghai").ID), "not_found", 0, 0, 0},
		{"the instructor", f.instructor, "not_found", 0, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec, err := f.App.Training.LearningRecord(f.Ctx, tc.who, trainee.UserID)
			apptest.CheckErr(t, err, tc.want)
			if err != nil {
				return
			}
			if len(rec.Courses) != tc.courses || rec.CompletedHours != tc.hours || len(rec.Qualifications) != tc.quals {
				t.Errorf("got %d courses, %d hours, %d qualifications; want %d, %d, %d", len(rec.Courses),
					rec.CompletedHours, len(rec.Qualifications), tc.courses, tc.hours, tc.quals)
			}
		})
	}

	rec, err := f.App.Training.LearningRecord(f.Ctx, trainee, trainee.UserID)
	f.Must(err)

	t.Run("csv", func(t *testing.T) {
		for lang, header := range map[core.Lang]string{core.ZH: "类型", core.EN: "Kind"} {
			var b bytes.Buffer
			f.Must(training.WriteRecordCSV(&b, rec, lang))
			text, ok := strings.CutPrefix(b.String(), "\uFEFF")
			if !ok {
				t.Fatalf("%s: no byte-order mark", lang)
			}
			rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
			f.Must(err)
			if len(rows) != 1+3+1 || rows[0][0] != header {
				t.Fatalf("%s: got %d rows, header %q; want 5 rows, %q", lang, len(rows), rows[0][0], header)
			}
			if lang == core.EN && (rows[1][1] != "Welding basics" || rows[1][5] != "24" || rows[1][7] != "88" || rows[1][8] != "AAAA1111BBBB") {
				t.Errorf("got %v, want the welding course with its hours, score and certificate", rows[1])
			}
		}
	})

	t.Run("xlsx", func(t *testing.T) {
		var b bytes.Buffer
		f.Must(training.WriteRecordXLSX(&b, rec, core.ZH))
		x, err := excelize.OpenReader(&b)
		f.Must(err)
		defer func() { _ = x.Close() }()
		sheet := x.GetSheetName(0)
		if sheet != "学习档案" {
			t.Errorf("got sheet %q, want 学习档案", sheet)
		}
		if v, _ := x.GetCellValue(sheet, "F1"); v != "学时" {
			t.Errorf("got header F1 %q, want 学时", v)
		}
		panes, err := x.GetPanes(sheet)
		f.Must(err)
		if !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("got panes %+v, want the header row frozen", panes)
		}
		for _, cell := range []string{"F2", "H2"} {
			typ, err := x.GetCellType(sheet, cell)
			f.Must(err)
			// A number is stored without a type (Unset) or as one; text as a (shared) string.
			if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
				t.Errorf("got %s of type %v, want a number", cell, typ)
			}
		}
		if v, _ := x.GetCellValue(sheet, "F2"); v != "24" {
			t.Errorf("got F2 %q, want 24", v)
		}
	})
}
