package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// ServiceOfferingFilter selects offerings of the catalogue.
type ServiceOfferingFilter struct {
	Query      string
	ClusterID  int64
	District   string
	PriceBasis PriceBasis
	FacilityID int64
	// AllOf lists facilities whose inactive offerings are listed too; AllFacilities lists every
	// facility's (an admin's).
	AllOf         []int64
	AllFacilities bool
}

// ServiceOfferingRow is an offering with its platform's names and district and its rating.
type ServiceOfferingRow struct {
	ServiceOffering
	FacilityName   string
	FacilityNameEn string
	District       string
	RatingMean     *float64
	RatingCount    int
}

const offeringColumns = `o.*, f.name AS facility_name, f.name_en AS facility_name_en, f.district AS district,
	(SELECT AVG(sr.score) FROM service_ratings sr JOIN service_requests q ON q.id = sr.request_id WHERE q.offering_id = o.id) AS rating_mean,
	(SELECT COUNT(*) FROM service_ratings sr JOIN service_requests q ON q.id = sr.request_id WHERE q.offering_id = o.id) AS rating_count`

func (d *DB) offerings(ctx context.Context) *gorm.DB {
	return d.R(ctx).Table("service_offerings o").Joins("JOIN facilities f ON f.id = o.facility_id")
}

// ListServiceOfferings lists one page of the offerings that match, by platform and name, and
// how many match.
func (d *DB) ListServiceOfferings(ctx context.Context, f ServiceOfferingFilter, limit, offset int) ([]ServiceOfferingRow, int64, error) {
	q := d.offerings(ctx)
	switch {
	case f.AllFacilities:
	case len(f.AllOf) > 0:
		q = q.Where("(o.active = ? OR o.facility_id IN ?)", true, f.AllOf)
	default:
		q = q.Where("o.active = ?", true)
	}
	q = whereContains(q, f.Query, "o.name", "o.name_en", "o.description", "o.requirements")
	if f.ClusterID != 0 {
		q = q.Where("o.cluster_id = ?", f.ClusterID)
	}
	if f.District != "" {
		q = q.Where("f.district = ?", f.District)
	}
	if f.PriceBasis != "" {
		q = q.Where("o.price_basis = ?", f.PriceBasis)
	}
	if f.FacilityID != 0 {
		q = q.Where("o.facility_id = ?", f.FacilityID)
	}
	return page[ServiceOfferingRow](q, q.Select(offeringColumns).Order("f.name, o.name, o.id"), limit, offset)
}

// ServiceOfferingRowByID loads an offering with its platform's names and its rating.
func (d *DB) ServiceOfferingRowByID(ctx context.Context, id int64) (ServiceOfferingRow, error) {
	return first[ServiceOfferingRow](d.offerings(ctx).Select(offeringColumns).Where("o.id = ?", id))
}

// ServiceOfferingByID loads an offering.
func (d *DB) ServiceOfferingByID(ctx context.Context, id int64) (ServiceOffering, error) {
	return first[ServiceOffering](d.R(ctx), id)
}

// SaveServiceOffering writes every column of an offering.
func (d *DB) SaveServiceOffering(ctx context.Context, o *ServiceOffering) error {
	return d.W(ctx).Save(o).Error
}

// OfferingResourceIDs maps each offering to the resources it uses, by ID.
func (d *DB) OfferingResourceIDs(ctx context.Context, offeringIDs []int64) (map[int64][]int64, error) {
	var rows []ServiceOfferingResource
	out := map[int64][]int64{}
	if len(offeringIDs) == 0 {
		return out, nil
	}
	err := d.R(ctx).Where("offering_id IN ?", offeringIDs).Order("offering_id, resource_id").Find(&rows).Error
	for _, r := range rows {
		out[r.OfferingID] = append(out[r.OfferingID], r.ResourceID)
	}
	return out, err
}

