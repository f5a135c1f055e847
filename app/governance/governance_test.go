package governance_test

import (
	"math"
	"slices"
	"testing"
	"time"

	"cqshare/app/accounts"
	"cqshare/app/apptest"
	"cqshare/app/core"
	"cqshare/app/governance"
	"cqshare/app/reports"
	"cqshare/models"
)

// world is the demo data set with a consortium administrator of the demo manager's consortium,
// and an organization outside every consortium with one person in it.
type world struct {
	*apptest.Demo
	own, other int64 // the demo manager's consortium, and OtherManager's
	conAdmin   core.Actor
	outsider   core.Actor // of org, a member of no consortium
	org        int64
}

func newWorld(t *testing.T) *world {
	t.Helper()
	d := apptest.NewDemo(t)
	w := &world{Demo: d}
	for id, to := range map[int64]*int64{d.Practice: &w.own, d.Other: &w.other} {
		f, err := d.DB.FacilityByID(d.Ctx, id)
		d.Must(err)
		*to = f.ConsortiumID
	}
	_, err := d.App.Accounts.CreateUser(d.Ctx, d.Admin, accounts.NewUser{Email: "ca.gov@demo.local", Password: "pass-word-1",
		Name: "联合体管理员", Role: models.RoleConsortiumAdmin, AdminConsortiumID: &w.own})
	d.Must(err)
	w.conAdmin = d.Actor("ca.gov@demo.local")
	now := d.Clock.Now()
	org := models.Organization{Name: "新加入的学校", Kind: "school", CreatedAt: now, UpdatedAt: now}
	d.Must(d.DB.Insert(d.Ctx, &org))
	w.org = org.ID
	_, err = d.App.Accounts.CreateUser(d.Ctx, d.Admin, accounts.NewUser{Email: "teacher.gov@demo.local", Password: "pass-word-1",
		Name: "新学校的老师", Role: models.RoleTeacher, OrganizationID: &org.ID})
	d.Must(err)
	w.outsider = d.Actor("teacher.gov@demo.local")
	return w
}

// counts are the rows of the governance tables, to check that a refusal writes nothing.
func (w *world) counts() [3]int64 {
	return [3]int64{w.Count(&models.GovernanceSeat{}, "1 = 1"), w.Count(&models.ConsortiumCharter{}, "1 = 1"),
		w.Count(&models.ConsortiumGoal{}, "1 = 1")}
}

// Who reads a consortium's governance: its insiders (people of its member organizations, the
// managers of its facilities), its administrators and the city administrator; nobody else.
func TestWhoReadsGovernance(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	g := w.App.Governance
	read := func(ac core.Actor, id int64) error {
		_, err := g.Governance(w.Ctx, ac, id, 0)
		return err
	}
	apptest.CheckErr(t, read(w.Manager, w.own), "")
	apptest.CheckErr(t, read(w.conAdmin, w.own), "")
	apptest.CheckErr(t, read(w.Admin, w.other), "")
	apptest.CheckErr(t, read(w.Manager, w.other), "forbidden")
	apptest.CheckErr(t, read(w.conAdmin, w.other), "forbidden")
	apptest.CheckErr(t, read(w.outsider, w.own), "forbidden")
	apptest.CheckErr(t, read(w.Admin, 999999), "not_found")

	listed := func(ac core.Actor) []int64 {
		rows, total, err := g.Consortia(w.Ctx, ac, core.NewPage(1, 100))
		w.Must(err)
		if int(total) != len(rows) {
			t.Fatalf("total %d, %d rows", total, len(rows))
		}
		ids := make([]int64, len(rows))
		for i, r := range rows {
			ids[i] = r.ID
		}
		return ids
	}
	if got := listed(w.outsider); len(got) != 0 {
		t.Errorf("an outsider lists %v, want none", got)
	}
	if got := listed(w.conAdmin); !slices.Equal(got, []int64{w.own}) {
		t.Errorf("the consortium administrator lists %v, want [%d]", got, w.own)
	}
	if got, all := listed(w.Admin), w.Count(&models.Consortium{}, "1 = 1"); int64(len(got)) != all {
		t.Errorf("the city administrator lists %d consortia, want all %d", len(got), all)
	}

	// Joining makes an insider; leaving ends it.
	_, err := w.App.Catalog.SetConsortiumMember(w.Ctx, w.conAdmin, w.own, w.org, models.MemberMember)
	w.Must(err)
	apptest.CheckErr(t, read(w.outsider, w.own), "")
	if got := listed(w.outsider); !slices.Equal(got, []int64{w.own}) {
		t.Errorf("a member's person lists %v, want [%d]", got, w.own)
	}
	gv, err := g.Governance(w.Ctx, w.outsider, w.own, 0)
	w.Must(err)
	if gv.MayEdit {
		t.Error("a member's teacher may edit the governance")
	}
	w.Must(w.App.Catalog.RemoveConsortiumMember(w.Ctx, w.conAdmin, w.own, w.org))
	apptest.CheckErr(t, read(w.outsider, w.own), "forbidden")
}

