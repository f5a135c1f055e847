package imports

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/gabriel-vasile/mimetype"

	"cqshare/app/catalog"
	"cqshare/app/core"
	"cqshare/models"
)

// makeupWords mark an event of a holiday calendar as a make-up working day (调休上班): "班" as
// in 补班, 上班, "春节（班）", or the English words. Every other event is a holiday (休), a closure.
var makeupWords = regexp.MustCompile(`(?i)班|make-?up|working ?day|workday|work day`)

// maxReason is the longest reason a blackout takes from an event's summary.
const maxReason = 200

// holiday is an event of a calendar, as read: its line in the file (of BEGIN:VEVENT), its
// kind, its days (all-day: local dates, end exclusive) or instants, and its summary.
type holiday struct {
	line       int
	kind       string
	allDay     bool
	start, end time.Time // dates at 00:00 UTC for all-day events
	summary    string
	problems   []Problem
}

// readHolidays reads the events of an ICS file: each needs DTSTART; DTEND (or DURATION) may be
// left out for one day. A date (VALUE=DATE) is a whole local day in each facility's time zone;
// a time is that instant.
func readHolidays(data []byte) ([]holiday, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errEmptyFile
	}
	if m := mimetype.Detect(data); !m.Is("text/calendar") {
		return nil, fileTypeError(m.String(), "imports.not_a_calendar")
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		return nil, fileError("imports.unreadable")
	}
	lines := eventLines(data)
	events := cal.Events()
	if len(events) == 0 {
		return nil, errEmptyFile
	}
	if len(events) > MaxRows {
		return nil, errTooManyRows
	}
	out := make([]holiday, 0, len(events))
	for i, e := range events {
		h := holiday{line: i + 1}
		if i < len(lines) {
			h.line = lines[i]
		}
		if p := e.GetProperty(ics.ComponentPropertySummary); p != nil {
			h.summary = core.Clip(strings.TrimSpace(unescape(p.Value)), maxReason)
		}
		h.kind = models.BlackoutClosure
		if makeupWords.MatchString(h.summary) {
			h.kind = models.BlackoutMakeup
		}
		bad := func(col, key string) {
			h.problems = append(h.problems, Problem{Row: h.line, Column: col, Field: strings.ToLower(col),
				Code: "validation_failed", Message: core.T(key)})
		}
		start := e.GetProperty(ics.ComponentPropertyDtStart)
		if start == nil {
			bad("DTSTART", "field.required")
			out = append(out, h)
			continue
		}
		var ok bool
		h.start, h.allDay, ok = parseICSTime(start)
		if !ok {
			bad("DTSTART", "imports.ics_time")
			out = append(out, h)
			continue
		}
		switch end := e.GetProperty(ics.ComponentPropertyDtEnd); {
		case end != nil:
			var endAllDay bool
			h.end, endAllDay, ok = parseICSTime(end)
			if !ok || endAllDay != h.allDay {
				bad("DTEND", "imports.ics_time")
			}
		case h.allDay:
			h.end = h.start.AddDate(0, 0, 1)
		default:
			bad("DTEND", "field.required")
		}
		if len(h.problems) == 0 && !h.end.After(h.start) {
			bad("DTEND", "field.after_start")
		}
		out = append(out, h)
	}
	return out, nil
}

