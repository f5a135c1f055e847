package seed

import (
	"context"
	"errors"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"cqshare/app/booking"
	"cqshare/app/calendar"
	"cqshare/app/core"
	"cqshare/models"
)

// seedHistoryDays is how far back the demo booking history goes.
const seedHistoryDays = 60

// HistoryDays is how far back the demo booking history goes, for what is computed from it.
const HistoryDays = seedHistoryDays

// seedPurposes are the purposes of demo bookings, by category.
var seedPurposes = map[string][]string{
	"teaching":       {"《数控加工技术》课程实训", "机电一体化课程实验", "毕业设计加工", "《工业机器人编程》课堂练习"},
	"research":       {"课题组样品测试", "横向课题工艺试验", "材料性能对比实验", "论文数据采集"},
	"training":       {"技能大赛集训", "1+X 职业技能等级证书练习", "新员工上岗培训", "安全操作考核练习"},
	"social_service": {"企业委托检测", "新产品样件试制", "来料失效分析", "工艺验证（中小企业）"},
}

// seedBooker is an account that books in the demo history.
type seedBooker struct {
	id   int64
	role string
	demo bool // a demo account people sign in with: no no-shows, so it is never suspended
}

// bookings seeds the demo booking history: about 60 days of past bookings on the practice
// centers and tech platforms (mostly completed with check-in and check-out, some no-shows with
// their credit events, some cancellations and rejections), then upcoming ones that hold claims
// like any booking, among them a confirmed and a pending booking of the demo student, a weekly
// series of the demo teacher, and pending ones in the demo manager's approval queue. It is
// deterministic: a seeded generator drives every choice.
func (s *seeder) bookings(ctx context.Context) error {
	rng := rand.New(rand.NewPCG(2026, 618))
	bookers := s.seedBookers()
	var past []models.Booking
	for _, fac := range s.facilities {
		if fac.Kind == models.KindTrainingBase {
			continue // rooms of a training base are used by course sessions
		}
		cals, err := s.calendars(ctx, fac)
		if err != nil {
			return err
		}
		loc := s.catalog.Location(fac)
		today := localMidnight(s.now, loc)
		for _, res := range s.facilityResources(fac.ID) {
			for d := seedHistoryDays; d >= 1; d-- {
				day := today.AddDate(0, 0, -d)
				for _, sp := range cals[res.ID].Open(day, day.AddDate(0, 0, 1)) {
					past = s.pastInSpan(rng, past, fac, res, sp, bookers)
				}
			}
		}
	}
	for chunk := range slices.Chunk(past, 200) {
		if err := s.insert(ctx, &chunk); err != nil {
			return err
		}
	}
	if err := s.noShowCredit(ctx, past); err != nil {
		return err
	}
	return s.upcoming(ctx, rng, bookers)
}

// seedBookers lists the accounts that book, in a fixed order.
func (s *seeder) seedBookers() []seedBooker {
	var out []seedBooker
	for _, email := range slices.Sorted(maps.Keys(s.users)) {
		role := ""
		switch {
		case strings.HasPrefix(email, "stu"):
			role = models.RoleStudent
		case strings.HasPrefix(email, "tea"):
			role = models.RoleTeacher
		case strings.HasPrefix(email, "sme"):
			role = models.RoleSME
		default:
			continue
		}
		out = append(out, seedBooker{id: s.users[email], role: role, demo: strings.HasSuffix(email, "@demo.local") && !strings.ContainsAny(email, "0123456789")})
	}
	return out
}

// calendars builds the calendar of each resource of a facility over the demo window.
func (s *seeder) calendars(ctx context.Context, fac models.Facility) (map[int64]calendar.Calendar, error) {
	blackouts, err := s.DB.BlackoutsOverlapping(ctx, fac.ID, s.now.AddDate(0, 0, -seedHistoryDays-1), s.now.AddDate(0, 0, 60))
	if err != nil {
		return nil, err
	}
	loc := s.catalog.Location(fac)
	out := map[int64]calendar.Calendar{}
	for _, r := range s.facilityResources(fac.ID) {
		out[r.ID] = calendar.ForFacility(loc, fac, r.ID, blackouts)
	}
	return out, nil
}

// facilityResources are the available resources of a facility.
func (s *seeder) facilityResources(facilityID int64) []models.Resource {
	var out []models.Resource
	for _, r := range s.resources {
		if r.FacilityID == facilityID && r.Status == models.ResourceAvailable {
			out = append(out, r)
		}
	}
	return out
}

