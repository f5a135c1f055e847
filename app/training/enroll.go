package training

import (
	"context"
	"slices"
	"strings"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// Invariant 2 (never more enrolled than seats; the waitlist promoted in order) rests on the keys
// of enrollments: (session_id, seat_no) with seat numbers 1..seats, (session_id, queue_no) and
// (session_id, live_user_id). An enrolment reads the seats held (at most seats rows), takes the
// lowest free seat number or else the next waitlist number, and inserts: two transactions that
// pick the same number collide on the key whatever the engine, the server copy or the cluster
// node, and the loser runs again. See docs/enrolment.md.

// Enroll enrols the actor (or, for the base's managers, the user named) in a session: a seat
// while one is free, else the next place on the waitlist.
func (s *Service) Enroll(ctx context.Context, ac core.Actor, sessionID int64, userID int64) (EnrollmentView, error) {
	if userID == 0 {
		userID = ac.UserID
	}
	var id int64
	err := s.Tx(ctx, func(ctx context.Context) error {
		sess, err := s.DB.LockSession(ctx, sessionID)
		if err != nil {
			return core.NotFound(err)
		}
		c, err := s.DB.CourseByID(ctx, sess.CourseID)
		if err != nil {
			return err
		}
		manager := ac.ManagesFacility(c.FacilityID)
		if c.Status == models.CourseDraft && !manager {
			return core.ErrNotFound
		}
		if userID != ac.UserID && !manager {
			return core.ErrForbidden
		}
		if sess.Status != models.SessionScheduled {
			return core.ErrInvalidTransition.Say("training.session_cancelled")
		}
		now := s.Now()
		if !enrollmentOpen(sess, now) && !manager {
			loc, err := s.baseLocation(ctx, c.FacilityID)
			if err != nil {
				return err
			}
			key := "training.enrollment_not_open"
			if sess.EnrollmentClosed {
				key = "training.enrollment_closed"
			}
			return ErrEnrollmentNotOpen.Say(key, "opens_at", sess.EnrollOpensAt.In(loc), "closes_at", sess.EnrollClosesAt.In(loc))
		}
		if _, err := s.DB.LiveEnrollment(ctx, sess.ID, userID); err == nil {
			return ErrAlreadyEnrolled
		} else if !models.IsNotFound(err) {
			return err
		}
		st, err := s.standing(ctx, userID, c.FacilityID)
		if err != nil {
			return err
		}
		if err := s.checkAudience(ctx, sess, st); err != nil {
			return err
		}
		if err := s.checkPrerequisites(ctx, c, userID, now); err != nil {
			return err
		}
		e := models.Enrollment{SessionID: sess.ID, UserID: userID, LiveUserID: &userID, FeeFen: feeFor(sess, st),
			CreatedAt: now, UpdatedAt: now}
		held, err := s.DB.HeldSeatNumbers(ctx, sess.ID)
		if err != nil {
			return err
		}
		if seat := lowestFreeSeat(held, sess.Seats); seat > 0 {
			e.Status, e.SeatNo = models.EnrollmentEnrolled, &seat
		} else {
			last, err := s.DB.LastQueueNo(ctx, sess.ID)
			if err != nil {
				return err
			}
			q := last + 1
			e.Status, e.QueueNo = models.EnrollmentWaitlisted, &q
		}
		if err := s.DB.InsertEnrollment(ctx, &e); err != nil {
			return err // ErrRetry when another transaction took the seat, the number or the person
		}
		id = e.ID
		if userID != ac.UserID {
			return s.Audit(ctx, ac, "enrollment.create", AuditEnrollment, e.ID, map[string]any{"user_id": userID, "session_id": sess.ID})
		}
		return nil
	})
	if err != nil {
		return EnrollmentView{}, err
	}
	return s.Enrollment(ctx, ac, id)
}

// lowestFreeSeat is the lowest seat number in 1..seats not among held (sorted), 0 when none.
func lowestFreeSeat(held []int, seats int) int {
	for n := 1; n <= seats; n++ {
		if _, found := slices.BinarySearch(held, n); !found {
			return n
		}
	}
	return 0
}

// standing is where a trainee stands towards a training base: their organization and whether
// it is a member of the base's consortium or of another one. SME users pay the outside fee
// wherever their enterprise is a member (DESIGN.md, "Charges").
type standing struct {
	organizationID *int64
	member         bool // of the base's consortium
	otherMember    bool // of another consortium only
	sme            bool
}

func (s *Service) standing(ctx context.Context, userID, facilityID int64) (standing, error) {
	u, err := s.DB.UserByID(ctx, userID)
	if models.IsNotFound(err) {
		return standing{}, core.FieldError("user_id", "training.no_such_user")
	}
	if err != nil {
		return standing{}, err
	}
	st := standing{organizationID: u.OrganizationID, sme: u.Role == models.RoleSME}
	if u.OrganizationID == nil {
		return st, nil
	}
	org, err := s.DB.OrganizationByID(ctx, *u.OrganizationID)
	if err != nil {
		return st, err
	}
	st.sme = st.sme || org.IsSME
	fac, err := s.DB.FacilityByID(ctx, facilityID)
	if err != nil {
		return st, err
	}
	consortia, err := s.DB.OrganizationConsortiumIDs(ctx, org.ID)
	if err != nil {
		return st, err
	}
	st.member = slices.Contains(consortia, fac.ConsortiumID)
	st.otherMember = !st.member && len(consortia) > 0
	return st, nil
}

// feeFor is a trainee's fee per seat for the session, in fen (0 when free).
func feeFor(sess models.CourseSession, st standing) int64 {
	fee := sess.FeeOutsideFen
	switch {
	case st.sme:
	case st.member:
		fee = sess.FeeInternalFen
	case st.otherMember:
		fee = sess.FeeConsortiumFen
	}
	if fee == nil {
		return 0
	}
	return *fee
}

// checkAudience refuses a trainee the session is not for (403 audience_restricted).
func (s *Service) checkAudience(ctx context.Context, sess models.CourseSession, st standing) error {
	switch sess.Audience {
	case models.AudienceConsortium:
		if st.member {
			return nil
		}
	case models.AudienceOrganizations:
		orgs, err := s.DB.SessionOrganizationIDs(ctx, []int64{sess.ID})
		if err != nil {
			return err
		}
		if st.organizationID != nil && slices.Contains(orgs[sess.ID], *st.organizationID) {
			return nil
		}
	default:
		return nil
	}
	return ErrAudienceRestricted.Say("training.audience_" + sess.Audience)
}

// MissingCourse and MissingQualification name a prerequisite a trainee lacks.
type (
	MissingCourse struct {
		ID    int64  `json:"id"`
		Title string `json:"title"`
	}
	MissingQualification struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	}
)

