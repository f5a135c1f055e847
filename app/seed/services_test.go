package seed_test

import (
	"slices"
	"testing"
	"time"

	"cqshare/app/apptest"
	"cqshare/app/calendar"
	"cqshare/models"
)

// seedMoves is the transition table of app/services (contract): each action's states from and
// to; submit comes from nothing.
var seedMoves = map[string]struct {
	from []models.ServiceRequestStatus
	to   models.ServiceRequestStatus
}{
	"submit":           {[]models.ServiceRequestStatus{""}, models.RequestSubmitted},
	"quote":            {[]models.ServiceRequestStatus{models.RequestSubmitted, models.RequestQuoted}, models.RequestQuoted},
	"reject":           {[]models.ServiceRequestStatus{models.RequestSubmitted, models.RequestQuoted}, models.RequestRejected},
	"accept":           {[]models.ServiceRequestStatus{models.RequestQuoted}, models.RequestAccepted},
	"decline":          {[]models.ServiceRequestStatus{models.RequestQuoted}, models.RequestDeclined},
	"cancel":           {[]models.ServiceRequestStatus{models.RequestSubmitted, models.RequestQuoted, models.RequestAccepted}, models.RequestCancelled},
	"start":            {[]models.ServiceRequestStatus{models.RequestAccepted}, models.RequestInProgress},
	"deliver":          {[]models.ServiceRequestStatus{models.RequestInProgress}, models.RequestDelivered},
	"request_revision": {[]models.ServiceRequestStatus{models.RequestDelivered}, models.RequestInProgress},
	"confirm":          {[]models.ServiceRequestStatus{models.RequestDelivered}, models.RequestClosed},
	"auto_close":       {[]models.ServiceRequestStatus{models.RequestDelivered}, models.RequestClosed},
}

// TestSeedServices: every tech platform publishes offerings of every price basis with their
// equipment; the SMEs are verified; requests exist in every state, their service-level stamps
// are what the working-time arithmetic gives from their stored times, their events follow the
// transition table to their status; threads, ratings and the equipment time booked for them
// are consistent, and that time overbooks nothing.
func TestSeedServices(t *testing.T) {
	t.Parallel()
	d := apptest.NewDemo(t)
	checkSeedServices(t, d.Fixture, d.Platform)
}

// TestSeedServicesAnyTime seeds at awkward moments of the platforms' week (a Sunday night, a
// Monday before opening) and checks the same.
func TestSeedServicesAnyTime(t *testing.T) {
	t.Parallel()
	for _, at := range []string{"2026-03-08T23:30:00+08:00", "2026-06-01T07:00:00+08:00"} {
		t.Run(at, func(t *testing.T) {
			t.Parallel()
			now, err := time.Parse(time.RFC3339, at)
			if err != nil {
				t.Fatal(err)
			}
			f := apptest.NewFixture(t, now.UTC())
			if err := f.App.SeedDemo(f.Ctx); err != nil {
				t.Fatalf("SeedDemo: %v", err)
			}
			var platform models.Facility
			f.Must(f.DB.R(f.Ctx).Where("kind = ?", models.KindTechPlatform).Order("id").First(&platform).Error)
			checkSeedServices(t, f, platform.ID)
		})
	}
}

