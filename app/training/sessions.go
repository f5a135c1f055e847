package training

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"cqshare/app/booking"
	"cqshare/app/core"
	"cqshare/models"
)

// Meeting is one meeting of a session as a caller gives it.
type Meeting struct {
	StartAt time.Time
	EndAt   time.Time
}

// NewSession is a run of a course: its meetings, room, instructor, seats, window and audience.
type NewSession struct {
	CourseID         int64
	InstructorID     int64
	Seats            int
	Meetings         []Meeting
	RoomResourceID   *int64
	EnrollOpensAt    *time.Time // now when nil
	EnrollClosesAt   *time.Time // the first meeting's start when nil
	CancelDeadline   *time.Time // 24 hours before the first meeting when nil
	Audience         string
	OrganizationIDs  []int64
	FeeInternalFen   *int64
	FeeConsortiumFen *int64
	FeeOutsideFen    *int64
	Note             string
}

// SessionPatch changes some fields of a session; a zero room or fee clears it (no room, free).
type SessionPatch struct {
	InstructorID     *int64
	Seats            *int
	Meetings         *[]Meeting
	RoomResourceID   *int64
	EnrollOpensAt    *time.Time
	EnrollClosesAt   *time.Time
	CancelDeadline   *time.Time
	Audience         *string
	OrganizationIDs  *[]int64
	FeeInternalFen   *int64
	FeeConsortiumFen *int64
	FeeOutsideFen    *int64
	EnrollmentClosed *bool
	Note             *string
}

// Bounds of a session.
const (
	MaxSeats    = 1000
	MaxMeetings = 60
	// defaultCancelBefore is how long before the first meeting trainees may cancel by default.
	defaultCancelBefore = 24 * time.Hour
)

// The notification kinds of training (the UI words them; e-mail wording is email.<kind>.*).
const (
	NotifyEnrollmentPromoted = "enrollment_promoted"
	NotifySessionChanged     = "session_changed"
	NotifySessionCancelled   = "session_cancelled"
	NotifyCourseResult       = "course_result"
)

// mayScheduleCourse reports whether the actor may add sessions to the course: its base's
// managers and admins, and instructors (for sessions they teach themselves).
func (s *Service) mayScheduleCourse(ac core.Actor, c models.Course) bool {
	return c.Status != models.CourseArchived && (ac.ManagesFacility(c.FacilityID) || ac.Role == models.RoleInstructor)
}

// mayEditSession: the base's managers, admins and the session's instructor.
func mayEditSession(ac core.Actor, sess models.CourseSession, facilityID int64) bool {
	return ac.ManagesFacility(facilityID) || (ac.UserID != 0 && ac.UserID == sess.InstructorID)
}

// enrollmentOpen reports whether a session takes enrolments at now.
func enrollmentOpen(sess models.CourseSession, now time.Time) bool {
	return sess.Status == models.SessionScheduled && !sess.EnrollmentClosed &&
		!now.Before(sess.EnrollOpensAt) && now.Before(sess.EnrollClosesAt)
}

