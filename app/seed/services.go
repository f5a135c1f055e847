package seed

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"cqshare/app/calendar"
	"cqshare/models"
)

// seedServiceDays is how far back the history of service requests goes.
const seedServiceDays = 120

// seedPlan is one demo service request: the state it has reached, how many days ago it was
// submitted, and what happened on the way.
type seedPlan struct {
	status models.ServiceRequestStatus
	day    int
	free   bool // a free-form request, outside the catalogue
	ask    bool // the platform first asks for details in the thread, then quotes
	// revised: a second quote supersedes the first; revision: the SME asks for a revision once
	// before confirming; autoClose: nobody confirms, the job closes it after 14 days.
	revised, revision, autoClose bool
	// late: the first response and the delivery come after their targets; overdue: a submitted
	// request past its response target, or one in progress past its due date, still open.
	late, overdue bool
	// score: the rating (0: drawn, -1: none); reply: the platform has answered a low one.
	score int
	reply bool
}

// seedPlans are the requests of every tech platform, oldest first: most closed, some rejected,
// declined and cancelled, and one in every open state.
var seedPlans = []seedPlan{
	{status: models.RequestClosed, day: 118},
	{status: models.RequestClosed, day: 110, ask: true},
	{status: models.RequestRejected, day: 103},
	{status: models.RequestClosed, day: 96, revision: true},
	{status: models.RequestDeclined, day: 89},
	{status: models.RequestClosed, day: 82, free: true},
	{status: models.RequestClosed, day: 75},
	{status: models.RequestCancelled, day: 69},
	{status: models.RequestClosed, day: 62, revised: true},
	{status: models.RequestClosed, day: 55, late: true},
	{status: models.RequestClosed, day: 48, score: -1},
	{status: models.RequestClosed, day: 41, ask: true},
	{status: models.RequestClosed, day: 34, autoClose: true, score: -1},
	{status: models.RequestClosed, day: 27},
	{status: models.RequestClosed, day: 20},
	{status: models.RequestDelivered, day: 10},
	{status: models.RequestInProgress, day: 13},
	{status: models.RequestAccepted, day: 6},
	{status: models.RequestQuoted, day: 4, ask: true},
	{status: models.RequestSubmitted, day: 1},
}

// seedDemoPlans are the extra requests of the demo manager's platform, so the manager's queue
// shows every flag: a request past its response target, a free-form one answered in the thread
// only, a revised quote awaiting the SME, and a low rating awaiting its reply.
var seedDemoPlans = []seedPlan{
	{status: models.RequestSubmitted, day: 7, overdue: true},
	{status: models.RequestSubmitted, day: 2, free: true, ask: true},
	{status: models.RequestQuoted, day: 3, revised: true},
	{status: models.RequestClosed, day: 6, score: 2},
}

// services seeds the technical services of the tech platforms (issue 9): it marks the SMEs
// verified, publishes 4–5 offerings at every platform with the equipment they use, and writes
// about 120 days of requests by the SMEs' members in every state, with their quotes, events,
// threads, ratings and the equipment time booked for them. The first platform's plan, the demo
// manager's, carries the overdue flags and the low ratings (one answered, one awaiting its
// answer). Deterministic: a seeded generator drives every choice, times follow the seed's clock.
func (s *seeder) services(ctx context.Context) error {
	rng := rand.New(rand.NewPCG(2026, 9))
	if err := s.verifySMEs(ctx); err != nil {
		return err
	}
	smes, err := s.smeMembers(ctx)
	if err != nil {
		return err
	}
	p := 0
	for _, fac := range s.facilities {
		if fac.Kind != models.KindTechPlatform {
			continue
		}
		flow, err := s.serviceFlow(ctx, rng, fac)
		if err != nil {
			return err
		}
		offerings, err := flow.offerings(ctx, seedPlatformServices[p].offerings)
		if err != nil {
			return fmt.Errorf("%s: offerings: %w", fac.Name, err)
		}
		plans := seedPlans
		if p == 0 {
			// At the demo manager's platform an old closed request has a low rating answered,
			// and the request under way is past its due date.
			plans = append(slices.Clone(seedPlans), seedDemoPlans...)
			plans[6].score, plans[6].reply = 2, true
			plans[16].overdue = true
		}
		free := 0
		for i, plan := range plans {
			var req seedAsk
			if plan.free {
				ff := seedPlatformServices[p].freeForm
				req = seedAsk{title: ff[free%len(ff)][0], text: ff[free%len(ff)][1]}
				free++
			} else {
				o := offerings[(i+p)%len(offerings)]
				req = seedAsk{offering: &o, title: o.title, text: o.ask}
			}
			if err := flow.request(ctx, plan, req, s.requester(smes, p, i, plan.status)); err != nil {
				return fmt.Errorf("%s: request %d: %w", fac.Name, i, err)
			}
		}
		p++
	}
	return nil
}

