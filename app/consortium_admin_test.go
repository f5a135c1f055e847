package app_test

import (
	"slices"
	"testing"

	"cqshare/app/accounts"
	"cqshare/app/apptest"
	"cqshare/app/booking"
	"cqshare/app/catalog"
	"cqshare/app/core"
	"cqshare/app/reports"
	"cqshare/models"
)

// A consortium administrator runs their consortium (its details, members, facilities and the
// managers of those, its bookings and reports) and sees nothing of another.
func TestConsortiumAdministrator(t *testing.T) {
	t.Parallel()
	c := apptest.NewDemo(t)
	consortiumOf := func(facilityID int64) int64 {
		f, err := c.DB.FacilityByID(c.Ctx, facilityID)
		c.Must(err)
		return f.ConsortiumID
	}
	own, other := consortiumOf(c.Practice), consortiumOf(c.Other)
	if own == other {
		t.Fatal("the demo's two managers are of one consortium")
	}

	newAdmin := func(email string, consortium *int64) error {
		_, err := c.App.Accounts.CreateUser(c.Ctx, c.Admin, accounts.NewUser{Email: email, Password: "pass-word-1",
			Name: "联合体管理员", Role: models.RoleConsortiumAdmin, AdminConsortiumID: consortium})
		return err
	}
	apptest.CheckErr(t, newAdmin("ca0@demo.local", nil), "validation_failed", "admin_consortium_id")
	apptest.CheckErr(t, newAdmin("ca0@demo.local", apptest.Ptr(int64(999999))), "validation_failed", "admin_consortium_id")
	_, err := c.App.Accounts.CreateUser(c.Ctx, c.Admin, accounts.NewUser{Email: "ca0@demo.local", Password: "pass-word-1",
		Name: "学生", Role: models.RoleStudent, AdminConsortiumID: &own})
	apptest.CheckErr(t, err, "validation_failed", "admin_consortium_id")
	c.Must(newAdmin("ca@demo.local", &own))
	ca := c.Actor("ca@demo.local")
	if *ca.ConsortiumID != own || !slices.Contains(ca.ManagedFacilityIDs, c.Practice) || slices.Contains(ca.ManagedFacilityIDs, c.Other) {
		t.Fatalf("the consortium administrator's scope: %+v", ca)
	}

	t.Run("the consortium itself", func(t *testing.T) {
		_, err := c.App.Catalog.UpdateConsortium(c.Ctx, ca, own, catalog.ConsortiumPatch{Description: apptest.Ptr("本联合体的简介")})
		apptest.CheckErr(t, err, "")
		con, err := c.DB.ConsortiumByID(c.Ctx, own)
		c.Must(err)
		_, err = c.App.Catalog.UpdateConsortium(c.Ctx, ca, own, catalog.ConsortiumPatch{Level: &con.Level}) // as the form sends it
		apptest.CheckErr(t, err, "")
		_, err = c.App.Catalog.UpdateConsortium(c.Ctx, ca, own, catalog.ConsortiumPatch{Level: apptest.Ptr(models.LevelParkLed)})
		apptest.CheckErr(t, err, "forbidden")
		_, err = c.App.Catalog.UpdateConsortium(c.Ctx, ca, other, catalog.ConsortiumPatch{Description: apptest.Ptr("别人的")})
		apptest.CheckErr(t, err, "forbidden")
		_, err = c.App.Catalog.CreateConsortium(c.Ctx, ca, catalog.NewConsortium{Name: "新联合体", Level: models.LevelParkLed})
		apptest.CheckErr(t, err, "forbidden")
		orgs, _, err := c.DB.ListOrganizations(c.Ctx, models.OrganizationFilter{}, 100, 0)
		c.Must(err)
		_, err = c.App.Catalog.SetConsortiumMember(c.Ctx, ca, own, orgs[0].ID, models.MemberMember)
		apptest.CheckErr(t, err, "")
		_, err = c.App.Catalog.SetConsortiumMember(c.Ctx, ca, other, orgs[0].ID, models.MemberMember)
		apptest.CheckErr(t, err, "forbidden")
		apptest.CheckErr(t, c.App.Catalog.RemoveConsortiumMember(c.Ctx, ca, other, orgs[0].ID), "forbidden")
	})

	t.Run("facilities and their managers", func(t *testing.T) {
		fv, err := c.App.Catalog.CreateFacility(c.Ctx, ca, catalog.NewFacility{ConsortiumID: own, Kind: models.KindPracticeCenter,
			Name: "新建实训中心", TimeZone: "Asia/Shanghai"})
		apptest.CheckErr(t, err, "")
		_, err = c.App.Catalog.CreateFacility(c.Ctx, ca, catalog.NewFacility{ConsortiumID: other, Kind: models.KindPracticeCenter,
			Name: "别人的中心", TimeZone: "Asia/Shanghai"})
		apptest.CheckErr(t, err, "forbidden")
		_, err = c.App.Catalog.UpdateFacility(c.Ctx, ca, c.Practice, catalog.FacilityPatch{ConsortiumID: &other})
		apptest.CheckErr(t, err, "forbidden")
		_, err = c.App.Catalog.UpdateFacility(c.Ctx, ca, c.Other, catalog.FacilityPatch{Name: apptest.Ptr("改名")})
		apptest.CheckErr(t, err, "forbidden")
		apptest.CheckErr(t, c.App.Catalog.DeleteFacility(c.Ctx, ca, c.Other), "forbidden")

		// A new facility is in the administrator's scope at their next request.
		ca := c.Actor("ca@demo.local")
		manager := func(email string, facilities ...int64) error {
			_, err := c.App.Accounts.CreateUser(c.Ctx, ca, accounts.NewUser{Email: email, Password: "pass-word-1", Name: "新经理",
				Role: models.RoleManager, ManagedFacilityIDs: facilities})
			return err
		}
		apptest.CheckErr(t, manager("m1@demo.local", fv.ID, c.Practice), "")
		apptest.CheckErr(t, manager("m2@demo.local", c.Other), "forbidden")
		_, err = c.App.Accounts.CreateUser(c.Ctx, ca, accounts.NewUser{Email: "a2@demo.local", Password: "pass-word-1", Name: "x",
			Role: models.RoleAdmin})
		apptest.CheckErr(t, err, "forbidden")

		// A manager of both consortia keeps the other's facility when this one's change.
		shared := c.Actor("m1@demo.local")
		_, err = c.App.Accounts.UpdateUser(c.Ctx, c.Admin, shared.UserID, accounts.UserPatch{
			ManagedFacilityIDs: &[]int64{fv.ID, c.Practice, c.Other}})
		c.Must(err)
		v, err := c.App.Accounts.UpdateUser(c.Ctx, ca, shared.UserID, accounts.UserPatch{ManagedFacilityIDs: &[]int64{fv.ID}})
		c.Must(err)
		if slices.Sort(v.ManagedFacilityIDs); !slices.Equal(v.ManagedFacilityIDs, slices.Sorted(slices.Values([]int64{fv.ID, c.Other}))) {
			t.Fatalf("managed after the consortium's change: %v, want %v and %v", v.ManagedFacilityIDs, fv.ID, c.Other)
		}
		_, err = c.App.Accounts.UpdateUser(c.Ctx, ca, shared.UserID, accounts.UserPatch{ManagedFacilityIDs: &[]int64{c.Other}})
		apptest.CheckErr(t, err, "forbidden")
		_, err = c.App.Accounts.UpdateUser(c.Ctx, ca, shared.UserID, accounts.UserPatch{Active: apptest.Ptr(false)})
		apptest.CheckErr(t, err, "forbidden")
		_, err = c.App.Accounts.UpdateUser(c.Ctx, ca, c.OtherManager.UserID, accounts.UserPatch{ManagedFacilityIDs: &[]int64{fv.ID}})
		apptest.CheckErr(t, err, "not_found")
	})

	t.Run("people", func(t *testing.T) {
		users, total, err := c.App.Accounts.Users(c.Ctx, ca, accounts.UserFilter{}, core.Page{Size: 1000})
		c.Must(err)
		ids := make([]int64, len(users))
		for i, u := range users {
			ids[i] = u.ID
		}
		if total != int64(len(users)) || !slices.Contains(ids, c.Manager.UserID) || !slices.Contains(ids, ca.UserID) ||
			slices.Contains(ids, c.OtherManager.UserID) || slices.Contains(ids, c.Admin.UserID) {
			t.Fatalf("the consortium administrator lists %v (%d)", ids, total)
		}
		_, err = c.App.Accounts.User(c.Ctx, ca, c.OtherManager.UserID)
		apptest.CheckErr(t, err, "not_found")
		all, _, err := c.App.Accounts.Users(c.Ctx, c.Admin, accounts.UserFilter{}, core.Page{Size: 1000})
		c.Must(err)
		if len(all) <= len(users) {
			t.Fatalf("the city administrator lists %d people, the consortium's %d", len(all), len(users))
		}
	})

	t.Run("bookings and reports", func(t *testing.T) {
		ca := c.Actor("ca@demo.local")
		rows, _, err := c.App.Booking.ListBookings(c.Ctx, ca, booking.BookingFilter{Scope: booking.ScopeManaged}, core.Page{Size: 1000})
		c.Must(err)
		if len(rows) == 0 {
			t.Fatal("the consortium administrator sees none of its bookings")
		}
		for _, b := range rows {
			if !slices.Contains(ca.ManagedFacilityIDs, b.FacilityID) {
				t.Fatalf("the consortium administrator sees booking %d of facility %d", b.ID, b.FacilityID)
			}
		}
		_, _, err = c.App.Booking.ListBookings(c.Ctx, ca, booking.BookingFilter{Scope: booking.ScopeManaged, FacilityID: c.Other}, core.Page{Size: 10})
		apptest.CheckErr(t, err, "forbidden")
		query := func(scope string, id int64) error {
			_, err := c.App.Reports.Utilization(c.Ctx, ca, reports.UtilizationQuery{Scope: scope, ID: id, Period: "month",
				From: "2026-01-01", To: "2026-03-31"})
			return err
		}
		apptest.CheckErr(t, query(reports.ScopeConsortium, own), "")
		apptest.CheckErr(t, query(reports.ScopeFacility, c.Practice), "")
		apptest.CheckErr(t, query(reports.ScopeConsortium, other), "forbidden")
		apptest.CheckErr(t, query(reports.ScopeFacility, c.Other), "not_found")
		apptest.CheckErr(t, query(reports.ScopeCity, 0), "forbidden")
	})
}