// CreateSession schedules a session of a course and books its room for every meeting, in one
// transaction: a taken room refuses the session (409 booking_conflict naming the meeting).
func (s *Service) CreateSession(ctx context.Context, ac core.Actor, in NewSession) (SessionView, error) {
	var id int64
	err := s.Tx(ctx, func(ctx context.Context) error {
		c, err := s.DB.CourseByID(ctx, in.CourseID)
		if models.IsNotFound(err) {
			return core.FieldError("course_id", "training.no_such_course")
		}
		if err != nil {
			return err
		}
		if !s.mayScheduleCourse(ac, c) || (!ac.ManagesFacility(c.FacilityID) && in.InstructorID != ac.UserID) {
			return core.ErrForbidden
		}
		now := s.Now()
		sess := models.CourseSession{CourseID: c.ID, RoomResourceID: in.RoomResourceID, InstructorID: in.InstructorID,
			Seats: in.Seats, Audience: in.Audience, FeeInternalFen: positive(in.FeeInternalFen), FeeConsortiumFen: positive(in.FeeConsortiumFen),
			FeeOutsideFen: positive(in.FeeOutsideFen), Status: models.SessionScheduled, Note: strings.TrimSpace(in.Note),
			CreatedAt: now, UpdatedAt: now}
		if ac.UserID != 0 {
			sess.CreatedBy = &ac.UserID
		}
		meetings := sortedMeetings(in.Meetings)
		if len(meetings) > 0 {
			sess.StartAt, sess.EndAt = meetings[0].StartAt, meetings[len(meetings)-1].EndAt
		}
		sess.EnrollOpensAt = orDefault(in.EnrollOpensAt, now)
		sess.EnrollClosesAt = orDefault(in.EnrollClosesAt, sess.StartAt)
		sess.CancelDeadline = orDefault(in.CancelDeadline, sess.StartAt.Add(-defaultCancelBefore))
		orgs := core.UniqueIDs(in.OrganizationIDs)
		if err := s.checkSession(ctx, c, sess, meetings, orgs, 0, true); err != nil {
			return err
		}
		if err := s.DB.Insert(ctx, &sess); err != nil {
			return err
		}
		id = sess.ID
		if err := s.DB.SetSessionOrganizations(ctx, sess.ID, orgs); err != nil {
			return err
		}
		for i, m := range meetings {
			if _, err := s.addMeeting(ctx, c, sess, i, m); err != nil {
				return err
			}
		}
		return s.Audit(ctx, ac, "session.create", AuditSession, sess.ID, map[string]any{"course_id": c.ID, "seats": sess.Seats})
	})
	if err != nil {
		return SessionView{}, err
	}
	return s.Session(ctx, ac, id)
}

func orDefault(t *time.Time, d time.Time) time.Time {
	if t == nil {
		return d.UTC()
	}
	return t.UTC()
}

// positive is a fee as stored: nil (free) for nil or zero.
func positive(fen *int64) *int64 {
	if fen == nil || *fen == 0 {
		return nil
	}
	v := *fen
	return &v
}

func sortedMeetings(in []Meeting) []Meeting {
	out := make([]Meeting, len(in))
	for i, m := range in {
		out[i] = Meeting{StartAt: m.StartAt.UTC(), EndAt: m.EndAt.UTC()}
	}
	slices.SortFunc(out, func(a, b Meeting) int { return a.StartAt.Compare(b.StartAt) })
	return out
}

