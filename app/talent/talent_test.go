package talent_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"cqshare/app/apptest"
	"cqshare/app/core"
	"cqshare/app/talent"
	"cqshare/app/training"
	"cqshare/models"
)

// board is a consortium serving cluster A, with a school (a teacher, a student) and an
// enterprise (its SME user) among its members, a training base with a manager and a course of
// cluster A; cluster B is served by no one. Strangers: another enterprise's member, a student
// of no school, another consortium's administrator.
type board struct {
	*apptest.Fixture
	clusterA, clusterB                  int64
	consortium                          int64
	school, enterprise                  int64
	base                                models.Facility
	course                              int64
	sme, teacher, student, manager      core.Actor
	otherSME, lonelyStudent, otherAdmin core.Actor
	conAdmin, admin                     core.Actor
}

func newBoard(t *testing.T) *board {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	b := &board{Fixture: apptest.NewFixture(t, time.Date(2026, 3, 2, 8, 0, 0, 0, loc))}
	now := b.Clock.Now()
	for i, id := range []*int64{&b.clusterA, &b.clusterB} {
		c := models.IndustryCluster{Code: fmt.Sprintf("talent-%d-%d", i, now.UnixNano()), Name: fmt.Sprintf("集群 %d", i), Tier: models.TierTrillion}
		b.Must(b.DB.Insert(b.Ctx, &c))
		*id = c.ID
	}
	b.base = b.Facility("Asia/Shanghai")
	b.Must(b.DB.UpdateByID(b.Ctx, &models.Facility{}, b.base.ID, map[string]any{"kind": models.KindTrainingBase}))
	b.consortium = b.base.ConsortiumID
	b.Must(b.DB.Insert(b.Ctx, &models.ConsortiumCluster{ConsortiumID: b.consortium, ClusterID: b.clusterA}))
	org := func(kind string, member bool) int64 {
		o := models.Organization{Name: fmt.Sprintf("%s %d", kind, now.UnixNano()), Kind: kind, CreatedAt: now, UpdatedAt: now}
		b.Must(b.DB.Insert(b.Ctx, &o))
		if member {
			b.Must(b.DB.Insert(b.Ctx, &models.ConsortiumMember{ConsortiumID: b.consortium, OrganizationID: o.ID, Role: "member"}))
		}
		return o.ID
	}
	b.school, b.enterprise = org("school", true), org("enterprise", true)
	in := func(role string, orgID int64) core.Actor {
		ac := b.User(role)
		b.Must(b.DB.UpdateByID(b.Ctx, &models.User{}, ac.UserID, map[string]any{"organization_id": orgID, "student_number": fmt.Sprint("S", ac.UserID)}))
		return b.ActorOf(ac.UserID)
	}
	b.sme, b.teacher, b.student = in(models.RoleSME, b.enterprise), in(models.RoleTeacher, b.school), in(models.RoleStudent, b.school)
	b.otherSME = in(models.RoleSME, org("enterprise", false))
	b.lonelyStudent = b.User(models.RoleStudent)
	b.manager = b.User(models.RoleManager, b.base.ID)
	b.admin = b.User(models.RoleAdmin)
	other := b.Facility("Asia/Shanghai")
	for _, p := range []struct {
		ac  *core.Actor
		con int64
	}{{&b.conAdmin, b.consortium}, {&b.otherAdmin, other.ConsortiumID}} {
		u := b.User(models.RoleConsortiumAdmin)
		b.Must(b.DB.UpdateByID(b.Ctx, &models.User{}, u.UserID, map[string]any{"admin_consortium_id": p.con}))
		*p.ac = b.ActorOf(u.UserID)
	}
	c, err := b.App.Training.CreateCourse(b.Ctx, b.manager, training.NewCourse{FacilityID: b.base.ID, Title: "工业机器人编程",
		Level: "beginner", Hours: 16, Status: models.CoursePublished, ClusterID: &b.clusterA})
	b.Must(err)
	b.course = c.ID
	return b
}