// verifySMEs marks every SME verified by the demo administrator, before the history begins.
func (s *seeder) verifySMEs(ctx context.Context) error {
	at := s.now.AddDate(0, 0, -seedServiceDays-30).Truncate(time.Minute)
	admin := s.users["admin@demo.local"]
	for _, o := range seedOrgs {
		if !o.sme {
			continue
		}
		if err := s.DB.UpdateByID(ctx, &models.Organization{}, s.orgs[o.key], map[string]any{"verified_at": at, "verified_by": admin}); err != nil {
			return err
		}
	}
	return nil
}

// smeMembers are the SME accounts, the demo one first, then the others in a fixed order.
func (s *seeder) smeMembers(ctx context.Context) ([]models.User, error) {
	emails := []string{"sme@demo.local"}
	for _, email := range slices.Sorted(maps.Keys(s.users)) {
		if strings.HasPrefix(email, "sme0") || strings.HasPrefix(email, "sme1") {
			emails = append(emails, email)
		}
	}
	var out []models.User
	for _, email := range emails {
		u, err := s.DB.UserByID(ctx, s.users[email])
		if err != nil {
			return nil, err
		}
		if u.OrganizationID != nil {
			out = append(out, u)
		}
	}
	return out, nil
}

// requester is who asks for the i-th request at the p-th platform: the demo SME user for all
// but some closed requests at the demo manager's platform and some elsewhere, so both demo
// accounts see every state, the other SME members otherwise.
func (s *seeder) requester(smes []models.User, p, i int, status models.ServiceRequestStatus) models.User {
	if (p == 0 && (i%3 != 2 || status != models.RequestClosed)) || (p > 0 && (i+p)%4 == 0) {
		return smes[0]
	}
	return smes[1+(i*5+p*3)%(len(smes)-1)]
}

// seedAsk is what a request asks for: an offering, or nothing (free-form), in words.
type seedAsk struct {
	offering    *seedOffered
	title, text string
}

// seedOffered is a seeded offering with the platform's equipment it uses.
type seedOffered struct {
	models.ServiceOffering
	seedOffering
	resources []models.Resource
}

// serviceFlow prepares the writing of one platform's requests: its working calendar (the way
// service levels count time), each resource's calendar, and the manager who answers.
func (s *seeder) serviceFlow(ctx context.Context, rng *rand.Rand, fac models.Facility) (*seedFlow, error) {
	blackouts, err := s.DB.BlackoutsOverlapping(ctx, fac.ID, s.now.AddDate(0, 0, -seedServiceDays-30), s.now.AddDate(1, 1, 0))
	if err != nil {
		return nil, err
	}
	managers, err := s.DB.FacilityManagerIDs(ctx, fac.ID)
	if err != nil || len(managers) == 0 {
		return nil, fmt.Errorf("tech platform %s: no manager (%w)", fac.Name, err)
	}
	loc := s.catalog.Location(fac)
	f := &seedFlow{s: s, rng: rng, fac: fac, loc: loc, manager: managers[0],
		cal: calendar.ForFacility(loc, fac, 0, blackouts), resCals: map[int64]calendar.Calendar{},
		limit: s.now.Truncate(time.Minute).Add(-10 * time.Minute)}
	for _, r := range s.facilityResources(fac.ID) {
		f.resCals[r.ID] = calendar.ForFacility(loc, fac, r.ID, blackouts)
	}
	return f, nil
}

// offerings publishes a platform's offerings with the equipment they use.
func (f *seedFlow) offerings(ctx context.Context, list []seedOffering) ([]seedOffered, error) {
	s := f.s
	at := s.now.AddDate(0, 0, -seedServiceDays-20).Truncate(time.Minute)
	byName := map[string]models.Resource{}
	for _, r := range s.resources {
		if r.FacilityID == f.fac.ID {
			byName[r.NameEn] = r
		}
	}
	var out []seedOffered
	for _, so := range list {
		o := models.ServiceOffering{FacilityID: f.fac.ID, Name: so.name, NameEn: so.nameEn, Description: so.description,
			PriceBasis: so.basis, PriceFen: so.priceFen, TurnaroundDays: so.turnaround, Requirements: so.requirements,
			FirstResponseHours: so.responseHours, Active: true, CreatedAt: at, UpdatedAt: at}
		if id, ok := s.clusters[so.cluster]; ok {
			o.ClusterID = &id
		}
		if err := s.insert(ctx, &o); err != nil {
			return nil, err
		}
		off := seedOffered{ServiceOffering: o, seedOffering: so}
		var links []models.ServiceOfferingResource
		for _, name := range so.resources {
			r, ok := byName[name]
			if !ok {
				return nil, fmt.Errorf("offering %s: no resource %q at %s", so.name, name, f.fac.Name)
			}
			links = append(links, models.ServiceOfferingResource{OfferingID: o.ID, ResourceID: r.ID})
			if r.Status == models.ResourceAvailable {
				off.resources = append(off.resources, r)
			}
		}
		if len(links) > 0 {
			if err := s.insert(ctx, &links); err != nil {
				return nil, err
			}
		}
		out = append(out, off)
	}
	return out, nil
}
