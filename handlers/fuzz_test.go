package handlers

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/routers/gorillamux"

	"cqshare/app"
	"cqshare/app/accounts"
	"cqshare/app/apptest"
	"cqshare/app/catalog"
	"cqshare/app/core"
	"cqshare/models"
)

// fuzzServer is one server over one database for all the inputs a fuzz target runs in a
// process (they run one after another); each input gives the server its own *testing.T.
type fuzzServer struct {
	*testServer
	fx             *apptest.Fixture
	admin, student string // Bearer tokens
	resource       models.Resource
	feed           string // the student's calendar feed, "TOKEN.ics"
	loc            *time.Location
}

func newFuzzServer(f *testing.F) *fuzzServer {
	f.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		f.Fatal(err)
	}
	clock := apptest.NewClock(time.Date(2026, 3, 2, 8, 0, 0, 0, loc))
	a := apptest.NewWithConfig(f, apptest.Config(f), app.WithClock(clock.Now))
	e, err := New(a, apptest.Logger(f))
	if err != nil {
		f.Fatal(err)
	}
	doc, _, err := OpenAPI()
	if err != nil {
		f.Fatal(err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		f.Fatal(err)
	}
	s := &fuzzServer{testServer: &testServer{app: a, echo: e, router: router}, loc: loc,
		fx: &apptest.Fixture{T: f, Ctx: context.Background(), App: a, DB: a.DB(), Clock: clock}}
	fac := s.fx.Facility("Asia/Shanghai")
	s.resource = s.fx.Resource(fac.ID, nil)
	admin, student := fuzzLogin(f, a, models.RoleAdmin), fuzzLogin(f, a, models.RoleStudent)
	s.admin, s.student = admin.Token, student.Token
	feedURL, err := a.Booking.RotateCalendarToken(context.Background(), student.Actor, "http://localhost")
	if err != nil {
		f.Fatal(err)
	}
	s.feed = feedURL[strings.LastIndex(feedURL, "/")+1:]
	return s
}

var fuzzUsers atomic.Int64

// fuzzLogin creates an account of the role and signs it in.
func fuzzLogin(f *testing.F, a *app.App, role string) accounts.Login {
	f.Helper()
	email := fmt.Sprintf("fuzz%d@test.local", fuzzUsers.Add(1))
	if _, err := a.Accounts.CreateUser(context.Background(), core.System, accounts.NewUser{
		Email: email, Password: "test-pass-2026", Name: "用户", Role: role}); err != nil {
		f.Fatal(err)
	}
	login, err := a.Accounts.LoginWithPassword(context.Background(), email, "test-pass-2026", "127.0.0.1", "fuzz")
	if err != nil {
		f.Fatal(err)
	}
	return login
}

// use makes t the test of the input being run.
func (s *fuzzServer) use(t *testing.T) { s.t, s.fx.T = t, t }

// count is the number of rows of a model.
func (s *fuzzServer) count(model any) int64 { return s.fx.Count(model, "1 = 1") }

// fuzzLists are the lists whose query a person types into: paging, filters, sort keys, search
// text, dates and ranges.
var fuzzLists = []string{"/api/v1/bookings", "/api/v1/resources", "/api/v1/organizations", "/api/v1/facilities",
	"/api/v1/consortia", "/api/v1/admin/users", "/api/v1/admin/audit-logs", "/api/v1/service-offerings",
	"/api/v1/courses", "/api/v1/course-sessions", "/api/v1/billing/charges", "/api/v1/billing/statements",
	"/api/v1/me/notifications", "/api/v1/reports/utilization", "/api/v1/reports/heatmap", "/api/v1/reports/resources",
	"/api/v1/reports/idle", "/api/v1/reports/annual", "/api/v1/league", "/api/v1/resources/%d/availability",
	"/api/v1/facilities/%d/schedule", "/api/v1/resources/%d/quote", "/api/v1/service-requests"}