// Seats: only the consortium's administrators write them, each with a position of its body, a
// holder and a term that does not end before it starts; a refused write changes nothing.
func TestSeats(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	g := w.App.Governance
	members, err := w.DB.ConsortiumMembers(w.Ctx, w.own)
	w.Must(err)
	member := members[0].OrganizationID
	chair := governance.SeatInput{Body: models.BodyCouncil, Position: "chair", OrganizationID: &member,
		PersonName: "张理事长", Title: "校长", TermStart: "2026-01-01", TermEnd: apptest.Ptr("2028-12-31")}

	before := w.counts()
	for name, ac := range map[string]core.Actor{"a manager": w.Manager, "another consortium's manager": w.OtherManager, "a teacher": w.outsider} {
		_, err := g.AddSeat(w.Ctx, ac, w.own, chair)
		if apptest.CheckErr(t, err, "forbidden"); w.counts() != before {
			t.Fatalf("%s's refused seat wrote rows", name)
		}
	}
	otherAdmin := w.conAdmin
	otherAdmin.ConsortiumID = &w.other
	_, err = g.AddSeat(w.Ctx, otherAdmin, w.own, chair)
	apptest.CheckErr(t, err, "forbidden")

	bad := map[string]struct {
		mod    func(*governance.SeatInput)
		fields []string
	}{
		"an unknown body":                {func(s *governance.SeatInput) { s.Body = "board" }, []string{"body"}},
		"a position of another body":     {func(s *governance.SeatInput) { s.Position = "secretary_general" }, []string{"position"}},
		"no holder":                      {func(s *governance.SeatInput) { s.OrganizationID, s.PersonName = nil, "  " }, []string{"person_name"}},
		"a term that ends first":         {func(s *governance.SeatInput) { s.TermEnd = apptest.Ptr("2025-12-31") }, []string{"term_end"}},
		"no start, a bad end":            {func(s *governance.SeatInput) { s.TermStart, s.TermEnd = "", apptest.Ptr("31/12/2028") }, []string{"term_start", "term_end"}},
		"an overlong name":               {func(s *governance.SeatInput) { s.PersonName = string(make([]rune, 101)) }, []string{"person_name"}},
		"an unknown organization":        {func(s *governance.SeatInput) { s.OrganizationID = apptest.Ptr(int64(999999)) }, []string{"organization_id"}},
		"a council seat of a non-member": {func(s *governance.SeatInput) { s.OrganizationID = &w.org }, []string{"organization_id"}},
	}
	for name, c := range bad {
		in := chair
		c.mod(&in)
		_, err := g.AddSeat(w.Ctx, w.conAdmin, w.own, in)
		if apptest.CheckErr(t, err, "validation_failed", c.fields...); w.counts() != before {
			t.Fatalf("%s: the refused seat wrote rows", name)
		}
	}

	seat, err := g.AddSeat(w.Ctx, w.conAdmin, w.own, chair)
	w.Must(err)
	if seat.OrganizationName == nil || *seat.OrganizationName != members[0].Name || seat.PersonName != "张理事长" {
		t.Errorf("the seat reads %+v", seat)
	}
	// The secretariat may be held by a person of an organization outside the consortium.
	staff, err := g.AddSeat(w.Ctx, w.Admin, w.own, governance.SeatInput{Body: models.BodySecretariat, Position: "staff",
		OrganizationID: &w.org, PersonName: "李干事", TermStart: "2026-03-01"})
	w.Must(err)

	// A term ends by giving it an end; another consortium's seat is not found through this one.
	in := chair
	in.TermEnd = apptest.Ptr("2026-06-30")
	updated, err := g.UpdateSeat(w.Ctx, w.conAdmin, w.own, seat.ID, in)
	w.Must(err)
	if updated.TermEnd == nil || *updated.TermEnd != "2026-06-30" {
		t.Errorf("the ended term reads %v", updated.TermEnd)
	}
	_, err = g.UpdateSeat(w.Ctx, w.Admin, w.other, seat.ID, in)
	apptest.CheckErr(t, err, "not_found")
	apptest.CheckErr(t, g.RemoveSeat(w.Ctx, w.Admin, w.other, staff.ID), "not_found")

	gv, err := g.Governance(w.Ctx, w.Manager, w.own, 0)
	w.Must(err)
	ids := []int64{}
	for _, s := range gv.Seats {
		if s.ID == seat.ID || s.ID == staff.ID {
			ids = append(ids, s.ID)
		}
	}
	if len(ids) != 2 {
		t.Errorf("the governance holds seats %v, want both", ids)
	}
	w.Must(g.RemoveSeat(w.Ctx, w.conAdmin, w.own, staff.ID))
	if n := w.Count(&models.GovernanceSeat{}, "id = ?", staff.ID); n != 0 {
		t.Error("the removed seat is still there")
	}
	if n := w.Count(&models.AuditLog{}, "object_id = ? AND action LIKE ?", w.own, "consortium.seat.%"); n != 4 {
		t.Errorf("%d audit records of seats, want 4 (two added, one changed, one removed)", n)
	}
}