// SetOfferingResources replaces the resources an offering uses.
func (d *DB) SetOfferingResources(ctx context.Context, offeringID int64, resourceIDs []int64) error {
	if err := d.W(ctx).Where("offering_id = ?", offeringID).Delete(&ServiceOfferingResource{}).Error; err != nil {
		return err
	}
	for _, id := range resourceIDs {
		if err := d.W(ctx).Create(&ServiceOfferingResource{OfferingID: offeringID, ResourceID: id}).Error; err != nil {
			return err
		}
	}
	return nil
}

// OfferingRatings lists the latest ratings of an offering's requests, newest first.
func (d *DB) OfferingRatings(ctx context.Context, offeringID int64, limit int) ([]ServiceRating, error) {
	var out []ServiceRating
	err := d.R(ctx).Table("service_ratings sr").Select("sr.*").Joins("JOIN service_requests q ON q.id = sr.request_id").
		Where("q.offering_id = ?", offeringID).Order("sr.created_at DESC, sr.request_id DESC").Limit(limit).Find(&out).Error
	return out, err
}

// ServiceRequestFilter selects service requests; the scope fields are set by app/services.
type ServiceRequestFilter struct {
	OrganizationID int64   // an SME's scope
	FacilityIDs    []int64 // a manager's scope
	All            bool    // an admin's scope
	Status         ServiceRequestStatus
	NotIn          []ServiceRequestStatus // states left out
	FacilityID     int64
	Overdue        bool
	Query          string
	Now            time.Time
}

// ServiceRequestRow is a request with the names of its platform, offering, organization and
// requester.
type ServiceRequestRow struct {
	ServiceRequest
	FacilityName     string
	FacilityNameEn   string
	OfferingName     string
	OfferingNameEn   string
	OrganizationName string
	RequesterName    string
}

const requestColumns = `r.*, f.name AS facility_name, f.name_en AS facility_name_en, COALESCE(o.name, '') AS offering_name,
	COALESCE(o.name_en, '') AS offering_name_en, org.name AS organization_name, u.name AS requester_name`

func (d *DB) requests(ctx context.Context) *gorm.DB {
	return d.R(ctx).Table("service_requests r").Joins("JOIN facilities f ON f.id = r.facility_id").
		Joins("LEFT JOIN service_offerings o ON o.id = r.offering_id").
		Joins("JOIN organizations org ON org.id = r.organization_id").Joins("JOIN users u ON u.id = r.requester_id")
}

// ListServiceRequests lists one page of the requests that match, newest first, and how many
// match. A filter without a scope matches nothing.
func (d *DB) ListServiceRequests(ctx context.Context, f ServiceRequestFilter, limit, offset int) ([]ServiceRequestRow, int64, error) {
	q := d.requests(ctx)
	switch {
	case f.All:
	case f.OrganizationID != 0:
		q = q.Where("r.organization_id = ?", f.OrganizationID)
	case len(f.FacilityIDs) > 0:
		q = q.Where("r.facility_id IN ?", f.FacilityIDs)
	default:
		return nil, 0, nil
	}
	if len(f.NotIn) > 0 {
		q = q.Where("r.status NOT IN ?", f.NotIn)
	}
	if f.Status != "" {
		q = q.Where("r.status = ?", f.Status)
	}
	if f.FacilityID != 0 {
		q = q.Where("r.facility_id = ?", f.FacilityID)
	}
	q = whereContains(q, f.Query, "r.title", "r.description")
	if f.Overdue {
		now := f.Now.UTC()
		q = q.Where(`((r.status = ? AND r.first_response_at IS NULL AND r.response_due_at < ?)
			OR (r.status IN ? AND r.due_at < ?)
			OR EXISTS (SELECT 1 FROM service_ratings sr WHERE sr.request_id = r.id AND sr.reply = '' AND sr.reply_due_at < ?))`,
			RequestSubmitted, now, []ServiceRequestStatus{RequestAccepted, RequestInProgress}, now, now)
	}
	return page[ServiceRequestRow](q, q.Select(requestColumns).Order("r.submitted_at DESC, r.id DESC"), limit, offset)
}

// ServiceRequestRowByID loads a request with its names.
func (d *DB) ServiceRequestRowByID(ctx context.Context, id int64) (ServiceRequestRow, error) {
	return first[ServiceRequestRow](d.requests(ctx).Select(requestColumns).Where("r.id = ?", id))
}

