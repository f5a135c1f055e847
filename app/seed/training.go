package seed

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"cqshare/app/calendar"
	"cqshare/app/core"
	"cqshare/app/training"
	"cqshare/models"
)

// seedCourse is a course of a training base; qualification is the code of the qualification
// passing grants (the one some demo equipment requires), or none.
type seedCourse struct {
	title, titleEn, description, level, cluster, qualification string
	hours, passScore                                           int // passScore 0: pass or fail only
	certificate                                                bool
}

// seedTraining is what each training base offers, in the order of the consortia: its instructor
// and its courses. The first course of each base has a session under way besides its past and
// upcoming ones.
var seedTraining = []struct {
	instructor string
	courses    []seedCourse
}{
	{"instructor@demo.local", []seedCourse{
		{"高压电工作业安全培训", "High-voltage Electrical Work Safety", "新能源汽车高压系统作业安全、绝缘防护与应急处置，考核合格颁发电工作业证。", "intermediate", "new_energy_storage", "electrician", 24, 60, true},
		{"动力电池安全测试操作培训", "Power Battery Safety Test Operation", "挤压、针刺等滥用试验的操作规程与安全防护。", "advanced", "icv_nev", "battery_safety", 16, 70, true},
		{"智能网联汽车技术概论", "Introduction to ICV Technology", "智能网联汽车的感知、决策与线控执行。", "beginner", "icv_nev", "", 8, 0, false},
	}},
	{"ins02@demo.local", []seedCourse{
		{"鸿蒙应用开发入门", "HarmonyOS App Development Basics", "ArkTS 语言与鸿蒙应用开发，完成一个完整的小应用。", "beginner", "software", "", 32, 0, true},
		{"网络安全意识培训", "Cyber Security Awareness", "钓鱼邮件、口令与数据保护的日常防范。", "beginner", "software", "", 8, 0, false},
	}},
	{"ins01@demo.local", []seedCourse{
		{"五轴加工中心操作资格培训", "Five-axis Machining Center Operator Training", "五轴联动编程、装夹与安全操作，考核合格后可预约五轴联动加工中心。", "advanced", "smart_equipment", "five_axis", 40, 70, true},
		{"激光切割安全操作培训", "Laser Cutting Safety", "激光防护、设备操作与应急处置。", "beginner", "smart_equipment", "laser_safety", 12, 60, true},
		{"金属增材制造设备操作培训", "Metal Additive Manufacturing Operation", "金属3D打印的工艺参数、粉末安全与后处理。", "advanced", "advanced_materials", "metal_am", 24, 70, true},
	}},
	{"ins01@demo.local", []seedCourse{
		{"焊工作业证培训", "Welding Operation Certificate Training", "熔化焊与热切割作业的安全技术和实操考核。", "intermediate", "light_alloy", "welding", 48, 60, true},
		{"扫描电镜上机培训", "SEM Operator Training", "扫描电子显微镜的制样、成像与能谱分析。", "intermediate", "advanced_materials", "sem_operator", 16, 0, true},
	}},
	{"ins02@demo.local", []seedCourse{
		{"低压电工作业证培训", "Low-voltage Electrician Certificate Training", "低压电工作业的安全技术与实操。", "intermediate", "electronics", "electrician", 32, 60, true},
		{"无人机装调入门", "Drone Assembly Basics", "多旋翼无人机的组装、调试与试飞。", "beginner", "electronics", "", 16, 0, false},
	}},
}

// courses seeds the courses of every training base, each with a past session (attendance and
// results, so learning records and reports have history) and an upcoming one; the first course
// of each base also has a session under way. Upcoming sessions and the rest of a session under
// way are scheduled and filled through the training service (their rooms booked through the
// booking engine); what lies in the past is written as it would have been recorded, then the
// results are marked through the service, which grants the qualifications and certificates. One
// upcoming session is full with a waitlist, another nearly full; the demo student has a
// certificate and an upcoming course that leads to the five-axis machine.
func (s *seeder) courses(ctx context.Context) error {
	pool := s.trainees()
	var bases []models.Facility
	for _, f := range s.facilities {
		if f.Kind == models.KindTrainingBase {
			bases = append(bases, f)
		}
	}
	next := 0 // the next trainee of the pool
	for b, fac := range bases {
		cal, rooms, err := s.trainingRooms(ctx, fac)
		if err != nil {
			return err
		}
		instructor := s.users[seedTraining[b].instructor]
		for i, sc := range seedTraining[b].courses {
			c, err := s.course(ctx, fac, sc)
			if err != nil {
				return err
			}
			room := rooms[i%len(rooms)]
			sched := seedSchedule{s: s, cal: cal, loc: s.catalog.Location(fac), room: room, course: c, instructor: instructor}
			past := pickTrainees(pool, &next, 10+(b+i)%5)
			if b == 1 && i == 0 {
				past = append(past, s.users["student@demo.local"])
			}
			if err := sched.past(ctx, -40+9*i, past); err != nil {
				return fmt.Errorf("%s: past session: %w", sc.title, err)
			}
			if i == 0 {
				if err := sched.underWay(ctx, pickTrainees(pool, &next, 8)); err != nil {
					return fmt.Errorf("%s: session under way: %w", sc.title, err)
				}
			}
			seats, enrolled := 20, 4+(b+i)%4
			switch {
			case b == 0 && i == 0: // full, with a waitlist
				seats, enrolled = 12, 15
			case b == 2 && i == 1: // nearly full
				seats, enrolled = 16, 14
			}
			upcoming := pickTrainees(pool, &next, enrolled)
			if b == 2 && i == 0 {
				upcoming = append(upcoming, s.users["student@demo.local"])
			}
			if err := sched.upcoming(ctx, 6+5*i, seats, upcoming); err != nil {
				return fmt.Errorf("%s: upcoming session: %w", sc.title, err)
			}
		}
	}
	return nil
}