// checkPrerequisites refuses a trainee who lacks a passed prerequisite course or a valid
// prerequisite qualification (422 prerequisite_missing, naming them).
func (s *Service) checkPrerequisites(ctx context.Context, c models.Course, userID int64, now time.Time) error {
	prereqs, err := s.DB.CoursePrerequisites(ctx, []int64{c.ID})
	if err != nil || len(prereqs) == 0 {
		return err
	}
	var courseIDs, qualIDs []int64
	for _, p := range prereqs {
		if p.RequiredCourseID != nil {
			courseIDs = append(courseIDs, *p.RequiredCourseID)
		} else {
			qualIDs = append(qualIDs, *p.RequiredQualificationID)
		}
	}
	passed, err := s.DB.PassedCourseIDs(ctx, userID, courseIDs)
	if err != nil {
		return err
	}
	valid, err := s.DB.ValidQualificationIDs(ctx, userID, qualIDs, now)
	if err != nil {
		return err
	}
	courses, quals := []MissingCourse{}, []MissingQualification{}
	var names []string
	for _, p := range prereqs {
		switch {
		case p.RequiredCourseID != nil && !slices.Contains(passed, *p.RequiredCourseID):
			courses = append(courses, MissingCourse{ID: *p.RequiredCourseID, Title: p.CourseTitle})
			names = append(names, p.CourseTitle)
		case p.RequiredQualificationID != nil && !slices.Contains(valid, *p.RequiredQualificationID):
			quals = append(quals, MissingQualification{ID: *p.RequiredQualificationID, Name: p.QualificationName})
			names = append(names, p.QualificationName)
		}
	}
	if len(names) == 0 {
		return nil
	}
	// One string, so the names stay data the reader's language does not touch (they are Chinese
	// names, joined the Chinese way).
	return ErrPrerequisiteMissing.Say("training.prerequisite_missing", "missing", strings.Join(names, "、"), "courses", courses,
		"qualifications", quals)
}