// MoveServiceRequest sets a request's status to `to`, with other columns, while it is still in
// `from`; false when it is not (another move got there first).
func (d *DB) MoveServiceRequest(ctx context.Context, id int64, from, to ServiceRequestStatus, columns map[string]any) (bool, error) {
	columns["status"] = to
	res := d.W(ctx).Model(&ServiceRequest{}).Where("id = ? AND status = ?", id, from).Updates(columns)
	return res.RowsAffected == 1, res.Error
}

// CountRevision adds one to a request's revision count.
func (d *DB) CountRevision(ctx context.Context, id int64) error {
	return d.W(ctx).Model(&ServiceRequest{}).Where("id = ?", id).Update("revision_count", gorm.Expr("revision_count + 1")).Error
}

// StampFirstResponse records a request's first response unless one is recorded; false when one was.
func (d *DB) StampFirstResponse(ctx context.Context, id int64, at time.Time, minutes int) (bool, error) {
	res := d.W(ctx).Model(&ServiceRequest{}).Where("id = ? AND first_response_at IS NULL", id).
		Updates(map[string]any{"first_response_at": at.UTC(), "first_response_minutes": minutes})
	return res.RowsAffected == 1, res.Error
}

// ServiceQuotesOf lists the quotes of a request, newest first.
func (d *DB) ServiceQuotesOf(ctx context.Context, requestID int64) ([]ServiceQuote, error) {
	var out []ServiceQuote
	err := d.R(ctx).Where("request_id = ?", requestID).Order("id DESC").Find(&out).Error
	return out, err
}

