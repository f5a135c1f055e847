// Package seed loads the demo data set: consortia of every level with facilities of the three
// kinds, resources, people and some history of bookings, in Chinese with English names.
package seed

import (
	"context"
	"fmt"
	"hash/fnv"
	"time"

	"golang.org/x/crypto/bcrypt"

	"cqshare/app/booking"
	"cqshare/app/catalog"
	"cqshare/app/core"
	"cqshare/app/training"
	"cqshare/models"
)

// Demo loads the demo data set (data.go, catalog.go, people.go, training.go) into an empty
// database, in one transaction; it does nothing when any account exists. Bookings go through the
// booking engine's front door, courses, sessions, enrolments and results through the training
// service.
func Demo(ctx context.Context, base core.Base, passwordCost int, cat *catalog.Service, bk *booking.Service, tr *training.Service) error {
	if n, err := base.DB.CountUsers(ctx); err != nil || n > 0 {
		return err
	}
	// One hash for every demo account: bcrypt is slow on purpose, and they share the password.
	hash, err := bcrypt.GenerateFromPassword([]byte(DemoPassword), passwordCost)
	if err != nil {
		return err
	}
	err = base.Tx(ctx, func(ctx context.Context) error {
		if n, err := base.DB.CountUsers(ctx); err != nil || n > 0 {
			return err
		}
		s := &seeder{Base: base, catalog: cat, booking: bk, training: tr, now: base.Now(), hash: string(hash), clusters: map[string]int64{},
			quals: map[string]int64{}, orgs: map[string]int64{}, users: map[string]int64{}}
		return s.run(ctx)
	})
	if err != nil && models.IsDuplicate(err) {
		// Another server copy seeded the same empty database at the same moment.
		if n, cerr := base.DB.CountUsers(ctx); cerr == nil && n > 0 {
			return nil
		}
	}
	return err
}

// seeder inserts the demo data and remembers the ids it got, by key.
type seeder struct {
	core.Base
	catalog    *catalog.Service
	booking    *booking.Service
	training   *training.Service
	now        time.Time
	hash       string
	clusters   map[string]int64
	quals      map[string]int64
	orgs       map[string]int64
	users      map[string]int64
	facilities []models.Facility
	resources  []models.Resource
}

func (s *seeder) run(ctx context.Context) error {
	steps := []func(context.Context) error{s.reference, s.organizations, s.consortia, s.issuers, s.accounts, s.blackouts, s.bookings, s.courses, s.services, s.governance, s.talent}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return nil
}

func (s *seeder) insert(ctx context.Context, row any) error { return s.DB.Insert(ctx, row) }

// reference inserts the industry clusters and qualifications.
func (s *seeder) reference(ctx context.Context) error {
	for i, c := range seedClusters {
		row := models.IndustryCluster{Code: c.code, Name: c.name, NameEn: c.nameEn, Tier: c.tier, SortOrder: (i + 1) * 10}
		if err := s.insert(ctx, &row); err != nil {
			return err
		}
		s.clusters[c.code] = row.ID
	}
	for _, q := range seedQualifications {
		if err := s.insert(ctx, &q); err != nil {
			return err
		}
		s.quals[q.Code] = q.ID
	}
	return nil
}

// issuers gives the qualifications of seedIssuers the facility that issues them.
func (s *seeder) issuers(ctx context.Context) error {
	for code, i := range seedIssuers {
		if err := s.DB.UpdateByID(ctx, &models.Qualification{}, s.quals[code], map[string]any{"owner_facility_id": s.facilities[i].ID}); err != nil {
			return err
		}
	}
	return nil
}

func (s *seeder) organizations(ctx context.Context) error {
	for _, o := range seedOrgs {
		row := models.Organization{Name: o.name, NameEn: o.nameEn, Kind: o.kind, IsSME: o.sme, CreatedAt: s.now, UpdatedAt: s.now}
		if o.area != "" {
			code := seedCreditCode(o.area, o.name)
			row.CreditCode = &code
		}
		if err := s.insert(ctx, &row); err != nil {
			return err
		}
		s.orgs[o.key] = row.ID
	}
	return nil
}

// seedCreditCode builds a unified social credit code of an enterprise registered with market
// regulation (登记管理部门 9, 类别 1) in the area: an organization code derived from the name and
// the check character of GB 32100-2015.
func seedCreditCode(area, name string) string {
	h := fnv.New64a()
	_, _ = h.Write([]byte(name))
	v := h.Sum64()
	org := []byte("MA")
	for range 7 {
		org = append(org, catalog.CreditCodeChars[v%uint64(len(catalog.CreditCodeChars))])
		v /= uint64(len(catalog.CreditCodeChars))
	}
	base := "91" + area + string(org)
	check, _ := catalog.CreditCodeCheckChar(base)
	return base + string(check)
}