// FuzzListQueries sends any query string to the lists: the answer is one the API document
// declares for the list, never a 5xx.
func FuzzListQueries(f *testing.F) {
	for _, q := range []string{"", "page=2&page_size=5", "page=0&page_size=-1", "page=100001", "page=99999999999999999999",
		"page_size=1000000", "q=%E6%95%B0%E6%8E%A7", "q=%00", "q=%FF%FE", "q=%25_%5C", "sort=-start_at", "sort=;DROP TABLE users",
		"from=2026-03-01T00:00:00%2B08:00&to=2026-03-08T00:00:00%2B08:00", "from=2026-03-08T00:00:00Z&to=2026-03-01T00:00:00Z",
		"from=2024-02-29&to=2024-02-29", "from=2023-02-29&to=2026-01-01", "from=0000-01-01&to=9999-12-31",
		"from=2026-03-08T02:30:00-05:00&to=2026-03-08T03:30:00-04:00", "from=2026-03-01T24:00:00Z",
		"scope=city&period=month&from=2026-01-01&to=2026-12-31", "scope=facility&id=-1&period=day&from=2026-01-01&to=2027-01-01",
		"scope=consortium&id=9223372036854775807&period=year&from=2026-01-01&to=2026-01-01", "status=confirmed&status=%E2%80%AE",
		"kind=enterprise&credit_code=91350100M000100Y43", "year=-1", "year=2026", "track=%00", "period=%ef%bc%91",
		"start_at=2026-03-03T09:00:00%2B08:00&end_at=2026-03-03T10:00:00%2B08:00", "page=%EF%BC%92", "a=1&a=2&a=3&page=1&page=2"} {
		f.Add(uint8(0), q)
		f.Add(uint8(13), q)
	}
	s := newFuzzServer(f)
	f.Fuzz(func(t *testing.T, list uint8, query string) {
		s.use(t)
		p := fuzzLists[int(list)%len(fuzzLists)]
		if strings.Contains(p, "%d") {
			p = fmt.Sprintf(p, s.resource.ID) // the resource's and its facility's ids are both 1 on a fresh database
		}
		if strings.ContainsAny(query, "# \x7f") || strings.IndexFunc(query, func(r rune) bool { return r < 0x20 }) >= 0 {
			query = url.PathEscape(query) // what a client sends on the wire
		}
		s.do(request{method: http.MethodGet, path: p + "?" + query, token: s.admin, invalid: true})
	})
}

// FuzzRegister registers with any e-mail, name, role, organization and credit code: a 201 stores
// the address in its canonical form and an SME's organization with a valid credit code; a refusal
// is a 4xx that stores nothing.
func FuzzRegister(f *testing.F) {
	f.Add("new@test.local", "新同学", "student", "", "")
	f.Add(" New@Test.Local ", "x", "", "", "")
	f.Add("ｎｅｗ＠ｔｅｓｔ.ｌｏｃａｌ", "全角", "student", "", "")
	f.Add("sme@test.local", "企业用户", "sme", "重庆某科技有限公司", "91500000MA5U8D4E0X")
	f.Add("sme2@test.local", "企业用户", "sme", "重庆某科技有限公司", "91350100M000100Y43")
	f.Add("sme3@test.local", "企业用户", "sme", "重庆某科技有限公司", "91350100M000100Y44")
	f.Add("sme4@test.local", "企业用户", "sme", "重庆某科技有限公司", "９1350100M000100Y43")
	f.Add("a\u200b@test.local", "x", "teacher", "", "")
	f.Add("аdmin@test.local", "x", "student", "", "")
	f.Add("a@b", "x", "admin", "", "")
	f.Add("a\x00@test.local", "\x00", "student", "", "")
	f.Add("a@test.local", "\xff\xfe", "student", "\u202e", "\xff")
	f.Add(strings.Repeat("a", 300)+"@test.local", strings.Repeat("名", 101), "sme", strings.Repeat("企", 201), strings.Repeat("9", 18))
	f.Add("", "", "", "", "")
	s := newFuzzServer(f)
	f.Fuzz(func(t *testing.T, email, name, role, orgName, creditCode string) {
		s.use(t)
		users, orgs := s.count(&models.User{}), s.count(&models.Organization{})
		res := s.do(request{method: http.MethodPost, path: "/api/v1/auth/register", invalid: true, body: map[string]string{
			"email": email, "password": "fuzz-pass-2026", "name": name, "role": role,
			"organization_name": orgName, "credit_code": creditCode}})
		switch {
		case res.Status == http.StatusOK || res.Status == http.StatusCreated:
			want, err := core.ParseEmail(email)
			if err != nil {
				t.Fatalf("registered %q, which ParseEmail refuses: %v", email, err)
			}
			if n := s.fx.Count(&models.User{}, "email = ?", want); n != 1 || s.count(&models.User{}) != users+1 {
				t.Fatalf("registered %q: %d users with %q, want 1 new", email, n, want)
			}
			if role == models.RoleSME { // a credit code registered before joins its organization
				var user models.User
				var org models.Organization
				s.fx.Must(s.fx.DB.R(context.Background()).Where("email = ?", want).First(&user).Error)
				if user.OrganizationID != nil {
					s.fx.Must(s.fx.DB.R(context.Background()).First(&org, *user.OrganizationID).Error)
				}
				newOrgs := s.count(&models.Organization{}) - orgs
				if user.OrganizationID == nil || org.CreditCode == nil || !catalog.ValidCreditCode(*org.CreditCode) ||
					newOrgs > 1 || newOrgs == 1 && s.fx.Count(&models.Organization{}, "id > ?", org.ID) != 0 {
					t.Fatalf("registered an SME with the credit code %q: %d new organizations, the user's %+v", creditCode, newOrgs, org)
				}
			}
		case res.Status >= 400 && res.Status < 500:
			if s.count(&models.User{}) != users || s.count(&models.Organization{}) != orgs {
				t.Fatalf("a refused registration (%d) stored rows: %s", res.Status, res.Body)
			}
		default:
			t.Fatalf("register answered %d: %s", res.Status, res.Body)
		}
	})
}