// trainees are the accounts that take courses (students and SME staff), in a fixed order; the
// demo accounts are left to the plan, and the teachers keep the qualifications they hold by hand.
func (s *seeder) trainees() []int64 {
	var out []int64
	for _, email := range slices.Sorted(maps.Keys(s.users)) {
		if strings.HasPrefix(email, "stu0") || strings.HasPrefix(email, "sme0") {
			out = append(out, s.users[email])
		}
	}
	return out
}

// pickTrainees takes the next n trainees of the pool, round it.
func pickTrainees(pool []int64, next *int, n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = pool[(*next+i)%len(pool)]
	}
	*next += n
	return out
}

// trainingRooms are a base's training rooms and its calendar.
func (s *seeder) trainingRooms(ctx context.Context, fac models.Facility) (calendar.Calendar, []models.Resource, error) {
	var rooms []models.Resource
	for _, r := range s.facilityResources(fac.ID) {
		if r.Category == "training_room" {
			rooms = append(rooms, r)
		}
	}
	cals, err := s.calendars(ctx, fac)
	if err != nil || len(rooms) == 0 {
		return calendar.Calendar{}, nil, fmt.Errorf("training base %s: no room (%w)", fac.Name, err)
	}
	return cals[rooms[0].ID], rooms, nil
}

func (s *seeder) course(ctx context.Context, fac models.Facility, sc seedCourse) (training.CourseView, error) {
	in := training.NewCourse{FacilityID: fac.ID, Title: sc.title, TitleEn: sc.titleEn, Description: sc.description,
		Level: sc.level, Hours: sc.hours, GivesCertificate: sc.certificate, Status: models.CoursePublished}
	if id, ok := s.clusters[sc.cluster]; ok {
		in.ClusterID = &id
	}
	if id, ok := s.quals[sc.qualification]; ok {
		in.QualificationID = &id
	}
	if sc.passScore > 0 {
		in.PassScore = &sc.passScore
	}
	return s.training.CreateCourse(ctx, core.System, in)
}

// seedSchedule places the sessions of one course in its room.
type seedSchedule struct {
	s          *seeder
	cal        calendar.Calendar
	loc        *time.Location
	room       models.Resource
	course     training.CourseView
	instructor int64
}

// meetings are n meetings of three hours from the hour, on the first days at or after day days
// from today on which the room is open then.
func (o seedSchedule) meetings(day, n, hour int) []training.Meeting {
	var out []training.Meeting
	today := localMidnight(o.s.now, o.loc)
	for d := day; len(out) < n && d < day+60; d++ {
		midnight := today.AddDate(0, 0, d)
		start := midnight.Add(time.Duration(hour) * time.Hour)
		want := calendar.Span{Start: start.UTC(), End: start.Add(3 * time.Hour).UTC()}
		if calendar.Covers(o.cal.Open(midnight, midnight.AddDate(0, 0, 1)), want) {
			out = append(out, training.Meeting{StartAt: want.Start, EndAt: want.End})
		}
	}
	return out
}

