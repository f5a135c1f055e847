package handlers

import (
	"bytes"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"cqshare/app/billing"
	"cqshare/models"
)

type statementListQuery struct {
	Paging         pageQuery
	Scope          string `query:"scope" validate:"omitempty,oneof=facility organization"`
	FacilityID     int64  `query:"facility_id" validate:"omitempty,min=1"`
	OrganizationID int64  `query:"organization_id" validate:"omitempty,min=1"`
	Period         string `query:"period" validate:"omitempty,datetime=2006-01"`
}

type statementQuery struct {
	Format string `query:"format" validate:"omitempty,oneof=json csv xlsx"`
	Lang   string `query:"lang" validate:"omitempty,oneof=zh-CN zh en"`
}

type chargeListQuery struct {
	Paging         pageQuery
	FacilityID     int64  `query:"facility_id" validate:"omitempty,min=1"`
	OrganizationID int64  `query:"organization_id" validate:"omitempty,min=1"`
	Period         string `query:"period" validate:"omitempty,datetime=2006-01"`
	Unbilled       bool   `query:"unbilled"`
}

type adjustmentRequest struct {
	FacilityID     int64  `json:"facility_id" validate:"required,min=1"`
	OrganizationID *int64 `json:"organization_id" validate:"omitempty,min=1"`
	AmountFen      int64  `json:"amount_fen" validate:"required,min=-100000000000,max=100000000000"`
	Reason         string `json:"reason" validate:"required,max=500"`
	ChargeID       *int64 `json:"charge_id" validate:"omitempty,min=1"`
}

// statementResponse is a monthly statement of a facility or an organization; money in fen.
type statementResponse struct {
	ID            int64     `json:"id"`
	Scope         string    `json:"scope"`
	SubjectID     int64     `json:"subject_id"`
	SubjectName   string    `json:"subject_name"`
	SubjectNameEn string    `json:"subject_name_en"`
	Period        string    `json:"period"`
	LineCount     int       `json:"line_count"`
	TotalFen      int64     `json:"total_fen"`
	InternalFen   int64     `json:"internal_fen"`
	ExternalFen   int64     `json:"external_fen"`
	IssuedAt      time.Time `json:"issued_at"`
}

func toStatement(v models.StatementView) statementResponse {
	return statementResponse{ID: v.ID, Scope: v.Scope, SubjectID: v.SubjectID, SubjectName: v.SubjectName,
		SubjectNameEn: v.SubjectNameEn, Period: v.Period, LineCount: v.LineCount, TotalFen: v.TotalFen,
		InternalFen: v.InternalFen, ExternalFen: v.ExternalFen, IssuedAt: v.IssuedAt}
}

// statementDetailResponse is a statement with its lines.
type statementDetailResponse struct {
	statementResponse
	Lines []chargeResponse `json:"lines"`
}

// chargeResponse is a charge, or a line of a statement.
type chargeResponse struct {
	ID                      int64     `json:"id"`
	Kind                    string    `json:"kind"`
	SourceID                *int64    `json:"source_id"`
	FacilityID              int64     `json:"facility_id"`
	FacilityName            string    `json:"facility_name"`
	FacilityNameEn          string    `json:"facility_name_en"`
	OrganizationID          *int64    `json:"organization_id"`
	OrganizationName        *string   `json:"organization_name"`
	UserID                  *int64    `json:"user_id"`
	UserName                *string   `json:"user_name"`
	PriceType               string    `json:"price_type"`
	IncomeType              string    `json:"income_type"`
	Quantity                int64     `json:"quantity"`
	Unit                    string    `json:"unit"`
	UnitFen                 int64     `json:"unit_fen"`
	AmountFen               int64     `json:"amount_fen"`
	Description             string    `json:"description"`
	DescriptionEn           string    `json:"description_en"`
	OccurredAt              time.Time `json:"occurred_at"`
	Period                  string    `json:"period"`
	FacilityStatementID     *int64    `json:"facility_statement_id"`
	OrganizationStatementID *int64    `json:"organization_statement_id"`
	Reason                  string    `json:"reason"`
	CorrectsChargeID        *int64    `json:"corrects_charge_id"`
}

func toCharge(c models.ChargeView) chargeResponse {
	return chargeResponse{ID: c.ID, Kind: string(c.Kind), SourceID: c.SourceID, FacilityID: c.FacilityID,
		FacilityName: c.FacilityName, FacilityNameEn: c.FacilityNameEn, OrganizationID: c.OrganizationID,
		OrganizationName: c.OrganizationName, UserID: c.UserID, UserName: c.UserName, PriceType: string(c.PriceType),
		IncomeType: c.IncomeType, Quantity: c.Quantity, Unit: c.Unit, UnitFen: c.UnitFen, AmountFen: c.AmountFen,
		Description: c.Description, DescriptionEn: c.DescriptionEn, OccurredAt: c.OccurredAt, Period: c.Period,
		FacilityStatementID: c.FacilityStatementID, OrganizationStatementID: c.OrganizationStatementID,
		Reason: c.Reason, CorrectsChargeID: c.CorrectsChargeID}
}

func (h *Handler) listStatements(c echo.Context) error {
	q, err := bind[statementListQuery](h, c)
	if err != nil {
		return err
	}
	items, total, err := h.app.Billing.Statements(c.Request().Context(), actor(c), billing.StatementFilter{Scope: q.Scope,
		FacilityID: q.FacilityID, OrganizationID: q.OrganizationID, Period: q.Period}, q.Paging.page())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(items, toStatement), total))
}

// getStatement answers a statement with its lines as JSON, or as a CSV or XLSX file with its
// headers in the language of lang, or else of Accept-Language.
func (h *Handler) getStatement(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	q, err := bind[statementQuery](h, c)
	if err != nil {
		return err
	}
	d, err := h.app.Billing.Statement(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	l := fileLanguage(c, q.Lang)
	var b bytes.Buffer
	name := fmt.Sprintf("statement-%s-%d-%s", d.Scope, d.SubjectID, d.Period)
	switch q.Format {
	case "csv":
		if err := h.app.Billing.WriteStatementCSV(&b, d, l); err != nil {
			return err
		}
		return attachment(c, name+".csv", "text/csv; charset=utf-8", b.Bytes())
	case "xlsx":
		if err := h.app.Billing.WriteStatementXLSX(&b, d, l); err != nil {
			return err
		}
		return attachment(c, name+".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b.Bytes())
	}
	return c.JSON(http.StatusOK, statementDetailResponse{statementResponse: toStatement(d.StatementView),
		Lines: mapSlice(d.Lines, toCharge)})
}

func (h *Handler) listCharges(c echo.Context) error {
	q, err := bind[chargeListQuery](h, c)
	if err != nil {
		return err
	}
	items, total, err := h.app.Billing.Charges(c.Request().Context(), actor(c), billing.ChargeFilter{FacilityID: q.FacilityID,
		OrganizationID: q.OrganizationID, Period: q.Period, Unbilled: q.Unbilled}, q.Paging.page())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(items, toCharge), total))
}

func (h *Handler) createAdjustment(c echo.Context) error {
	req, err := bind[adjustmentRequest](h, c)
	if err != nil {
		return err
	}
	ch, err := h.app.Billing.Adjust(c.Request().Context(), actor(c), billing.Adjustment{FacilityID: req.FacilityID,
		OrganizationID: req.OrganizationID, AmountFen: req.AmountFen, Reason: req.Reason, ChargeID: req.ChargeID})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toCharge(ch))
}
