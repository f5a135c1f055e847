package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"cqshare/app/core"
	"cqshare/app/services"
	"cqshare/models"
)

type offeringListQuery struct {
	Paging          pageQuery
	Query           string `query:"q" validate:"max=100"`
	ClusterID       int64  `query:"cluster_id" validate:"omitempty,min=1"`
	District        string `query:"district" validate:"max=100"`
	PriceBasis      string `query:"price_basis" validate:"omitempty,oneof=fixed per_sample per_hour by_quote"`
	FacilityID      int64  `query:"facility_id" validate:"omitempty,min=1"`
	IncludeInactive bool   `query:"include_inactive"`
}

type offeringRequest struct {
	FacilityID         int64   `json:"facility_id" validate:"required,min=1"`
	Name               string  `json:"name" validate:"required,max=200"`
	NameEn             string  `json:"name_en" validate:"max=200"`
	Description        string  `json:"description" validate:"max=5000"`
	ClusterID          *int64  `json:"cluster_id" validate:"omitempty,min=1"`
	PriceBasis         string  `json:"price_basis" validate:"required,oneof=fixed per_sample per_hour by_quote"`
	PriceFen           int64   `json:"price_fen" validate:"min=0,max=100000000000"`
	TurnaroundDays     int     `json:"turnaround_days" validate:"required,min=1,max=365"`
	Requirements       string  `json:"requirements" validate:"max=5000"`
	FirstResponseHours int     `json:"first_response_hours" validate:"required,min=1,max=720"`
	Active             *bool   `json:"active"`
	ResourceIDs        []int64 `json:"resource_ids" validate:"max=50,dive,min=1"`
}

type offeringPatchRequest struct {
	Name               *string         `json:"name" validate:"omitempty,min=1,max=200"`
	NameEn             *string         `json:"name_en" validate:"omitempty,max=200"`
	Description        *string         `json:"description" validate:"omitempty,max=5000"`
	ClusterID          nullable[int64] `json:"cluster_id"`
	PriceBasis         *string         `json:"price_basis" validate:"omitempty,oneof=fixed per_sample per_hour by_quote"`
	PriceFen           *int64          `json:"price_fen" validate:"omitempty,min=0,max=100000000000"`
	TurnaroundDays     *int            `json:"turnaround_days" validate:"omitempty,min=1,max=365"`
	Requirements       *string         `json:"requirements" validate:"omitempty,max=5000"`
	FirstResponseHours *int            `json:"first_response_hours" validate:"omitempty,min=1,max=720"`
	Active             *bool           `json:"active"`
	ResourceIDs        *[]int64        `json:"resource_ids" validate:"omitempty,max=50,dive,min=1"`
}

type serviceRequestListQuery struct {
	Paging     pageQuery
	Status     string `query:"status" validate:"omitempty,oneof=submitted quoted accepted in_progress delivered closed rejected declined cancelled"`
	FacilityID int64  `query:"facility_id" validate:"omitempty,min=1"`
	Overdue    bool   `query:"overdue"`
	Open       bool   `query:"open"`
	Query      string `query:"q" validate:"max=100"`
}

type serviceRequestRequest struct {
	OfferingID   *int64 `json:"offering_id" validate:"omitempty,min=1"`
	FacilityID   *int64 `json:"facility_id" validate:"omitempty,min=1"`
	Title        string `json:"title" validate:"required,max=200"`
	Description  string `json:"description" validate:"required,max=5000"`
	Quantity     int    `json:"quantity" validate:"required,min=1,max=100000"`
	DesiredDate  string `json:"desired_date"`
	ContactName  string `json:"contact_name" validate:"required,max=100"`
	ContactPhone string `json:"contact_phone" validate:"required,max=40"`
	ContactEmail string `json:"contact_email" validate:"required,email,max=254"`
}

type quoteRequest struct {
	AmountFen  *int64 `json:"amount_fen" validate:"required,min=0,max=100000000000"`
	DueDate    string `json:"due_date" validate:"required"`
	Terms      string `json:"terms" validate:"max=5000"`
	ValidUntil string `json:"valid_until" validate:"required"`
}

type serviceNoteRequest struct {
	Note string `json:"note" validate:"max=5000"`
}

