package training

import (
	"context"
	"fmt"
	"time"

	"cqshare/models"
)

// Notification kinds of the reminder jobs.
const (
	KindSessionReminder       = "session_reminder"
	KindQualificationExpiring = "qualification_expiring"
)

// reminderBatch bounds the rows one query of a reminder job reads; the job reads again until
// none is left.
const reminderBatch = 500

// ReminderLead is how long before a meeting its trainees are reminded.
const ReminderLead = 24 * time.Hour

// expiryWarnings are the two warnings before a grant expires, latest first so that a grant with
// less than a week left gets the week's warning alone: the month's window ends where the week's
// begins.
var expiryWarnings = []struct {
	column     string
	from, upTo int // days before the expiry
}{
	{models.WarnedWeek, 0, 7},
	{models.WarnedMonth, 7, 30},
}

// WarnExpiringQualifications (job qualification_expiry_warnings, daily) tells holders that a
// qualification expires within 30 days and again within 7, once each: a grant's warning stamp
// is set in the transaction of its notification, and only where it was not set. It returns how
// many warnings it sent. A renewed grant is warned again before its new expiry.
func (s *Service) WarnExpiringQualifications(ctx context.Context) (int64, error) {
	now := s.Now()
	loc := s.catalog.TimeZone("")
	var n int64
	for _, w := range expiryWarnings {
		for {
			due, err := s.DB.GrantsExpiringBy(ctx, w.column, now.AddDate(0, 0, w.from), now.AddDate(0, 0, w.upTo), reminderBatch)
			if err != nil {
				return n, err
			}
			for _, g := range due {
				sent, err := s.warnGrant(ctx, g, w.column, now, loc)
				if err != nil {
					return n, fmt.Errorf("warn grant %d: %w", g.ID, err)
				}
				if sent {
					n++
				}
			}
			if len(due) < reminderBatch {
				break
			}
		}
	}
	return n, nil
}

func (s *Service) warnGrant(ctx context.Context, g models.ExpiringGrant, column string, now time.Time, loc *time.Location) (bool, error) {
	sent := false
	err := s.Tx(ctx, func(ctx context.Context) error {
		changed, err := s.DB.MarkGrantWarned(ctx, g.ID, column, now)
		if err != nil || !changed {
			sent = false
			return err
		}
		sent = true
		return s.Notify(ctx, g.UserID, KindQualificationExpiring, map[string]any{
			"qualification_id": g.QualificationID, "qualification_name": g.Name, "qualification_name_en": g.NameEn,
			"expires_at": g.ExpiresAt.In(loc), "days_left": int(g.ExpiresAt.Sub(now).Hours() / 24),
		})
	})
	return sent, err
}

// RemindSessions (job session_reminders, hourly) reminds every seat holder of a meeting that
// starts within ReminderLead, once per meeting: the meeting's reminded stamp is set in the
// transaction of its notifications. It returns how many reminders it sent.
func (s *Service) RemindSessions(ctx context.Context) (int64, error) {
	now := s.Now()
	var n int64
	for {
		due, err := s.DB.MeetingsToRemind(ctx, now, now.Add(ReminderLead), reminderBatch)
		if err != nil {
			return n, err
		}
		for _, m := range due {
			sent, err := s.remindMeeting(ctx, m, now)
			if err != nil {
				return n, fmt.Errorf("remind meeting %d: %w", m.ID, err)
			}
			n += sent
		}
		if len(due) < reminderBatch {
			return n, nil
		}
	}
}

func (s *Service) remindMeeting(ctx context.Context, m models.MeetingToRemind, now time.Time) (int64, error) {
	var sent int64
	err := s.Tx(ctx, func(ctx context.Context) error {
		sent = 0
		changed, err := s.DB.MarkMeetingReminded(ctx, m.ID, now)
		if err != nil || !changed {
			return err
		}
		holders, err := s.DB.SeatHolderIDs(ctx, m.SessionID)
		if err != nil {
			return err
		}
		loc := s.catalog.TimeZone(m.TimeZone)
		for _, userID := range holders {
			if err := s.Notify(ctx, userID, KindSessionReminder, map[string]any{
				"session_id": m.SessionID, "course_id": m.CourseID, "course_title": m.CourseTitle,
				"course_title_en": m.CourseTitleEn, "meeting_id": m.ID, "start_at": m.StartAt.In(loc), "end_at": m.EndAt.In(loc),
			}); err != nil {
				return err
			}
			sent++
		}
		return nil
	})
	return sent, err
}