func (b *board) need(kind models.TalentNeedKind, cluster int64, skills ...string) talent.NeedView {
	b.T.Helper()
	n, err := b.App.Talent.CreateNeed(b.Ctx, b.sme, talent.NeedInput{Kind: kind, Title: "机器人运维 " + string(kind), ClusterID: cluster,
		Skills: skills, Headcount: 3, Place: "两江新区", StartsOn: "2026-04-01", EndsOn: "2026-06-30"})
	b.Must(err)
	return n
}

func wantErr(t *testing.T, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("got %v, want %v", err, want)
	}
}

func TestWhoPostsAndSeesNeeds(t *testing.T) {
	t.Parallel()
	b := newBoard(t)
	_, err := b.App.Talent.CreateNeed(b.Ctx, b.teacher, talent.NeedInput{Kind: models.NeedPosition, Title: "x", ClusterID: b.clusterA, Headcount: 1})
	wantErr(t, err, talent.ErrNotEnterprise)
	opening := b.need(models.NeedInternship, b.clusterA, "PLC")
	skill := b.need(models.NeedSkill, b.clusterA, "焊接")

	// A student reads openings, not skill demands; everyone else signed in reads both.
	if _, err := b.App.Talent.Need(b.Ctx, b.student, opening.ID); err != nil {
		t.Errorf("student reads an internship: %v", err)
	}
	_, err = b.App.Talent.Need(b.Ctx, b.student, skill.ID)
	wantErr(t, err, core.ErrNotFound)
	if _, err := b.App.Talent.Need(b.Ctx, b.teacher, skill.ID); err != nil {
		t.Errorf("teacher reads a skill demand: %v", err)
	}
	// Only the enterprise's members edit; a moderator of another consortium sees nothing closed.
	title := "改名"
	_, err = b.App.Talent.UpdateNeed(b.Ctx, b.otherSME, opening.ID, talent.NeedPatch{Title: &title})
	wantErr(t, err, core.ErrForbidden)
	_, err = b.App.Talent.CloseNeed(b.Ctx, b.otherAdmin, opening.ID, talent.CloseInput{Outcome: models.NeedWithdrawn})
	wantErr(t, err, core.ErrForbidden)
	if _, err := b.App.Talent.CloseNeed(b.Ctx, b.conAdmin, skill.ID, talent.CloseInput{Outcome: models.NeedWithdrawn, Note: "重复发布"}); err != nil {
		t.Fatalf("the consortium's administrator closes a post: %v", err)
	}
	_, err = b.App.Talent.Need(b.Ctx, b.otherAdmin, skill.ID)
	wantErr(t, err, core.ErrNotFound)
	if n := b.Count(&models.AuditLog{}, "object_type = ? AND object_id = ?", talent.AuditNeed, skill.ID); n != 1 {
		t.Errorf("audit records of the moderator's close: got %d, want 1", n)
	}

	// "My clusters": the student of a member school sees cluster A's openings; a student of no
	// school sees none.
	b.need(models.NeedPosition, b.clusterB)
	mine, _, err := b.App.Talent.Needs(b.Ctx, b.student, talent.NeedFilter{MyClusters: true}, core.NewPage(1, 20))
	b.Must(err)
	if len(mine) != 1 || mine[0].ID != opening.ID {
		t.Errorf("student's openings in their clusters: got %d items, want the internship only", len(mine))
	}
	none, total, err := b.App.Talent.Needs(b.Ctx, b.lonelyStudent, talent.NeedFilter{MyClusters: true}, core.NewPage(1, 20))
	b.Must(err)
	if len(none) != 0 || total != 0 {
		t.Errorf("student of no school: got %d, want none", total)
	}
}