// checkSession checks a session against its course and the database: seats (not below the
// seats held), meetings (in the future when new, not overlapping), the window, the instructor,
// the room (a resource of the base), the audience and its organizations.
func (s *Service) checkSession(ctx context.Context, c models.Course, sess models.CourseSession, meetings []Meeting, orgs []int64, held int, fresh bool) error {
	fields := map[string]core.Text{}
	switch {
	case sess.Seats < 1 || sess.Seats > MaxSeats:
		fields["seats"] = core.T("field.between", "min", 1, "max", MaxSeats)
	case sess.Seats < held:
		return core.RuleError("seats", "seats_below_enrolled", "training.seats_below_enrolled", "enrolled", held)
	}
	switch {
	case len(meetings) == 0 || len(meetings) > MaxMeetings:
		fields["meetings"] = core.T("field.between", "min", 1, "max", MaxMeetings)
	default:
		for i, m := range meetings {
			key := fmt.Sprintf("meetings.%d", i)
			switch {
			case !core.ValidTime(m.StartAt) || !core.ValidTime(m.EndAt):
				core.CheckTime(fields, key, m.StartAt)
				core.CheckTime(fields, key, m.EndAt)
			case !m.EndAt.After(m.StartAt):
				fields[key] = core.T("field.after_start")
			case m.EndAt.Sub(m.StartAt) > 24*time.Hour:
				fields[key] = core.T("training.meeting_too_long")
			case i > 0 && m.StartAt.Before(meetings[i-1].EndAt):
				fields[key] = core.T("training.meetings_overlap")
			case fresh && !m.StartAt.After(s.Now()):
				fields[key] = core.T("field.future")
			}
		}
	}
	for field, t := range map[string]time.Time{"enroll_opens_at": sess.EnrollOpensAt, "enroll_closes_at": sess.EnrollClosesAt, "cancel_deadline": sess.CancelDeadline} {
		core.CheckTime(fields, field, t)
	}
	if _, bad := fields["enroll_closes_at"]; !bad && !sess.EnrollClosesAt.After(sess.EnrollOpensAt) {
		fields["enroll_closes_at"] = core.T("training.closes_after_opens")
	}
	if !slices.Contains(models.Audiences, sess.Audience) {
		fields["audience"] = core.T("field.choose")
	}
	if sess.Audience == models.AudienceOrganizations && len(orgs) == 0 {
		fields["organization_ids"] = core.T("field.required")
	}
	for _, id := range orgs {
		if _, err := s.DB.OrganizationByID(ctx, id); models.IsNotFound(err) {
			fields["organization_ids"] = core.T("training.no_such_organization")
		} else if err != nil {
			return err
		}
	}
	if u, err := s.DB.UserByID(ctx, sess.InstructorID); models.IsNotFound(err) || (err == nil && !u.Active) {
		fields["instructor_id"] = core.T("training.no_such_instructor")
	} else if err != nil {
		return err
	}
	if sess.RoomResourceID != nil {
		res, err := s.DB.ResourceByID(ctx, *sess.RoomResourceID)
		if models.IsNotFound(err) || (err == nil && res.FacilityID != c.FacilityID) {
			fields["room_resource_id"] = core.T("training.room_not_of_base")
		} else if err != nil {
			return err
		}
	}
	if len(fields) > 0 {
		return core.ValidationError(fields)
	}
	return nil
}

// addMeeting inserts the i-th meeting of a session and books the session's room for it.
func (s *Service) addMeeting(ctx context.Context, c models.Course, sess models.CourseSession, i int, m Meeting) (models.SessionMeeting, error) {
	secret, err := core.RandomToken()
	if err != nil {
		return models.SessionMeeting{}, err
	}
	row := models.SessionMeeting{SessionID: sess.ID, StartAt: m.StartAt, EndAt: m.EndAt, SigninSecret: secret}
	if row.BookingID, err = s.bookRoom(ctx, c, sess, i, m); err != nil {
		return row, err
	}
	return row, s.DB.Insert(ctx, &row)
}

// bookRoom books the session's room (all its seats) for a meeting through the booking engine's
// front door with the facility-time policy, for the instructor: the room's schedule shows who
// teaches there, and the instructor checks in to it. A refusal names the meeting.
func (s *Service) bookRoom(ctx context.Context, c models.Course, sess models.CourseSession, i int, m Meeting) (*int64, error) {
	if sess.RoomResourceID == nil {
		return nil, nil
	}
	res, err := s.DB.ResourceByID(ctx, *sess.RoomResourceID)
	if err != nil {
		return nil, err
	}
	loc, err := s.baseLocation(ctx, c.FacilityID)
	if err != nil {
		return nil, err
	}
	b, err := s.booking.Reserve(ctx, core.Actor{UserID: sess.InstructorID}, booking.Reservation{ResourceID: res.ID,
		StartAt: m.StartAt, EndAt: m.EndAt, Seats: res.Capacity, Purpose: core.Clip(c.Title, booking.MaxPurposeLength),
		PurposeCategory: "training"}, booking.FacilityTime)
	if err != nil {
		var ae *core.Error
		if errors.As(err, &ae) {
			return nil, meetingError(ae, i, Meeting{StartAt: m.StartAt.In(loc), EndAt: m.EndAt.In(loc)})
		}
		return nil, err
	}
	return &b.ID, nil
}