// FuzzCreateBooking books with any start, end and seats: a 201 stores one booking that starts
// before it ends at the times asked; a refusal is a 400, 409 or 422 that stores nothing.
func FuzzCreateBooking(f *testing.F) {
	for _, p := range [][2]string{
		{"2026-03-03T09:00:00+08:00", "2026-03-03T10:00:00+08:00"}, {"2026-03-03T10:00:00+08:00", "2026-03-03T09:00:00+08:00"},
		{"2026-03-03T09:00:00+08:00", "2026-03-03T09:00:00+08:00"}, {"2026-03-03T01:00:00Z", "2026-03-03T02:00:00Z"},
		{"2026-03-03T09:00:00", "2026-03-03T10:00:00"}, {"2026-03-03 09:00", "2026-03-03 10:00"}, {"2026-03-03T24:00:00+08:00", "2026-03-04T01:00:00+08:00"},
		{"2026-02-29T09:00:00+08:00", "2026-02-29T10:00:00+08:00"}, {"2028-02-29T09:00:00+08:00", "2028-02-29T10:00:00+08:00"},
		{"0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"}, {"1969-12-31T23:00:00Z", "1970-01-01T01:00:00Z"},
		{"2026-03-03T09:00:00+99:00", "2026-03-03T10:00:00-99:00"}, {"２０２６-03-03T09:00:00+08:00", "2026-03-03T10:00:00+08:00"},
		{"2026-03-03T09:00:00.999999999+08:00", "2026-03-03T10:00:00.000000001+08:00"}, {"\x00", "\xff"}, {"", ""},
		{"2026-03-08T02:30:00-05:00", "2026-03-08T03:30:00-04:00"}, {"2026-03-03T09:00:00\u200f+08:00", "2026-03-03T10:00:00+08:00"},
	} {
		f.Add(p[0], p[1], int64(0))
	}
	f.Add("2026-03-03T09:00:00+08:00", "2026-03-03T10:00:00+08:00", int64(-1))
	f.Add("2026-03-03T09:00:00+08:00", "2026-03-03T10:00:00+08:00", int64(1)<<40)
	s := newFuzzServer(f)
	f.Fuzz(func(t *testing.T, start, end string, seats int64) {
		s.use(t)
		before := s.count(&models.Booking{})
		res := s.do(request{method: http.MethodPost, path: "/api/v1/bookings", token: s.student, invalid: true, body: map[string]any{
			"resource_id": s.resource.ID, "start_at": start, "end_at": end, "seats": seats,
			"purpose": "数控加工实训", "purpose_category": "training"}})
		switch res.Status {
		case http.StatusCreated:
			var b bookingResponse
			res.JSON(t, &b)
			s0, err0 := time.Parse(time.RFC3339, start)
			e0, err1 := time.Parse(time.RFC3339, end)
			if err0 != nil || err1 != nil || !b.StartAt.Equal(s0) || !b.EndAt.Equal(e0) || !b.StartAt.Before(b.EndAt) ||
				!core.ValidTime(b.StartAt) || !core.ValidTime(b.EndAt) || s.count(&models.Booking{}) != before+1 {
				t.Fatalf("booked %q–%q as %v–%v", start, end, b.StartAt, b.EndAt)
			}
			// Give the time back, so the next input finds the resource as free as this one did.
			s.fx.Must(s.fx.DB.W(context.Background()).Exec("DELETE FROM booking_claims").Error)
			s.fx.Must(s.fx.DB.W(context.Background()).Exec("DELETE FROM bookings").Error)
		case http.StatusBadRequest, http.StatusConflict, http.StatusUnprocessableEntity:
			if s.count(&models.Booking{}) != before {
				t.Fatalf("a refused booking (%d) stored a row: %s", res.Status, res.Body)
			}
		default:
			t.Fatalf("book %q–%q answered %d: %s", start, end, res.Status, res.Body)
		}
	})
}