type reserveRequest struct {
	ResourceID int64  `json:"resource_id" validate:"required,min=1"`
	StartAt    string `json:"start_at" validate:"required"`
	EndAt      string `json:"end_at" validate:"required"`
}

type ratingRequest struct {
	Score   int    `json:"score" validate:"required,min=1,max=5"`
	Comment string `json:"comment" validate:"max=2000"`
}

type ratingReplyRequest struct {
	Reply string `json:"reply" validate:"required,max=2000"`
}

type ratingResponse struct {
	Score      int        `json:"score"`
	Comment    string     `json:"comment"`
	CreatedAt  time.Time  `json:"created_at"`
	Reply      string     `json:"reply"`
	RepliedAt  *time.Time `json:"replied_at"`
	ReplyDueAt *time.Time `json:"reply_due_at"`
}

func toRating(r models.ServiceRating) ratingResponse {
	return ratingResponse{Score: r.Score, Comment: r.Comment, CreatedAt: r.CreatedAt.UTC(), Reply: r.Reply,
		RepliedAt: utc(r.RepliedAt), ReplyDueAt: utc(r.ReplyDueAt)}
}

// utc is t in UTC, nil for nil.
func utc(t *time.Time) *time.Time { return inLoc(t, time.UTC) }

// offeringResponse is an offering of the catalogue as the API shows it.
type offeringResponse struct {
	ID                 int64             `json:"id"`
	FacilityID         int64             `json:"facility_id"`
	FacilityName       string            `json:"facility_name"`
	FacilityNameEn     string            `json:"facility_name_en"`
	District           string            `json:"district"`
	Name               string            `json:"name"`
	NameEn             string            `json:"name_en"`
	Description        string            `json:"description"`
	ClusterID          *int64            `json:"cluster_id"`
	PriceBasis         models.PriceBasis `json:"price_basis"`
	PriceFen           int64             `json:"price_fen"`
	TurnaroundDays     int               `json:"turnaround_days"`
	Requirements       string            `json:"requirements"`
	FirstResponseHours int               `json:"first_response_hours"`
	Active             bool              `json:"active"`
	ResourceIDs        []int64           `json:"resource_ids"`
	RatingMean         *float64          `json:"rating_mean"`
	RatingCount        int               `json:"rating_count"`
}

func toOffering(v services.OfferingView) offeringResponse {
	return offeringResponse{ID: v.ID, FacilityID: v.FacilityID, FacilityName: v.FacilityName, FacilityNameEn: v.FacilityNameEn,
		District: v.District, Name: v.Name, NameEn: v.NameEn, Description: v.Description, ClusterID: v.ClusterID,
		PriceBasis: v.PriceBasis, PriceFen: v.PriceFen, TurnaroundDays: v.TurnaroundDays, Requirements: v.Requirements,
		FirstResponseHours: v.FirstResponseHours, Active: v.Active, ResourceIDs: v.ResourceIDs, RatingMean: v.RatingMean,
		RatingCount: v.RatingCount}
}

type offeringRatingSummary struct {
	Mean  *float64 `json:"mean"`
	Count int      `json:"count"`
}

type offeringDetailResponse struct {
	offeringResponse
	Resources []namedResponse       `json:"resources"`
	Rating    offeringRatingSummary `json:"rating"`
	Ratings   []ratingResponse      `json:"ratings"`
	Actions   []string              `json:"actions"`
}

func toOfferingDetail(v services.OfferingDetail) offeringDetailResponse {
	return offeringDetailResponse{offeringResponse: toOffering(v.OfferingView),
		Resources: mapSlice(v.Resources, func(r models.Resource) namedResponse { return namedResponse{ID: r.ID, Name: r.Name} }),
		Rating:    offeringRatingSummary{Mean: v.RatingMean, Count: v.RatingCount},
		Ratings:   mapSlice(v.Ratings, toRating), Actions: v.Actions}
}

type serviceQuoteResponse struct {
	ID         int64              `json:"id"`
	AmountFen  int64              `json:"amount_fen"`
	DueDate    string             `json:"due_date"`
	Terms      string             `json:"terms"`
	ValidUntil time.Time          `json:"valid_until"`
	Status     models.QuoteStatus `json:"status"`
	CreatedAt  time.Time          `json:"created_at"`
}

