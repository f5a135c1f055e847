package handlers

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"cqshare/app/catalog"
	"cqshare/app/core"
	"cqshare/app/imports"
	"cqshare/models"
)

// importProblemResponse is one bad cell of a checked file.
type importProblemResponse struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// importReportResponse is a check or an apply of an import.
type importReportResponse struct {
	ID        int64                   `json:"id"`
	Kind      string                  `json:"kind"`
	FileName  string                  `json:"file_name"`
	Rows      int                     `json:"rows"`
	Good      int                     `json:"good"`
	Bad       int                     `json:"bad"`
	Created   int                     `json:"created"`
	Updated   int                     `json:"updated"`
	Unchanged int                     `json:"unchanged"`
	Skipped   int                     `json:"skipped"`
	Problems  []importProblemResponse `json:"problems"`
	AppliedAt *time.Time              `json:"applied_at"`
}

func toImportReport(r imports.Report, l core.Lang) importReportResponse {
	return importReportResponse{ID: r.ID, Kind: r.Kind, FileName: r.FileName, Rows: r.Rows, Good: r.Good, Bad: r.Bad,
		Created: r.Created, Updated: r.Updated, Unchanged: r.Unchanged, Skipped: r.Skipped, AppliedAt: r.AppliedAt,
		Problems: mapSlice(r.Problems, func(p imports.Problem) importProblemResponse {
			return importProblemResponse{Row: p.Row, Column: p.Column, Field: p.Field, Code: p.Code, Message: l.Say(p.Message)}
		})}
}

// getImportTemplate downloads the template of resources or users as XLSX or CSV.
func (h *Handler) getImportTemplate(c echo.Context) error {
	kind := c.Param("kind")
	if kind != models.ImportResources && kind != models.ImportUsers {
		return core.ErrNotFound
	}
	format := c.QueryParam("format")
	var b bytes.Buffer
	if err := imports.WriteTemplate(&b, kind, format, fileLanguage(c, c.QueryParam("lang"))); err != nil {
		return err
	}
	if format == imports.FormatCSV {
		return attachment(c, kind+"-template.csv", "text/csv; charset=utf-8", b.Bytes())
	}
	return attachment(c, kind+"-template.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b.Bytes())
}

// checkImport checks an uploaded file (multipart: kind, facility_id or organization_id, file)
// and reports every bad row; nothing is written but the record of the check.
func (h *Handler) checkImport(c echo.Context) error {
	form, data, name, err := readImportForm(c, "kind", "facility_id", "organization_id", "on_bookings")
	if err != nil {
		return err
	}
	up := imports.Upload{Kind: formValue(form, "kind"), FileName: name, Data: data,
		OnBookings: catalog.OnBookings(formValue(form, "on_bookings"))}
	if up.FacilityID, err = formID(form, "facility_id"); err != nil {
		return err
	}
	if up.OrganizationID, err = formID(form, "organization_id"); err != nil {
		return err
	}
	rep, err := h.app.Imports.Check(c.Request().Context(), actor(c), up)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toImportReport(rep, language(c)))
}

// applyImport writes a checked file (multipart: the same file, good_only, on_bookings) once.
func (h *Handler) applyImport(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	form, data, _, err := readImportForm(c, "good_only", "on_bookings")
	if err != nil {
		return err
	}
	rep, err := h.app.Imports.Apply(c.Request().Context(), actor(c), id, data, formValue(form, "good_only") == "true",
		catalog.OnBookings(formValue(form, "on_bookings")))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toImportReport(rep, language(c)))
}

// getImport is a check or apply recorded.
func (h *Handler) getImport(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	rep, err := h.app.Imports.Run(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toImportReport(rep, language(c)))
}

// readImportForm reads a multipart form of the named fields and one file ("file" or "files"),
// at most the upload limit and a byte more, so a larger one is refused by its size.
func readImportForm(c echo.Context, fields ...string) (*multipart.Form, []byte, string, error) {
	form, err := c.MultipartForm()
	if err != nil {
		return nil, nil, "", echo.ErrUnsupportedMediaType
	}
	for name := range form.Value {
		known := false
		for _, f := range fields {
			known = known || f == name
		}
		if !known {
			return nil, nil, "", badRequest(name, core.T("request.unknown_field", "field", name))
		}
	}
	var fh *multipart.FileHeader
	for _, key := range []string{"file", "files", "files[]"} {
		if fs := form.File[key]; len(fs) > 0 {
			fh = fs[0]
		}
	}
	if fh == nil {
		return nil, nil, "", core.FieldError("file", "field.required")
	}
	f, err := fh.Open()
	if err != nil {
		return nil, nil, "", err
	}
	defer func() { _ = f.Close() }()
	data, err := io.ReadAll(f)
	return form, data, fh.Filename, err
}

// formID is a form's id field, 0 when absent.
func formID(form *multipart.Form, field string) (int64, error) {
	v := formValue(form, field)
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 1 {
		return 0, badRequest(field, core.T("field.invalid"))
	}
	return id, nil
}
