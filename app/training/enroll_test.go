package training_test

import (
	"testing"

	"cqshare/app/apptest"
	"cqshare/app/training"
	"cqshare/models"
)

// TestEnrollSeatsThenWaitlist: the seats go first, then the waitlist in order with positions;
// the same person twice is 409.
func TestEnrollSeatsThenWaitlist(t *testing.T) {
	t.Parallel()
	f := newTrainingFixture(t)
	c := f.course(nil)
	s := f.session(c.ID, 2, nil)
	people := f.students(4)
	var got []training.EnrollmentView
	for _, p := range people {
		got = append(got, f.enroll(p, s.ID))
	}
	for i, e := range got[:2] {
		if e.Status != models.EnrollmentEnrolled || e.Position != nil || e.SeatNo == nil {
			t.Fatalf("enrolment %d: got %s position %v seat %v, want enrolled with a seat", i, e.Status, e.Position, e.SeatNo)
		}
	}
	for i, e := range got[2:] {
		if e.Status != models.EnrollmentWaitlisted || e.Position == nil || *e.Position != i+1 {
			t.Fatalf("waitlisted %d: got %s position %v, want waitlisted at %d", i, e.Status, e.Position, i+1)
		}
	}
	_, err := f.App.Training.Enroll(f.Ctx, people[0], s.ID, 0)
	apptest.CheckErr(t, err, "already_enrolled")
	_, err = f.App.Training.Enroll(f.Ctx, people[3], s.ID, 0)
	apptest.CheckErr(t, err, "already_enrolled")
	view, err := f.App.Training.Session(f.Ctx, people[3], s.ID)
	f.Must(err)
	if view.EnrolledCount != 2 || view.WaitlistCount != 2 || view.SeatsLeft != 0 || view.MyEnrollment == nil || *view.MyEnrollment.Position != 2 {
		t.Fatalf("session: got enrolled %d waitlist %d left %d mine %+v", view.EnrolledCount, view.WaitlistCount, view.SeatsLeft, view.MyEnrollment)
	}
	f.assertSeats(s.ID)
}
