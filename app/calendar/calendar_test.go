package calendar

import (
	"testing"
	"time"

	"cqshare/models"
)

func at(h, m int) time.Time { return time.Date(2026, 3, 3, h, m, 0, 0, time.UTC) }

func spansString(spans []Span) string {
	s := ""
	for _, x := range spans {
		s += "[" + x.Start.Format("15:04") + " " + x.End.Format("15:04") + ")"
	}
	return s
}

func TestSpanMath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		got  []Span
		want string
	}{
		{"normalize merges touching and overlapping", Normalize([]Span{{at(10, 0), at(11, 0)}, {at(8, 0), at(9, 0)}, {at(9, 0), at(9, 30)}, {at(10, 30), at(12, 0)}, {at(13, 0), at(13, 0)}}),
			"[08:00 09:30)[10:00 12:00)"},
		{"subtract cuts the middle", Subtract([]Span{{at(8, 0), at(12, 0)}}, []Span{{at(9, 0), at(10, 0)}}), "[08:00 09:00)[10:00 12:00)"},
		{"subtract touching leaves all", Subtract([]Span{{at(8, 0), at(12, 0)}}, []Span{{at(12, 0), at(13, 0)}, {at(7, 0), at(8, 0)}}), "[08:00 12:00)"},
		{"subtract everything", Subtract([]Span{{at(8, 0), at(12, 0)}}, []Span{{at(7, 0), at(13, 0)}}), ""},
		{"subtract several", Subtract([]Span{{at(8, 0), at(10, 0)}, {at(11, 0), at(13, 0)}}, []Span{{at(9, 0), at(11, 30)}}), "[08:00 09:00)[11:30 13:00)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := spansString(tc.got); got != tc.want {
				t.Fatalf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestParseClock(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		want   int
		wantOK bool
	}{{"08:00", 480, true}, {"00:00", 0, true}, {"24:00", 1440, true}, {"8:30", 510, true},
		{"24:01", 0, false}, {"12:60", 0, false}, {"noon", 0, false}, {"-1:00", 0, false}, {"", 0, false}}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseClock(tc.in)
			if (err == nil) != tc.wantOK || got != tc.want {
				t.Fatalf("got %d, %v; want %d, ok %v", got, err, tc.want, tc.wantOK)
			}
		})
	}
}

func TestCalendarAcrossMidnightAndZones(t *testing.T) {
	t.Parallel()
	urumqi, _ := time.LoadLocation("Asia/Urumqi")
	fac := models.Facility{OpeningHours: models.JSONColumn[[]models.OpeningInterval]{V: []models.OpeningInterval{
		{Weekday: 2, Start: "20:00", End: "24:00"}, {Weekday: 3, Start: "00:00", End: "02:00"}, {Weekday: 3, Start: "bad", End: "09:00"},
	}}}
	c := ForFacility(urumqi, fac, 1, nil)
	// Tuesday 20:00 to Wednesday 02:00 Urumqi time (UTC+6) is one open span, 14:00–20:00 UTC.
	got := c.Open(at(0, 0), at(0, 0).Add(48*time.Hour))
	if len(got) != 1 || !got[0].Start.Equal(at(14, 0)) || !got[0].End.Equal(at(20, 0)) {
		t.Fatalf("got %v, want Tuesday 14:00–20:00 UTC", got)
	}
}

func TestGridHelpers(t *testing.T) {
	t.Parallel()
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	kathmandu, _ := time.LoadLocation("Asia/Kathmandu") // UTC+5:45
	tests := []struct {
		name string
		got  time.Time
		want time.Time
	}{
		{"CeilToGrid on the grid", CeilToGrid(at(10, 15), 15*time.Minute), at(10, 15)},
		{"CeilToGrid off the grid", CeilToGrid(at(10, 16), 15*time.Minute), at(10, 30)},
		{"ceilToSlot 30 minutes", CeilToSlot(at(2, 10), shanghai, 30), at(2, 30)},
		{"ceilToSlot counts from local midnight", CeilToSlot(at(2, 10), kathmandu, 60), at(2, 15)},
		{"weekStart of a Tuesday", WeekStart(at(10, 0), shanghai), time.Date(2026, 3, 2, 0, 0, 0, 0, shanghai)},
		{"weekStart of a Sunday night", WeekStart(time.Date(2026, 3, 8, 23, 0, 0, 0, shanghai), shanghai), time.Date(2026, 3, 2, 0, 0, 0, 0, shanghai)},
		{"weekStart of a Monday", WeekStart(time.Date(2026, 3, 9, 0, 0, 0, 0, shanghai), shanghai), time.Date(2026, 3, 9, 0, 0, 0, 0, shanghai)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !tc.got.Equal(tc.want) {
				t.Fatalf("got %s, want %s", tc.got, tc.want)
			}
		})
	}
	if !OnSlotGrid(time.Date(2026, 3, 3, 10, 15, 0, 0, kathmandu), kathmandu, 15) || OnSlotGrid(at(4, 30), kathmandu, 60) {
		t.Fatal("onSlotGrid must count slots from local midnight")
	}
}
