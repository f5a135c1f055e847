package booking_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"cqshare/app/booking"
	"cqshare/app/core"
	"cqshare/models"
)

// ruleCase is one booking attempt and what it must give: a status, or an error code with the
// rule and field it names.
type ruleCase struct {
	name       string
	res        func(*models.Resource)
	setup      func(f *bookingFixture, res models.Resource, ac core.Actor)
	role       string
	day        int
	start, end string
	in         func(*booking.Reservation)
	wantStatus models.BookingStatus
	wantCode   string
	wantRule   string
	wantField  string
}

func runRuleCases(t *testing.T, f *bookingFixture, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := f.resource(tc.res)
			role := tc.role
			if role == "" {
				role = models.RoleStudent
			}
			ac := f.user(role)
			if tc.setup != nil {
				tc.setup(f, res, ac)
			}
			in := f.input(res, tc.day, tc.start, tc.end)
			if tc.in != nil {
				tc.in(&in)
			}
			b, err := f.App.Booking.CreateBooking(f.Ctx, ac, in)
			if tc.wantCode == "" {
				if err != nil {
					t.Fatalf("got %v, want status %s", err, tc.wantStatus)
				}
				if b.Status != tc.wantStatus {
					t.Fatalf("got status %s, want %s", b.Status, tc.wantStatus)
				}
				return
			}
			var ae *core.Error
			if !errors.As(err, &ae) {
				t.Fatalf("got %v, want %s/%s on %s", err, tc.wantCode, tc.wantRule, tc.wantField)
			}
			if ae.Code != tc.wantCode || ae.Rule != tc.wantRule {
				t.Fatalf("got %s/%s (%v), want %s/%s", ae.Code, ae.Rule, ae, tc.wantCode, tc.wantRule)
			}
			if tc.wantField != "" {
				if _, ok := ae.Fields[tc.wantField]; !ok {
					t.Fatalf("got fields %v, want %s", ae.Fields, tc.wantField)
				}
			}
		})
	}
}

func ok(name string, day int, start, end string) ruleCase {
	return ruleCase{name: name, day: day, start: start, end: end, wantStatus: models.BookingConfirmed}
}

func rule(name string, day int, start, end, r, field string) ruleCase {
	return ruleCase{name: name, day: day, start: start, end: end, wantCode: "rule_violation", wantRule: r, wantField: field}
}

func with(tc ruleCase, mod func(*ruleCase)) ruleCase { mod(&tc); return tc }

