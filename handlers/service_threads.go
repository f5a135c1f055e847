package handlers

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"cqshare/app/core"
	"cqshare/app/services"
	"cqshare/models"
)

// serviceAttachmentResponse is a file of a service request.
type serviceAttachmentResponse struct {
	ID           int64     `json:"id"`
	Kind         string    `json:"kind"`
	FileName     string    `json:"file_name"`
	ContentType  string    `json:"content_type"`
	SizeBytes    int64     `json:"size_bytes"`
	CreatedAt    time.Time `json:"created_at"`
	UploaderName string    `json:"uploader_name"`
	URL          string    `json:"url"`
}

func toServiceAttachment(a services.AttachmentView) serviceAttachmentResponse {
	return serviceAttachmentResponse{ID: a.ID, Kind: string(a.Kind), FileName: a.FileName, ContentType: a.ContentType,
		SizeBytes: a.SizeBytes, CreatedAt: a.CreatedAt, UploaderName: a.UploaderName,
		URL: "/api/v1/service-attachments/" + strconv.FormatInt(a.ID, 10)}
}

// serviceMessageResponse is a message of a service request's thread.
type serviceMessageResponse struct {
	ID           int64                       `json:"id"`
	AuthorID     int64                       `json:"author_id"`
	AuthorName   string                      `json:"author_name"`
	FromPlatform bool                        `json:"from_platform"`
	Body         string                      `json:"body"`
	CreatedAt    time.Time                   `json:"created_at"`
	Attachments  []serviceAttachmentResponse `json:"attachments"`
}

func toServiceMessage(m services.MessageView) serviceMessageResponse {
	return serviceMessageResponse{ID: m.ID, AuthorID: m.AuthorID, AuthorName: m.AuthorName, FromPlatform: m.FromPlatform,
		Body: m.Body, CreatedAt: m.CreatedAt, Attachments: mapSlice(m.Attachments, toServiceAttachment)}
}

type itemsResponse[T any] struct {
	Items []T `json:"items"`
}

type serviceUnreadRequest struct {
	RequestID int64 `json:"request_id"`
	Unread    int   `json:"unread"`
}

type serviceUnreadResponse struct {
	Total    int                    `json:"total"`
	Requests []serviceUnreadRequest `json:"requests"`
}

func (h *Handler) listServiceMessages(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	msgs, err := h.app.Services.Messages(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, itemsResponse[serviceMessageResponse]{Items: mapSlice(msgs, toServiceMessage)})
}

func (h *Handler) postServiceMessage(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	form, err := readUploadForm(c, "body")
	if err != nil {
		return err
	}
	defer func() { _ = form.RemoveAll() }()
	m, err := h.app.Services.PostMessage(c.Request().Context(), actor(c), id, formValue(form, "body"), uploads(form))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toServiceMessage(m))
}

func (h *Handler) uploadServiceAttachments(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	form, err := readUploadForm(c, "kind")
	if err != nil {
		return err
	}
	defer func() { _ = form.RemoveAll() }()
	atts, err := h.app.Services.UploadAttachments(c.Request().Context(), actor(c), id,
		models.AttachmentKind(formValue(form, "kind")), uploads(form))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, itemsResponse[serviceAttachmentResponse]{Items: mapSlice(atts, toServiceAttachment)})
}

func (h *Handler) myServiceUnread(c echo.Context) error {
	v, err := h.app.Services.Unread(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, serviceUnreadResponse{Total: v.Total, Requests: mapSlice(v.Requests,
		func(r models.ServiceUnreadRow) serviceUnreadRequest {
			return serviceUnreadRequest{RequestID: r.RequestID, Unread: r.Unread}
		})})
}

