package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// BookingStatus is where a booking is in its life; app/booking's transition table says how it
// moves.
type BookingStatus string

// Booking statuses.
const (
	BookingPending   BookingStatus = "pending"
	BookingConfirmed BookingStatus = "confirmed"
	BookingCheckedIn BookingStatus = "checked_in"
	BookingCompleted BookingStatus = "completed"
	BookingCancelled BookingStatus = "cancelled"
	BookingRejected  BookingStatus = "rejected"
	BookingNoShow    BookingStatus = "no_show"
	// BookingHeld is a booking made for the first watcher of a freed interval: it owns the
	// interval's claims (so nobody else can take it) until HoldExpiresAt, when the watcher has
	// confirmed it or it lapses.
	BookingHeld BookingStatus = "held"
	// BookingExpired is a hold the watcher did not confirm in time.
	BookingExpired BookingStatus = "expired"
)

// BookingStatuses lists every booking status.
var BookingStatuses = []BookingStatus{BookingPending, BookingConfirmed, BookingCheckedIn, BookingCompleted,
	BookingCancelled, BookingRejected, BookingNoShow, BookingHeld, BookingExpired}

// ActiveBookingStatuses hold seats on their resource (a held booking owns the claims of a slot
// offered to a watcher; see watch.go).
var ActiveBookingStatuses = []BookingStatus{BookingPending, BookingConfirmed, BookingCheckedIn, BookingHeld}

// Purpose categories of a booking.
var PurposeCategories = []string{"teaching", "research", "training", "social_service"}