// The charter and the goals: the administrators write them; each goal's target lies in its
// indicator's range, and the goals are shown against what the consortium reached in the year
// so far, the same figures as its utilization report of the year.
func TestCharterAndGoals(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	g := w.App.Governance
	year := w.Clock.Now().In(time.FixedZone("CST", 8*3600)).Year()

	_, err := g.SetCharter(w.Ctx, w.Manager, w.own, governance.CharterInput{Body: "章程"})
	apptest.CheckErr(t, err, "forbidden")
	_, err = g.SetCharter(w.Ctx, w.conAdmin, w.own, governance.CharterInput{Body: string(make([]rune, governance.MaxCharter+1)), AdoptedOn: apptest.Ptr("2026-13-01")})
	apptest.CheckErr(t, err, "validation_failed", "body", "adopted_on")
	_, err = g.SetCharter(w.Ctx, w.conAdmin, w.own, governance.CharterInput{Body: "  第一章 总则 ……  ", AdoptedOn: apptest.Ptr("2025-09-01")})
	w.Must(err)
	_, err = g.SetCharter(w.Ctx, w.Admin, w.own, governance.CharterInput{Body: "第一章 总则（修订）"})
	w.Must(err)
	gv, err := g.Governance(w.Ctx, w.Manager, w.own, 0)
	w.Must(err)
	if gv.Charter == nil || gv.Charter.Body != "第一章 总则（修订）" || gv.Charter.AdoptedOn != nil {
		t.Errorf("the charter reads %+v, want the revision without a day", gv.Charter)
	}

	before := w.counts()
	for name, c := range map[string]struct {
		goals  []governance.GoalInput
		fields []string
	}{
		"a ratio above 1":      {[]governance.GoalInput{{Indicator: "utilization", Target: 1.2}}, []string{"goals[0].target"}},
		"a rating below 1":     {[]governance.GoalInput{{Indicator: "rating", Target: 0.5}}, []string{"goals[0].target"}},
		"half an SME":          {[]governance.GoalInput{{Indicator: "smes_served", Target: 10.5}}, []string{"goals[0].target"}},
		"not a number":         {[]governance.GoalInput{{Indicator: "fill", Target: math.NaN()}}, []string{"goals[0].target"}},
		"an unknown indicator": {[]governance.GoalInput{{Indicator: "profit", Target: 1}}, []string{"goals[0].indicator"}},
		"an indicator twice": {[]governance.GoalInput{{Indicator: "pass", Target: 0.9}, {Indicator: "pass", Target: 0.8}},
			[]string{"goals[1].indicator"}},
	} {
		_, err := g.SetGoals(w.Ctx, w.conAdmin, w.own, year, c.goals)
		if apptest.CheckErr(t, err, "validation_failed", c.fields...); w.counts() != before {
			t.Fatalf("%s: the refused goals wrote rows", name)
		}
	}
	_, err = g.SetGoals(w.Ctx, w.conAdmin, w.own, 1999, nil)
	apptest.CheckErr(t, err, "validation_failed", "year")
	_, err = g.SetGoals(w.Ctx, w.conAdmin, w.other, year, nil)
	apptest.CheckErr(t, err, "forbidden")

	goals := []governance.GoalInput{{Indicator: "smes_served", Target: 30, Note: "服务中小企业"}, {Indicator: "utilization", Target: 0.65}}
	_, err = g.SetGoals(w.Ctx, w.conAdmin, w.own, year-1, []governance.GoalInput{{Indicator: "utilization", Target: 0.5}})
	w.Must(err)
	gv, err = g.SetGoals(w.Ctx, w.conAdmin, w.own, year, goals)
	w.Must(err)
	if len(gv.Goals) != 2 || gv.Goals[0].Indicator != "utilization" || gv.Goals[1].Indicator != "smes_served" {
		t.Fatalf("the goals read %+v, want utilization then smes_served (the league's order)", gv.Goals)
	}
	if !slices.Equal(gv.GoalYears, []int{year, year - 1}) {
		t.Errorf("goal years %v, want [%d %d]", gv.GoalYears, year, year-1)
	}
	u, err := w.App.Reports.Utilization(w.Ctx, w.Admin, reports.UtilizationQuery{Scope: reports.ScopeConsortium, ID: w.own,
		Period: models.PeriodYear, From: time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Format(models.DayFormat),
		To: time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC).Format(models.DayFormat)})
	w.Must(err)
	if u.Totals.EffectiveMinutes == 0 {
		t.Fatal("the demo consortium has no effective hours this year: the check below would prove nothing")
	}
	if gv.Reached == nil || gv.Goals[0].Reached == nil || *gv.Goals[0].Reached != u.Totals.Utilization {
		t.Errorf("utilization reached %v, want the year's report's %v", gv.Goals[0].Reached, u.Totals.Utilization)
	}
	if gv.Goals[1].Reached == nil || *gv.Goals[1].Reached != float64(u.Totals.SMEsServed) {
		t.Errorf("SMEs served %v, want the year's report's %d", gv.Goals[1].Reached, u.Totals.SMEsServed)
	}

	// Replacing the year's goals leaves only the new ones; an empty list clears the year.
	gv, err = g.SetGoals(w.Ctx, w.Admin, w.own, year, goals[:1])
	w.Must(err)
	if len(gv.Goals) != 1 || gv.Goals[0].Indicator != "smes_served" || gv.Goals[0].Note != "服务中小企业" {
		t.Errorf("after replacing: %+v", gv.Goals)
	}
	gv, err = g.SetGoals(w.Ctx, w.Admin, w.own, year, []governance.GoalInput{})
	w.Must(err)
	if len(gv.Goals) != 0 || !slices.Equal(gv.GoalYears, []int{year - 1}) {
		t.Errorf("after clearing: goals %+v, years %v", gv.Goals, gv.GoalYears)
	}
}