func toQuote(q models.ServiceQuote) serviceQuoteResponse {
	return serviceQuoteResponse{ID: q.ID, AmountFen: q.AmountFen, DueDate: q.DueDate, Terms: q.Terms,
		ValidUntil: q.ValidUntil.UTC(), Status: q.Status, CreatedAt: q.CreatedAt.UTC()}
}

// serviceRequestResponse is a request as its list shows it; times are UTC.
type serviceRequestResponse struct {
	ID                   int64                       `json:"id"`
	FacilityID           int64                       `json:"facility_id"`
	FacilityName         string                      `json:"facility_name"`
	FacilityNameEn       string                      `json:"facility_name_en"`
	OfferingID           *int64                      `json:"offering_id"`
	OfferingName         string                      `json:"offering_name"`
	OfferingNameEn       string                      `json:"offering_name_en"`
	OrganizationID       int64                       `json:"organization_id"`
	OrganizationName     string                      `json:"organization_name"`
	RequesterID          int64                       `json:"requester_id"`
	RequesterName        string                      `json:"requester_name"`
	Title                string                      `json:"title"`
	Status               models.ServiceRequestStatus `json:"status"`
	Quote                *serviceQuoteResponse       `json:"quote"`
	SubmittedAt          time.Time                   `json:"submitted_at"`
	ResponseDueAt        *time.Time                  `json:"response_due_at"`
	FirstResponseAt      *time.Time                  `json:"first_response_at"`
	FirstResponseMinutes *int                        `json:"first_response_minutes"`
	QuotedAt             *time.Time                  `json:"quoted_at"`
	AcceptedAt           *time.Time                  `json:"accepted_at"`
	DueAt                *time.Time                  `json:"due_at"`
	StartedAt            *time.Time                  `json:"started_at"`
	DeliveredAt          *time.Time                  `json:"delivered_at"`
	TurnaroundMinutes    *int                        `json:"turnaround_minutes"`
	ClosedAt             *time.Time                  `json:"closed_at"`
	AutoClosed           bool                        `json:"auto_closed"`
	RevisionCount        int                         `json:"revision_count"`
	Flags                []string                    `json:"flags"`
	UnreadCount          int                         `json:"unread_count"`
	Actions              []services.Action           `json:"actions"`
}

func toServiceRequest(v services.RequestView) serviceRequestResponse {
	out := serviceRequestResponse{ID: v.ID, FacilityID: v.FacilityID, FacilityName: v.FacilityName, FacilityNameEn: v.FacilityNameEn,
		OfferingID: v.OfferingID, OfferingName: v.OfferingName, OfferingNameEn: v.OfferingNameEn, OrganizationID: v.OrganizationID,
		OrganizationName: v.OrganizationName, RequesterID: v.RequesterID, RequesterName: v.RequesterName, Title: v.Title,
		Status: v.Status, SubmittedAt: v.SubmittedAt.UTC(), ResponseDueAt: utc(v.ResponseDueAt), FirstResponseAt: utc(v.FirstResponseAt),
		FirstResponseMinutes: v.FirstResponseMinutes, QuotedAt: utc(v.QuotedAt), AcceptedAt: utc(v.AcceptedAt), DueAt: utc(v.DueAt),
		StartedAt: utc(v.StartedAt), DeliveredAt: utc(v.DeliveredAt), TurnaroundMinutes: v.TurnaroundMinutes, ClosedAt: utc(v.ClosedAt),
		AutoClosed: v.AutoClosed, RevisionCount: v.RevisionCount, Flags: v.Flags, UnreadCount: v.Unread, Actions: v.Actions}
	if v.Quote != nil {
		q := toQuote(*v.Quote)
		out.Quote = &q
	}
	return out
}

type serviceEventResponse struct {
	ID         int64                       `json:"id"`
	Action     string                      `json:"action"`
	FromStatus models.ServiceRequestStatus `json:"from_status"`
	ToStatus   models.ServiceRequestStatus `json:"to_status"`
	ActorID    *int64                      `json:"actor_id"`
	ActorName  string                      `json:"actor_name"`
	Note       string                      `json:"note"`
	CreatedAt  time.Time                   `json:"created_at"`
}

