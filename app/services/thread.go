package services

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"cqshare/app/core"
	"cqshare/models"
)

// MessageView is a message of a request's thread with its files.
type MessageView struct {
	ID           int64
	AuthorID     int64
	AuthorName   string
	FromPlatform bool
	Body         string
	CreatedAt    time.Time
	Attachments  []AttachmentView
}

// UnreadView is how many messages a reader has not read, in total and per request.
type UnreadView struct {
	Total    int
	Requests []models.ServiceUnreadRow
}

// maxMessageBody bounds a message, in characters.
const maxMessageBody = 5000

// excerptLength is how much of a message its notification quotes, in characters.
const excerptLength = 200

// silentStates are the states whose thread stays readable but takes no more messages.
var silentStates = []models.ServiceRequestStatus{models.RequestClosed, models.RequestRejected,
	models.RequestDeclined, models.RequestCancelled}

// Messages lists a request's thread, oldest first, for one of its parties, and marks it read for
// them up to its last message.
func (s *Service) Messages(ctx context.Context, ac core.Actor, requestID int64) ([]MessageView, error) {
	r, _, err := s.requestFor(ctx, ac, requestID)
	if err != nil {
		return nil, err
	}
	rows, err := s.DB.ServiceMessageRows(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	atts, err := s.DB.ServiceAttachmentRows(ctx, r.ID, models.AttachmentMessage)
	if err != nil {
		return nil, err
	}
	byMessage := map[int64][]AttachmentView{}
	for _, a := range atts {
		if a.MessageID != nil {
			byMessage[*a.MessageID] = append(byMessage[*a.MessageID], toAttachmentView(a))
		}
	}
	out := make([]MessageView, len(rows))
	for i, m := range rows {
		out[i] = MessageView{ID: m.ID, AuthorID: m.AuthorID, AuthorName: m.AuthorName, FromPlatform: m.FromPlatform,
			Body: m.Body, CreatedAt: m.CreatedAt, Attachments: byMessage[m.ID]}
	}
	if len(rows) > 0 && ac.UserID != 0 {
		if err := s.DB.MarkServiceThreadRead(ctx, r.ID, ac.UserID, rows[len(rows)-1].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// PostMessage writes a message, with files, in a request's thread from the caller's side and
// tells the other side. The platform's first message is its first response, unless a quote came
// first. The files are stored before the message's transaction and removed if it fails.
func (s *Service) PostMessage(ctx context.Context, ac core.Actor, requestID int64, body string, uploads []Upload) (MessageView, error) {
	r, side, err := s.requestFor(ctx, ac, requestID)
	if err != nil {
		return MessageView{}, err
	}
	if slices.Contains(silentStates, r.Status) {
		return MessageView{}, refusedInState(r, "message")
	}
	body = strings.TrimSpace(body)
	if body == "" && len(uploads) == 0 {
		return MessageView{}, core.FieldError("body", "field.required")
	}
	if utf8.RuneCountInString(body) > maxMessageBody {
		return MessageView{}, core.FieldError("body", "field.max.string", "n", maxMessageBody)
	}
	files, err := s.checkUploads(uploads)
	if err != nil {
		return MessageView{}, err
	}
	defer closeFiles(files)
	now := s.Now()
	atts, err := s.storeFiles(ctx, files, models.ServiceAttachment{RequestID: r.ID, Kind: models.AttachmentMessage,
		UploaderID: ac.UserID, CreatedAt: now})
	if err != nil {
		return MessageView{}, err
	}
	m := models.ServiceMessage{RequestID: r.ID, AuthorID: ac.UserID, FromPlatform: side == SidePlatform, Body: body, CreatedAt: now}
	err = s.Tx(ctx, func(ctx context.Context) error {
		m.ID = 0 // a retried transaction inserts afresh
		if err := s.DB.CreateServiceMessage(ctx, &m); err != nil {
			return err
		}
		if err := s.insertAttachments(ctx, atts, &m.ID); err != nil {
			return err
		}
		other := SideSME
		if side == SideSME {
			other = SidePlatform
		} else if err := s.markFirstResponse(ctx, r); err != nil {
			return err
		}
		return s.notifySide(ctx, r, other, ac.UserID, "service_message", map[string]any{
			"message_id": m.ID, "author_name": ac.Name, "from_platform": m.FromPlatform, "excerpt": excerpt(body, atts)})
	})
	if err != nil {
		s.deleteBlobs(ctx, atts)
		return MessageView{}, err
	}
	v := MessageView{ID: m.ID, AuthorID: m.AuthorID, AuthorName: ac.Name, FromPlatform: m.FromPlatform, Body: m.Body, CreatedAt: m.CreatedAt}
	for _, a := range atts {
		v.Attachments = append(v.Attachments, toAttachmentView(models.ServiceAttachmentRow{ServiceAttachment: a, UploaderName: ac.Name}))
	}
	return v, nil
}

// excerpt is the start of a message on one line, for its notification; a message of files only
// is quoted as the names of its files.
func excerpt(body string, atts []models.ServiceAttachment) string {
	body = strings.Join(strings.Fields(body), " ")
	if body == "" {
		names := make([]string, len(atts))
		for i, a := range atts {
			names[i] = a.FileName
		}
		body = strings.Join(names, ", ")
	}
	if utf8.RuneCountInString(body) <= excerptLength {
		return body
	}
	return string([]rune(body)[:excerptLength-1]) + "…"
}

// Unread counts the messages the other side wrote in the threads of the requests the caller
// stands to, after the last one they read: their organization's (an SME's member), their platforms' (a
// manager), or, for an admin, who stands beside every platform, the threads they opened.
func (s *Service) Unread(ctx context.Context, ac core.Actor) (UnreadView, error) {
	rows, err := s.unreadRows(ctx, ac, nil)
	if err != nil {
		return UnreadView{}, err
	}
	v := UnreadView{Requests: rows}
	for _, r := range rows {
		v.Total += r.Unread
	}
	return v, nil
}

// unreadRows counts the caller's unread messages per request, as Unread does, of the requests
// given (a page of a list) or, with none, of every request they stand to.
func (s *Service) unreadRows(ctx context.Context, ac core.Actor, requestIDs []int64) ([]models.ServiceUnreadRow, error) {
	var scope models.ServiceThreadScope
	switch {
	case ac.IsAdmin():
		scope.OnlyOpened = true
	case ac.ScopedToFacilities():
		scope.FacilityIDs = ac.ManagedFacilityIDs
	case ac.Role == models.RoleSME:
		scope.OrganizationID = ac.OrganizationID
	}
	return s.DB.ServiceUnread(ctx, ac.UserID, scope, requestIDs)
}