// parseICSTime reads DTSTART or DTEND: a date (20260101), a UTC time (20260101T080000Z), or a
// local time with TZID (or floating, read as Asia/Shanghai's, the calendars' home).
func parseICSTime(p *ics.IANAProperty) (time.Time, bool, bool) {
	v := strings.TrimSpace(p.Value)
	if len(v) == 8 {
		t, err := time.Parse("20060102", v)
		return t, true, err == nil
	}
	if t, err := time.Parse("20060102T150405Z", v); err == nil {
		return t, false, true
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	if tz := p.ICalParameters["TZID"]; len(tz) > 0 {
		l, err := time.LoadLocation(tz[0])
		if err != nil {
			return time.Time{}, false, false
		}
		loc = l
	}
	if loc == nil {
		loc = time.FixedZone("CST", 8*3600)
	}
	t, err := time.ParseInLocation("20060102T150405", v, loc)
	return t, false, err == nil
}

// eventLines are the line numbers of the file's BEGIN:VEVENT lines, in order.
func eventLines(data []byte) []int {
	var out []int
	for i, l := range bytes.Split(data, []byte("\n")) {
		if bytes.EqualFold(bytes.TrimSpace(l), []byte("BEGIN:VEVENT")) {
			out = append(out, i+1)
		}
	}
	return out
}

func unescape(s string) string {
	return strings.NewReplacer(`\,`, ",", `\;`, ";", `\n`, " ", `\N`, " ", `\\`, `\`).Replace(s)
}

// holidayItems reads a calendar into one item per event and facility: the upload's facility,
// or every facility the actor manages (all of them for the city administrator). An event
// already there, of the same kind over the same interval, is left as it is, so importing the
// calendar again adds nothing.
func (s *Service) holidayItems(ctx context.Context, ac core.Actor, up Upload) ([]item, error) {
	if !ac.IsStaff() {
		return nil, core.ErrForbidden
	}
	var facilities []models.Facility
	switch {
	case up.FacilityID != 0:
		f, err := s.DB.FacilityByID(ctx, up.FacilityID)
		if models.IsNotFound(err) {
			return nil, core.FieldError("facility_id", "catalog.no_such_facility")
		} else if err != nil {
			return nil, err
		}
		if err := core.RequireFacilityManager(ac, f.ID); err != nil {
			return nil, err
		}
		facilities = []models.Facility{f}
	case ac.IsAdmin():
		all, err := s.DB.AllFacilities(ctx)
		if err != nil {
			return nil, err
		}
		facilities = all
	default:
		for _, id := range ac.ManagedFacilityIDs {
			f, err := s.DB.FacilityByID(ctx, id)
			if err != nil {
				return nil, core.NotFound(err)
			}
			facilities = append(facilities, f)
		}
	}
	if len(facilities) == 0 {
		return nil, core.FieldError("facility_id", "imports.no_facilities")
	}
	if int64(len(up.Data)) > s.maxBytes {
		return nil, s.tooLarge()
	}
	hs, err := readHolidays(up.Data)
	if err != nil {
		return nil, err
	}
	column := func(field string) string {
		switch field {
		case "start_at":
			return "DTSTART"
		case "end_at":
			return "DTEND"
		case "reason":
			return "SUMMARY"
		}
		return ""
	}
	items := make([]item, 0, len(hs)*len(facilities))
	for _, h := range hs {
		if len(h.problems) > 0 {
			items = append(items, item{line: h.line, problems: h.problems, column: column})
			continue
		}
		for _, f := range facilities {
			in := catalog.NewBlackout{FacilityID: f.ID, Kind: h.kind, StartAt: h.start, EndAt: h.end, Reason: h.summary,
				OnBookings: up.OnBookings}
			if h.allDay {
				loc := s.catalog.Location(f)
				in.StartAt = time.Date(h.start.Year(), h.start.Month(), h.start.Day(), 0, 0, 0, 0, loc)
				in.EndAt = time.Date(h.end.Year(), h.end.Month(), h.end.Day(), 0, 0, 0, 0, loc)
			}
			items = append(items, item{line: h.line, column: column, apply: func(ctx context.Context) (string, error) {
				there, err := s.DB.FacilityBlackoutExists(ctx, in.FacilityID, in.Kind, in.StartAt, in.EndAt)
				if err != nil {
					return "", err
				}
				if there {
					return "unchanged", errUnchanged
				}
				_, err = s.catalog.CreateBlackout(ctx, ac, in)
				return "created", err
			}})
		}
	}
	return items, nil
}
