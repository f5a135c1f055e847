package models

import "time"

// PriceBasis is how a service offering is priced.
type PriceBasis string

// Price bases of a service offering.
const (
	PriceFixed     PriceBasis = "fixed"
	PricePerSample PriceBasis = "per_sample"
	PricePerHour   PriceBasis = "per_hour"
	PriceByQuote   PriceBasis = "by_quote"
)

// PriceBases lists every price basis.
var PriceBases = []PriceBasis{PriceFixed, PricePerSample, PricePerHour, PriceByQuote}

// ServiceOffering is a technical service a tech platform (共性技术服务平台) publishes.
type ServiceOffering struct {
	ID          int64
	FacilityID  int64 // the tech platform
	Name        string
	NameEn      string
	Description string
	ClusterID   *int64
	PriceBasis  PriceBasis
	PriceFen    int64 // per basis; 0 by quote
	// TurnaroundDays is the typical turnaround, in days.
	TurnaroundDays int
	// Requirements is what the SME must provide (samples, drawings, data).
	Requirements string
	// FirstResponseHours is the first-response target, in the platform's opening hours.
	FirstResponseHours int
	Active             bool
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// ServiceOfferingResource is a piece of equipment an offering uses.
type ServiceOfferingResource struct {
	OfferingID int64 `gorm:"primaryKey;autoIncrement:false"`
	ResourceID int64 `gorm:"primaryKey;autoIncrement:false"`
}

// ServiceRequestStatus is where a service request is in its life; app/services' transition
// table says how it moves.
type ServiceRequestStatus string

// Service request statuses.
const (
	RequestSubmitted  ServiceRequestStatus = "submitted"
	RequestQuoted     ServiceRequestStatus = "quoted"
	RequestAccepted   ServiceRequestStatus = "accepted"
	RequestInProgress ServiceRequestStatus = "in_progress"
	RequestDelivered  ServiceRequestStatus = "delivered"
	RequestClosed     ServiceRequestStatus = "closed"
	RequestRejected   ServiceRequestStatus = "rejected"
	RequestDeclined   ServiceRequestStatus = "declined"
	RequestCancelled  ServiceRequestStatus = "cancelled"
)

// ServiceRequestStatuses lists every service request status.
var ServiceRequestStatuses = []ServiceRequestStatus{RequestSubmitted, RequestQuoted, RequestAccepted,
	RequestInProgress, RequestDelivered, RequestClosed, RequestRejected, RequestDeclined, RequestCancelled}

// ServiceRequest is an SME's request for a technical service at a tech platform, with the times
// its service levels are measured from.
type ServiceRequest struct {
	ID             int64
	FacilityID     int64
	OfferingID     *int64 // nil for a free-form request to the platform
	OrganizationID int64  // the requesting SME; every member of it sees the request
	RequesterID    int64
	Title          string
	Description    string
	Quantity       int    // samples or units
	DesiredDate    string // local YYYY-MM-DD, or empty
	ContactName    string
	ContactPhone   string
	ContactEmail   string
	Status         ServiceRequestStatus
	QuoteID        *int64 // the quote in force
	SubmittedAt    time.Time
	ResponseDueAt  *time.Time
	// FirstResponseAt is the platform's first quote or message; FirstResponseMinutes and
	// TurnaroundMinutes are counted in the platform's opening hours.
	FirstResponseAt      *time.Time
	FirstResponseMinutes *int
	QuotedAt             *time.Time
	AcceptedAt           *time.Time
	DueAt                *time.Time // the end of the accepted quote's due date, local
	StartedAt            *time.Time
	DeliveredAt          *time.Time
	TurnaroundMinutes    *int
	ClosedAt             *time.Time
	AutoClosed           bool
	RevisionCount        int
	// The times the platform's managers were told the first response or the due date passed.
	ResponseOverdueNotifiedAt *time.Time
	DueOverdueNotifiedAt      *time.Time
	CreatedAt                 time.Time
	UpdatedAt                 time.Time
}

// QuoteStatus is where a quote stands.
type QuoteStatus string

// Quote statuses.
const (
	QuoteOffered    QuoteStatus = "offered"
	QuoteSuperseded QuoteStatus = "superseded"
	QuoteAccepted   QuoteStatus = "accepted"
	QuoteDeclined   QuoteStatus = "declined"
)

// ServiceQuote is the platform's price and due date for a request; a revised quote supersedes
// the one before.
type ServiceQuote struct {
	ID         int64
	RequestID  int64
	AmountFen  int64
	DueDate    string // local YYYY-MM-DD
	Terms      string
	ValidUntil time.Time
	Status     QuoteStatus
	CreatedBy  int64
	CreatedAt  time.Time
}

// ServiceRequestEvent is one move of a request: the action, the states, who and when.
type ServiceRequestEvent struct {
	ID         int64
	RequestID  int64
	Action     string
	FromStatus ServiceRequestStatus
	ToStatus   ServiceRequestStatus
	ActorID    *int64 // nil for the system (the auto-close job)
	Note       string
	CreatedAt  time.Time
}

// ServiceMessage is a message in a request's thread.
type ServiceMessage struct {
	ID           int64
	RequestID    int64
	AuthorID     int64
	FromPlatform bool
	Body         string
	CreatedAt    time.Time
}

// ServiceMessageRead is how far a reader has read a request's thread.
type ServiceMessageRead struct {
	RequestID  int64 `gorm:"primaryKey;autoIncrement:false"`
	UserID     int64 `gorm:"primaryKey;autoIncrement:false"`
	LastReadID int64
}

// AttachmentKind is why a file is attached to a request.
type AttachmentKind string

// Attachment kinds.
const (
	AttachmentRequest  AttachmentKind = "request"
	AttachmentMessage  AttachmentKind = "message"
	AttachmentDelivery AttachmentKind = "delivery"
)

// ServiceAttachment is a file of a request; its bytes are in the file store under StorageKey.
type ServiceAttachment struct {
	ID          int64
	RequestID   int64
	MessageID   *int64
	Kind        AttachmentKind
	UploaderID  int64
	FileName    string // sanitised
	ContentType string // detected from the content
	SizeBytes   int64
	SHA256      string `gorm:"column:sha256"`
	StorageKey  string
	CreatedAt   time.Time
}

// ServiceRating is the SME's rating of a delivered request (好差评), with the platform's public
// reply; a low rating awaits the reply until ReplyDueAt.
type ServiceRating struct {
	RequestID              int64 `gorm:"primaryKey;autoIncrement:false"`
	Score                  int
	Comment                string
	RatedBy                int64
	CreatedAt              time.Time
	Reply                  string
	RepliedBy              *int64
	RepliedAt              *time.Time
	ReplyDueAt             *time.Time
	ReplyOverdueNotifiedAt *time.Time
}
