package models

import (
	"context"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ServiceMessageRow is a message of a request's thread with its author's name.
type ServiceMessageRow struct {
	ServiceMessage
	AuthorName string
}

// ServiceAttachmentRow is a file of a request with its uploader's name.
type ServiceAttachmentRow struct {
	ServiceAttachment
	UploaderName string
}

// ServiceThreadScope is the requests whose threads a reader counts: their organization's, their
// platforms', or (an admin, who stands on every platform's side) only the threads they opened.
type ServiceThreadScope struct {
	OrganizationID *int64
	FacilityIDs    []int64
	OnlyOpened     bool
}

// ServiceUnreadRow is how many messages of one request's thread a reader has not read.
type ServiceUnreadRow struct {
	RequestID int64
	Unread    int
}

// CreateServiceMessage inserts a message.
func (d *DB) CreateServiceMessage(ctx context.Context, m *ServiceMessage) error {
	return d.W(ctx).Create(m).Error
}

// CreateServiceAttachment inserts an attachment's row.
func (d *DB) CreateServiceAttachment(ctx context.Context, a *ServiceAttachment) error {
	return d.W(ctx).Create(a).Error
}

// ServiceMessageRows lists a request's thread, oldest first.
func (d *DB) ServiceMessageRows(ctx context.Context, requestID int64) ([]ServiceMessageRow, error) {
	var out []ServiceMessageRow
	err := d.R(ctx).Table("service_messages m").Select("m.*, u.name AS author_name").
		Joins("JOIN users u ON u.id = m.author_id").Where("m.request_id = ?", requestID).Order("m.id").Find(&out).Error
	return out, err
}

// ServiceAttachmentRows lists a request's files, oldest first: all of them, or those of kind.
func (d *DB) ServiceAttachmentRows(ctx context.Context, requestID int64, kind AttachmentKind) ([]ServiceAttachmentRow, error) {
	var out []ServiceAttachmentRow
	q := d.R(ctx).Table("service_attachments a").Select("a.*, u.name AS uploader_name").
		Joins("JOIN users u ON u.id = a.uploader_id").Where("a.request_id = ?", requestID)
	if kind != "" {
		q = q.Where("a.kind = ?", kind)
	}
	err := q.Order("a.id").Find(&out).Error
	return out, err
}

// ServiceAttachmentByID loads an attachment's row.
func (d *DB) ServiceAttachmentByID(ctx context.Context, id int64) (ServiceAttachment, error) {
	return first[ServiceAttachment](d.R(ctx), id)
}

// MarkServiceThreadRead records that the user has read a request's thread up to the message
// lastID; a mark never moves back (two tabs reading at once).
func (d *DB) MarkServiceThreadRead(ctx context.Context, requestID, userID, lastID int64) error {
	return d.W(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "request_id"}, {Name: "user_id"}},
		DoUpdates: clause.Assignments(map[string]any{"last_read_id": gorm.Expr(d.greatest("last_read_id", "?"), lastID)}),
	}).Create(&ServiceMessageRead{RequestID: requestID, UserID: userID, LastReadID: lastID}).Error
}

// ServiceUnread counts, per request of the scope (and of requestIDs when some are given), the
// messages the other side wrote after the last one the user read, newest request first;
// requests without unread messages are left out.
func (d *DB) ServiceUnread(ctx context.Context, userID int64, scope ServiceThreadScope, requestIDs []int64) ([]ServiceUnreadRow, error) {
	q := d.R(ctx).Table("service_messages m").Select("m.request_id, COUNT(*) AS unread").
		Joins("JOIN service_requests sr ON sr.id = m.request_id").
		Joins("LEFT JOIN service_message_reads rd ON rd.request_id = m.request_id AND rd.user_id = ?", userID).
		Where("m.author_id <> ? AND m.id > COALESCE(rd.last_read_id, 0)", userID)
	switch {
	case scope.OnlyOpened:
		q = q.Where("rd.user_id IS NOT NULL AND m.from_platform = ?", false)
	case scope.OrganizationID != nil:
		q = q.Where("sr.organization_id = ? AND m.from_platform = ?", *scope.OrganizationID, true)
	case len(scope.FacilityIDs) > 0:
		q = q.Where("sr.facility_id IN ? AND m.from_platform = ?", scope.FacilityIDs, false)
	default:
		return nil, nil
	}
	if len(requestIDs) > 0 {
		q = q.Where("m.request_id IN ?", requestIDs)
	}
	var out []ServiceUnreadRow
	err := q.Group("m.request_id").Order("m.request_id DESC").Find(&out).Error
	return out, err
}
