package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"cqshare/app/catalog"
	"cqshare/app/core"
	"cqshare/models"
)

type consortiumListQuery struct {
	Paging pageQuery
	Level  string `query:"level" validate:"omitempty,oneof=national municipal park_led enterprise_led school_led"`
	Q      string `query:"q" validate:"max=100"`
}

type memberRequest struct {
	OrganizationID int64  `json:"organization_id" validate:"required,min=1"`
	Role           string `json:"role" validate:"required,oneof=lead member"`
}

type consortiumRequest struct {
	Name               string          `json:"name" validate:"required,max=200"`
	NameEn             string          `json:"name_en" validate:"max=200"`
	Level              string          `json:"level" validate:"required,oneof=national municipal park_led enterprise_led school_led"`
	Description        string          `json:"description" validate:"max=5000"`
	LeadOrganizationID *int64          `json:"lead_organization_id" validate:"omitempty,min=1"`
	Clusters           []string        `json:"clusters" validate:"max=20,dive,max=40"`
	Members            []memberRequest `json:"members" validate:"max=200,dive"`
}

type consortiumPatchRequest struct {
	Name               *string         `json:"name" validate:"omitempty,min=1,max=200"`
	NameEn             *string         `json:"name_en" validate:"omitempty,max=200"`
	Level              *string         `json:"level" validate:"omitempty,oneof=national municipal park_led enterprise_led school_led"`
	Description        *string         `json:"description" validate:"omitempty,max=5000"`
	LeadOrganizationID nullable[int64] `json:"lead_organization_id"`
	Clusters           *[]string       `json:"clusters" validate:"omitempty,max=20,dive,max=40"`
}

type memberRoleRequest struct {
	Role string `json:"role" validate:"required,oneof=lead member"`
}

// consortiumResponse is a consortium in a list.
type consortiumResponse struct {
	ID                 int64     `json:"id"`
	Name               string    `json:"name"`
	NameEn             string    `json:"name_en"`
	Level              string    `json:"level"`
	Description        string    `json:"description"`
	LeadOrganizationID *int64    `json:"lead_organization_id"`
	LeadName           *string   `json:"lead_name"`
	LeadNameEn         *string   `json:"lead_name_en"`
	MemberCount        int64     `json:"member_count"`
	FacilityCount      int64     `json:"facility_count"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
}

// consortiumDetailResponse is a consortium with its members and industry clusters.
type consortiumDetailResponse struct {
	consortiumResponse
	Members  []memberResponse  `json:"members"`
	Clusters []clusterResponse `json:"clusters"`
}

type memberResponse struct {
	OrganizationID int64   `json:"organization_id"`
	Role           string  `json:"role"`
	Name           string  `json:"name"`
	NameEn         string  `json:"name_en"`
	Kind           string  `json:"kind"`
	IsSME          bool    `json:"is_sme"`
	CreditCode     *string `json:"credit_code"`
}

func toConsortium(v catalog.ConsortiumView) consortiumResponse {
	return consortiumResponse{ID: v.ID, Name: v.Name, NameEn: v.NameEn, Level: v.Level, Description: v.Description,
		LeadOrganizationID: v.LeadOrganizationID, LeadName: v.LeadName, LeadNameEn: v.LeadNameEn,
		MemberCount: v.MemberCount, FacilityCount: v.FacilityCount, CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt}
}

func toConsortiumDetail(d catalog.ConsortiumDetail) consortiumDetailResponse {
	return consortiumDetailResponse{consortiumResponse: toConsortium(d.ConsortiumView),
		Members: mapSlice(d.Members, func(m models.MemberRow) memberResponse {
			return memberResponse{OrganizationID: m.OrganizationID, Role: m.Role, Name: m.Name, NameEn: m.NameEn,
				Kind: m.Kind, IsSME: m.IsSME, CreditCode: m.CreditCode}
		}),
		Clusters: mapSlice(d.Clusters, toCluster)}
}

func (h *Handler) listConsortia(c echo.Context) error {
	q, err := bind[consortiumListQuery](h, c)
	if err != nil {
		return err
	}
	items, total, err := h.app.Catalog.Consortia(c.Request().Context(), actor(c), q.Level, q.Q, q.Paging.page())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(items, toConsortium), total))
}

func (h *Handler) getConsortium(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	d, err := h.app.Catalog.Consortium(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toConsortiumDetail(d))
}

func (h *Handler) createConsortium(c echo.Context) error {
	req, err := bind[consortiumRequest](h, c)
	if err != nil {
		return err
	}
	in := catalog.NewConsortium{Name: req.Name, NameEn: req.NameEn, Level: req.Level, Description: req.Description,
		LeadOrganizationID: req.LeadOrganizationID, Clusters: req.Clusters,
		Members: mapSlice(req.Members, func(m memberRequest) catalog.MemberInput {
			return catalog.MemberInput{OrganizationID: m.OrganizationID, Role: m.Role}
		})}
	d, err := h.app.Catalog.CreateConsortium(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toConsortiumDetail(d))
}

func (h *Handler) updateConsortium(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	req, err := bind[consortiumPatchRequest](h, c)
	if err != nil {
		return err
	}
	d, err := h.app.Catalog.UpdateConsortium(c.Request().Context(), actor(c), id, catalog.ConsortiumPatch{Name: req.Name,
		NameEn: req.NameEn, Level: req.Level, Description: req.Description,
		LeadOrganizationID: req.LeadOrganizationID.orZero(), Clusters: req.Clusters})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toConsortiumDetail(d))
}

func (h *Handler) deleteConsortium(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := h.app.Catalog.DeleteConsortium(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (h *Handler) setConsortiumMember(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	orgID, err := pathID(c, "organization_id")
	if err != nil {
		return err
	}
	if err := core.RequireConsortiumAdmin(actor(c), id); err != nil {
		return err // before the body is read
	}
	req, err := bind[memberRoleRequest](h, c)
	if err != nil {
		return err
	}
	d, err := h.app.Catalog.SetConsortiumMember(c.Request().Context(), actor(c), id, orgID, req.Role)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toConsortiumDetail(d))
}

func (h *Handler) removeConsortiumMember(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	orgID, err := pathID(c, "organization_id")
	if err != nil {
		return err
	}
	if err := h.app.Catalog.RemoveConsortiumMember(c.Request().Context(), actor(c), id, orgID); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