// downloadServiceAttachment answers a file as a download that the browser never shows as part of
// the site: attachment, nosniff, and a sandbox policy should it be opened anyway.
func (h *Handler) downloadServiceAttachment(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	a, body, err := h.app.Services.Attachment(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	defer body.Close()
	hd := c.Response().Header()
	hd.Set(echo.HeaderContentDisposition, contentDisposition(a.FileName))
	hd.Set(echo.HeaderXContentTypeOptions, "nosniff")
	hd.Set(echo.HeaderContentSecurityPolicy, "sandbox")
	hd.Set(echo.HeaderContentLength, strconv.FormatInt(a.SizeBytes, 10))
	return c.Stream(http.StatusOK, a.ContentType, body)
}

// contentDisposition is an attachment header naming the file twice: in ASCII for old clients and
// in UTF-8 as RFC 5987's filename*, which every current browser prefers.
func contentDisposition(name string) string {
	var ascii, ext strings.Builder
	for _, r := range name {
		switch {
		case r < 0x20 || r >= 0x7f || r == '"' || r == '\\':
			ascii.WriteByte('_')
		default:
			ascii.WriteRune(r)
		}
	}
	for _, b := range []byte(name) {
		if ('a' <= b && b <= 'z') || ('A' <= b && b <= 'Z') || ('0' <= b && b <= '9') || strings.IndexByte("!#$&+-.^_`|~", b) >= 0 {
			ext.WriteByte(b)
		} else {
			fmt.Fprintf(&ext, "%%%02X", b)
		}
	}
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii.String(), ext.String())
}

// uploadRoutes are the routes whose body is a multipart upload, with the limit uploadBodyLimit
// sets in place of the server-wide one.
var uploadRoutes = map[string]bool{
	"/api/v1/service-requests/:id/messages":    true,
	"/api/v1/service-requests/:id/attachments": true,
	"/api/v1/imports/check":                    true,
	"/api/v1/imports/:id/apply":                true,
}

// isUpload reports whether the request is an upload, which the server-wide body limit skips.
func isUpload(c echo.Context) bool {
	return c.Request().Method == http.MethodPost && uploadRoutes[c.Path()]
}

// uploadBodyLimit bounds an upload's body: as many files as one upload takes, each at the
// largest size allowed, and a megabyte for the form's other fields and framing. A larger file
// within that is refused by the service as file_too_large, naming it.
func (h *Handler) uploadBodyLimit() echo.MiddlewareFunc {
	return middleware.BodyLimit(fmt.Sprintf("%dM", services.MaxFiles*h.app.Config().MaxUploadMB+1))
}

// readUploadForm parses a multipart form with the named text field and files[]; any other field
// is a 400 naming it, a body of another type a 415.
func readUploadForm(c echo.Context, field string) (*multipart.Form, error) {
	form, err := c.MultipartForm()
	if err != nil {
		var he *echo.HTTPError
		switch {
		case errors.As(err, &he):
			return nil, he
		case errors.Is(err, http.ErrNotMultipart), errors.Is(err, http.ErrMissingBoundary):
			return nil, echo.ErrUnsupportedMediaType
		case strings.Contains(err.Error(), "request body too large"):
			return nil, echo.ErrStatusRequestEntityTooLarge
		}
		return nil, badRequest("", core.T("request.malformed"))
	}
	for name := range form.Value {
		if name != field {
			_ = form.RemoveAll()
			return nil, badRequest(name, core.T("request.unknown_field", "field", name))
		}
	}
	for name := range form.File {
		if name != "files" && name != "files[]" {
			_ = form.RemoveAll()
			return nil, badRequest(name, core.T("request.unknown_field", "field", name))
		}
	}
	return form, nil
}

// formValue is a form's first value of a field.
func formValue(form *multipart.Form, field string) string {
	if v := form.Value[field]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// uploads are the form's files, as the services take them.
func uploads(form *multipart.Form) []services.Upload {
	var out []services.Upload
	for _, key := range []string{"files", "files[]"} {
		for _, fh := range form.File[key] {
			out = append(out, services.Upload{Name: fh.Filename, Size: fh.Size,
				Open: func() (io.ReadCloser, error) { return fh.Open() }})
		}
	}
	return out
}