// pastInSpan places past bookings one after another in an open span of a resource.
func (s *seeder) pastInSpan(rng *rand.Rand, out []models.Booking, fac models.Facility, res models.Resource, sp calendar.Span, bookers []seedBooker) []models.Booking {
	slot := time.Duration(res.SlotMinutes) * time.Minute
	for t := sp.Start.Add(time.Duration(rng.IntN(4)) * slot); ; {
		minSlots, maxSlots := max(1, res.MinMinutes/res.SlotMinutes), max(1, min(res.MaxMinutes, 240)/res.SlotMinutes)
		end := t.Add(time.Duration(minSlots+rng.IntN(maxSlots-minSlots+1)) * slot)
		if end.After(sp.End) {
			return out
		}
		if rng.Float64() < 0.4 {
			out = append(out, s.pastBooking(rng, fac, res, t, end, pickBooker(rng, fac.Kind, bookers)))
			t = end.Add(time.Duration(res.BufferMinutes) * time.Minute)
		}
		t = t.Add(time.Duration(1+rng.IntN(3)) * slot)
	}
}

// pickBooker chooses who books: SMEs and teachers on tech platforms, mostly students elsewhere.
func pickBooker(rng *rand.Rand, kind string, bookers []seedBooker) seedBooker {
	want := models.RoleStudent
	switch p := rng.Float64(); {
	case kind == models.KindTechPlatform && p < 0.55, p < 0.1:
		want = models.RoleSME
	case kind == models.KindTechPlatform || p < 0.35:
		want = models.RoleTeacher
	}
	var pool []seedBooker
	for _, b := range bookers {
		if b.role == want {
			pool = append(pool, b)
		}
	}
	return pool[rng.IntN(len(pool))]
}

// seedCategory is the purpose category a booker of the role would give.
func seedCategory(rng *rand.Rand, role string) string {
	switch role {
	case models.RoleSME:
		return "social_service"
	case models.RoleTeacher:
		return []string{"teaching", "teaching", "research"}[rng.IntN(3)]
	}
	return []string{"teaching", "training", "training", "research"}[rng.IntN(4)]
}

// pastBooking is a booking that happened: mostly completed, some no-shows, cancellations and
// rejections.
func (s *seeder) pastBooking(rng *rand.Rand, fac models.Facility, res models.Resource, start, end time.Time, who seedBooker) models.Booking {
	cat := seedCategory(rng, who.role)
	purposes := seedPurposes[cat]
	created := start.Add(-time.Duration(2+rng.IntN(120)) * time.Hour)
	b := models.Booking{ResourceID: res.ID, UserID: who.id, StartAt: start.UTC(), EndAt: end.UTC(), Seats: 1,
		Purpose: purposes[rng.IntN(len(purposes))], PurposeCategory: cat, Status: models.BookingCompleted,
		CreatedAt: created.UTC(), UpdatedAt: end.UTC()}
	switch p := rng.Float64(); {
	case p < 0.05 && !who.demo:
		b.Status = models.BookingNoShow
	case p < 0.14:
		b.Status = models.BookingCancelled
		at := start.Add(-time.Duration(1+rng.IntN(47)) * time.Hour)
		if at.Before(created) {
			at = created.Add(time.Hour)
		}
		b.CancelledAt, b.UpdatedAt = &at, at.UTC()
		b.LateCancel = at.After(start.Add(-time.Duration(res.CancelDeadlineMinutes) * time.Minute))
	case p < 0.17 && res.RequiresApproval:
		b.Status, b.DecisionNote = models.BookingRejected, "该时段已安排设备校准，请改约其他时间"
	default:
		in := start.Add(time.Duration(rng.IntN(11)) * time.Minute).UTC()
		out := end.Add(-time.Duration(rng.IntN(5)*5) * time.Minute).UTC()
		b.CheckedInAt, b.CheckedOutAt = &in, &out
	}
	return b
}

// noShowCredit records the credit event of every seeded no-show.
func (s *seeder) noShowCredit(ctx context.Context, past []models.Booking) error {
	var events []models.CreditEvent
	for _, b := range past {
		if b.Status == models.BookingNoShow {
			id := b.ID
			events = append(events, models.CreditEvent{UserID: b.UserID, Kind: models.CreditNoShow, BookingID: &id,
				Points: booking.CreditNoShowPoints, CreatedAt: b.EndAt})
		}
	}
	if len(events) == 0 {
		return nil
	}
	return s.insert(ctx, &events)
}