// meetingError names the meeting a refusal of its room is about: in the details, and in the
// field names (meetings.<i>.<field>).
func meetingError(ae *core.Error, i int, m Meeting) *core.Error {
	out := ae.WithDetails(map[string]any{"meeting": i, "meeting_start_at": m.StartAt, "meeting_end_at": m.EndAt})
	if len(out.Fields) > 0 {
		fields := make(map[string]core.Text, len(out.Fields))
		for k, v := range out.Fields {
			fields[fmt.Sprintf("meetings.%d.%s", i, k)] = v
		}
		out.Fields = fields
	}
	return out
}

// freeRoom cancels the room booking of a meeting that has not ended (its seats go back to the
// room); a booking a manager cancelled already is left as it is.
func (s *Service) freeRoom(ctx context.Context, m models.SessionMeeting, reason string) error {
	if m.BookingID == nil || !m.EndAt.After(s.Now()) {
		return nil
	}
	_, err := s.booking.CancelBooking(ctx, core.System, *m.BookingID, reason)
	if errors.Is(err, core.ErrInvalidTransition) {
		return nil
	}
	return err
}

// UpdateSession changes a session (the base's managers, admins, its instructor). Moving meetings
// or changing the room moves the room bookings; raising seats promotes from the waitlist in
// order; seats below those held is 422. Changes of time, room or instructor notify the trainees.
func (s *Service) UpdateSession(ctx context.Context, ac core.Actor, id int64, p SessionPatch) (SessionView, error) {
	err := s.Tx(ctx, func(ctx context.Context) error {
		sess, err := s.DB.LockSession(ctx, id)
		if err != nil {
			return core.NotFound(err)
		}
		c, err := s.DB.CourseByID(ctx, sess.CourseID)
		if err != nil {
			return err
		}
		if !mayEditSession(ac, sess, c.FacilityID) {
			return s.hiddenOrForbidden(ctx, ac, sess, c)
		}
		if sess.Status != models.SessionScheduled {
			return core.ErrInvalidTransition.Say("training.session_cancelled")
		}
		if p.InstructorID != nil && *p.InstructorID != sess.InstructorID && !ac.ManagesFacility(c.FacilityID) {
			return core.ErrForbidden
		}
		old := sess
		core.Set(&sess.InstructorID, p.InstructorID)
		core.Set(&sess.Seats, p.Seats)
		setOptionalID(&sess.RoomResourceID, p.RoomResourceID)
		core.Set(&sess.Audience, p.Audience)
		core.Set(&sess.EnrollmentClosed, p.EnrollmentClosed)
		core.Set(&sess.Note, core.Trimmed(p.Note))
		setOptionalID(&sess.FeeInternalFen, p.FeeInternalFen)
		setOptionalID(&sess.FeeConsortiumFen, p.FeeConsortiumFen)
		setOptionalID(&sess.FeeOutsideFen, p.FeeOutsideFen)
		for dst, v := range map[*time.Time]*time.Time{&sess.EnrollOpensAt: p.EnrollOpensAt, &sess.EnrollClosesAt: p.EnrollClosesAt, &sess.CancelDeadline: p.CancelDeadline} {
			if v != nil {
				*dst = v.UTC()
			}
		}
		existing, err := s.DB.SessionMeetings(ctx, []int64{sess.ID})
		if err != nil {
			return err
		}
		meetings := make([]Meeting, len(existing))
		for i, m := range existing {
			meetings[i] = Meeting{StartAt: m.StartAt.UTC(), EndAt: m.EndAt.UTC()}
		}
		if p.Meetings != nil {
			meetings = sortedMeetings(*p.Meetings)
		}
		if len(meetings) > 0 {
			sess.StartAt, sess.EndAt = meetings[0].StartAt, meetings[len(meetings)-1].EndAt
		}
		orgs, err := s.DB.SessionOrganizationIDs(ctx, []int64{sess.ID})
		if err != nil {
			return err
		}
		orgIDs := orgs[sess.ID]
		if p.OrganizationIDs != nil {
			orgIDs = core.UniqueIDs(*p.OrganizationIDs)
		}
		held, err := s.DB.HeldSeatNumbers(ctx, sess.ID)
		if err != nil {
			return err
		}
		if err := s.checkSession(ctx, c, sess, meetings, orgIDs, len(held), false); err != nil {
			return err
		}
		moved, err := s.moveMeetings(ctx, c, old, sess, existing, meetings)
		if err != nil {
			return err
		}
		sess.UpdatedAt = s.Now()
		if err := s.DB.UpdateSession(ctx, &sess); err != nil {
			return err
		}
		if p.OrganizationIDs != nil {
			if err := s.DB.SetSessionOrganizations(ctx, sess.ID, orgIDs); err != nil {
				return err
			}
		}
		if err := s.compactSeats(ctx, sess, held); err != nil {
			return err
		}
		if err := s.fillSeats(ctx, c, sess); err != nil {
			return err
		}
		if moved || sess.InstructorID != old.InstructorID {
			if err := s.notifyTrainees(ctx, c, sess, NotifySessionChanged, ""); err != nil {
				return err
			}
		}
		return s.Audit(ctx, ac, "session.update", AuditSession, sess.ID, p)
	})
	if err != nil {
		return SessionView{}, err
	}
	return s.Session(ctx, ac, id)
}

