package training_test

import (
	"strings"
	"testing"
	"time"

	"cqshare/app/apptest"
	"cqshare/models"
)

func TestWarnExpiringQualifications(t *testing.T) {
	f := newRecords(t)
	q := models.Qualification{Code: "forklift", Name: "叉车", NameEn: "Forklift", ValidMonths: 12}
	f.Must(f.DB.Insert(f.Ctx, &q))
	grant := func(expires time.Time) int64 {
		ac := f.User(models.RoleStudent)
		f.Must(f.DB.SaveUserQualification(f.Ctx, &models.UserQualification{UserID: ac.UserID, QualificationID: q.ID,
			GrantedAt: monday9, ExpiresAt: &expires, Source: models.QualificationSourceManual}))
		return ac.UserID
	}
	day := 24 * time.Hour
	inForty := grant(monday9.Add(40 * day))
	inFive := grant(monday9.Add(5 * day))
	grant(monday9.Add(-day)) // expired: nothing to warn of
	never := f.User(models.RoleStudent)
	f.Must(f.DB.SaveUserQualification(f.Ctx, &models.UserQualification{UserID: never.UserID, QualificationID: q.ID,
		GrantedAt: monday9, Source: models.QualificationSourceManual}))

	warnings := func(userID int64) int64 {
		return f.Count(&models.Notification{}, "user_id = ? AND kind = ?", userID, "qualification_expiring")
	}
	run := func(want int64) {
		t.Helper()
		n, err := f.App.Training.WarnExpiringQualifications(f.Ctx)
		f.Must(err)
		if n != want {
			t.Errorf("at %s: sent %d warnings, want %d", f.Clock.Now(), n, want)
		}
	}
	for _, step := range []struct {
		at             time.Duration
		sent           int64
		fortyGot, five int64
		description    string
	}{
		{0, 1, 0, 1, "the five-day grant gets the week's warning alone"},
		{0, 0, 0, 1, "run again the same day: nothing more"},
		{10 * day, 1, 1, 1, "30 days before the forty-day grant's expiry"},
		{11 * day, 0, 1, 1, "the day after"},
		{33 * day, 1, 2, 1, "7 days before it"},
		{34 * day, 0, 2, 1, "and never again"},
		{60 * day, 0, 2, 1, "after the expiry"},
	} {
		f.Clock.Set(monday9.Add(step.at))
		run(step.sent)
		if got := [2]int64{warnings(inForty), warnings(inFive)}; got != [2]int64{step.fortyGot, step.five} {
			t.Errorf("%s: got warnings %v, want %v", step.description, got, [2]int64{step.fortyGot, step.five})
		}
	}
	if warnings(never.UserID) != 0 {
		t.Error("a grant without expiry was warned")
	}
	if n := f.Count(&models.Email{}, "user_id = ? AND kind = ? AND subject = ?", inFive, "qualification_expiring", "资质即将到期：叉车"); n != 1 {
		t.Errorf("got %d e-mails of the week's warning, want 1", n)
	}

	// A renewal is warned of again before its new expiry.
	f.Must(f.DB.SaveUserQualification(f.Ctx, &models.UserQualification{UserID: inForty, QualificationID: q.ID,
		GrantedAt: f.Clock.Now(), ExpiresAt: apptest.Ptr(f.Clock.Now().Add(20 * day)), Source: models.QualificationSourceManual}))
	run(1)
	if warnings(inForty) != 3 {
		t.Errorf("got %d warnings after the renewal, want 3", warnings(inForty))
	}
}

func TestRemindSessions(t *testing.T) {
	f := newRecords(t)
	c := f.courseRow(nil)
	day := 24 * time.Hour
	s, meetings := f.sessionRows(c.ID, monday9.Add(30*time.Hour), monday9.Add(3*day))
	seated, waiting, gone := f.User(models.RoleStudent), f.User(models.RoleStudent), f.User(models.RoleStudent)
	f.enrollRow(s.ID, seated.UserID, models.EnrollmentEnrolled)
	f.enrollRow(s.ID, waiting.UserID, models.EnrollmentWaitlisted)
	f.enrollRow(s.ID, gone.UserID, models.EnrollmentCancelled)
	cancelled, _ := f.sessionRows(c.ID, monday9.Add(30*time.Hour))
	f.enrollRow(cancelled.ID, seated.UserID, models.EnrollmentEnrolled)
	f.Must(f.DB.UpdateByID(f.Ctx, &models.CourseSession{}, cancelled.ID, map[string]any{"status": models.SessionCancelled}))

	reminders := func(userID int64) int64 {
		return f.Count(&models.Notification{}, "user_id = ? AND kind = ?", userID, "session_reminder")
	}
	for _, step := range []struct {
		at          time.Duration
		sent, total int64
		description string
	}{
		{0, 0, 0, "30 hours before the first meeting"},
		{7 * time.Hour, 1, 1, "23 hours before it"},
		{8 * time.Hour, 0, 1, "an hour later: no second reminder"},
		{2*day + time.Hour, 1, 2, "23 hours before the second meeting"},
		{4 * day, 0, 2, "after both"},
	} {
		f.Clock.Set(monday9.Add(step.at))
		n, err := f.App.Training.RemindSessions(f.Ctx)
		f.Must(err)
		if n != step.sent || reminders(seated.UserID) != step.total {
			t.Errorf("%s: sent %d, the seat holder has %d; want %d and %d", step.description, n, reminders(seated.UserID), step.sent, step.total)
		}
	}
	if reminders(waiting.UserID)+reminders(gone.UserID) != 0 {
		t.Error("someone without a seat was reminded")
	}
	var mails []models.Email
	f.Must(f.DB.R(f.Ctx).Where("user_id = ? AND kind = ?", seated.UserID, "session_reminder").Find(&mails).Error)
	if len(mails) != 2 || mails[0].Subject != "上课提醒："+c.Title || !strings.Contains(mails[0].Body, "2026年3月3日 15:00") {
		t.Errorf("got e-mails %+v, want two reminders of %s, the first at 15:00 in Shanghai", mails, c.Title)
	}
	if m := f.Count(&models.SessionMeeting{}, "id IN ? AND reminded_at IS NOT NULL", []int64{meetings[0].ID, meetings[1].ID}); m != 2 {
		t.Errorf("got %d meetings stamped reminded, want 2", m)
	}
}
