package training

import (
	"context"
	"slices"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// MyEnrollment is the reader's own place in a session.
type MyEnrollment struct {
	ID       int64
	Status   models.EnrollmentStatus
	Position *int
}

// SessionView is a session as the API shows it: names, seat counts, meetings, the reader's fee
// and enrolment, and what the reader may do.
type SessionView struct {
	models.SessionRow
	Meetings        []models.SessionMeeting
	OrganizationIDs []int64
	SeatsLeft       int
	EnrollmentOpen  bool
	MyFeeFen        *int64
	MyEnrollment    *MyEnrollment
	Actions         []string
	Loc             *time.Location
}

// SessionFilter selects sessions.
type SessionFilter struct {
	CourseID     int64
	FacilityID   int64
	InstructorID int64
	MineToTeach  bool
	From, To     *time.Time
}

// Sessions lists one page of sessions by start; sessions of draft courses only for their base.
func (s *Service) Sessions(ctx context.Context, ac core.Actor, f SessionFilter, p core.Page) ([]SessionView, int64, error) {
	mf := models.SessionFilter{CourseID: f.CourseID, FacilityID: f.FacilityID, InstructorID: f.InstructorID, From: f.From, To: f.To,
		DraftsOf: ac.ManagedFacilityIDs, AllDrafts: ac.IsAdmin()}
	if f.MineToTeach {
		mf.InstructorID = ac.UserID
		mf.AllDrafts = true
	}
	rows, total, err := s.DB.ListSessions(ctx, mf, p.Size, p.Offset())
	if err != nil {
		return nil, 0, err
	}
	views, err := s.sessionViews(ctx, ac, rows)
	return views, total, err
}

// Session loads a session the actor may see.
func (s *Service) Session(ctx context.Context, ac core.Actor, id int64) (SessionView, error) {
	row, err := s.DB.SessionRowByID(ctx, id)
	if err != nil {
		return SessionView{}, core.NotFound(err)
	}
	c, err := s.DB.CourseByID(ctx, row.CourseID)
	if err != nil {
		return SessionView{}, err
	}
	if c.Status == models.CourseDraft && !ac.ManagesFacility(c.FacilityID) && ac.UserID != row.InstructorID {
		return SessionView{}, core.ErrNotFound
	}
	views, err := s.sessionViews(ctx, ac, []models.SessionRow{row})
	if err != nil {
		return SessionView{}, err
	}
	return views[0], nil
}

func (s *Service) sessionViews(ctx context.Context, ac core.Actor, rows []models.SessionRow) ([]SessionView, error) {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	meetings, err := s.DB.SessionMeetings(ctx, ids)
	if err != nil {
		return nil, err
	}
	orgs, err := s.DB.SessionOrganizationIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	mine, err := s.DB.UserLiveEnrollments(ctx, ac.UserID, ids)
	if err != nil {
		return nil, err
	}
	positions, err := s.DB.WaitlistPositions(ctx, mine)
	if err != nil {
		return nil, err
	}
	standings := map[int64]standing{} // by facility
	now := s.Now()
	out := make([]SessionView, len(rows))
	for i, r := range rows {
		v := SessionView{SessionRow: r, Meetings: []models.SessionMeeting{}, OrganizationIDs: orgs[r.ID], Actions: []string{},
			SeatsLeft: max(r.Seats-r.EnrolledCount, 0), EnrollmentOpen: enrollmentOpen(r.CourseSession, now),
			Loc: s.catalog.TimeZone(r.TimeZone)}
		if v.OrganizationIDs == nil {
			v.OrganizationIDs = []int64{}
		}
		for _, m := range meetings {
			if m.SessionID == r.ID {
				v.Meetings = append(v.Meetings, m)
			}
		}
		for _, e := range mine {
			if e.SessionID == r.ID {
				v.MyEnrollment = &MyEnrollment{ID: e.ID, Status: e.Status}
				if p, ok := positions[e.ID]; ok {
					v.MyEnrollment.Position = &p
				}
			}
		}
		if ac.UserID != 0 && (r.FeeInternalFen != nil || r.FeeConsortiumFen != nil || r.FeeOutsideFen != nil) {
			st, ok := standings[r.FacilityID]
			if !ok {
				if st, err = s.standing(ctx, ac.UserID, r.FacilityID); err != nil {
					return nil, err
				}
				standings[r.FacilityID] = st
			}
			if fee := feeFor(r.CourseSession, st); fee > 0 {
				v.MyFeeFen = &fee
			}
		}
		v.Actions = sessionActions(ac, v, r.FacilityID)
		out[i] = v
	}
	return out, nil
}

// sessionActions lists what the reader may do to a session now.
func sessionActions(ac core.Actor, v SessionView, facilityID int64) []string {
	out := []string{}
	scheduled := v.Status == models.SessionScheduled
	if scheduled && v.EnrollmentOpen && v.MyEnrollment == nil && ac.UserID != 0 {
		if v.SeatsLeft > 0 {
			out = append(out, "enroll")
		} else {
			out = append(out, "join_waitlist")
		}
	}
	teaches := mayEditSession(ac, v.CourseSession, facilityID)
	if scheduled && teaches {
		out = append(out, "edit", "cancel")
	}
	if teaches {
		out = append(out, "roster")
	}
	if scheduled && teaches {
		out = append(out, "signin_code")
	}
	return out
}

// EnrollmentView is an enrolment as the API shows it.
type EnrollmentView struct {
	models.EnrollmentRow
	Position   *int
	Attendance []models.AttendanceMark // on the roster only
	Actions    []string
	Loc        *time.Location
}

// Enrollment loads an enrolment the actor may see: the trainee's own, or any of a session the
// actor teaches or whose base they manage; anyone else gets not found.
func (s *Service) Enrollment(ctx context.Context, ac core.Actor, id int64) (EnrollmentView, error) {
	row, err := s.DB.EnrollmentRowByID(ctx, id)
	if err != nil {
		return EnrollmentView{}, core.NotFound(err)
	}
	if row.UserID != ac.UserID && row.InstructorID != ac.UserID && !ac.ManagesFacility(row.FacilityID) {
		return EnrollmentView{}, core.ErrNotFound
	}
	views, err := s.enrollmentViews(ctx, ac, []models.EnrollmentRow{row})
	if err != nil {
		return EnrollmentView{}, err
	}
	return views[0], nil
}

// MyEnrollments lists one page of the actor's enrolments, the latest session first.
func (s *Service) MyEnrollments(ctx context.Context, ac core.Actor, status models.EnrollmentStatus, p core.Page) ([]EnrollmentView, int64, error) {
	rows, total, err := s.DB.UserEnrollments(ctx, ac.UserID, status, p.Size, p.Offset())
	if err != nil {
		return nil, 0, err
	}
	views, err := s.enrollmentViews(ctx, ac, rows)
	return views, total, err
}

// Roster lists a session's enrolments with their attendance (its instructor, the base's
// managers, admins): the seat holders first, then the waitlist in order.
func (s *Service) Roster(ctx context.Context, ac core.Actor, sessionID int64, status models.EnrollmentStatus, p core.Page) ([]EnrollmentView, int64, error) {
	sess, err := s.Session(ctx, ac, sessionID)
	if err != nil {
		return nil, 0, err
	}
	if !mayEditSession(ac, sess.CourseSession, sess.FacilityID) {
		return nil, 0, core.ErrForbidden
	}
	rows, total, err := s.DB.SessionRoster(ctx, sessionID, status, p.Size, p.Offset())
	if err != nil {
		return nil, 0, err
	}
	views, err := s.enrollmentViews(ctx, ac, rows)
	if err != nil {
		return nil, 0, err
	}
	ids := make([]int64, len(views))
	for i, v := range views {
		ids[i] = v.ID
	}
	marks, err := s.DB.MeetingAttendance(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	for i := range views {
		views[i].Attendance = []models.AttendanceMark{}
		for _, m := range marks {
			if m.EnrollmentID == views[i].ID {
				views[i].Attendance = append(views[i].Attendance, m)
			}
		}
	}
	return views, total, nil
}

func (s *Service) enrollmentViews(ctx context.Context, ac core.Actor, rows []models.EnrollmentRow) ([]EnrollmentView, error) {
	es := make([]models.Enrollment, len(rows))
	sessionIDs := make([]int64, 0, len(rows))
	for i, r := range rows {
		es[i] = r.Enrollment
		if !slices.Contains(sessionIDs, r.SessionID) {
			sessionIDs = append(sessionIDs, r.SessionID)
		}
	}
	positions, err := s.DB.WaitlistPositions(ctx, es)
	if err != nil {
		return nil, err
	}
	sessions, err := s.DB.SessionsByIDs(ctx, sessionIDs)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	out := make([]EnrollmentView, len(rows))
	for i, r := range rows {
		v := EnrollmentView{EnrollmentRow: r, Actions: []string{}, Loc: s.catalog.TimeZone(r.TimeZone)}
		if p, ok := positions[r.ID]; ok {
			v.Position = &p
		}
		sess := sessions[r.SessionID]
		for _, a := range actionsOn(partiesOf(ac, r.UserID, sess, r.FacilityID), r.Enrollment, sess, now) {
			v.Actions = append(v.Actions, string(a))
		}
		out[i] = v
	}
	return out, nil
}
