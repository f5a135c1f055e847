package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"cqshare/app/booking"
)

// settingsResponse is what the UI needs to know before anyone signs in.
type settingsResponse struct {
	// Demo is true when the server runs with the demo data (SEED_DEMO), so the sign-in page may
	// show the demo accounts.
	Demo             bool   `json:"demo"`
	RegistrationOpen bool   `json:"registration_open"`
	DefaultTimeZone  string `json:"default_time_zone"`
	// BookingLimits are the booking engine's rules that no resource sets, for the rules summary.
	BookingLimits bookingLimitsResponse `json:"booking_limits"`
}

// bookingLimitsResponse is what one person may hold, and how credit (信用) suspends booking.
type bookingLimitsResponse struct {
	MaxUpcomingBookings  int `json:"max_upcoming_bookings"`
	MaxOpenSeries        int `json:"max_open_series"`
	NoShowPoints         int `json:"no_show_points"`
	LateCancelPoints     int `json:"late_cancel_points"`
	CreditThreshold      int `json:"credit_threshold"`
	CreditWindowDays     int `json:"credit_window_days"`
	CreditSuspensionDays int `json:"credit_suspension_days"`
}

var bookingLimits = bookingLimitsResponse{MaxUpcomingBookings: booking.MaxUpcomingBookings, MaxOpenSeries: booking.MaxOpenSeries,
	NoShowPoints: booking.CreditNoShowPoints, LateCancelPoints: booking.CreditLateCancelPoints, CreditThreshold: booking.CreditThreshold,
	CreditWindowDays: int(booking.CreditWindow / (24 * time.Hour)), CreditSuspensionDays: int(booking.CreditSuspension / (24 * time.Hour))}

func (h *Handler) settings(c echo.Context) error {
	cfg := h.app.Config()
	return c.JSON(http.StatusOK, settingsResponse{Demo: cfg.SeedDemo, RegistrationOpen: cfg.RegistrationOpen,
		DefaultTimeZone: cfg.DefaultTZ.String(), BookingLimits: bookingLimits})
}
