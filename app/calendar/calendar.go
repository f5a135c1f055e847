// Package calendar is the pure time logic of the platform: spans, weekly opening hours,
// blackouts and make-up working days (调休), time zones and the slot grid. It reads no database.
package calendar

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // facility time zones must load even where the host has no zoneinfo

	"cqshare/models"
)

// Span is a half-open interval [Start, End) of UTC time.
type Span struct {
	Start, End time.Time
}

// Empty reports whether the span holds no instant.
func (s Span) Empty() bool { return !s.Start.Before(s.End) }

// Overlaps reports whether the spans share an instant.
func (s Span) Overlaps(o Span) bool { return s.Start.Before(o.End) && o.Start.Before(s.End) }

// Contains reports whether o lies wholly inside s.
func (s Span) Contains(o Span) bool { return !o.Start.Before(s.Start) && !o.End.After(s.End) }

// Duration is the length of the span.
func (s Span) Duration() time.Duration { return s.End.Sub(s.Start) }

// Clip returns s cut to [from, to).
func (s Span) Clip(from, to time.Time) Span {
	if s.Start.Before(from) {
		s.Start = from
	}
	if s.End.After(to) {
		s.End = to
	}
	return s
}

// Normalize sorts spans and merges those that overlap or touch, dropping empty ones.
func Normalize(spans []Span) []Span {
	spans = slices.DeleteFunc(slices.Clone(spans), Span.Empty)
	slices.SortFunc(spans, func(a, b Span) int { return a.Start.Compare(b.Start) })
	var out []Span
	for _, s := range spans {
		if n := len(out); n > 0 && !s.Start.After(out[n-1].End) {
			if s.End.After(out[n-1].End) {
				out[n-1].End = s.End
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// Subtract removes every cut from the normalized spans.
func Subtract(spans, cuts []Span) []Span {
	out := spans
	for _, c := range Normalize(cuts) {
		var next []Span
		for _, s := range out {
			if !s.Overlaps(c) {
				next = append(next, s)
				continue
			}
			if s.Start.Before(c.Start) {
				next = append(next, Span{s.Start, c.Start})
			}
			if c.End.Before(s.End) {
				next = append(next, Span{c.End, s.End})
			}
		}
		out = next
	}
	return out
}

// Covers reports whether the normalized spans contain want entirely.
func Covers(spans []Span, want Span) bool {
	for _, s := range spans {
		if s.Contains(want) {
			return true
		}
	}
	return false
}

var locations sync.Map // time-zone name → *time.Location

// Location loads the named time zone, or returns fallback when the name is empty or unknown to
// this build. Zones are loaded once per process.
func Location(name string, fallback *time.Location) *time.Location {
	if name == "" {
		return fallback
	}
	if loc, ok := locations.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return fallback
	}
	locations.Store(name, loc)
	return loc
}

// ParseClock reads "HH:MM" (00:00 to 24:00) as minutes after local midnight.
func ParseClock(s string) (int, error) {
	h, m, ok := strings.Cut(s, ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh*60+mm > 24*60 {
		return 0, fmt.Errorf("%q is not a time of day HH:MM", s)
	}
	return hh*60 + mm, nil
}

// Calendar is what decides when a resource is open: the facility's weekly opening hours in its
// time zone, make-up working days (调休) that open extra time, and closures of the facility or
// of the resource.
type Calendar struct {
	loc      *time.Location
	hours    []models.OpeningInterval
	makeups  []Span
	closures []Closure
}

// Location is the time zone of the calendar.
func (c Calendar) Location() *time.Location { return c.loc }

// ForFacility builds the calendar of one resource from its facility's hours and the facility's
// blackouts (those of other resources are ignored).
func ForFacility(loc *time.Location, fac models.Facility, resourceID int64, blackouts []models.Blackout) Calendar {
	c := Calendar{loc: loc, hours: fac.OpeningHours.V}
	for _, b := range blackouts {
		if b.ResourceID != nil && *b.ResourceID != resourceID {
			continue
		}
		s := Span{b.StartAt.UTC(), b.EndAt.UTC()}
		if b.Kind == models.BlackoutMakeup {
			c.makeups = append(c.makeups, s)
		} else {
			c.closures = append(c.closures, Closure{Span: s, Reason: b.Reason})
		}
	}
	return c
}

// Scheduled lists the intervals in [from, to) inside opening hours or a make-up working day,
// before closures are taken out.
func (c Calendar) Scheduled(from, to time.Time) []Span {
	var out []Span
	day := from.In(c.loc)
	day = Midnight(day.Year(), day.Month(), day.Day()-1, c.loc)
	for ; day.Before(to); day = Midnight(day.Year(), day.Month(), day.Day()+1, c.loc) {
		for _, oi := range c.hours {
			if time.Weekday(oi.Weekday) != day.Weekday() {
				continue
			}
			start, err1 := ParseClock(oi.Start)
			end, err2 := ParseClock(oi.End)
			if err1 != nil || err2 != nil {
				continue // the catalog refuses malformed hours; an old row never opens anything
			}
			out = append(out, Span{c.At(day, start), c.At(day, end)}.Clip(from, to))
		}
	}
	for _, m := range c.makeups {
		out = append(out, m.Clip(from, to))
	}
	return Normalize(out)
}

// At is minutes after local midnight of day, in UTC.
func (c Calendar) At(day time.Time, minutes int) time.Time {
	return wallClock(day.Year(), day.Month(), day.Day(), minutes, c.loc).UTC()
}

// Midnight is the first instant of the local day y-m-d in loc (d may overflow, as in time.Date).
func Midnight(y int, m time.Month, d int, loc *time.Location) time.Time {
	return wallClock(y, m, d, 0, loc)
}

// AddDays is t moved by days local days in loc: the same wall time, or the instant the clocks
// jump where that day skips it.
func AddDays(t time.Time, days int, loc *time.Location) time.Time {
	l := t.In(loc)
	return inZone(time.Date(l.Year(), l.Month(), l.Day()+days, l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), time.UTC), loc)
}

// wallClock is the instant of minutes after midnight of the local day y-m-d.
func wallClock(y int, m time.Month, d, minutes int, loc *time.Location) time.Time {
	return inZone(time.Date(y, m, d, 0, minutes, 0, 0, time.UTC), loc)
}

// inZone is the instant at which loc's clocks show the wall time w (read in UTC). A wall time
// they skip (a DST gap, which is midnight itself in Santiago or Havana) is the instant they
// jump: time.Date would place it an hour away, midnight on the day before, where a loop over
// days would never leave that day.
func inZone(w time.Time, loc *time.Location) time.Time {
	t := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), w.Nanosecond(), loc)
	got := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	switch {
	case got.Before(w): // placed before the gap
		_, end := t.ZoneBounds()
		return end
	case got.After(w): // placed after the gap, as far as the wall time was inside it
		start, _ := t.ZoneBounds()
		return start
	}
	return t
}

// Open lists the intervals in [from, to) when the resource may be used: scheduled time minus
// closures.
func (c Calendar) Open(from, to time.Time) []Span {
	closed := make([]Span, len(c.closures))
	for i, cl := range c.closures {
		closed[i] = cl.Span
	}
	return Subtract(c.Scheduled(from, to), closed)
}

// ClosureOverlapping returns a closure that overlaps s, if any.
func (c Calendar) ClosureOverlapping(s Span) (Closure, bool) {
	for _, cl := range c.closures {
		if cl.Overlaps(s) {
			return cl, true
		}
	}
	return Closure{}, false
}

// Closure is a closed interval with the reason the facility gave for it.
type Closure struct {
	Span
	Reason string
}

// Closures lists the closures that overlap [from, to), clipped to it, by start.
func (c Calendar) Closures(from, to time.Time) []Closure {
	var out []Closure
	w := Span{from, to}
	for _, cl := range c.closures {
		if cl.Overlaps(w) {
			out = append(out, Closure{Span: cl.Clip(from, to), Reason: cl.Reason})
		}
	}
	slices.SortFunc(out, func(a, b Closure) int { return a.Start.Compare(b.Start) })
	return out
}

// OnSlotGrid reports whether t is a whole number of slots after local midnight.
func OnSlotGrid(t time.Time, loc *time.Location, slotMinutes int) bool {
	if slotMinutes <= 0 {
		slotMinutes = 1
	}
	l := t.In(loc)
	return l.Second() == 0 && l.Nanosecond() == 0 && (l.Hour()*60+l.Minute())%slotMinutes == 0
}

// WeekStart is local midnight of the Monday of t's week.
func WeekStart(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	back := (int(l.Weekday()) + 6) % 7 // days since Monday
	return Midnight(l.Year(), l.Month(), l.Day()-back, loc)
}

// CeilToGrid rounds t up to a whole multiple of grid since the Unix epoch (the claim grid).
func CeilToGrid(t time.Time, grid time.Duration) time.Time {
	f := t.UTC().Truncate(grid)
	if f.Before(t) {
		return f.Add(grid)
	}
	return f
}

// CeilToSlot rounds t up to the next slot boundary counted from local midnight.
func CeilToSlot(t time.Time, loc *time.Location, slotMinutes int) time.Time {
	if slotMinutes <= 0 {
		slotMinutes = 1
	}
	l := t.In(loc)
	midnight := Midnight(l.Year(), l.Month(), l.Day(), loc)
	slot := time.Duration(slotMinutes) * time.Minute
	n := (l.Sub(midnight) + slot - 1) / slot
	return midnight.Add(n * slot).UTC()
}