// checkSeedServices checks the seeded services of the fixture's database; platform is the demo
// manager's tech platform.
func checkSeedServices(t *testing.T, d *apptest.Fixture, platform int64) {
	now := d.Clock.Now()
	find := func(t *testing.T, dest any, order, where string, args ...any) {
		t.Helper()
		if err := d.DB.R(d.Ctx).Where(where, args...).Order(order).Find(dest).Error; err != nil {
			t.Fatal(err)
		}
	}
	all := func(t *testing.T, dest any, where string, args ...any) {
		t.Helper()
		find(t, dest, "id", where, args...)
	}

	var platforms []models.Facility
	all(t, &platforms, "kind = ?", models.KindTechPlatform)
	cals := map[int64]calendar.Calendar{}
	for _, fac := range platforms {
		blackouts, err := d.DB.BlackoutsOverlapping(d.Ctx, fac.ID, time.Unix(0, 0), now.AddDate(5, 0, 0))
		d.Must(err)
		cals[fac.ID] = calendar.ForFacility(d.App.Catalog.Location(fac), fac, 0, blackouts)
	}

	var resourceRows []models.Resource
	all(t, &resourceRows, "1 = 1")
	resources := map[int64]models.Resource{}
	for _, r := range resourceRows {
		resources[r.ID] = r
	}
	var offerings []models.ServiceOffering
	all(t, &offerings, "1 = 1")
	offering := map[int64]models.ServiceOffering{}
	t.Run("offerings at every tech platform", func(t *testing.T) {
		bases := map[models.PriceBasis]int{}
		for _, fac := range platforms {
			n := 0
			for _, o := range offerings {
				if o.FacilityID == fac.ID && o.Active {
					n++
				}
			}
			if n < 3 || n > 5 {
				t.Errorf("%s: got %d offerings, want 3 to 5", fac.Name, n)
			}
		}
		withEquipment := 0
		for _, o := range offerings {
			offering[o.ID] = o
			bases[o.PriceBasis]++
			if _, ok := cals[o.FacilityID]; !ok {
				t.Errorf("%s: at facility %d, not a tech platform", o.Name, o.FacilityID)
			}
			if o.NameEn == "" || o.Description == "" || o.Requirements == "" || o.ClusterID == nil || o.TurnaroundDays <= 0 || o.FirstResponseHours <= 0 ||
				(o.PriceBasis == models.PriceByQuote) != (o.PriceFen == 0) {
				t.Errorf("%s: got %+v, want every field filled, a price unless by quote", o.Name, o)
			}
			var links []models.ServiceOfferingResource
			find(t, &links, "resource_id", "offering_id = ?", o.ID)
			for _, l := range links {
				if r := resources[l.ResourceID]; r.FacilityID != o.FacilityID {
					t.Errorf("%s uses %s of facility %d", o.Name, r.Name, r.FacilityID)
				}
			}
			if len(links) > 0 {
				withEquipment++
			}
		}
		for _, b := range models.PriceBases {
			if bases[b] == 0 {
				t.Errorf("got no offering priced %s", b)
			}
		}
		if withEquipment < len(offerings)*3/4 {
			t.Errorf("got %d of %d offerings with equipment, want most", withEquipment, len(offerings))
		}
	})

	t.Run("the SMEs are verified", func(t *testing.T) {
		var orgs []models.Organization
		all(t, &orgs, "is_sme = ?", true)
		for _, o := range orgs {
			if o.VerifiedAt == nil || o.VerifiedBy == nil {
				t.Errorf("%s: got verified %v by %v, want verified", o.Name, o.VerifiedAt, o.VerifiedBy)
			}
		}
	})

	var requests []models.ServiceRequest
	all(t, &requests, "1 = 1")
	t.Run("requests in every state", func(t *testing.T) {
		statuses := map[models.ServiceRequestStatus]int{}
		free, responseOverdue, dueOverdue := 0, 0, 0
		for _, r := range requests {
			statuses[r.Status]++
			if r.OfferingID == nil {
				free++
			}
			if r.Status == models.RequestSubmitted && r.FirstResponseAt == nil && r.ResponseDueAt.Before(now) {
				responseOverdue++
			}
			if r.Status == models.RequestInProgress && r.DueAt.Before(now) {
				dueOverdue++
			}
		}
		for _, st := range models.ServiceRequestStatuses {
			if statuses[st] == 0 {
				t.Errorf("got no %s request", st)
			}
		}
		if statuses[models.RequestClosed] < len(requests)/2 || free < 2 || responseOverdue == 0 || dueOverdue == 0 || len(requests) < 60 {
			t.Errorf("got %d requests by status %v, %d free-form, %d past the response target, %d past the due date",
				len(requests), statuses, free, responseOverdue, dueOverdue)
		}
		sme, err := d.DB.UserByEmail(d.Ctx, "sme@demo.local")
		if err != nil {
			t.Fatal(err)
		}
		mine := map[models.ServiceRequestStatus]bool{}
		for _, r := range requests {
			if r.RequesterID == sme.ID && r.FacilityID == platform {
				mine[r.Status] = true
			}
		}
		if len(mine) != len(models.ServiceRequestStatuses) {
			t.Errorf("got the demo SME's requests at the demo platform in %v, want every state", mine)
		}
	})

	t.Run("service levels follow from the stored times", func(t *testing.T) {
		for _, r := range requests {
			cal := cals[r.FacilityID]
			hours := 16
			if r.OfferingID != nil {
				hours = offering[*r.OfferingID].FirstResponseHours
			}
			if want := cal.AddWorking(r.SubmittedAt, hours*60); r.ResponseDueAt == nil || !r.ResponseDueAt.Equal(want) {
				t.Errorf("request %d: got response due %v, want %v", r.ID, r.ResponseDueAt, want)
			}
			var quotes []models.ServiceQuote
			var messages []models.ServiceMessage
			all(t, &quotes, "request_id = ?", r.ID)
			all(t, &messages, "request_id = ? AND from_platform = ?", r.ID, true)
			var first *time.Time
			for _, at := range append(pluck(quotes, func(q models.ServiceQuote) time.Time { return q.CreatedAt }),
				pluck(messages, func(m models.ServiceMessage) time.Time { return m.CreatedAt })...) {
				if first == nil || at.Before(*first) {
					first = &at
				}
			}
			switch {
			case first == nil && (r.FirstResponseAt != nil || r.FirstResponseMinutes != nil):
				t.Errorf("request %d: got a first response at %v with no quote or message", r.ID, r.FirstResponseAt)
			case first != nil && (r.FirstResponseAt == nil || !r.FirstResponseAt.Equal(*first) ||
				r.FirstResponseMinutes == nil || *r.FirstResponseMinutes != cal.WorkingBetween(r.SubmittedAt, *first)):
				t.Errorf("request %d: got first response %v after %v minutes, want %v after %d", r.ID, r.FirstResponseAt,
					r.FirstResponseMinutes, first, cal.WorkingBetween(r.SubmittedAt, *first))
			}
			if len(quotes) > 0 && (r.QuotedAt == nil || !r.QuotedAt.Equal(quotes[0].CreatedAt)) {
				t.Errorf("request %d: got quoted at %v, want the first quote's %v", r.ID, r.QuotedAt, quotes[0].CreatedAt)
			}
			if r.DeliveredAt != nil {
				if want := cal.WorkingBetween(*r.AcceptedAt, *r.DeliveredAt); r.TurnaroundMinutes == nil || *r.TurnaroundMinutes != want {
					t.Errorf("request %d: got turnaround %v, want %d", r.ID, r.TurnaroundMinutes, want)
				}
			}
			checkQuotes(t, cal, now, r, quotes)
			for _, at := range []*time.Time{&r.SubmittedAt, r.FirstResponseAt, r.AcceptedAt, r.StartedAt, r.DeliveredAt, r.ClosedAt} {
				if at != nil && !at.Before(now) {
					t.Errorf("request %d: got a time %v not in the past", r.ID, at)
				}
			}
		}
	})

	t.Run("events follow the transition table", func(t *testing.T) {
		for _, r := range requests {
			var events []models.ServiceRequestEvent
			all(t, &events, "request_id = ?", r.ID)
			state := models.ServiceRequestStatus("")
			var last time.Time
			for _, e := range events {
				move, ok := seedMoves[e.Action]
				if !ok || !slices.Contains(move.from, e.FromStatus) || move.to != e.ToStatus || e.FromStatus != state ||
					e.CreatedAt.Before(last) || (e.ActorID == nil) != (e.Action == "auto_close") {
					t.Errorf("request %d: got event %s %s→%s by %v at %v after state %s at %v", r.ID, e.Action, e.FromStatus,
						e.ToStatus, e.ActorID, e.CreatedAt, state, last)
				}
				state, last = e.ToStatus, e.CreatedAt
			}
			if state != r.Status || len(events) == 0 || !events[0].CreatedAt.Equal(r.SubmittedAt) {
				t.Errorf("request %d: got events ending in %q, want its status %s", r.ID, state, r.Status)
			}
			if r.AutoClosed != (events[len(events)-1].Action == "auto_close") {
				t.Errorf("request %d: got auto_closed %v, last event %s", r.ID, r.AutoClosed, events[len(events)-1].Action)
			}
		}
	})

	t.Run("threads and ratings", func(t *testing.T) {
		var messages []models.ServiceMessage
		var reads []models.ServiceMessageRead
		var ratings []models.ServiceRating
		all(t, &messages, "1 = 1")
		find(t, &reads, "request_id, user_id", "1 = 1")
		find(t, &ratings, "request_id", "1 = 1")
		byID := map[int64]models.ServiceMessage{}
		sides := map[bool]int{}
		for _, m := range messages {
			byID[m.ID] = m
			sides[m.FromPlatform]++
		}
		if sides[true] == 0 || sides[false] == 0 {
			t.Errorf("got messages by side %v, want both", sides)
		}
		unread := 0
		for _, rd := range reads {
			if m, ok := byID[rd.LastReadID]; !ok || m.RequestID != rd.RequestID {
				t.Errorf("read of request %d by %d: got last read %d, not a message of the request", rd.RequestID, rd.UserID, rd.LastReadID)
			}
			for _, m := range messages {
				if m.RequestID == rd.RequestID && m.ID > rd.LastReadID && m.AuthorID != rd.UserID {
					unread++
					break
				}
			}
		}
		status := map[int64]models.ServiceRequestStatus{}
		closed := 0
		for _, r := range requests {
			status[r.ID] = r.Status
			if r.Status == models.RequestClosed {
				closed++
			}
		}
		var lowReplied, lowWaiting int
		for _, rt := range ratings {
			if st := status[rt.RequestID]; st != models.RequestClosed && st != models.RequestDelivered {
				t.Errorf("request %d: got a rating while %s", rt.RequestID, st)
			}
			if rt.Score <= 2 {
				want := cals[requestFacility(requests, rt.RequestID)].AddWorkingDays(rt.CreatedAt, 5)
				if rt.Comment == "" || rt.ReplyDueAt == nil || !rt.ReplyDueAt.Equal(want) {
					t.Errorf("request %d: got a low rating %+v, want a comment and a reply due %v", rt.RequestID, rt, want)
				}
				switch {
				case rt.RepliedAt != nil && rt.Reply != "" && rt.RepliedAt.Before(*rt.ReplyDueAt):
					lowReplied++
				case rt.RepliedAt == nil && rt.ReplyDueAt.After(now):
					lowWaiting++
				}
			}
		}
		if len(ratings) < closed/2 || lowReplied == 0 || lowWaiting == 0 || unread == 0 {
			t.Errorf("got %d ratings of %d closed requests, %d low replied, %d low awaiting a reply, %d unread threads",
				len(ratings), closed, lowReplied, lowWaiting, unread)
		}
	})

	t.Run("equipment time of requests", func(t *testing.T) {
		var linked []models.Booking
		all(t, &linked, "service_request_id IS NOT NULL")
		req := map[int64]models.ServiceRequest{}
		for _, r := range requests {
			req[r.ID] = r
		}
		past, ahead := 0, 0
		for _, b := range linked {
			r := req[*b.ServiceRequestID]
			res := resources[b.ResourceID]
			if !b.FacilityTime || res.FacilityID != r.FacilityID || r.AcceptedAt == nil {
				t.Errorf("booking %d: got facility time %v on facility %d for request %d (%s) at %d", b.ID, b.FacilityTime, res.FacilityID, r.ID, r.Status, r.FacilityID)
			}
			if b.EndAt.Before(now) {
				past++
				end := now
				if r.DeliveredAt != nil {
					end = *r.DeliveredAt
				}
				if b.Status != models.BookingCompleted || b.StartAt.Before(*r.StartedAt) || b.EndAt.After(end) {
					t.Errorf("booking %d: got %s %v–%v for work from %v to %v", b.ID, b.Status, b.StartAt, b.EndAt, r.StartedAt, end)
				}
			} else {
				ahead++
				var claims []models.BookingClaim
				find(t, &claims, "slot_start", "booking_id = ?", b.ID)
				if n := len(claims); b.Status != models.BookingConfirmed || n == 0 {
					t.Errorf("booking %d: got %s with %d claims, want confirmed and claimed", b.ID, b.Status, n)
				}
			}
			var others []models.Booking
			all(t, &others, "resource_id = ? AND id <> ? AND status IN ? AND start_at < ? AND end_at > ?", b.ResourceID, b.ID,
				[]models.BookingStatus{models.BookingCompleted, models.BookingNoShow, models.BookingPending, models.BookingConfirmed,
					models.BookingCheckedIn, models.BookingHeld}, b.EndAt, b.StartAt)
			seats := b.Seats
			for _, o := range others {
				seats += o.Seats
			}
			if seats > res.Capacity {
				t.Errorf("booking %d on %s: got %d seats in use at once, capacity %d", b.ID, res.Name, seats, res.Capacity)
			}
		}
		if past < 20 || ahead == 0 {
			t.Errorf("got %d past and %d upcoming bookings for requests, want a history and some ahead", past, ahead)
		}
		d.AssertNoOverbooking()
	})
}

