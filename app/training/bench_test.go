package training_test

import (
	"sync/atomic"
	"testing"
)

// BenchmarkEnroll measures an enrolment rush: parallel clients enrol distinct people in one
// session of 30 seats, so the first 30 take seats and the rest queue on the waitlist, each
// attempt one short transaction on the session's keys. Run with a fixed count, e.g.
// go test -run - -bench BenchmarkEnroll -benchtime 2000x ./app/training/ (docs/enrolment.md).
func BenchmarkEnroll(b *testing.B) {
	f := newTrainingFixture(b)
	s := f.session(f.course(nil).ID, 30, nil)
	people := f.students(b.N)
	var next atomic.Int64
	b.SetParallelism(4)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			p := people[next.Add(1)-1]
			if _, err := f.App.Training.Enroll(f.Ctx, p, s.ID, 0); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "enrolments/s")
	f.assertSeats(s.ID)
}