// past records a session that took place: its meetings, the trainees' seats and their
// attendance, then their results through the service: most passed (with a score where the course
// has a pass mark), some only attended, some absent.
func (o seedSchedule) past(ctx context.Context, day int, trainees []int64) error {
	s := o.s
	meetings := o.meetings(day, 1+o.course.Hours/20, 9)
	now := s.now
	sess := models.CourseSession{CourseID: o.course.ID, RoomResourceID: &o.room.ID, InstructorID: o.instructor,
		Seats: len(trainees) + 4, StartAt: meetings[0].StartAt, EndAt: meetings[len(meetings)-1].EndAt,
		EnrollOpensAt: meetings[0].StartAt.AddDate(0, 0, -21), EnrollClosesAt: meetings[0].StartAt,
		CancelDeadline: meetings[0].StartAt.Add(-24 * time.Hour), Audience: models.AudienceOpen,
		Status: models.SessionScheduled, CreatedAt: now, UpdatedAt: now}
	if err := s.insert(ctx, &sess); err != nil {
		return err
	}
	ids, err := o.pastMeetings(ctx, sess.ID, meetings)
	if err != nil {
		return err
	}
	teacher := core.Actor{UserID: o.instructor, Role: models.RoleInstructor}
	for i, userID := range trainees {
		seat := i + 1
		e := models.Enrollment{SessionID: sess.ID, UserID: userID, Status: models.EnrollmentEnrolled, SeatNo: &seat,
			LiveUserID: &userID, CreatedAt: sess.EnrollOpensAt, UpdatedAt: sess.EnrollOpensAt}
		if err := s.insert(ctx, &e); err != nil {
			return err
		}
		result, score := seedResult(i, o.course.PassScore)
		for m, meetingID := range ids {
			present := result != models.EnrollmentAbsent && (result == models.EnrollmentPassed || m == 0)
			if _, err := s.training.SetAttendance(ctx, teacher, e.ID, meetingID, present); err != nil {
				return err
			}
		}
		if _, err := s.training.MarkResult(ctx, teacher, e.ID, result, score); err != nil {
			return err
		}
	}
	return nil
}

// seedResult is the result of the i-th trainee of a past session.
func seedResult(i int, passScore *int) (models.EnrollmentStatus, *int) {
	switch {
	case i%7 == 6:
		return models.EnrollmentAbsent, nil
	case i%5 == 4:
		return models.EnrollmentAttended, nil
	case passScore == nil:
		return models.EnrollmentPassed, nil
	}
	score := min(100, *passScore+(i*13)%31)
	return models.EnrollmentPassed, &score
}

// pastMeetings records the meetings of a session that took place, and returns their ids.
func (o seedSchedule) pastMeetings(ctx context.Context, sessionID int64, meetings []training.Meeting) ([]int64, error) {
	var ids []int64
	for _, m := range meetings {
		secret, err := core.RandomToken()
		if err != nil {
			return nil, err
		}
		row := models.SessionMeeting{SessionID: sessionID, StartAt: m.StartAt, EndAt: m.EndAt, SigninSecret: secret}
		if err := o.s.insert(ctx, &row); err != nil {
			return nil, err
		}
		ids = append(ids, row.ID)
	}
	return ids, nil
}

// underWay is a session whose first meeting took place on the latest open afternoon and whose
// others are to come: scheduled and filled through the service, then its first meeting and
// the attendance there recorded.
func (o seedSchedule) underWay(ctx context.Context, trainees []int64) error {
	s := o.s
	var first []training.Meeting // the last afternoon meeting that has ended
	for _, m := range o.meetings(-14, 14, 14) {
		if m.EndAt.Before(s.now) {
			first = []training.Meeting{m}
		}
	}
	view, err := s.training.CreateSession(ctx, core.System, training.NewSession{CourseID: o.course.ID, InstructorID: o.instructor,
		Seats: len(trainees) + 2, Meetings: o.meetings(1, 2, 14), RoomResourceID: &o.room.ID, Audience: models.AudienceOpen})
	if err != nil {
		return err
	}
	enrolled := make([]int64, len(trainees))
	for i, userID := range trainees {
		e, err := s.training.Enroll(ctx, core.System, view.ID, userID)
		if err != nil {
			return err
		}
		enrolled[i] = e.ID
	}
	if err := s.DB.UpdateByID(ctx, &models.CourseSession{}, view.ID, map[string]any{"start_at": first[0].StartAt}); err != nil {
		return err
	}
	ids, err := o.pastMeetings(ctx, view.ID, first)
	if err != nil {
		return err
	}
	teacher := core.Actor{UserID: o.instructor, Role: models.RoleInstructor}
	for i, id := range enrolled {
		if _, err := s.training.SetAttendance(ctx, teacher, id, ids[0], i%6 != 5); err != nil {
			return err
		}
	}
	return nil
}

// upcoming schedules a session of the course and enrols the trainees through the service: the
// seats first, then the waitlist.
func (o seedSchedule) upcoming(ctx context.Context, day, seats int, trainees []int64) error {
	s := o.s
	view, err := s.training.CreateSession(ctx, core.System, training.NewSession{CourseID: o.course.ID, InstructorID: o.instructor,
		Seats: seats, Meetings: o.meetings(day, 1+o.course.Hours/20, 9), RoomResourceID: &o.room.ID, Audience: models.AudienceOpen})
	if err != nil {
		return err
	}
	for _, userID := range trainees {
		if _, err := s.training.Enroll(ctx, core.System, view.ID, userID); err != nil {
			return err
		}
	}
	return nil
}