// checkQuotes checks a request's quotes against its status: one in force, superseded ones
// before it, the due date stamped at acceptance.
func checkQuotes(t *testing.T, cal calendar.Calendar, now time.Time, r models.ServiceRequest, quotes []models.ServiceQuote) {
	t.Helper()
	want := map[models.ServiceRequestStatus]models.QuoteStatus{models.RequestQuoted: models.QuoteOffered, models.RequestDeclined: models.QuoteDeclined,
		models.RequestAccepted: models.QuoteAccepted, models.RequestInProgress: models.QuoteAccepted, models.RequestDelivered: models.QuoteAccepted,
		models.RequestClosed: models.QuoteAccepted}
	ws, quoted := want[r.Status]
	if !quoted {
		if r.QuoteID != nil || len(quotes) > 0 {
			t.Errorf("request %d (%s): got quote %v, want none", r.ID, r.Status, r.QuoteID)
		}
		return
	}
	last := quotes[len(quotes)-1]
	if r.QuoteID == nil || *r.QuoteID != last.ID || last.Status != ws || last.AmountFen <= 0 {
		t.Errorf("request %d (%s): got quote in force %v, last %+v, want the last one %s", r.ID, r.Status, r.QuoteID, last, ws)
	}
	for _, q := range quotes[:len(quotes)-1] {
		if q.Status != models.QuoteSuperseded {
			t.Errorf("request %d: got an earlier quote %s, want superseded", r.ID, q.Status)
		}
	}
	if r.Status == models.RequestQuoted && !last.ValidUntil.After(now) {
		t.Errorf("request %d: got the quote awaiting the SME valid until %v, want ahead", r.ID, last.ValidUntil)
	}
	if r.AcceptedAt != nil {
		due, err := cal.EndOfDay(last.DueDate)
		if err != nil || r.DueAt == nil || !r.DueAt.Equal(due) || r.AcceptedAt.After(last.ValidUntil) {
			t.Errorf("request %d: got due %v, want the end of %s (%v); accepted %v, valid until %v", r.ID, r.DueAt, last.DueDate, due, r.AcceptedAt, last.ValidUntil)
		}
	}
}

func pluck[T any](rows []T, at func(T) time.Time) []time.Time {
	var out []time.Time
	for _, r := range rows {
		out = append(out, at(r))
	}
	return out
}

func requestFacility(requests []models.ServiceRequest, id int64) int64 {
	for _, r := range requests {
		if r.ID == id {
			return r.FacilityID
		}
	}
	return 0
}
