package catalog

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"cqshare/app/calendar"
	"cqshare/app/core"
	"cqshare/models"
)

// FuzzValidCreditCode checks that an accepted unified social credit code (统一社会信用代码) is 18
// characters of its alphabet ending in its check character, and that every change of one
// character of it is refused.
func FuzzValidCreditCode(f *testing.F) {
	for _, s := range []string{"91350100M000100Y43", "91110000600037341L", "91500000MA5U8D4E07", "9135010OM000100Y43",
		"91350100m000100Y43", "", "91350100M000100Y4", "91350100M000100Y433", "９１350100M000100Y43",
		"91350100M000100Y4\x00", "\u200f91350100M000100Y43", "91350100M000100Y\xff3", strings.Repeat("9", 10000),
		"000000000000000000", "YYYYYYYYYYYYYYYYYY"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		if !ValidCreditCode(code) {
			return
		}
		if len(code) != 18 || strings.Trim(code, CreditCodeChars) != "" {
			t.Fatalf("ValidCreditCode(%q) accepted a code that is not 18 characters of %s", code, CreditCodeChars)
		}
		if check, ok := CreditCodeCheckChar(code[:17]); !ok || check != code[17] {
			t.Fatalf("ValidCreditCode(%q) accepted a wrong check character (want %c)", code, check)
		}
		for i := range 18 {
			for _, c := range []byte(CreditCodeChars + "IOSVZa\x00") {
				if c == code[i] {
					continue
				}
				changed := code[:i] + string(c) + code[i+1:]
				if ValidCreditCode(changed) {
					t.Fatalf("ValidCreditCode accepts %q and %q, one character apart", code, changed)
				}
			}
		}
	})
}

// FuzzValidateOpeningHours reads weekly opening hours as a request's JSON and checks that
// accepted hours are weekdays 0–6 with HH:MM times, each period starting before it ends, no two
// of a day overlapping, and that the calendar opens exactly their total in a week of Shanghai.
func FuzzValidateOpeningHours(f *testing.F) {
	for _, s := range []string{
		`[{"weekday":1,"start":"08:00","end":"18:00"}]`,
		`[{"weekday":0,"start":"00:00","end":"24:00"},{"weekday":6,"start":"20:00","end":"24:00"}]`,
		`[{"weekday":1,"start":"08:00","end":"12:00"},{"weekday":1,"start":"11:59","end":"13:00"}]`,
		`[{"weekday":1,"start":"8:00","end":"18:00"}]`, `[{"weekday":1,"start":"-0:30","end":"18:00"}]`,
		`[{"weekday":1,"start":"+8:00","end":"18:00"}]`, `[{"weekday":7,"start":"08:00","end":"18:00"}]`,
		`[{"weekday":-1,"start":"08:00","end":"18:00"}]`, `[{"weekday":1,"start":"24:00","end":"24:00"}]`,
		`[{"weekday":1,"start":"23:59","end":"24:01"}]`, `[{"weekday":1,"start":"０８:００","end":"18:00"}]`,
		`[{"weekday":1,"start":"08:00\u0000","end":"18:00"}]`, `[{"weekday":1,"start":"08:00\n","end":"18:00"}]`,
		`[{"weekday":9223372036854775807,"start":"08:00","end":"18:00"}]`, `[]`, `null`, `{}`,
	} {
		f.Add([]byte(s))
	}
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		f.Fatal(err)
	}
	monday := time.Date(2026, 3, 2, 0, 0, 0, 0, shanghai)
	f.Fuzz(func(t *testing.T, body []byte) {
		var hours []models.OpeningInterval
		if json.Unmarshal(body, &hours) != nil {
			return
		}
		fields := map[string]core.Text{}
		validateOpeningHours(hours, fields)
		if len(fields) > 0 {
			return
		}
		var want time.Duration
		byDay := map[int][][2]int{}
		for _, oi := range hours {
			start, err1 := calendar.ParseClock(oi.Start)
			end, err2 := calendar.ParseClock(oi.End)
			if oi.Weekday < 0 || oi.Weekday > 6 || len(oi.Start) != 5 || len(oi.End) != 5 || err1 != nil || err2 != nil || start >= end {
				t.Fatalf("accepted the period %+v", oi)
			}
			for _, p := range byDay[oi.Weekday] {
				if start < p[1] && p[0] < end {
					t.Fatalf("accepted overlapping periods %v and %+v", p, oi)
				}
			}
			byDay[oi.Weekday] = append(byDay[oi.Weekday], [2]int{start, end})
			want += time.Duration(end-start) * time.Minute
		}
		c := calendar.ForFacility(shanghai, models.Facility{OpeningHours: models.JSONColumn[[]models.OpeningInterval]{V: hours}}, 1, nil)
		var got time.Duration
		for _, s := range c.Open(monday, monday.AddDate(0, 0, 7)) {
			got += s.Duration()
		}
		if got != want {
			t.Fatalf("hours %s open %v of a week, want %v", body, got, want)
		}
	})
}

// FuzzValidTimeZone checks that an accepted time zone is a zone the server loads under the same
// name, never the host's "Local".
func FuzzValidTimeZone(f *testing.F) {
	for _, s := range []string{"Asia/Shanghai", "America/New_York", "UTC", "Local", "", "asia/shanghai",
		"../../../etc/passwd", "/etc/localtime", "Asia/Shanghai\x00", "Asia/Shanghai ", "Etc/GMT+8",
		"Asia/../Asia/Shanghai", "\u202eAsia/Shanghai", "Asia\\Shanghai", strings.Repeat("A/", 5000)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if !validTimeZone(name) {
			return
		}
		loc, err := time.LoadLocation(name)
		if err != nil || name == "Local" || loc.String() != name || strings.Contains(name, "..") || strings.HasPrefix(name, "/") {
			t.Fatalf("validTimeZone(%q) accepted it (%v, %v)", name, loc, err)
		}
	})
}