type serviceBookingResponse struct {
	ID           int64                `json:"id"`
	ResourceID   int64                `json:"resource_id"`
	ResourceName string               `json:"resource_name"`
	StartAt      time.Time            `json:"start_at"`
	EndAt        time.Time            `json:"end_at"`
	Status       models.BookingStatus `json:"status"`
}

// serviceRequestDetailResponse is a request with its quotes, timeline, bookings, rating and files.
type serviceRequestDetailResponse struct {
	serviceRequestResponse
	Description  string                      `json:"description"`
	Quantity     int                         `json:"quantity"`
	DesiredDate  string                      `json:"desired_date"`
	ContactName  string                      `json:"contact_name"`
	ContactPhone string                      `json:"contact_phone"`
	ContactEmail string                      `json:"contact_email"`
	Quotes       []serviceQuoteResponse      `json:"quotes"`
	Events       []serviceEventResponse      `json:"events"`
	Bookings     []serviceBookingResponse    `json:"bookings"`
	Rating       *ratingResponse             `json:"rating"`
	Attachments  []serviceAttachmentResponse `json:"attachments"`
}

func toServiceRequestDetail(v services.RequestDetail) serviceRequestDetailResponse {
	out := serviceRequestDetailResponse{serviceRequestResponse: toServiceRequest(v.RequestView), Description: v.Description,
		Quantity: v.Quantity, DesiredDate: v.DesiredDate, ContactName: v.ContactName, ContactPhone: v.ContactPhone,
		ContactEmail: v.ContactEmail, Quotes: mapSlice(v.Quotes, toQuote),
		Events: mapSlice(v.Events, func(e models.ServiceEventRow) serviceEventResponse {
			return serviceEventResponse{ID: e.ID, Action: e.Action, FromStatus: e.FromStatus, ToStatus: e.ToStatus, ActorID: e.ActorID,
				ActorName: e.ActorName, Note: e.Note, CreatedAt: e.CreatedAt.UTC()}
		}),
		Bookings: mapSlice(v.Bookings, func(b models.ServiceBookingRow) serviceBookingResponse {
			return serviceBookingResponse{ID: b.ID, ResourceID: b.ResourceID, ResourceName: b.ResourceName, StartAt: b.StartAt.UTC(),
				EndAt: b.EndAt.UTC(), Status: b.Status}
		}),
		Attachments: mapSlice(v.Attachments, toServiceAttachment)}
	if v.Rating != nil {
		r := toRating(*v.Rating)
		out.Rating = &r
	}
	return out
}

func (h *Handler) listServiceOfferings(c echo.Context) error {
	q, err := bind[offeringListQuery](h, c)
	if err != nil {
		return err
	}
	items, total, err := h.app.Services.Offerings(c.Request().Context(), actor(c), services.OfferingFilter{Query: q.Query,
		ClusterID: q.ClusterID, District: q.District, PriceBasis: models.PriceBasis(q.PriceBasis), FacilityID: q.FacilityID,
		IncludeInactive: q.IncludeInactive}, q.Paging.page())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(items, toOffering), total))
}

func (h *Handler) getServiceOffering(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	v, err := h.app.Services.Offering(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toOfferingDetail(v))
}

func (h *Handler) createServiceOffering(c echo.Context) error {
	req, err := bind[offeringRequest](h, c)
	if err != nil {
		return err
	}
	active := req.Active == nil || *req.Active
	v, err := h.app.Services.CreateOffering(c.Request().Context(), actor(c), services.OfferingInput{FacilityID: req.FacilityID,
		Name: req.Name, NameEn: req.NameEn, Description: req.Description, ClusterID: req.ClusterID,
		PriceBasis: models.PriceBasis(req.PriceBasis), PriceFen: req.PriceFen, TurnaroundDays: req.TurnaroundDays,
		Requirements: req.Requirements, FirstResponseHours: req.FirstResponseHours, Active: active, ResourceIDs: req.ResourceIDs})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toOfferingDetail(v))
}

func (h *Handler) updateServiceOffering(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	req, err := bind[offeringPatchRequest](h, c)
	if err != nil {
		return err
	}
	p := services.OfferingPatch{Name: req.Name, NameEn: req.NameEn, Description: req.Description, Requirements: req.Requirements,
		ClusterID: req.ClusterID.orZero(), PriceFen: req.PriceFen, TurnaroundDays: req.TurnaroundDays,
		FirstResponseHours: req.FirstResponseHours, Active: req.Active, ResourceIDs: req.ResourceIDs}
	if req.PriceBasis != nil {
		b := models.PriceBasis(*req.PriceBasis)
		p.PriceBasis = &b
	}
	v, err := h.app.Services.UpdateOffering(c.Request().Context(), actor(c), id, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toOfferingDetail(v))
}

