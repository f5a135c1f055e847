package seed_test

import (
	"testing"

	"cqshare/app/apptest"
	"cqshare/models"
)

// TestSeedTraining: every training base offers courses with history, a session under way and
// upcoming ones, one full with a waitlist and one nearly full; every qualification the demo
// equipment requires has a published course that grants it; the demo student has a certificate
// and an upcoming course.
func TestSeedTraining(t *testing.T) {
	t.Parallel()
	d := apptest.NewDemo(t)
	now := d.Clock.Now()
	var bases []models.Facility
	d.Must(d.DB.R(d.Ctx).Where("kind = ?", models.KindTrainingBase).Find(&bases).Error)
	for _, b := range bases {
		if n := d.Count(&models.Course{}, "facility_id = ? AND status = ?", b.ID, models.CoursePublished); n < 2 {
			t.Errorf("%s: got %d courses, want at least 2", b.Name, n)
		}
	}
	var sessions []models.CourseSession
	d.Must(d.DB.R(d.Ctx).Find(&sessions).Error)
	var past, underWay, upcoming, full, nearlyFull int
	for _, s := range sessions {
		seated := int(d.Count(&models.Enrollment{}, "session_id = ? AND seat_no IS NOT NULL", s.ID))
		waiting := d.Count(&models.Enrollment{}, "session_id = ? AND status = ?", s.ID, models.EnrollmentWaitlisted)
		switch {
		case s.EndAt.Before(now):
			past++
			if results := d.Count(&models.Enrollment{}, "session_id = ? AND result_at IS NOT NULL", s.ID); results != int64(seated) || seated == 0 {
				t.Errorf("past session %d: got %d results for %d trainees", s.ID, results, seated)
			}
		case s.StartAt.Before(now):
			underWay++
		default:
			upcoming++
		}
		switch {
		case seated == s.Seats && waiting > 0:
			full++
		case seated >= s.Seats-2 && seated < s.Seats && s.StartAt.After(now):
			nearlyFull++
		}
	}
	if past < len(bases)*2 || underWay != len(bases) || upcoming < len(bases)*2 || full < 1 || nearlyFull < 1 {
		t.Errorf("got %d past, %d under way, %d upcoming sessions, %d full with a waitlist, %d nearly full", past, underWay, upcoming, full, nearlyFull)
	}
	if marks := d.Count(&models.AttendanceMark{}, "present = ?", true); marks == 0 {
		t.Error("got no attendance")
	}
	if certs := d.Count(&models.Certificate{}, "revoked_at IS NULL"); certs < 20 {
		t.Errorf("got %d certificates, want a history of them", certs)
	}

	var required []int64
	d.Must(d.DB.R(d.Ctx).Model(&models.Resource{}).Where("qualification_id IS NOT NULL").Distinct().Pluck("qualification_id", &required).Error)
	for _, q := range required {
		if d.Count(&models.Course{}, "qualification_id = ? AND status = ?", q, models.CoursePublished) == 0 {
			t.Errorf("qualification %d is required by equipment, granted by no course", q)
		}
		if d.Count(&models.UserQualification{}, "qualification_id = ? AND source = ?", q, models.QualificationSourceCourse) == 0 {
			t.Errorf("qualification %d: nobody passed a course for it", q)
		}
	}

	if n := d.Count(&models.Certificate{}, "user_id = ?", d.Student.UserID); n != 1 {
		t.Errorf("got %d certificates of the demo student, want 1", n)
	}
	rec, err := d.App.Training.LearningRecord(d.Ctx, d.Student, d.Student.UserID)
	d.Must(err)
	if len(rec.Courses) < 2 || rec.CompletedHours == 0 {
		t.Errorf("got the demo student's record %+v, want a course passed and one to come", rec)
	}
}
