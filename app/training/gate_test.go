package training_test

import (
	"errors"
	"testing"
	"time"

	"cqshare/app/booking"
	"cqshare/app/core"
	"cqshare/models"
)

// A resource that requires a qualification is bookable by exactly the people who passed its
// course and whose grant has not expired; the refusal names the published courses that grant it.
func TestQualificationGatesBooking(t *testing.T) {
	f := newRecords(t)
	q := models.Qualification{Code: "cnc-safety", Name: "数控安全", NameEn: "CNC safety", ValidMonths: 12}
	f.Must(f.DB.Insert(f.Ctx, &q))
	granting := f.courseRow(func(c *models.Course) { c.QualificationID = &q.ID })
	f.courseRow(func(c *models.Course) {
		c.QualificationID = &q.ID
		c.Title = "草稿课程"
		c.Status = models.CourseDraft
	})
	lab := f.Facility("Asia/Shanghai")
	machine := f.Resource(lab.ID, func(r *models.Resource) { r.QualificationID = &q.ID })
	s, _ := f.sessionRows(granting.ID, monday9.Add(-30*24*time.Hour))

	grant := func(e models.Enrollment, expires time.Time) {
		f.Must(f.DB.SaveUserQualification(f.Ctx, &models.UserQualification{UserID: e.UserID, QualificationID: q.ID,
			GrantedAt: monday9.Add(-29 * 24 * time.Hour), ExpiresAt: &expires, Source: models.QualificationSourceCourse,
			EnrollmentID: &e.ID}))
	}
	passed := f.User(models.RoleStudent)
	grant(f.enrollRow(s.ID, passed.UserID, models.EnrollmentPassed), monday9.AddDate(1, 0, 0))
	lapsed := f.User(models.RoleStudent)
	grant(f.enrollRow(s.ID, lapsed.UserID, models.EnrollmentPassed), monday9.Add(-time.Hour))
	attended := f.User(models.RoleStudent)
	f.enrollRow(s.ID, attended.UserID, models.EnrollmentAttended)
	stranger := f.User(models.RoleStudent)

	start := monday9.Add(2 * time.Hour)
	for i, tc := range []struct {
		name string
		who  core.Actor
		ok   bool
	}{
		{"passed, grant valid", passed, true},
		{"passed, grant expired", lapsed, false},
		{"attended without passing", attended, false},
		{"never enrolled", stranger, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			from := start.Add(time.Duration(i) * time.Hour)
			_, err := f.App.Booking.CreateBooking(f.Ctx, tc.who, booking.Reservation{ResourceID: machine.ID, StartAt: from,
				EndAt: from.Add(time.Hour), Purpose: "加工零件", PurposeCategory: "teaching"})
			if tc.ok {
				f.Must(err)
				return
			}
			var ce *core.Error
			if !errors.As(err, &ce) || ce.Code != "qualification_required" {
				t.Fatalf("got %v, want qualification_required", err)
			}
			courses, _ := ce.Details["courses"].([]map[string]any)
			if len(courses) != 1 || courses[0]["id"] != granting.ID || courses[0]["title_en"] != granting.TitleEn {
				t.Errorf("got courses %v, want the published course %d alone", ce.Details["courses"], granting.ID)
			}
		})
	}

	v, err := f.App.Catalog.Resource(f.Ctx, stranger, machine.ID)
	f.Must(err)
	if len(v.QualificationCourses) != 1 || v.QualificationCourses[0].ID != granting.ID {
		t.Errorf("got the resource's courses %+v, want the published course %d", v.QualificationCourses, granting.ID)
	}
}