// TestBookingRules checks every rule at its boundaries, in a Shanghai facility whose clock reads
// Monday 08:00 (day 1 is Tuesday, day 6 Sunday).
func TestBookingRules(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	// A closure of the whole facility on Thursday 12:00–14:00 and a make-up working day on Sunday.
	f.blackout(models.BlackoutClosure, 0, f.local(3, "12:00"), f.local(3, "14:00"))
	f.blackout(models.BlackoutMakeup, 0, f.local(6, "09:00"), f.local(6, "17:00"))
	minLead := func(r *models.Resource) { r.MinLeadMinutes = 60 }
	quota := func(r *models.Resource) { r.WeeklyQuotaMinutes = 120; r.MaxAdvanceDays = 30 }
	qualified := func(expires time.Time) func(*bookingFixture, models.Resource, core.Actor) {
		return func(f *bookingFixture, res models.Resource, ac core.Actor) {
			exp := expires.UTC() // stored times are UTC
			f.Must(f.DB.W(f.Ctx).Create(&models.UserQualification{UserID: ac.UserID, QualificationID: *res.QualificationID,
				GrantedAt: f.Clock.Now(), ExpiresAt: &exp, Source: "manual"}).Error)
		}
	}
	needsQualification := func(f *bookingFixture) func(*models.Resource) {
		q := models.Qualification{Code: "q" + time.Now().Format("150405.000000000"), Name: "激光切割安全"}
		f.Must(f.DB.W(f.Ctx).Create(&q).Error)
		return func(r *models.Resource) { r.QualificationID = &q.ID }
	}

	runRuleCases(t, f, []ruleCase{
		ok("plain booking", 1, "10:00", "11:00"),
		ok("exactly at opening", 1, "08:00", "09:00"),
		ok("ending exactly at closing", 1, "21:00", "22:00"),
		rule("one slot past closing", 1, "21:30", "22:30", "opening_hours", "end_at"),
		rule("one slot before opening", 1, "07:30", "08:30", "opening_hours", "start_at"),
		rule("closed on Sunday", 13, "10:00", "11:00", "opening_hours", "start_at"),
		rule("Saturday closes earlier", 5, "16:30", "17:30", "opening_hours", "end_at"),
		ok("make-up working day opens Sunday", 6, "09:00", "10:00"),
		rule("make-up working day ends at 17:00", 6, "16:30", "17:30", "opening_hours", "end_at"),
		ok("touching the closure's start", 3, "11:00", "12:00"),
		ok("touching the closure's end", 3, "14:00", "15:00"),
		rule("overlapping the closure", 3, "13:30", "14:30", "blackout", "start_at"),
		rule("inside the closure", 3, "12:30", "13:00", "blackout", "start_at"),
		with(ok("closure of another resource is ignored", 2, "10:00", "11:00"), func(tc *ruleCase) {
			tc.setup = func(f *bookingFixture, res models.Resource, _ core.Actor) {
				other := f.resource(nil)
				f.blackout(models.BlackoutClosure, other.ID, f.local(2, "09:00"), f.local(2, "12:00"))
			}
		}),
		with(rule("closure of this resource", 2, "10:00", "11:00", "blackout", "start_at"), func(tc *ruleCase) {
			tc.setup = func(f *bookingFixture, res models.Resource, _ core.Actor) {
				f.blackout(models.BlackoutClosure, res.ID, f.local(2, "10:30"), f.local(2, "10:45"))
			}
		}),
		rule("start off the slot grid", 1, "10:15", "11:00", "slot_alignment", "start_at"),
		rule("end off the slot grid", 1, "10:00", "11:10", "slot_alignment", "end_at"),
		with(rule("seconds are off the grid", 1, "10:00", "11:00", "slot_alignment", "start_at"), func(tc *ruleCase) {
			tc.in = func(in *booking.Reservation) { in.StartAt = in.StartAt.Add(time.Second) }
		}),
		with(ok("15-minute slots", 1, "10:15", "11:45"), func(tc *ruleCase) { tc.res = func(r *models.Resource) { r.SlotMinutes = 15 } }),
		rule("end equal to start", 1, "10:00", "10:00", "end_after_start", "end_at"),
		rule("end before start", 1, "11:00", "10:00", "end_after_start", "end_at"),
		ok("exactly the minimum duration", 1, "10:00", "10:30"),
		with(rule("under the minimum duration", 1, "10:00", "10:30", "min_duration", "end_at"), func(tc *ruleCase) {
			tc.res = func(r *models.Resource) { r.MinMinutes = 60 }
		}),
		ok("exactly the maximum duration", 1, "10:00", "14:00"),
		rule("one slot over the maximum", 1, "10:00", "14:30", "max_duration", "end_at"),
		with(ok("exactly the lead time", 0, "09:00", "10:00"), func(tc *ruleCase) { tc.res = minLead }),
		with(rule("inside the lead time", 0, "08:30", "09:30", "min_lead", "start_at"), func(tc *ruleCase) { tc.res = minLead }),
		with(ok("managers are exempt from the lead time", 0, "08:30", "09:30"), func(tc *ruleCase) {
			tc.res, tc.role = minLead, models.RoleManager
		}),
		ok("starting now", 0, "08:00", "09:00"),
		with(rule("starting in the past", 0, "08:00", "09:00", "min_lead", "start_at"), func(tc *ruleCase) {
			tc.role = models.RoleManager
			tc.setup = func(f *bookingFixture, _ models.Resource, _ core.Actor) { f.Clock.Set(f.local(0, "08:01")) }
		}),
		with(ok("exactly at the advance window", 14, "08:00", "09:00"), func(tc *ruleCase) {
			tc.setup = func(f *bookingFixture, _ models.Resource, _ core.Actor) { f.Clock.Set(f.local(0, "08:00")) }
		}),
		rule("one slot past the advance window", 14, "08:30", "09:30", "max_advance", "start_at"),
		with(ok("managers are exempt from the advance window", 21, "10:00", "11:00"), func(tc *ruleCase) { tc.role = models.RoleAdmin }),
		with(ok("several seats of a pool", 1, "10:00", "11:00"), func(tc *ruleCase) {
			tc.res = func(r *models.Resource) { r.Capacity = 5 }
			tc.in = func(in *booking.Reservation) { in.Seats = 5 }
		}),
		with(ok("seats default to one", 1, "10:00", "11:00"), func(tc *ruleCase) { tc.in = func(in *booking.Reservation) { in.Seats = 0 } }),
		with(rule("more seats than the capacity", 1, "10:00", "11:00", "seats", "seats"), func(tc *ruleCase) {
			tc.in = func(in *booking.Reservation) { in.Seats = 2 }
		}),
		with(rule("negative seats", 1, "10:00", "11:00", "seats", "seats"), func(tc *ruleCase) { tc.in = func(in *booking.Reservation) { in.Seats = -1 } }),
		with(rule("under maintenance", 1, "10:00", "11:00", "resource_unavailable", "resource_id"), func(tc *ruleCase) {
			tc.res = func(r *models.Resource) { r.Status = models.ResourceMaintenance }
		}),
		with(rule("no purpose", 1, "10:00", "11:00", "purpose", "purpose"), func(tc *ruleCase) { tc.in = func(in *booking.Reservation) { in.Purpose = "  " } }),
		with(ok("purpose of 500 characters", 1, "10:00", "11:00"), func(tc *ruleCase) {
			tc.in = func(in *booking.Reservation) { in.Purpose = strings.Repeat("研", 500) }
		}),
		with(rule("purpose of 501 characters", 1, "10:00", "11:00", "purpose", "purpose"), func(tc *ruleCase) {
			tc.in = func(in *booking.Reservation) { in.Purpose = strings.Repeat("研", 501) }
		}),
		with(rule("unknown purpose category", 1, "10:00", "11:00", "purpose_category", "purpose_category"), func(tc *ruleCase) {
			tc.in = func(in *booking.Reservation) { in.PurposeCategory = "leisure" }
		}),
		with(ok("every purpose category", 1, "10:00", "11:00"), func(tc *ruleCase) {
			tc.in = func(in *booking.Reservation) { in.PurposeCategory = "social_service" }
		}),
		with(ok("approval required gives pending", 1, "10:00", "11:00"), func(tc *ruleCase) {
			tc.res = func(r *models.Resource) { r.RequiresApproval = true }
			tc.wantStatus = models.BookingPending
		}),
		with(ruleCase{name: "qualification missing", day: 1, start: "10:00", end: "11:00", wantCode: "qualification_required", wantRule: "qualification"},
			func(tc *ruleCase) { tc.res = needsQualification(f) }),
		with(ok("qualification held", 1, "10:00", "11:00"), func(tc *ruleCase) {
			tc.res, tc.setup = needsQualification(f), qualified(f.local(30, "00:00"))
		}),
		with(ruleCase{name: "qualification expired", day: 1, start: "10:00", end: "11:00", wantCode: "qualification_required", wantRule: "qualification"},
			func(tc *ruleCase) { tc.res, tc.setup = needsQualification(f), qualified(f.local(0, "07:00")) }),
		with(ruleCase{name: "suspended", day: 1, start: "10:00", end: "11:00", wantCode: "booking_suspended", wantRule: "credit"}, func(tc *ruleCase) {
			tc.setup = func(f *bookingFixture, _ models.Resource, ac core.Actor) {
				until := f.local(5, "00:00")
				f.Must(f.DB.SetBookingSuspension(f.Ctx, ac.UserID, &until))
			}
		}),
		with(ok("suspension over", 1, "10:00", "11:00"), func(tc *ruleCase) {
			tc.setup = func(f *bookingFixture, _ models.Resource, ac core.Actor) {
				until := f.local(0, "08:00")
				f.Must(f.DB.SetBookingSuspension(f.Ctx, ac.UserID, &until))
			}
		}),
		with(ok("quota reached exactly", 1, "10:00", "11:00"), func(tc *ruleCase) {
			tc.res = quota
			tc.setup = func(f *bookingFixture, res models.Resource, ac core.Actor) {
				f.Book(ac, f.input(res, 0, "10:00", "11:00"))
			}
		}),
		with(rule("quota passed by one slot", 1, "10:00", "11:30", "weekly_quota", "end_at"), func(tc *ruleCase) {
			tc.res = quota
			tc.setup = func(f *bookingFixture, res models.Resource, ac core.Actor) {
				f.Book(ac, f.input(res, 0, "10:00", "11:00"))
			}
		}),
		with(ok("quota counts the local week only", 7, "10:00", "11:30"), func(tc *ruleCase) {
			tc.res = quota
			tc.setup = func(f *bookingFixture, res models.Resource, ac core.Actor) {
				f.Book(ac, f.input(res, 5, "10:00", "11:00"))
			}
		}),
		with(ok("quota ignores other users", 1, "10:00", "12:00"), func(tc *ruleCase) {
			tc.res = quota
			tc.setup = func(f *bookingFixture, res models.Resource, _ core.Actor) {
				f.Book(f.user(models.RoleStudent), f.input(res, 0, "10:00", "12:00"))
			}
		}),
	})
}