// upcoming seeds future bookings through the claims, so availability shows them busy.
func (s *seeder) upcoming(ctx context.Context, rng *rand.Rand, bookers []seedBooker) error {
	center, platform := s.facilities[0], s.facilities[1] // the demo manager's
	student, teacher := s.users["student@demo.local"], s.users["teacher@demo.local"]
	open := func(fac models.Facility, res models.Resource) (seedSlots, error) {
		cals, err := s.calendars(ctx, fac)
		return seedSlots{s: s, loc: s.catalog.Location(fac), cal: cals[res.ID], res: res}, err
	}
	lathe, err := open(center, s.bookableBy(center.ID, false))
	if err != nil {
		return err
	}
	tester, err := open(platform, s.bookableBy(platform.ID, true))
	if err != nil {
		return err
	}
	plan := []struct {
		on            seedSlots
		user          int64
		role          string
		day, hour, hh int
		status        models.BookingStatus
	}{
		{lathe, student, models.RoleStudent, 1, 10, 2, models.BookingConfirmed},
		{lathe, student, models.RoleStudent, 4, 14, 2, models.BookingConfirmed},
		{tester, student, models.RoleStudent, 3, 9, 2, models.BookingPending},
		{tester, teacher, models.RoleTeacher, 5, 14, 3, models.BookingPending},
		{lathe, teacher, models.RoleTeacher, 2, 9, 2, models.BookingConfirmed},
	}
	for _, p := range plan {
		if err := p.on.book(ctx, rng, p.user, p.role, p.day, p.hour, p.hh, p.status, nil); err != nil {
			return err
		}
	}
	if err := s.teacherSeries(ctx, rng, lathe, teacher); err != nil {
		return err
	}
	// Other people's bookings over the coming week, so calendars are not empty.
	for i := range 24 {
		who := pickBooker(rng, models.KindPracticeCenter, bookers)
		on, status := lathe, models.BookingConfirmed
		if i%3 == 0 {
			on, status = tester, models.BookingPending
		}
		if err := on.book(ctx, rng, who.id, who.role, 1+i%7, 9+rng.IntN(8), 1+rng.IntN(2), status, nil); err != nil {
			return err
		}
	}
	return nil
}

// teacherSeries books the demo teacher's weekly class slot for the next four weeks.
func (s *seeder) teacherSeries(ctx context.Context, rng *rand.Rand, on seedSlots, teacher int64) error {
	rec := models.Recurrence{UserID: teacher, ResourceID: on.res.ID, Rule: "FREQ=WEEKLY;INTERVAL=1;COUNT=4", CreatedAt: s.now}
	if err := s.insert(ctx, &rec); err != nil {
		return err
	}
	for week := range 4 {
		if err := on.book(ctx, rng, teacher, models.RoleTeacher, 3+7*week, 14, 2, models.BookingConfirmed, &rec.ID); err != nil {
			return err
		}
	}
	return nil
}

// bookableBy is the first available resource of a facility that needs no qualification and,
// when approval is asked for, needs approval.
func (s *seeder) bookableBy(facilityID int64, approval bool) models.Resource {
	rs := s.facilityResources(facilityID)
	for _, r := range rs {
		if r.QualificationID == nil && r.RequiresApproval == approval && r.Capacity == 1 {
			return r
		}
	}
	return rs[0]
}

// seedSlots places upcoming bookings on one resource.
type seedSlots struct {
	s   *seeder
	loc *time.Location
	cal calendar.Calendar
	res models.Resource
}

// book books hours from the hour of the first open day at or after day days from now that has
// room, through the claims; a slot already taken is skipped silently.
func (o seedSlots) book(ctx context.Context, rng *rand.Rand, userID int64, role string, day, hour, hours int, status models.BookingStatus, recurrenceID *int64) error {
	s := o.s
	base := localMidnight(s.now, o.loc)
	for d := day; d < day+14; d++ {
		midnight := base.AddDate(0, 0, d)
		start := midnight.Add(time.Duration(hour) * time.Hour)
		want := calendar.Span{Start: start.UTC(), End: start.Add(time.Duration(hours) * time.Hour).UTC()}
		if !want.Start.After(s.now) || !calendar.Covers(o.cal.Open(midnight, midnight.AddDate(0, 0, 1)), want) {
			continue
		}
		cat := seedCategory(rng, role)
		_, err := s.booking.Reserve(ctx, core.Actor{UserID: userID}, booking.Reservation{ResourceID: o.res.ID,
			StartAt: want.Start, EndAt: want.End, Seats: 1, Purpose: seedPurposes[cat][rng.IntN(len(seedPurposes[cat]))],
			PurposeCategory: cat, RecurrenceID: recurrenceID}, booking.Policy{Status: status})
		var ae *core.Error
		if errors.As(err, &ae) {
			continue // taken or closed: try the next day
		}
		return err
	}
	return nil
}

// localMidnight is the start of t's day in loc.
func localMidnight(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}