// ServiceQuotesByID maps quotes to their IDs.
func (d *DB) ServiceQuotesByID(ctx context.Context, ids []int64) (map[int64]ServiceQuote, error) {
	out := map[int64]ServiceQuote{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []ServiceQuote
	err := d.R(ctx).Where("id IN ?", ids).Find(&rows).Error
	for _, q := range rows {
		out[q.ID] = q
	}
	return out, err
}

// SetQuoteStatus moves a request's quotes from one status to another, and tells how many moved.
func (d *DB) SetQuoteStatus(ctx context.Context, requestID int64, from, to QuoteStatus) (int64, error) {
	res := d.W(ctx).Model(&ServiceQuote{}).Where("request_id = ? AND status = ?", requestID, from).Update("status", to)
	return res.RowsAffected, res.Error
}

// ServiceEventRow is a request's event with its actor's name.
type ServiceEventRow struct {
	ServiceRequestEvent
	ActorName string
}

// ServiceEventsOf lists a request's events, oldest first.
func (d *DB) ServiceEventsOf(ctx context.Context, requestID int64) ([]ServiceEventRow, error) {
	var out []ServiceEventRow
	err := d.R(ctx).Table("service_request_events e").Select("e.*, COALESCE(u.name, '') AS actor_name").
		Joins("LEFT JOIN users u ON u.id = e.actor_id").Where("e.request_id = ?", requestID).Order("e.id").Find(&out).Error
	return out, err
}

// ServiceBookingRow is equipment time booked for a request.
type ServiceBookingRow struct {
	ID           int64
	ResourceID   int64
	ResourceName string
	StartAt      time.Time
	EndAt        time.Time
	Status       BookingStatus
}

// ServiceBookingsOf lists the bookings made for a request, by start.
func (d *DB) ServiceBookingsOf(ctx context.Context, requestID int64) ([]ServiceBookingRow, error) {
	var out []ServiceBookingRow
	err := d.R(ctx).Table("bookings b").Select("b.id, b.resource_id, res.name AS resource_name, b.start_at, b.end_at, b.status").
		Joins("JOIN resources res ON res.id = b.resource_id").Where("b.service_request_id = ?", requestID).
		Order("b.start_at, b.id").Find(&out).Error
	return out, err
}

// FutureServiceBookingIDs lists the active bookings of a request that start after now.
func (d *DB) FutureServiceBookingIDs(ctx context.Context, requestID int64, now time.Time) ([]int64, error) {
	var ids []int64
	err := d.R(ctx).Model(&Booking{}).Where("service_request_id = ? AND start_at > ? AND status IN ?", requestID, now.UTC(),
		ActiveBookingStatuses).Order("id").Pluck("id", &ids).Error
	return ids, err
}

// ServiceRatingsOf maps requests to their ratings.
func (d *DB) ServiceRatingsOf(ctx context.Context, requestIDs []int64) (map[int64]ServiceRating, error) {
	out := map[int64]ServiceRating{}
	if len(requestIDs) == 0 {
		return out, nil
	}
	var rows []ServiceRating
	err := d.R(ctx).Where("request_id IN ?", requestIDs).Find(&rows).Error
	for _, r := range rows {
		out[r.RequestID] = r
	}
	return out, err
}

// ReplyServiceRating records the platform's reply to a rating not replied to yet; false when
// there is no such rating.
func (d *DB) ReplyServiceRating(ctx context.Context, requestID int64, reply string, by int64, at time.Time) (bool, error) {
	res := d.W(ctx).Model(&ServiceRating{}).Where("request_id = ? AND reply = ''", requestID).
		Updates(map[string]any{"reply": reply, "replied_by": by, "replied_at": at.UTC()})
	return res.RowsAffected == 1, res.Error
}

// The overdue conditions the services_overdue job notifies once each.
const (
	OverdueResponse = "response"
	OverdueDue      = "due"
	OverdueReply    = "reply"
)

// DeliveredServiceRequestsBefore lists up to limit requests delivered before t.
func (d *DB) DeliveredServiceRequestsBefore(ctx context.Context, t time.Time, limit int) ([]ServiceRequest, error) {
	var out []ServiceRequest
	err := d.R(ctx).Where("status = ? AND delivered_at <= ?", RequestDelivered, t.UTC()).Order("id").Limit(limit).Find(&out).Error
	return out, err
}

// OverdueServiceRequests lists up to limit requests past the deadline of the kind whose
// managers have not been told.
func (d *DB) OverdueServiceRequests(ctx context.Context, kind string, now time.Time, limit int) ([]ServiceRequest, error) {
	q := d.R(ctx).Table("service_requests r").Select("r.*")
	now = now.UTC()
	switch kind {
	case OverdueResponse:
		q = q.Where("r.status = ? AND r.first_response_at IS NULL AND r.response_due_at < ? AND r.response_overdue_notified_at IS NULL",
			RequestSubmitted, now)
	case OverdueDue:
		q = q.Where("r.status IN ? AND r.due_at < ? AND r.due_overdue_notified_at IS NULL",
			[]ServiceRequestStatus{RequestAccepted, RequestInProgress}, now)
	default:
		q = q.Joins("JOIN service_ratings sr ON sr.request_id = r.id").
			Where("sr.reply = '' AND sr.reply_due_at < ? AND sr.reply_overdue_notified_at IS NULL", now)
	}
	var out []ServiceRequest
	err := q.Order("r.id").Limit(limit).Find(&out).Error
	return out, err
}

// StampOverdueNotified records that the managers were told of a request's overdue kind; false
// when another run recorded it first.
func (d *DB) StampOverdueNotified(ctx context.Context, kind string, requestID int64, at time.Time) (bool, error) {
	var res *gorm.DB
	switch kind {
	case OverdueResponse:
		res = d.W(ctx).Model(&ServiceRequest{}).Where("id = ? AND response_overdue_notified_at IS NULL", requestID).
			Update("response_overdue_notified_at", at.UTC())
	case OverdueDue:
		res = d.W(ctx).Model(&ServiceRequest{}).Where("id = ? AND due_overdue_notified_at IS NULL", requestID).
			Update("due_overdue_notified_at", at.UTC())
	default:
		res = d.W(ctx).Model(&ServiceRating{}).Where("request_id = ? AND reply_overdue_notified_at IS NULL", requestID).
			Update("reply_overdue_notified_at", at.UTC())
	}
	return res.RowsAffected == 1, res.Error
}
