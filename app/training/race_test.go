package training_test

import (
	"cmp"
	"errors"
	"slices"
	"sync"
	"testing"

	"cqshare/app"
	"cqshare/app/core"
	"cqshare/app/training"
	"cqshare/models"
)

// rush enrols every actor in the session from its own goroutine, all released together by a
// barrier, each through enrolers[i % len(enrolers)] (one App per server copy or cluster node).
func rush(t *testing.T, enrolers []*app.App, actors []core.Actor, sessionID int64) []training.EnrollmentView {
	t.Helper()
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	got := make([]training.EnrollmentView, len(actors))
	errs := make([]error, len(actors))
	for i, ac := range actors {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			got[i], errs[i] = enrolers[i%len(enrolers)].Training.Enroll(t.Context(), ac, sessionID, 0)
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
	failed := 0
	var first error
	for _, err := range errs {
		if err != nil {
			failed++
			first = cmp.Or(first, err)
		}
	}
	if failed > 0 {
		t.Fatalf("%d of %d enrolments failed, first: %v", failed, len(actors), first)
	}
	return got
}

// checkRush checks the answers of a rush on a session of seats: exactly seats enrolled, the
// rest waitlisted with the positions 1..n each once, and the rows agreeing.
func (f *trainingFixture) checkRush(got []training.EnrollmentView, sessionID int64, seats int) {
	f.T.Helper()
	var positions []int
	enrolled := 0
	for _, e := range got {
		switch e.Status {
		case models.EnrollmentEnrolled:
			enrolled++
		case models.EnrollmentWaitlisted:
			positions = append(positions, *e.Position)
		default:
			f.T.Fatalf("got status %s", e.Status)
		}
	}
	slices.Sort(positions)
	if enrolled != seats || len(positions) != len(got)-seats {
		f.T.Fatalf("got %d enrolled and %d waitlisted, want %d and %d", enrolled, len(positions), seats, len(got)-seats)
	}
	for i, p := range positions {
		if p != i+1 {
			f.T.Fatalf("waitlist positions answered: got %v…, want 1..%d", positions[:min(len(positions), i+3)], len(positions))
		}
	}
	if e, w := f.assertSeats(sessionID); e != seats || w != len(got)-seats {
		f.T.Fatalf("rows: got %d enrolled and %d waitlisted, want %d and %d", e, w, seats, len(got)-seats)
	}
	var queue []int
	f.Must(f.DB.R(f.Ctx).Model(&models.Enrollment{}).Where("session_id = ? AND status = ?", sessionID, models.EnrollmentWaitlisted).
		Order("queue_no").Pluck("queue_no", &queue).Error)
	for i, q := range queue {
		if q != i+1 {
			f.T.Fatalf("queue numbers: got %v…, want 1..%d", queue[:min(len(queue), i+3)], len(queue))
		}
	}
}

// TestEnrollmentRush: 500 people released together for 30 seats get exactly 30 seats and
// waitlist places 1..470, nobody twice (invariant 2).
func TestEnrollmentRush(t *testing.T) {
	t.Parallel()
	f := newTrainingFixture(t)
	s := f.session(f.course(nil).ID, 30, nil)
	got := rush(t, []*app.App{f.App}, f.students(500), s.ID)
	f.checkRush(got, s.ID, 30)
}

// TestConcurrentCancels: seat holders and waitlisted cancelling at once promote each waitlisted
// person at most once, in order, and never overfill.
func TestConcurrentCancels(t *testing.T) {
	t.Parallel()
	f := newTrainingFixture(t)
	s := f.session(f.course(nil).ID, 10, nil)
	people := f.students(40)
	var es []training.EnrollmentView
	for _, p := range people {
		es = append(es, f.enroll(p, s.ID))
	}
	// The first 10 hold seats; cancel seats 1..8 and waitlisted 11..15 at once.
	cancel := append(slices.Clone(es[:8]), es[10:15]...)
	var wg sync.WaitGroup
	errs := make([]error, len(cancel))
	start := make(chan struct{})
	for i, e := range cancel {
		wg.Go(func() {
			<-start
			_, errs[i] = f.App.Training.CancelEnrollment(f.Ctx, people[slices.IndexFunc(es, func(x training.EnrollmentView) bool { return x.ID == e.ID })], e.ID)
		})
	}
	close(start)
	wg.Wait()
	f.Must(errors.Join(errs...))
	if e, w := f.assertSeats(s.ID); e != 10 || w != 40-10-len(cancel) {
		t.Fatalf("got %d enrolled %d waitlisted, want 10 and %d", e, w, 40-10-len(cancel))
	}
	// Those left hold seats in arrival order: 9, 10 and the next 8 of the waitlist, 16..23. One
	// who left the waitlist may have been promoted just before; nobody is promoted twice.
	for i, e := range es {
		got, err := f.App.Training.Enrollment(f.Ctx, people[i], e.ID)
		f.Must(err)
		left := i < 8 || (i >= 10 && i < 15)
		seated := !left && i < 23
		if !left && seated != (got.Status == models.EnrollmentEnrolled) {
			t.Fatalf("enrolment %d: got %s, want seated %v", i, got.Status, seated)
		}
		if n := f.notifications(people[i].UserID, training.NotifyEnrollmentPromoted); n > 1 || (seated && i >= 15 && n != 1) {
			t.Fatalf("enrolment %d: got %d promotion notices", i, n)
		}
	}
}

// TestEnrollmentCostIsBounded: joining a waitlist of 1 or of 55 reads the same few statements:
// no scan of the enrolments per request.
func TestEnrollmentCostIsBounded(t *testing.T) {
	t.Parallel()
	f := newTrainingFixture(t)
	s := f.session(f.course(nil).ID, 3, nil)
	people := f.students(60)
	for _, p := range people[:3] {
		f.enroll(p, s.ID)
	}
	count := f.CountStatements()
	f.enroll(people[3], s.ID)
	first := count()
	for _, p := range people[4:58] {
		f.enroll(p, s.ID)
	}
	count = f.CountStatements()
	f.enroll(people[58], s.ID)
	late := count()
	if late != first || late > 15 {
		t.Fatalf("got %d reads on a long waitlist, %d on a short one", late, first)
	}
}