// cancelled is the change that ends an enrolment: no seat, no waitlist place, no longer live.
func cancelled(now time.Time) models.EnrollmentChange {
	return models.EnrollmentChange{Status: models.EnrollmentCancelled, Columns: map[string]any{"seat_no": nil,
		"queue_no": nil, "live_user_id": nil, "cancelled_at": now}}
}

// enrollmentStep is one move of an enrolment the actor may see, given the row of the state
// machine that allows it, inside the transaction that locked its session.
type enrollmentStep func(ctx context.Context, e models.Enrollment, t transition, sess models.CourseSession, c models.Course) error

// enrollmentAction runs the action in a transaction: the session locked, the row of the state
// machine the actor's party may take, then the step; it returns the enrolment as the API shows it.
func (s *Service) enrollmentAction(ctx context.Context, ac core.Actor, id int64, action EnrollmentAction, step enrollmentStep) (EnrollmentView, error) {
	err := s.Tx(ctx, func(ctx context.Context) error {
		e, err := s.DB.EnrollmentByID(ctx, id)
		if err != nil {
			return core.NotFound(err)
		}
		sess, err := s.DB.LockSession(ctx, e.SessionID)
		if err != nil {
			return err
		}
		if e, err = s.DB.EnrollmentByID(ctx, id); err != nil { // as it stands under the lock
			return err
		}
		c, err := s.DB.CourseByID(ctx, sess.CourseID)
		if err != nil {
			return err
		}
		parties := partiesOf(ac, e.UserID, sess, c.FacilityID)
		if parties == 0 {
			return core.ErrNotFound
		}
		if sess.Status != models.SessionScheduled {
			return core.ErrInvalidTransition.Say("training.session_cancelled")
		}
		loc, err := s.baseLocation(ctx, c.FacilityID)
		if err != nil {
			return err
		}
		t, err := transitionFor(action, parties, e, sess, s.Now(), loc)
		if err != nil {
			return err
		}
		return step(ctx, e, t, sess, c)
	})
	if err != nil {
		return EnrollmentView{}, err
	}
	return s.Enrollment(ctx, ac, id)
}

// CancelEnrollment ends an enrolment: the trainee before the session's cancellation deadline, the
// base's managers any time. A freed seat goes to the first of the waitlist in the same
// transaction, and they are told.
func (s *Service) CancelEnrollment(ctx context.Context, ac core.Actor, id int64) (EnrollmentView, error) {
	return s.enrollmentAction(ctx, ac, id, ActionCancel, func(ctx context.Context, e models.Enrollment, t transition, sess models.CourseSession, c models.Course) error {
		if _, err := s.moveEnrollment(ctx, e, t.from, cancelled(s.Now())); err != nil {
			return err
		}
		if t.by != partyOwner {
			if err := s.Audit(ctx, ac, "enrollment.cancel", AuditEnrollment, e.ID, map[string]any{"user_id": e.UserID}); err != nil {
				return err
			}
		}
		if e.SeatNo == nil {
			return nil
		}
		return s.fillSeats(ctx, c, sess)
	})
}