func TestNeedBadInput(t *testing.T) {
	t.Parallel()
	b := newBoard(t)
	long := strings.Repeat("焊", talent.MaxSkillRunes+1)
	for name, tc := range map[string]struct {
		in    talent.NeedInput
		field string
	}{
		"unknown cluster": {talent.NeedInput{Kind: models.NeedPosition, Title: "x", ClusterID: 999999, Headcount: 1}, "cluster_id"},
		"no headcount":    {talent.NeedInput{Kind: models.NeedPosition, Title: "x", ClusterID: b.clusterA, Headcount: 0}, "headcount"},
		"huge headcount":  {talent.NeedInput{Kind: models.NeedPosition, Title: "x", ClusterID: b.clusterA, Headcount: 1_000_000}, "headcount"},
		"dates reversed":  {talent.NeedInput{Kind: models.NeedPosition, Title: "x", ClusterID: b.clusterA, Headcount: 1, StartsOn: "2026-05-01", EndsOn: "2026-04-01"}, "ends_on"},
		"skill too long":  {talent.NeedInput{Kind: models.NeedPosition, Title: "x", ClusterID: b.clusterA, Headcount: 1, Skills: []string{long}}, "skills"},
		"too many skills": {talent.NeedInput{Kind: models.NeedPosition, Title: "x", ClusterID: b.clusterA, Headcount: 1, Skills: []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"}}, "skills"},
		"unknown kind":    {talent.NeedInput{Kind: "gig", Title: "x", ClusterID: b.clusterA, Headcount: 1}, "kind"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := b.App.Talent.CreateNeed(b.Ctx, b.sme, tc.in)
			var e *core.Error
			if !errors.As(err, &e) || e.Kind != core.KindRule || e.Fields[tc.field].Key == "" {
				t.Fatalf("got %v, want a validation error on %s", err, tc.field)
			}
		})
	}
	if n := b.Count(&models.TalentNeed{}, "1 = 1"); n != 0 {
		t.Errorf("needs written by bad input: got %d, want 0", n)
	}
}

func TestMatchListRanksTheCourseFirst(t *testing.T) {
	t.Parallel()
	b := newBoard(t)
	n := b.need(models.NeedApprenticeship, b.clusterA, "PLC", "机器人编程", "焊接")
	offer := func(ac core.Actor, in talent.OfferInput) talent.OfferView {
		t.Helper()
		o, err := b.App.Talent.CreateOffer(b.Ctx, ac, in)
		b.Must(err)
		return o
	}
	cohort := offer(b.teacher, talent.OfferInput{Kind: models.OfferCohort, Title: "2024 级机电班", ClusterID: b.clusterA, Headcount: 30})
	other := offer(b.teacher, talent.OfferInput{Kind: models.OfferGraduates, Title: "电子毕业生", ClusterID: b.clusterB, Skills: []string{"plc"}})
	offer(b.teacher, talent.OfferInput{Kind: models.OfferGraduates, Title: "不相干", ClusterID: b.clusterB})
	course := offer(b.manager, talent.OfferInput{Kind: models.OfferCourse, NeedID: &n.ID, FacilityID: &b.base.ID, CourseID: &b.course,
		Title: "工业机器人编程", ClusterID: b.clusterA, Skills: []string{"plc", "机器人编程"}})

	got, total, err := b.App.Talent.Matches(b.Ctx, b.sme, n.ID, core.NewPage(1, 20))
	b.Must(err)
	if total != 3 || len(got) != 3 {
		t.Fatalf("matches: got %d, want 3 (the offer of nothing in common left out)", total)
	}
	want := []struct {
		id                             int64
		cluster, answer, skills, score int
	}{{course.ID, 3, 2, 2, 7}, {cohort.ID, 3, 0, 0, 3}, {other.ID, 0, 0, 1, 1}}
	for i, w := range want {
		g := got[i]
		if g.ID != w.id || g.ClusterPoints != w.cluster || g.AnswerPoints != w.answer || g.SkillPoints != w.skills || g.Score != w.score {
			t.Errorf("match %d: got offer %d %d+%d+%d=%d, want offer %d %d+%d+%d=%d", i, g.ID, g.ClusterPoints, g.AnswerPoints,
				g.SkillPoints, g.Score, w.id, w.cluster, w.answer, w.skills, w.score)
		}
	}
	if len(got[0].SharedSkills) != 2 {
		t.Errorf("shared skills of the course: got %v, want plc and 机器人编程", got[0].SharedSkills)
	}
	// A course offer names a course of a base the poster manages or teaches at.
	stranger := b.User(models.RoleManager, b.Facility("Asia/Shanghai").ID)
	_, err = b.App.Talent.CreateOffer(b.Ctx, stranger, talent.OfferInput{Kind: models.OfferCourse, FacilityID: &b.base.ID,
		CourseID: &b.course, Title: "x", ClusterID: b.clusterA})
	wantErr(t, err, talent.ErrNotOfferer)
	_, err = b.App.Talent.CreateOffer(b.Ctx, b.student, talent.OfferInput{Kind: models.OfferCohort, Title: "x", ClusterID: b.clusterA})
	wantErr(t, err, talent.ErrNotOfferer)
}

func TestApplicationsShareOnlyWhatTheStudentChose(t *testing.T) {
	t.Parallel()
	b := newBoard(t)
	n := b.need(models.NeedPosition, b.clusterA)
	_, err := b.App.Talent.Apply(b.Ctx, b.teacher, n.ID, talent.ApplyInput{})
	wantErr(t, err, talent.ErrStudentsOnly)
	a, err := b.App.Talent.Apply(b.Ctx, b.student, n.ID, talent.ApplyInput{Share: talent.Share{Name: true, School: true}, Statement: "参加过机器人竞赛"})
	b.Must(err)
	_, err = b.App.Talent.Apply(b.Ctx, b.student, n.ID, talent.ApplyInput{})
	wantErr(t, err, talent.ErrAlreadyApplied)

	_, _, err = b.App.Talent.Applicants(b.Ctx, b.otherSME, n.ID, core.NewPage(1, 20))
	wantErr(t, err, core.ErrForbidden)
	list, _, err := b.App.Talent.Applicants(b.Ctx, b.sme, n.ID, core.NewPage(1, 20))
	b.Must(err)
	if len(list) != 1 {
		t.Fatalf("applicants: got %d, want 1", len(list))
	}
	g := list[0]
	if g.Name == "" || g.School == "" || g.Email != "" || g.Number != "" || g.Statement != "参加过机器人竞赛" {
		t.Errorf("applicant as the enterprise sees them: got name %q school %q email %q number %q, want name and school only",
			g.Name, g.School, g.Email, g.Number)
	}
	// The enterprise decides; the student is told in the app and by e-mail. The student cannot decide.
	_, err = b.App.Talent.MoveApplication(b.Ctx, b.student, a.ID, "accept")
	wantErr(t, err, core.ErrForbidden)
	_, err = b.App.Talent.MoveApplication(b.Ctx, b.otherSME, a.ID, "accept")
	wantErr(t, err, core.ErrNotFound)
	moved, err := b.App.Talent.MoveApplication(b.Ctx, b.sme, a.ID, "shortlist")
	b.Must(err)
	if moved.Status != models.ApplicationShortlisted {
		t.Errorf("status: got %s, want shortlisted", moved.Status)
	}
	if n := b.Count(&models.Notification{}, "user_id = ? AND kind = ?", b.student.UserID, "talent_shortlisted"); n != 1 {
		t.Errorf("notifications: got %d, want 1", n)
	}
	if n := b.Count(&models.Email{}, "user_id = ? AND kind = ?", b.student.UserID, "talent_shortlisted"); n != 1 {
		t.Errorf("e-mails: got %d, want 1", n)
	}
	if _, err := b.App.Talent.MoveApplication(b.Ctx, b.student, a.ID, "withdraw"); err != nil {
		t.Errorf("student withdraws while open: %v", err)
	}
	_, err = b.App.Talent.MoveApplication(b.Ctx, b.sme, a.ID, "accept")
	wantErr(t, err, core.ErrInvalidTransition)
}

func TestClosingKeepsHistoryForTheSummary(t *testing.T) {
	t.Parallel()
	b := newBoard(t)
	filled := b.need(models.NeedPosition, b.clusterA)
	withdrawn := b.need(models.NeedInternship, b.clusterB)
	b.need(models.NeedSkill, b.clusterA)
	_, err := b.App.Talent.Apply(b.Ctx, b.student, filled.ID, talent.ApplyInput{Share: talent.Share{Name: true}})
	b.Must(err)
	_, err = b.App.Talent.CloseNeed(b.Ctx, b.sme, filled.ID, talent.CloseInput{Outcome: models.NeedFilled, FilledCount: 4})
	var e *core.Error
	if !errors.As(err, &e) || e.Fields["filled_count"].Key == "" {
		t.Fatalf("filling more than wanted: got %v, want a validation error on filled_count", err)
	}
	_, err = b.App.Talent.CloseNeed(b.Ctx, b.sme, filled.ID, talent.CloseInput{Outcome: models.NeedFilled, FilledCount: 2})
	b.Must(err)
	_, err = b.App.Talent.CloseNeed(b.Ctx, b.sme, withdrawn.ID, talent.CloseInput{Outcome: models.NeedWithdrawn})
	b.Must(err)
	_, err = b.App.Talent.Apply(b.Ctx, b.student, withdrawn.ID, talent.ApplyInput{})
	wantErr(t, err, core.ErrNotFound) // a closed need is no longer the student's to see

	// The poster still reads the closed need and its applicant.
	closed, _, err := b.App.Talent.Needs(b.Ctx, b.sme, talent.NeedFilter{Status: models.TalentClosed, Mine: true}, core.NewPage(1, 20))
	b.Must(err)
	if len(closed) != 2 {
		t.Errorf("the poster's closed needs: got %d, want 2", len(closed))
	}
	if list, _, err := b.App.Talent.Applicants(b.Ctx, b.sme, filled.ID, core.NewPage(1, 20)); err != nil || len(list) != 1 {
		t.Errorf("applicants of a closed need: got %d (%v), want 1", len(list), err)
	}

	_, err = b.App.Talent.Summary(b.Ctx, b.sme, talent.SummaryQuery{From: "2026-03-01", To: "2026-03-31"})
	wantErr(t, err, core.ErrForbidden)
	_, err = b.App.Talent.Summary(b.Ctx, b.otherAdmin, talent.SummaryQuery{From: "2026-03-01", To: "2026-03-31", ConsortiumID: b.consortium})
	wantErr(t, err, core.ErrForbidden)
	for name, ac := range map[string]core.Actor{"city": b.admin, "consortium": b.conAdmin} {
		s, err := b.App.Talent.Summary(b.Ctx, ac, talent.SummaryQuery{From: "2026-03-01", To: "2026-03-31"})
		b.Must(err)
		tot := s.Total
		if tot.NeedsPosted != 3 || tot.NeedsFilled != 1 || tot.HeadcountWanted != 9 || tot.HeadcountFilled != 2 || tot.Applications != 1 {
			t.Errorf("%s summary: got %+v, want 3 posted, 1 filled, 9 wanted, 2 filled, 1 application", name, tot)
		}
		if len(s.Clusters) != 2 {
			t.Errorf("%s summary: got %d clusters, want 2", name, len(s.Clusters))
		}
	}
	other, err := b.App.Talent.Summary(b.Ctx, b.otherAdmin, talent.SummaryQuery{From: "2026-03-01", To: "2026-03-31"})
	b.Must(err)
	if other.Total.NeedsPosted != 0 {
		t.Errorf("another consortium's summary: got %d needs, want 0", other.Total.NeedsPosted)
	}
	april, err := b.App.Talent.Summary(b.Ctx, b.admin, talent.SummaryQuery{From: "2026-04-01", To: "2026-04-30"})
	b.Must(err)
	if april.Total.NeedsPosted != 0 {
		t.Errorf("a month without posts: got %d, want 0", april.Total.NeedsPosted)
	}
	_, err = b.App.Talent.Summary(b.Ctx, b.admin, talent.SummaryQuery{From: "2026-04-30", To: "2026-04-01"})
	if !errors.As(err, &e) || e.Fields["to"].Key == "" {
		t.Errorf("reversed range: got %v, want a validation error on to", err)
	}
}