// FuzzCalendarFeed asks for any calendar feed: only the token issued opens it (200); anything
// else is a 404, never a 5xx.
func FuzzCalendarFeed(f *testing.F) {
	for _, s := range []string{"", ".ics", "x.ics", "x", "../../etc/passwd.ics", "%00.ics", "\x00.ics", "\xff.ics",
		strings.Repeat("a", 10000) + ".ics", "' OR '1'='1.ics", "TOKEN.ics.ics", "ＴＯＫＥＮ.ics"} {
		f.Add(s)
	}
	s := newFuzzServer(f)
	f.Add(s.feed)
	f.Add(strings.ToUpper(s.feed))
	f.Add(s.feed[:len(s.feed)-5] + ".ics")
	f.Fuzz(func(t *testing.T, feed string) {
		s.use(t)
		res := s.do(request{method: http.MethodGet, path: "/api/v1/calendar/" + url.PathEscape(feed), invalid: true})
		if want := map[bool]int{true: http.StatusOK, false: http.StatusNotFound}[feed == s.feed]; res.Status != want {
			t.Fatalf("feed %q answered %d, want %d: %.200s", feed, res.Status, want, res.Body)
		}
	})
}

// FuzzSignInCode types any code: with no meeting under way every code is refused with a 4xx
// and no attendance is marked.
func FuzzSignInCode(f *testing.F) {
	for _, c := range []string{"123456", "000000", "12345", "1234567", "１２３４５６", "12345\x00", "\xff\xff\xff\xff\xff\xff",
		"-12345", "+12345", " 12345", "12 345", strings.Repeat("9", 21), ""} {
		f.Add(c, int64(0))
		f.Add(c, int64(1))
	}
	f.Add("123456", int64(-1))
	f.Add("123456", int64(1)<<62)
	s := newFuzzServer(f)
	f.Fuzz(func(t *testing.T, code string, sessionID int64) {
		s.use(t)
		res := s.do(request{method: http.MethodPost, path: "/api/v1/signin", token: s.student, invalid: true,
			body: map[string]any{"code": code, "session_id": sessionID}})
		if res.Status < 400 || res.Status >= 500 || s.count(&models.AttendanceMark{}) != 0 {
			t.Fatalf("sign in with %q answered %d: %s", code, res.Status, res.Body)
		}
	})
}

// FuzzVerifyCertificate checks any certificate code: with no certificate issued every code is
// a 404 (or a 422 for one too long to be a code), never a 5xx.
func FuzzVerifyCertificate(f *testing.F) {
	for _, c := range []string{"CQ-2026-0001", "cq 2026 oool", "", "%", "..", "\x00", "\xff", "ＣＱ-2026", strings.Repeat("A", 41),
		"' OR 1=1 --", "\u202eCQ"} {
		f.Add(c)
	}
	s := newFuzzServer(f)
	f.Fuzz(func(t *testing.T, code string) {
		s.use(t)
		res := s.do(request{method: http.MethodGet, path: "/api/v1/verify/" + url.PathEscape(code), invalid: true})
		if res.Status != http.StatusNotFound && res.Status != http.StatusUnprocessableEntity && res.Status != http.StatusMovedPermanently {
			t.Fatalf("verify %q answered %d: %s", code, res.Status, res.Body)
		}
	})
}

// fuzzItems are routes that read one object by the id in their path.
var fuzzItems = []string{"/api/v1/bookings/", "/api/v1/resources/", "/api/v1/facilities/", "/api/v1/organizations/",
	"/api/v1/consortia/", "/api/v1/course-sessions/", "/api/v1/courses/", "/api/v1/service-requests/", "/api/v1/certificates/",
	"/api/v1/recurrences/", "/api/v1/billing/statements/", "/api/v1/admin/users/", "/api/v1/service-attachments/"}

// FuzzPathIDs reads objects by any id: a 200 only for a decimal number (strconv's: "+1" and
// "01" read object 1, "1.0", "0x1" and "１" are no ids) and with the object of that id; anything
// else a 404, never a 5xx.
func FuzzPathIDs(f *testing.F) {
	for _, id := range []string{"1", "0", "-1", "+1", "01", "1.0", "1e3", "0x1", "9223372036854775807", "9223372036854775808",
		"99999999999999999999999", "１", "1\x00", "%00", "\xff", "", " 1", "1 ", "١"} {
		f.Add(uint8(1), id)
	}
	s := newFuzzServer(f)
	f.Fuzz(func(t *testing.T, item uint8, id string) {
		s.use(t)
		res := s.do(request{method: http.MethodGet, path: fuzzItems[int(item)%len(fuzzItems)] + url.PathEscape(id), token: s.admin, invalid: true})
		switch res.Status {
		case http.StatusOK:
			var got struct {
				ID int64 `json:"id"`
			}
			res.JSON(t, &got)
			if n, err := strconv.ParseInt(id, 10, 64); err != nil || n != got.ID {
				t.Fatalf("the id %q read object %d", id, got.ID)
			}
		case http.StatusNotFound, http.StatusMovedPermanently:
		default:
			t.Fatalf("id %q answered %d: %.200s", id, res.Status, res.Body)
		}
	})
}