// TestBookingRulesTimeZones proves the rules read the facility's own time zone.
func TestBookingRulesTimeZones(t *testing.T) {
	t.Parallel()
	for _, tz := range []string{"Asia/Urumqi", "UTC"} {
		t.Run(tz, func(t *testing.T) {
			f := newBookingFixture(t, tz)
			shanghai, _ := time.LoadLocation("Asia/Shanghai")
			atShanghai := func(tc ruleCase, day int, hhmm string) ruleCase {
				return with(tc, func(tc *ruleCase) {
					tc.in = func(in *booking.Reservation) {
						l := f.local(day, hhmm)
						in.StartAt = time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), 0, 0, shanghai)
						in.EndAt = in.StartAt.Add(time.Hour)
					}
				})
			}
			runRuleCases(t, f, []ruleCase{
				ok("08:00 local opens", 1, "08:00", "09:00"),
				rule("07:30 local is before opening", 1, "07:30", "08:30", "opening_hours", "start_at"),
				ok("21:00 local is before closing", 1, "21:00", "22:00"),
				// 08:00 in Shanghai is before 08:00 in any zone west of it.
				atShanghai(rule("08:00 Shanghai time is not 08:00 here", 1, "08:00", "09:00", "opening_hours", "start_at"), 1, "08:00"),
			})
		})
	}
}