func (h *Handler) listServiceRequests(c echo.Context) error {
	q, err := bind[serviceRequestListQuery](h, c)
	if err != nil {
		return err
	}
	items, total, err := h.app.Services.Requests(c.Request().Context(), actor(c), services.RequestFilter{
		Status: models.ServiceRequestStatus(q.Status), FacilityID: q.FacilityID, Overdue: q.Overdue, Open: q.Open, Query: q.Query}, q.Paging.page())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(items, toServiceRequest), total))
}

func (h *Handler) submitServiceRequest(c echo.Context) error {
	req, err := bind[serviceRequestRequest](h, c)
	if err != nil {
		return err
	}
	v, err := h.app.Services.SubmitRequest(c.Request().Context(), actor(c), services.NewRequest{OfferingID: req.OfferingID,
		FacilityID: req.FacilityID, Title: req.Title, Description: req.Description, Quantity: req.Quantity,
		DesiredDate: req.DesiredDate, ContactName: req.ContactName, ContactPhone: req.ContactPhone, ContactEmail: req.ContactEmail})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toServiceRequestDetail(v))
}

func (h *Handler) getServiceRequest(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	v, err := h.app.Services.Request(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toServiceRequestDetail(v))
}

func (h *Handler) quoteServiceRequest(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if _, err := h.app.Services.Request(c.Request().Context(), actor(c), id); err != nil {
		return err // before the body, as reserveServiceEquipment
	}
	req, err := bind[quoteRequest](h, c)
	if err != nil {
		return err
	}
	fields := map[string]core.Text{}
	validUntil := readTime(fields, "valid_until", req.ValidUntil)
	if len(fields) > 0 {
		return core.ValidationError(fields)
	}
	v, err := h.app.Services.QuoteRequest(c.Request().Context(), actor(c), id, services.NewQuote{AmountFen: *req.AmountFen,
		DueDate: req.DueDate, Terms: req.Terms, ValidUntil: validUntil})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toServiceRequestDetail(v))
}

// moveServiceRequest is the handler of a move that carries at most a note.
func (h *Handler) moveServiceRequest(a services.Action) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := pathID(c, "id")
		if err != nil {
			return err
		}
		req, err := bind[serviceNoteRequest](h, c)
		if err != nil {
			return err
		}
		v, err := h.app.Services.Transition(c.Request().Context(), actor(c), id, a, req.Note)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, toServiceRequestDetail(v))
	}
}

func (h *Handler) reserveServiceEquipment(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	// Before the body: whoever is on neither side of the request learns nothing from its faults.
	if _, err := h.app.Services.Request(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	req, err := bind[reserveRequest](h, c)
	if err != nil {
		return err
	}
	start, end, err := parseInterval("start_at", req.StartAt, "end_at", req.EndAt)
	if err != nil {
		return err
	}
	v, err := h.app.Services.ReserveEquipment(c.Request().Context(), actor(c), id, services.Equipment{ResourceID: req.ResourceID,
		StartAt: start, EndAt: end})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toServiceRequestDetail(v))
}

func (h *Handler) rateServiceRequest(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if _, err := h.app.Services.Request(c.Request().Context(), actor(c), id); err != nil {
		return err // before the body, as reserveServiceEquipment
	}
	req, err := bind[ratingRequest](h, c)
	if err != nil {
		return err
	}
	v, err := h.app.Services.RateRequest(c.Request().Context(), actor(c), id, req.Score, req.Comment)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toServiceRequestDetail(v))
}

func (h *Handler) replyServiceRating(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if _, err := h.app.Services.Request(c.Request().Context(), actor(c), id); err != nil {
		return err // before the body, as reserveServiceEquipment
	}
	req, err := bind[ratingReplyRequest](h, c)
	if err != nil {
		return err
	}
	v, err := h.app.Services.ReplyToRating(c.Request().Context(), actor(c), id, req.Reply)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toServiceRequestDetail(v))
}
