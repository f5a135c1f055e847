package handlers

import (
	"bytes"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"cqshare/app/accounts"
)

type personalDataQuery struct {
	Format string `query:"format" validate:"omitempty,oneof=json xlsx"`
	Lang   string `query:"lang" validate:"omitempty,oneof=zh-CN zh en"`
}

// personalDataResponse is everything the platform holds about a person, table by table, each
// row an object of the table's columns.
type personalDataResponse struct {
	UserID     int64                   `json:"user_id"`
	ExportedAt time.Time               `json:"exported_at"`
	Tables     []personalTableResponse `json:"tables"`
}

type personalTableResponse struct {
	Name string           `json:"name"`
	Rows []map[string]any `json:"rows"`
}

func toPersonalData(d accounts.PersonalData) personalDataResponse {
	out := personalDataResponse{UserID: d.UserID, ExportedAt: d.ExportedAt, Tables: make([]personalTableResponse, 0, len(d.Tables))}
	for _, t := range d.Tables {
		rows := make([]map[string]any, 0, len(t.Rows))
		for _, r := range t.Rows {
			row := make(map[string]any, len(t.Columns))
			for i, c := range t.Columns {
				row[c] = r[i]
			}
			rows = append(rows, row)
		}
		out.Tables = append(out.Tables, personalTableResponse{Name: t.Name, Rows: rows})
	}
	return out
}

// myPersonalData hands people everything the platform holds about them.
func (h *Handler) myPersonalData(c echo.Context) error {
	return h.personalData(c, actor(c).UserID)
}

// userPersonalData hands an administrator a person's data, on that person's request.
func (h *Handler) userPersonalData(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	return h.personalData(c, id)
}

// personalData answers a person's data as a JSON file, or as a workbook with its sheets named
// in the language of lang, or else of Accept-Language.
func (h *Handler) personalData(c echo.Context, userID int64) error {
	q, err := bind[personalDataQuery](h, c)
	if err != nil {
		return err
	}
	d, err := h.app.Accounts.PersonalData(c.Request().Context(), actor(c), userID)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("personal-data-%d-%s", d.UserID, d.ExportedAt.Format("20060102"))
	if q.Format == "xlsx" {
		l := fileLanguage(c, q.Lang)
		var b bytes.Buffer
		if err := accounts.WritePersonalXLSX(&b, d, l); err != nil {
			return err
		}
		return attachment(c, name+".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b.Bytes())
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf("attachment; filename=%q", name+".json"))
	return c.JSON(http.StatusOK, toPersonalData(d))
}

// anonymizeUser removes what identifies a person from their account (administrators).
func (h *Handler) anonymizeUser(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	u, err := h.app.Accounts.Anonymize(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toAdminUser(u))
}

// retentionResponse is how long one kind of record that names people is kept.
type retentionResponse struct {
	Record string `json:"record"`
	Days   int    `json:"days"`
	Job    string `json:"job"`
}

// listRetention lists the retention periods in force (administrators).
func (h *Handler) listRetention(c echo.Context) error {
	var out []retentionResponse
	for _, p := range h.app.RetentionPolicies() {
		out = append(out, retentionResponse{Record: p.Record, Days: int(p.Keep / (24 * time.Hour)), Job: p.Job})
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out})
}
