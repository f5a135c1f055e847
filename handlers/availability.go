package handlers

import (
	"cqshare/app/booking"
	"cqshare/app/calendar"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

type windowQuery struct {
	From string `query:"from"`
	To   string `query:"to"`
}

// window parses the from/to query of availability and schedules.
func (q windowQuery) window() (time.Time, time.Time, error) {
	return parseInterval("from", q.From, "to", q.To)
}

type freeIntervalResponse struct {
	StartAt   time.Time `json:"start_at"`
	EndAt     time.Time `json:"end_at"`
	FreeSeats int       `json:"free_seats"`
}

type busyIntervalResponse struct {
	StartAt   time.Time `json:"start_at"`
	EndAt     time.Time `json:"end_at"`
	Seats     int       `json:"seats"`
	Status    string    `json:"status"`
	BookingID *int64    `json:"booking_id,omitempty"`
	UserID    *int64    `json:"user_id,omitempty"`
	UserName  *string   `json:"user_name,omitempty"`
}

// spanResponse is an interval of time.
type spanResponse struct {
	StartAt time.Time `json:"start_at"`
	EndAt   time.Time `json:"end_at"`
}

// closedIntervalResponse is time the caller cannot book, with the rule that closes it and a
// blackout's reason.
type closedIntervalResponse struct {
	StartAt time.Time `json:"start_at"`
	EndAt   time.Time `json:"end_at"`
	Rule    string    `json:"rule"`
	Reason  string    `json:"reason"`
}

type availabilityResponse struct {
	Items         []freeIntervalResponse   `json:"items"`
	Taken         []spanResponse           `json:"taken"`
	Closed        []closedIntervalResponse `json:"closed"`
	BookableUntil *time.Time               `json:"bookable_until"`
	TimeZone      string                   `json:"time_zone"`
}

type resourceScheduleResponse struct {
	ID       int64                  `json:"id"`
	Name     string                 `json:"name"`
	NameEn   string                 `json:"name_en"`
	Capacity int                    `json:"capacity"`
	Status   string                 `json:"status"`
	Busy     []busyIntervalResponse `json:"busy"`
	Free     []freeIntervalResponse `json:"free"`
}

type scheduleResponse struct {
	FacilityID int64                      `json:"facility_id"`
	TimeZone   string                     `json:"time_zone"`
	From       time.Time                  `json:"from"`
	To         time.Time                  `json:"to"`
	Resources  []resourceScheduleResponse `json:"resources"`
}

func toFree(loc *time.Location) func(booking.FreeInterval) freeIntervalResponse {
	return func(f booking.FreeInterval) freeIntervalResponse {
		return freeIntervalResponse{StartAt: f.StartAt.In(loc), EndAt: f.EndAt.In(loc), FreeSeats: f.FreeSeats}
	}
}

func (h *Handler) availability(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	q, err := bind[windowQuery](h, c)
	if err != nil {
		return err
	}
	from, to, err := q.window()
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	a, err := h.app.Booking.Availability(ctx, actor(c), id, from, to)
	if err != nil {
		return err
	}
	loc := a.Location
	out := availabilityResponse{Items: mapSlice(a.Free, toFree(loc)), TimeZone: loc.String(),
		Taken: mapSlice(a.Taken, func(s calendar.Span) spanResponse {
			return spanResponse{StartAt: s.Start.In(loc), EndAt: s.End.In(loc)}
		}),
		Closed: mapSlice(a.Closed, func(c booking.ClosedInterval) closedIntervalResponse {
			return closedIntervalResponse{StartAt: c.StartAt.In(loc), EndAt: c.EndAt.In(loc), Rule: c.Rule, Reason: c.Reason}
		})}
	if !a.BookableUntil.IsZero() {
		until := a.BookableUntil.In(loc)
		out.BookableUntil = &until
	}
	return c.JSON(http.StatusOK, out)
}

func (h *Handler) facilitySchedule(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	q, err := bind[windowQuery](h, c)
	if err != nil {
		return err
	}
	from, to, err := q.window()
	if err != nil {
		return err
	}
	s, err := h.app.Booking.FacilitySchedule(c.Request().Context(), actor(c), id, from, to)
	if err != nil {
		return err
	}
	loc := h.app.Catalog.TimeZone(s.TimeZone)
	out := scheduleResponse{FacilityID: s.Facility.ID, TimeZone: s.TimeZone, From: s.From.In(loc), To: s.To.In(loc),
		Resources: make([]resourceScheduleResponse, 0, len(s.Resources))}
	for _, r := range s.Resources {
		out.Resources = append(out.Resources, resourceScheduleResponse{ID: r.Resource.ID, Name: r.Resource.Name,
			NameEn: r.Resource.NameEn, Capacity: r.Resource.Capacity, Status: r.Resource.Status,
			Busy: mapSlice(r.Busy, func(b booking.BusyInterval) busyIntervalResponse {
				return busyIntervalResponse{StartAt: b.StartAt.In(loc), EndAt: b.EndAt.In(loc), Seats: b.Seats, Status: string(b.Status),
					BookingID: b.BookingID, UserID: b.UserID, UserName: b.UserName}
			}),
			Free: mapSlice(r.Free, toFree(loc))})
	}
	return c.JSON(http.StatusOK, out)
}
