package models

import "time"

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
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// BookingClaim is one seat of one slot of the claim grid held by an active booking (or its
// buffer). Its primary key (resource, slot, seat) is what makes a double booking impossible.
type BookingClaim struct {
	ResourceID int64     `gorm:"primaryKey;autoIncrement:false"`
	SlotStart  time.Time `gorm:"primaryKey"`
	Seat       int       `gorm:"primaryKey;autoIncrement:false"`
	BookingID  int64
}

// Recurrence groups the occurrences of a recurring booking (a teacher's weekly class slot).
type Recurrence struct {
	ID         int64
	UserID     int64
	ResourceID int64
	Rule       string
	CreatedAt  time.Time
}

// Credit event kinds.
const (
	CreditNoShow     = "no_show"
	CreditLateCancel = "late_cancel"
	CreditCleared    = "cleared"
)

// CreditEvent is one entry of a user's booking credit record (信用).
type CreditEvent struct {
	ID        int64
	UserID    int64
	Kind      string
	BookingID *int64
	Points    int
	Note      string
	CreatedBy *int64
	CreatedAt time.Time
}
