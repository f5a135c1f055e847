package seed

import (
	"context"
	"time"

	"cqshare/models"
)

// accounts inserts the demo accounts and the extra ones, the facilities managers manage, and
// the qualifications some hold.
func (s *seeder) accounts(ctx context.Context) error {
	for _, d := range DemoAccounts {
		var manages []int
		if d.Email == "manager@demo.local" {
			manages = []int{0, 1} // the first practice center and the first tech platform
		}
		if err := s.account(ctx, seedPerson{email: d.Email, role: d.Role, name: d.Name, org: demoAccountOrg[d.Email], manages: manages}); err != nil {
			return err
		}
	}
	for _, p := range seedPeople() {
		if err := s.account(ctx, p); err != nil {
			return err
		}
	}
	if err := s.grant(ctx, "student@demo.local", "laser_safety", s.now.AddDate(0, -3, 0)); err != nil {
		return err
	}
	for _, g := range seedGrants {
		if err := s.grant(ctx, g.email, g.code, s.now.AddDate(0, -6, 0)); err != nil {
			return err
		}
	}
	return nil
}

func (s *seeder) account(ctx context.Context, p seedPerson) error {
	u := models.User{Email: p.email, PasswordHash: s.hash, Name: p.name, Role: p.role, Active: true, CreatedAt: s.now, UpdatedAt: s.now}
	if id, ok := s.orgs[p.org]; ok {
		u.OrganizationID = &id
	}
	if p.administers {
		u.AdminConsortiumID = &s.facilities[0].ConsortiumID
	}
	if err := s.DB.CreateUser(ctx, &u); err != nil {
		return err
	}
	s.users[p.email] = u.ID
	for _, i := range p.manages {
		if err := s.DB.AddFacilityManager(ctx, s.facilities[i].ID, u.ID); err != nil {
			return err
		}
	}
	return nil
}

// grant gives a user a qualification granted at the time, valid for the qualification's months.
func (s *seeder) grant(ctx context.Context, email, code string, at time.Time) error {
	var q models.Qualification
	for _, sq := range seedQualifications {
		if sq.Code == code {
			q = sq
		}
	}
	uq := models.UserQualification{UserID: s.users[email], QualificationID: s.quals[code], GrantedAt: at,
		Source: models.QualificationSourceSeed}
	if q.ValidMonths > 0 {
		until := at.AddDate(0, q.ValidMonths, 0)
		uq.ExpiresAt = &until
	}
	return s.insert(ctx, &uq)
}

// blackouts closes every facility on the coming New Year's Day (元旦), opens the first practice
// center on the weekend day after it as a make-up working day (调休), and takes two machines out
// for maintenance.
func (s *seeder) blackouts(ctx context.Context) error {
	loc := s.catalog.Location(models.Facility{TimeZone: "Asia/Shanghai"})
	local := s.now.In(loc)
	newYear := time.Date(local.Year()+1, 1, 1, 0, 0, 0, 0, loc)
	var rows []models.Blackout
	for _, f := range s.facilities {
		rows = append(rows, models.Blackout{FacilityID: f.ID, Kind: models.BlackoutClosure, StartAt: newYear.UTC(),
			EndAt: newYear.AddDate(0, 0, 1).UTC(), Reason: "元旦放假 New Year's Day", CreatedAt: s.now})
	}
	makeup := newYear.AddDate(0, 0, 1)
	for makeup.Weekday() != time.Saturday && makeup.Weekday() != time.Sunday {
		makeup = makeup.AddDate(0, 0, 1)
	}
	rows = append(rows, models.Blackout{FacilityID: s.facilities[0].ID, Kind: models.BlackoutMakeup,
		StartAt: makeup.Add(8*time.Hour + 30*time.Minute).UTC(), EndAt: makeup.Add(17*time.Hour + 30*time.Minute).UTC(),
		Reason: "元旦调休上班 make-up working day", CreatedAt: s.now})

	// The five-axis machining center is serviced next Wednesday morning.
	wed := time.Date(local.Year(), local.Month(), local.Day()+1, 0, 0, 0, 0, loc)
	for wed.Weekday() != time.Wednesday {
		wed = wed.AddDate(0, 0, 1)
	}
	first := s.resources[0]
	rows = append(rows, models.Blackout{FacilityID: first.FacilityID, ResourceID: &first.ID, Kind: models.BlackoutClosure,
		StartAt: wed.Add(8*time.Hour + 30*time.Minute).UTC(), EndAt: wed.Add(12*time.Hour + 30*time.Minute).UTC(),
		Reason: "主轴保养 spindle maintenance", CreatedAt: s.now})
	for _, r := range s.resources {
		if r.Status == models.ResourceMaintenance {
			day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
			rows = append(rows, models.Blackout{FacilityID: r.FacilityID, ResourceID: &r.ID, Kind: models.BlackoutClosure,
				StartAt: day.UTC(), EndAt: day.AddDate(0, 0, 14).UTC(), Reason: "设备大修 overhaul", CreatedAt: s.now})
		}
	}
	return s.insert(ctx, &rows)
}