// moveMeetings makes the stored meetings of a session the wanted ones, matched in order: a
// meeting whose time or room changed has its room booking cancelled and booked again (all the
// cancellations first, so a meeting may move into its own old time), extra ones are added and
// missing ones removed. A meeting that has started cannot move or go. It reports whether any
// meeting's time or room changed.
func (s *Service) moveMeetings(ctx context.Context, c models.Course, old, sess models.CourseSession, existing []models.SessionMeeting, want []Meeting) (bool, error) {
	now := s.Now()
	roomChanged := !sameID(old.RoomResourceID, sess.RoomResourceID) || old.InstructorID != sess.InstructorID
	type change struct {
		row models.SessionMeeting
		m   Meeting
		i   int
	}
	var rebook []change
	var drop []models.SessionMeeting
	changed := false
	for i, row := range existing {
		if i >= len(want) {
			drop = append(drop, row)
			continue
		}
		same := row.StartAt.Equal(want[i].StartAt) && row.EndAt.Equal(want[i].EndAt)
		started := !row.StartAt.After(now)
		switch {
		case started && !same:
			return false, core.FieldError(fmt.Sprintf("meetings.%d", i), "training.meeting_started")
		case started, same && !roomChanged:
			continue // a room change leaves the meetings that have started where they are
		default:
			rebook = append(rebook, change{row: row, m: want[i], i: i})
		}
	}
	for _, row := range drop {
		if !row.StartAt.After(now) {
			return false, core.FieldError("meetings", "training.meeting_started")
		}
	}
	for _, ch := range rebook {
		if err := s.freeRoom(ctx, ch.row, c.Title); err != nil {
			return false, err
		}
	}
	for _, row := range drop {
		changed = true
		if err := s.freeRoom(ctx, row, c.Title); err != nil {
			return false, err
		}
		if err := s.DB.DeleteMeeting(ctx, row.ID); err != nil {
			return false, err
		}
	}
	for _, ch := range rebook {
		changed = true
		if !ch.m.StartAt.After(now) {
			return false, core.FieldError(fmt.Sprintf("meetings.%d", ch.i), "field.future")
		}
		bookingID, err := s.bookRoom(ctx, c, sess, ch.i, ch.m)
		if err != nil {
			return false, err
		}
		if err := s.DB.UpdateByID(ctx, &models.SessionMeeting{}, ch.row.ID, map[string]any{"start_at": ch.m.StartAt,
			"end_at": ch.m.EndAt, "booking_id": bookingID}); err != nil {
			return false, err
		}
	}
	for i := len(existing); i < len(want); i++ {
		changed = true
		if !want[i].StartAt.After(now) {
			return false, core.FieldError(fmt.Sprintf("meetings.%d", i), "field.future")
		}
		if _, err := s.addMeeting(ctx, c, sess, i, want[i]); err != nil {
			return false, err
		}
	}
	return changed, nil
}