// MoveEnrollment moves a trainee to another session of the same course (the base's managers): a
// seat there or the next waitlist place, and here the seat freed and given to the waitlist.
func (s *Service) MoveEnrollment(ctx context.Context, ac core.Actor, id, toSessionID int64) (EnrollmentView, error) {
	var moved int64
	_, err := s.enrollmentAction(ctx, ac, id, ActionMove, func(ctx context.Context, e models.Enrollment, t transition, sess models.CourseSession, c models.Course) error {
		if toSessionID == sess.ID {
			return core.FieldError("session_id", "training.same_session")
		}
		to, err := s.DB.LockSession(ctx, toSessionID)
		if models.IsNotFound(err) || (err == nil && to.CourseID != sess.CourseID) {
			return core.FieldError("session_id", "training.not_same_course")
		}
		if err != nil {
			return err
		}
		if to.Status != models.SessionScheduled {
			return core.ErrInvalidTransition.Say("training.session_cancelled")
		}
		if _, err := s.moveEnrollment(ctx, e, t.from, cancelled(s.Now())); err != nil {
			return err
		}
		if e.SeatNo != nil {
			if err := s.fillSeats(ctx, c, sess); err != nil {
				return err
			}
		}
		if _, err := s.DB.LiveEnrollment(ctx, to.ID, e.UserID); err == nil {
			return ErrAlreadyEnrolled
		} else if !models.IsNotFound(err) {
			return err
		}
		now := s.Now()
		n := models.Enrollment{SessionID: to.ID, UserID: e.UserID, LiveUserID: &e.UserID, FeeFen: e.FeeFen, CreatedAt: now, UpdatedAt: now}
		held, err := s.DB.HeldSeatNumbers(ctx, to.ID)
		if err != nil {
			return err
		}
		if seat := lowestFreeSeat(held, to.Seats); seat > 0 {
			n.Status, n.SeatNo = models.EnrollmentEnrolled, &seat
		} else {
			last, err := s.DB.LastQueueNo(ctx, to.ID)
			if err != nil {
				return err
			}
			q := last + 1
			n.Status, n.QueueNo = models.EnrollmentWaitlisted, &q
		}
		if err := s.DB.InsertEnrollment(ctx, &n); err != nil {
			return err
		}
		moved = n.ID
		return s.Audit(ctx, ac, "enrollment.move", AuditEnrollment, e.ID, map[string]any{"to_session_id": to.ID, "enrollment_id": n.ID})
	})
	if err != nil {
		return EnrollmentView{}, err
	}
	return s.Enrollment(ctx, ac, moved)
}

// fillSeats gives every free seat of a session (1..seats) to the head of its waitlist, in
// order, inside the caller's transaction, and tells each person promoted.
func (s *Service) fillSeats(ctx context.Context, c models.Course, sess models.CourseSession) error {
	held, err := s.DB.HeldSeatNumbers(ctx, sess.ID)
	if err != nil {
		return err
	}
	now := s.Now()
	for seat := lowestFreeSeat(held, sess.Seats); seat > 0; seat = lowestFreeSeat(held, sess.Seats) {
		head, err := s.DB.FirstWaitlisted(ctx, sess.ID)
		if models.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := s.moveEnrollment(ctx, head, []models.EnrollmentStatus{models.EnrollmentWaitlisted}, models.EnrollmentChange{
			Status: models.EnrollmentEnrolled, Columns: map[string]any{"seat_no": seat, "queue_no": nil, "promoted_at": now}}); err != nil {
			return err
		}
		held = append(held, seat)
		slices.Sort(held)
		data, err := s.sessionData(ctx, c, sess)
		if err != nil {
			return err
		}
		data["enrollment_id"] = head.ID
		if err := s.Notify(ctx, head.UserID, NotifyEnrollmentPromoted, data); err != nil {
			return err
		}
	}
	return nil
}

// compactSeats moves the seat holders whose seat number lies above the session's seats (after
// the seats were lowered) into the free numbers below, so every seat number stays in 1..seats.
func (s *Service) compactSeats(ctx context.Context, sess models.CourseSession, held []int) error {
	for _, n := range slices.Clone(held) {
		if n <= sess.Seats {
			continue
		}
		free := lowestFreeSeat(held, sess.Seats)
		if err := s.DB.MoveSeat(ctx, sess.ID, n, free); err != nil {
			return err
		}
		held = slices.DeleteFunc(held, func(x int) bool { return x == n })
		held = append(held, free)
		slices.Sort(held)
	}
	return nil
}