func (s *seeder) consortia(ctx context.Context) error {
	for _, sc := range seedConsortia {
		lead := s.orgs[sc.lead]
		c := models.Consortium{Name: sc.name, NameEn: sc.nameEn, Level: sc.level, LeadOrganizationID: &lead,
			Description: sc.description, CreatedAt: s.now, UpdatedAt: s.now}
		if err := s.insert(ctx, &c); err != nil {
			return err
		}
		members := []models.ConsortiumMember{{ConsortiumID: c.ID, OrganizationID: lead, Role: models.MemberLead}}
		for _, key := range sc.members {
			members = append(members, models.ConsortiumMember{ConsortiumID: c.ID, OrganizationID: s.orgs[key], Role: models.MemberMember})
		}
		if err := s.insert(ctx, &members); err != nil {
			return err
		}
		var clusterIDs []int64
		for _, code := range sc.clusters {
			clusterIDs = append(clusterIDs, s.clusters[code])
		}
		if err := s.DB.SetConsortiumClusters(ctx, c.ID, clusterIDs); err != nil {
			return err
		}
		for i, kind := range models.FacilityKinds {
			if err := s.facility(ctx, c.ID, kind, sc.assetPrefix, sc.facilities[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *seeder) facility(ctx context.Context, consortiumID int64, kind, assetPrefix string, sf seedFacility) error {
	f := models.Facility{ConsortiumID: consortiumID, Kind: kind, Name: sf.name, NameEn: sf.nameEn, District: sf.district,
		Address: sf.address, TimeZone: "Asia/Shanghai", Description: kindNames[kind] + "，位于" + sf.district + "。", CreatedAt: s.now, UpdatedAt: s.now}
	f.OpeningHours.V = seedHours(kind)
	f.DefaultRules.V = seedRules(kind)
	if err := s.insert(ctx, &f); err != nil {
		return err
	}
	s.facilities = append(s.facilities, f)
	for i, sr := range sf.resources {
		r := models.Resource{FacilityID: f.ID, Name: sr.name, NameEn: sr.nameEn, Category: sr.category, Model: sr.model,
			AssetNo:  fmt.Sprintf("%s-%s-%d-%03d", assetPrefix, kindAbbrev[kind], 2021+(len(s.resources)%4), i+1),
			Capacity: sr.capacity, Status: models.ResourceAvailable,
			Rules: f.DefaultRules.V, QuotaHoursYear: catalog.DefaultQuotaHoursYear, CreatedAt: s.since(), UpdatedAt: s.now}
		if id, ok := s.clusters[sr.cluster]; ok {
			r.ClusterID = &id
		}
		if sr.maintenance {
			r.Status = models.ResourceMaintenance
		}
		if sr.specialized {
			r.QuotaHoursYear = models.DefaultQuotaHoursSpecialized
		}
		r.RequiresApproval = sr.approval
		r.RateInternalFen, r.RateExternalFen = sr.rateIn, sr.rateEx
		if sr.qualification != "" {
			q := s.quals[sr.qualification]
			r.QualificationID = &q
		}
		if sr.slot != 0 {
			r.SlotMinutes, r.MinMinutes = sr.slot, max(r.MinMinutes, sr.slot)
		}
		core.Set(&r.MinMinutes, nonZero(sr.minM))
		core.Set(&r.MaxMinutes, nonZero(sr.maxM))
		core.Set(&r.BufferMinutes, nonZero(sr.buffer))
		fields := map[string]core.Text{}
		if catalog.ValidateRules(r.Rules, "rules.", fields); len(fields) > 0 {
			return fmt.Errorf("demo resource %s: %w", sr.name, core.ValidationError(fields))
		}
		if err := s.insert(ctx, &r); err != nil {
			return err
		}
		s.resources = append(s.resources, r)
	}
	return nil
}

// since is when the demo's resources were put in: the day before their booking history, so that
// the utilization figures count them from its first day.
func (s *seeder) since() time.Time { return s.now.AddDate(0, 0, -HistoryDays-1) }

var kindAbbrev = map[string]string{models.KindPracticeCenter: "PC", models.KindTechPlatform: "TP", models.KindTrainingBase: "TB"}

var kindNames = map[string]string{models.KindPracticeCenter: "开放型区域产教融合实践中心",
	models.KindTechPlatform: "共性技术服务平台", models.KindTrainingBase: "示范性职工培训基地"}

func nonZero(v int) *int {
	if v == 0 {
		return nil
	}
	return &v
}

// seedHours are the weekly opening hours of each kind of facility.
func seedHours(kind string) []models.OpeningInterval {
	var out []models.OpeningInterval
	for day := 1; day <= 5; day++ {
		switch kind {
		case models.KindPracticeCenter:
			out = append(out, models.OpeningInterval{Weekday: day, Start: "08:30", End: "21:30"})
		case models.KindTechPlatform:
			out = append(out, models.OpeningInterval{Weekday: day, Start: "08:30", End: "12:00"},
				models.OpeningInterval{Weekday: day, Start: "13:30", End: "17:30"})
		default:
			out = append(out, models.OpeningInterval{Weekday: day, Start: "08:30", End: "17:30"})
		}
	}
	switch kind {
	case models.KindPracticeCenter:
		out = append(out, models.OpeningInterval{Weekday: 6, Start: "09:00", End: "17:00"})
	case models.KindTrainingBase:
		out = append(out, models.OpeningInterval{Weekday: 6, Start: "09:00", End: "12:00"})
	}
	return out
}

// seedRules are the default booking rules of each kind of facility.
func seedRules(kind string) models.Rules {
	r := models.DefaultRules()
	switch kind {
	case models.KindPracticeCenter:
		r.MinLeadMinutes, r.WeeklyQuotaMinutes = 60, 600
	case models.KindTechPlatform:
		r.SlotMinutes, r.MinMinutes, r.MaxMinutes, r.MaxAdvanceDays = 60, 60, 480, 30
		r.MinLeadMinutes, r.BufferMinutes, r.RequiresApproval = 1440, 30, true
		r.CancelDeadlineMinutes, r.CheckinGraceMinutes = 1440, 30
	case models.KindTrainingBase:
		r.MinMinutes, r.MaxMinutes, r.MaxAdvanceDays, r.MinLeadMinutes = 60, 480, 30, 120
		r.RequiresApproval, r.CancelDeadlineMinutes = true, 240
	}
	return r
}