func sameID(a, b *int64) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

// CancelSession cancels a session (the base's managers, admins, its instructor) with a reason:
// the room is released, every enrolment without a result ends, and the trainees are told.
func (s *Service) CancelSession(ctx context.Context, ac core.Actor, id int64, reason string) (SessionView, error) {
	reason = strings.TrimSpace(reason)
	err := s.Tx(ctx, func(ctx context.Context) error {
		sess, err := s.DB.LockSession(ctx, id)
		if err != nil {
			return core.NotFound(err)
		}
		c, err := s.DB.CourseByID(ctx, sess.CourseID)
		if err != nil {
			return err
		}
		if !mayEditSession(ac, sess, c.FacilityID) {
			return s.hiddenOrForbidden(ctx, ac, sess, c)
		}
		if reason == "" { // after the permission: the reason is no business of someone who may not cancel
			return core.RuleError("reason", "reason_required", "field.reason_required")
		}
		if sess.Status != models.SessionScheduled {
			return core.ErrInvalidTransition.Say("training.session_cancelled")
		}
		meetings, err := s.DB.SessionMeetings(ctx, []int64{sess.ID})
		if err != nil {
			return err
		}
		for _, m := range meetings {
			if err := s.freeRoom(ctx, m, reason); err != nil {
				return err
			}
		}
		if err := s.notifyTrainees(ctx, c, sess, NotifySessionCancelled, reason); err != nil {
			return err
		}
		enrolled, err := s.DB.LiveEnrollments(ctx, sess.ID)
		if err != nil {
			return err
		}
		now := s.Now()
		for _, e := range enrolled {
			if !slices.Contains(live, e.Status) {
				continue // a result already given stays
			}
			if _, err := s.moveEnrollment(ctx, e, live, cancelled(now)); err != nil {
				return err
			}
		}
		sess.Status, sess.UpdatedAt = models.SessionCancelled, now
		if err := s.DB.UpdateSession(ctx, &sess); err != nil {
			return err
		}
		return s.Audit(ctx, ac, "session.cancel", AuditSession, sess.ID, map[string]any{"reason": reason})
	})
	if err != nil {
		return SessionView{}, err
	}
	return s.Session(ctx, ac, id)
}

// hiddenOrForbidden is the refusal of a write to a session the actor may not change: not found
// when they may not even see it (a draft course's), else forbidden.
func (s *Service) hiddenOrForbidden(ctx context.Context, ac core.Actor, sess models.CourseSession, c models.Course) error {
	if c.Status == models.CourseDraft && !ac.ManagesFacility(c.FacilityID) && ac.UserID != sess.InstructorID {
		return core.ErrNotFound
	}
	return core.ErrForbidden
}

// notifyTrainees tells every live trainee of a session of a change (kind), with the note.
func (s *Service) notifyTrainees(ctx context.Context, c models.Course, sess models.CourseSession, kind, note string) error {
	enrolled, err := s.DB.LiveEnrollments(ctx, sess.ID)
	if err != nil {
		return err
	}
	for _, e := range enrolled {
		data, err := s.sessionData(ctx, c, sess)
		if err != nil {
			return err
		}
		data["enrollment_id"] = e.ID
		if note != "" {
			data["note"] = note
		}
		if err := s.Notify(ctx, e.UserID, kind, data); err != nil {
			return err
		}
	}
	return nil
}

// sessionData is what every training notification carries of its session; its times are in the
// training base's zone, in which the e-mail words them.
func (s *Service) sessionData(ctx context.Context, c models.Course, sess models.CourseSession) (map[string]any, error) {
	loc, err := s.baseLocation(ctx, c.FacilityID)
	if err != nil {
		return nil, err
	}
	return map[string]any{"session_id": sess.ID, "course_id": c.ID, "course_title": c.Title, "course_title_en": c.TitleEn,
		"start_at": sess.StartAt.In(loc), "end_at": sess.EndAt.In(loc)}, nil
}