// Booking is a reservation of seats of a resource for an interval.
type Booking struct {
	ID               int64
	ResourceID       int64
	UserID           int64
	StartAt          time.Time
	EndAt            time.Time
	Seats            int
	Purpose          string
	PurposeCategory  string
	Status           BookingStatus
	RecurrenceID     *int64
	ServiceRequestID *int64
	CheckedInAt      *time.Time
	CheckedOutAt     *time.Time
	DecidedBy        *int64
	DecidedAt        *time.Time
	DecisionNote     string
	CancelledAt      *time.Time
	LateCancel       bool
	HoldExpiresAt    *time.Time // while held: when the hold lapses
	// FacilityTime marks time the facility booked for its own work (booking.FacilityTime): no
	// check-in is expected, so it is never marked a no-show.
	FacilityTime bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// CreateBooking inserts a booking.
func (d *DB) CreateBooking(ctx context.Context, b *Booking) error {
	return d.W(ctx).Create(b).Error
}

// DeleteBooking removes a booking row (one inserted by the same transaction that then failed a
// check), so the transaction may go on without it.
func (d *DB) DeleteBooking(ctx context.Context, id int64) error {
	return d.W(ctx).Delete(&Booking{}, id).Error
}

// BookingByID loads a booking.
func (d *DB) BookingByID(ctx context.Context, id int64) (Booking, error) {
	return first[Booking](d.R(ctx), id)
}

// BookingChange is a change of a booking: its status (empty: unchanged) and the columns that go
// with it (nil: unchanged).
type BookingChange struct {
	Status          BookingStatus
	UpdatedAt       time.Time
	CheckedInAt     *time.Time
	CheckedOutAt    *time.Time
	CancelledAt     *time.Time
	DecidedBy       *int64
	DecidedAt       *time.Time
	DecisionNote    *string
	LateCancel      *bool
	Purpose         *string
	PurposeCategory *string
	ClearHold       bool // sets hold_expires_at to NULL
}

func (c BookingChange) columns() map[string]any {
	cols := map[string]any{"updated_at": c.UpdatedAt.UTC()}
	if c.Status != "" {
		cols["status"] = c.Status
	}
	put := func(name string, v any, set bool) {
		if set {
			cols[name] = v
		}
	}
	utc := func(t *time.Time) any { return t.UTC() }
	if c.CheckedInAt != nil {
		cols["checked_in_at"] = utc(c.CheckedInAt)
	}
	if c.CheckedOutAt != nil {
		cols["checked_out_at"] = utc(c.CheckedOutAt)
	}
	if c.CancelledAt != nil {
		cols["cancelled_at"] = utc(c.CancelledAt)
	}
	if c.DecidedAt != nil {
		cols["decided_at"] = utc(c.DecidedAt)
	}
	put("decided_by", deref(c.DecidedBy), c.DecidedBy != nil)
	put("decision_note", deref(c.DecisionNote), c.DecisionNote != nil)
	put("late_cancel", deref(c.LateCancel), c.LateCancel != nil)
	put("purpose", deref(c.Purpose), c.Purpose != nil)
	put("purpose_category", deref(c.PurposeCategory), c.PurposeCategory != nil)
	put("hold_expires_at", nil, c.ClearHold)
	return cols
}

func deref[T any](p *T) T {
	var v T
	if p != nil {
		v = *p
	}
	return v
}

// UpdateBookingFrom applies a change to a booking only while its status is one of from, and
// reports whether it did: a concurrent transition that got there first leaves it untouched.
func (d *DB) UpdateBookingFrom(ctx context.Context, id int64, from []BookingStatus, c BookingChange) (bool, error) {
	res := d.W(ctx).Model(&Booking{}).Where("id = ? AND status IN ?", id, from).Updates(c.columns())
	return res.RowsAffected == 1, res.Error
}

// UserBookingsOverlapping lists a user's bookings of a resource with one of the statuses that
// overlap [from, to), for the weekly quota.
func (d *DB) UserBookingsOverlapping(ctx context.Context, userID, resourceID int64, statuses []BookingStatus, from, to time.Time) ([]Booking, error) {
	var out []Booking
	err := d.R(ctx).Select("id, start_at, end_at").
		Where("user_id = ? AND resource_id = ? AND status IN ? AND start_at < ? AND end_at > ?",
			userID, resourceID, statuses, to.UTC(), from.UTC()).Find(&out).Error
	return out, err
}

// CountUpcomingBookings counts a user's active bookings of the facility's resources that have
// not ended at now, for the cap on what one person may hold.
func (d *DB) CountUpcomingBookings(ctx context.Context, userID, facilityID int64, now time.Time) (int64, error) {
	var n int64
	err := d.R(ctx).Model(&Booking{}).Joins("JOIN resources ON resources.id = bookings.resource_id").
		Where("bookings.user_id = ? AND resources.facility_id = ? AND bookings.status IN ? AND bookings.end_at > ?",
			userID, facilityID, ActiveBookingStatuses, now.UTC()).
		Count(&n).Error
	return n, err
}

// ActiveBookingsOverlapping lists the active bookings of the resources that overlap [from, to),
// with the booker's name, in one query (facility schedules).
func (d *DB) ActiveBookingsOverlapping(ctx context.Context, resourceIDs []int64, from, to time.Time) ([]BookingView, error) {
	var out []BookingView
	err := d.bookingViews(ctx).
		Where("bookings.resource_id IN ? AND bookings.status IN ? AND bookings.start_at < ? AND bookings.end_at > ?",
			resourceIDs, ActiveBookingStatuses, to.UTC(), from.UTC()).
		Order("bookings.resource_id, bookings.start_at").Scan(&out).Error
	return out, err
}

// BusyBooking is an active booking as a facility schedule shows it.
type BusyBooking struct {
	ID, ResourceID, UserID int64
	StartAt, EndAt         time.Time
	Seats                  int
	Status                 BookingStatus
	UserName               string
}

// BusyBookingsOverlapping lists what ActiveBookingsOverlapping does, in the same order (ties by
// id), with only the columns a schedule shows, read without reflection: a facility's week holds
// thousands of bookings.
func (d *DB) BusyBookingsOverlapping(ctx context.Context, resourceIDs []int64, from, to time.Time) ([]BusyBooking, error) {
	rows, err := d.R(ctx).Raw("SELECT bookings.id, bookings.resource_id, bookings.user_id, bookings.start_at, bookings.end_at, "+
		"bookings.seats, bookings.status, users.name FROM bookings JOIN users ON users.id = bookings.user_id "+
		"WHERE bookings.resource_id IN ? AND bookings.status IN ? AND bookings.start_at < ? AND bookings.end_at > ? "+
		"ORDER BY bookings.resource_id, bookings.start_at, bookings.id",
		resourceIDs, ActiveBookingStatuses, to.UTC(), from.UTC()).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []BusyBooking
	for rows.Next() {
		var b BusyBooking
		if err := rows.Scan(&b.ID, &b.ResourceID, &b.UserID, &b.StartAt, &b.EndAt, &b.Seats, &b.Status, &b.UserName); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// BookingView is a booking with the names the API shows beside it.
type BookingView struct {
	Booking
	ResourceName     string
	ResourceNameEn   string
	FacilityID       int64
	FacilityName     string
	FacilityNameEn   string
	FacilityTimeZone string
	UserName         string
	// CheckinGraceMinutes is the resource's check-in window, which the booking's actions need.
	CheckinGraceMinutes int
}

func (d *DB) bookingViews(ctx context.Context) *gorm.DB {
	return d.R(ctx).Table("bookings").
		Select("bookings.*, resources.name AS resource_name, resources.name_en AS resource_name_en, resources.facility_id AS facility_id, " +
			"facilities.name AS facility_name, facilities.name_en AS facility_name_en, facilities.time_zone AS facility_time_zone, users.name AS user_name, " +
			"resources.checkin_grace_minutes AS checkin_grace_minutes").
		Joins("JOIN resources ON resources.id = bookings.resource_id").
		Joins("JOIN facilities ON facilities.id = resources.facility_id").
		Joins("JOIN users ON users.id = bookings.user_id")
}

// CountOverbookings checks invariant 1 over the bookings table itself, independent of the
// claims: at the start instant of every active booking it sums the seats of the active bookings
// of the same resource that are under way then or whose buffer has not yet run out, and counts
// the instants where that sum passes the capacity. The peak of a step function made of
// half-open intervals is reached at some interval's start, so checking the starts suffices.
// Zero means no instant was ever overbooked. For tests and benchmarks.
func (d *DB) CountOverbookings(ctx context.Context) (int64, error) {
	ts := func(col string) string {
		if d.Dialect == MySQL {
			return "UNIX_TIMESTAMP(" + col + ")"
		}
		return "CAST(strftime('%s', " + col + ") AS INTEGER)"
	}
	q := "SELECT COUNT(*) FROM (SELECT x.id FROM bookings x " +
		"JOIN bookings y ON y.resource_id = x.resource_id " +
		"JOIN resources r ON r.id = x.resource_id " +
		"WHERE x.status IN ? AND y.status IN ? AND " + ts("y.start_at") + " <= " + ts("x.start_at") +
		" AND " + ts("x.start_at") + " < " + ts("y.end_at") + " + r.buffer_minutes * 60 " +
		"GROUP BY x.id, r.capacity HAVING SUM(y.seats) > r.capacity) over_capacity"
	var n int64
	err := d.R(ctx).Raw(q, ActiveBookingStatuses, ActiveBookingStatuses).Scan(&n).Error
	return n, err
}

// BookingQuery selects bookings for a list. Zero fields do not filter.
type BookingQuery struct {
	UserID      int64
	FacilityIDs []int64 // nil: any facility
	FacilityID  int64
	ResourceID  int64
	Statuses    []BookingStatus
	EndAfter    *time.Time // bookings still running or to come after this instant
	EndBy       *time.Time // bookings over by this instant
	StartBefore *time.Time
	Ascending   bool // by start time; newest first otherwise
}

// ListBookings returns one page of the bookings that match, with their names, and how many
// match: two queries whatever the page.
func (d *DB) ListBookings(ctx context.Context, q BookingQuery, limit, offset int) ([]BookingView, int64, error) {
	where := func(g *gorm.DB) *gorm.DB {
		if q.UserID != 0 {
			g = g.Where("bookings.user_id = ?", q.UserID)
		}
		if q.FacilityIDs != nil {
			g = g.Where("resources.facility_id IN ?", append([]int64{0}, q.FacilityIDs...))
		}
		if q.FacilityID != 0 {
			g = g.Where("resources.facility_id = ?", q.FacilityID)
		}
		if q.ResourceID != 0 {
			g = g.Where("bookings.resource_id = ?", q.ResourceID)
		}
		if len(q.Statuses) > 0 {
			g = g.Where("bookings.status IN ?", q.Statuses)
		}
		if q.EndAfter != nil {
			g = g.Where("bookings.end_at > ?", q.EndAfter.UTC())
		}
		if q.EndBy != nil {
			g = g.Where("bookings.end_at <= ?", q.EndBy.UTC())
		}
		if q.StartBefore != nil {
			g = g.Where("bookings.start_at < ?", q.StartBefore.UTC())
		}
		return g
	}
	order := "bookings.start_at DESC, bookings.id DESC"
	if q.Ascending {
		order = "bookings.start_at, bookings.id"
	}
	count := d.R(ctx).Table("bookings").Joins("JOIN resources ON resources.id = bookings.resource_id")
	return page[BookingView](where(count), where(d.bookingViews(ctx)).Order(order), limit, offset)
}

// BookingViewByID loads one booking with its names.
func (d *DB) BookingViewByID(ctx context.Context, id int64) (BookingView, error) {
	var out []BookingView
	if err := d.bookingViews(ctx).Where("bookings.id = ?", id).Limit(1).Scan(&out).Error; err != nil {
		return BookingView{}, err
	}
	if len(out) == 0 {
		return BookingView{}, gorm.ErrRecordNotFound
	}
	return out[0], nil
}

// BookingsByIDs loads bookings by ID in one query, earliest first.
func (d *DB) BookingsByIDs(ctx context.Context, ids []int64) ([]Booking, error) {
	var out []Booking
	if len(ids) == 0 {
		return out, nil
	}
	err := d.R(ctx).Where("id IN ?", ids).Order("start_at").Find(&out).Error
	return out, err
}

// DueBooking is a booking a scheduled job may move on, with the check-in grace of its resource.
type DueBooking struct {
	ID                  int64
	StartAt             time.Time
	EndAt               time.Time
	CheckinGraceMinutes int
}

// StartedConfirmedBookings lists, oldest first, confirmed bookings that started at or before
// now (candidates for no-show), with their resource's check-in grace.
func (d *DB) StartedConfirmedBookings(ctx context.Context, now time.Time, limit int) ([]DueBooking, error) {
	var out []DueBooking
	err := d.R(ctx).Table("bookings").
		Select("bookings.id, bookings.start_at, bookings.end_at, resources.checkin_grace_minutes").
		Joins("JOIN resources ON resources.id = bookings.resource_id").
		Where("bookings.status = ? AND bookings.start_at <= ? AND bookings.facility_time = ?", BookingConfirmed, now.UTC(), false).
		Order("bookings.start_at, bookings.id").Limit(limit).Scan(&out).Error
	return out, err
}

// EndedCheckedInBookings lists, oldest first, the IDs of checked-in bookings whose end is at or
// before now.
func (d *DB) EndedCheckedInBookings(ctx context.Context, now time.Time, limit int) ([]int64, error) {
	var ids []int64
	err := d.R(ctx).Model(&Booking{}).Where("status = ? AND end_at <= ?", BookingCheckedIn, now.UTC()).
		Order("end_at, id").Limit(limit).Pluck("id", &ids).Error
	return ids, err
}

// ActiveUserBookingsOverlapping lists the active bookings of the users that overlap [from, to),
// with their names, earliest first: what else the bookers hold at that time.
func (d *DB) ActiveUserBookingsOverlapping(ctx context.Context, userIDs []int64, from, to time.Time) ([]BookingView, error) {
	var out []BookingView
	err := d.bookingViews(ctx).
		Where("bookings.user_id IN ? AND bookings.status IN ? AND bookings.start_at < ? AND bookings.end_at > ?",
			userIDs, ActiveBookingStatuses, to.UTC(), from.UTC()).
		Order("bookings.start_at, bookings.id").Scan(&out).Error
	return out, err
}
