package booking

import (
	"context"
	"fmt"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"cqshare/app/core"
	"cqshare/models"
)

// Scan actions of the QR page (扫码上下机).
const (
	ScanCheckIn  = "check_in"
	ScanCheckOut = "check_out"
)

// scanHorizon is how far ahead the QR page looks for the caller's next booking of the resource.
const scanHorizon = 12 * time.Hour

// ScanState is what the QR page of a resource shows the caller: the booking a scan acts on and
// the action it takes now ("" when the check-in window has not opened yet).
type ScanState struct {
	Booking      *models.BookingView
	Action       string
	CheckInFrom  *time.Time
	CheckInUntil *time.Time
}

// CurrentBooking finds the caller's booking of the resource that a scan acts on: a checked-in
// one to check out, else a confirmed one whose check-in window is open, else the next confirmed
// one within 12 hours (no action yet). Booking is nil when there is none.
func (s *Service) CurrentBooking(ctx context.Context, ac core.Actor, resourceID int64) (ScanState, error) {
	b, res, err := s.scanTarget(ctx, ac, resourceID, "")
	if err != nil || b == nil {
		return ScanState{}, err
	}
	grace := time.Duration(res.CheckinGraceMinutes) * time.Minute
	from, until := b.StartAt.Add(-grace), b.StartAt.Add(grace)
	st := ScanState{CheckInFrom: &from, CheckInUntil: &until}
	for _, action := range []BookingAction{ActionCheckOut, ActionCheckIn} {
		if _, err := bookingTransitionFor(action, partyOwner, *b, res.CheckinGraceMinutes, s.Now()); err == nil {
			st.Action = string(action)
			break
		}
	}
	v, err := s.GetBooking(ctx, ac, b.ID)
	if err != nil {
		return ScanState{}, err
	}
	st.Booking = &v
	return st, nil
}

// Scan checks the caller in or out of their current booking of the resource, by the same rules
// as the check-in and check-out of the booking itself.
func (s *Service) Scan(ctx context.Context, ac core.Actor, resourceID int64, action string) (models.BookingView, error) {
	if action != ScanCheckIn && action != ScanCheckOut {
		return models.BookingView{}, core.FieldError("action", "field.choose")
	}
	b, _, err := s.scanTarget(ctx, ac, resourceID, action)
	if err != nil {
		return models.BookingView{}, err
	}
	if b == nil {
		return models.BookingView{}, core.ErrNotFound.Say("booking.scan_nothing_" + action)
	}
	if action == ScanCheckIn {
		return s.CheckIn(ctx, ac, b.ID)
	}
	return s.CheckOut(ctx, ac, b.ID)
}

// scanTarget picks the caller's booking of the resource for an action ("" for whichever fits).
func (s *Service) scanTarget(ctx context.Context, ac core.Actor, resourceID int64, action string) (*models.Booking, models.Resource, error) {
	res, _, err := s.DB.ResourceWithFacility(ctx, resourceID)
	if err != nil {
		return nil, res, core.NotFound(err)
	}
	now := s.Now()
	grace := time.Duration(res.CheckinGraceMinutes) * time.Minute
	// A checked-in booking may be checked out until the completion job has ended it.
	list, err := s.DB.UserBookingsToScan(ctx, ac.UserID, res.ID, now.Add(-24*time.Hour), now.Add(scanHorizon))
	if err != nil {
		return nil, res, err
	}
	var next *models.Booking
	for i := range list {
		b := &list[i]
		switch {
		case b.Status == models.BookingCheckedIn && action != ScanCheckIn:
			return b, res, nil
		case b.Status != models.BookingConfirmed || action == ScanCheckOut:
		case !now.Before(b.StartAt.Add(-grace)) && !now.After(b.StartAt.Add(grace)):
			return b, res, nil
		case next == nil && b.StartAt.After(now) && action == "":
			next = b
		}
	}
	return next, res, nil
}

// ResourceQRCode renders the QR code of a resource as SVG: it encodes the absolute URL of the
// resource's scan page below baseURL, to print and stick on the instrument.
func (s *Service) ResourceQRCode(ctx context.Context, resourceID int64, baseURL string) (string, error) {
	if _, _, err := s.DB.ResourceWithFacility(ctx, resourceID); err != nil {
		return "", core.NotFound(err)
	}
	return QRCodeSVG(fmt.Sprintf("%s/scan/%d", strings.TrimSuffix(baseURL, "/"), resourceID))
}

// QRCodeSVG renders a QR code of the text (an address) as SVG, the one way the server draws
// them: a resource's scan page, a meeting's sign-in, a certificate's verification.
func QRCodeSVG(text string) (string, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return "", err
	}
	return qrSVG(q.Bitmap()), nil
}

// qrSVG draws the modules of a QR bitmap (quiet zone included) as one SVG path, a unit square
// per dark module, scalable to any print size.
func qrSVG(bits [][]bool) string {
	n := len(bits)
	var path strings.Builder
	for y, row := range bits {
		for x, dark := range row {
			if dark {
				fmt.Fprintf(&path, "M%d %dh1v1h-1z", x, y)
			}
		}
	}
	return fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" shape-rendering="crispEdges">`+
		`<rect width="%d" height="%d" fill="#fff"/><path d="%s" fill="#000"/></svg>`, n, n, n*8, n*8, n, n, path.String())
}
