package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"cqshare/app/catalog"
	"cqshare/models"
)

type organizationListQuery struct {
	Paging pageQuery
	Q      string `query:"q" validate:"max=100"`
	Kind   string `query:"kind" validate:"omitempty,oneof=school enterprise park institute"`
	SME    *bool  `query:"is_sme"`
}

type organizationRequest struct {
	Name       string `json:"name" validate:"required,max=200"`
	NameEn     string `json:"name_en" validate:"max=200"`
	Kind       string `json:"kind" validate:"required,oneof=school enterprise park institute"`
	CreditCode string `json:"credit_code" validate:"omitempty,creditcode"`
	IsSME      bool   `json:"is_sme"`
}

type organizationPatchRequest struct {
	Name       *string          `json:"name" validate:"omitempty,min=1,max=200"`
	NameEn     *string          `json:"name_en" validate:"omitempty,max=200"`
	Kind       *string          `json:"kind" validate:"omitempty,oneof=school enterprise park institute"`
	CreditCode nullable[string] `json:"credit_code"`
	IsSME      *bool            `json:"is_sme"`
	Verified   *bool            `json:"verified"`
}

// organizationResponse is a school, enterprise, park or institute.
type organizationResponse struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	NameEn     string     `json:"name_en"`
	Kind       string     `json:"kind"`
	CreditCode *string    `json:"credit_code"`
	IsSME      bool       `json:"is_sme"`
	VerifiedAt *time.Time `json:"verified_at"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
}

func toOrganization(o models.Organization) organizationResponse {
	return organizationResponse{ID: o.ID, Name: o.Name, NameEn: o.NameEn, Kind: o.Kind, CreditCode: o.CreditCode,
		IsSME: o.IsSME, VerifiedAt: o.VerifiedAt, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt}
}

func (h *Handler) listOrganizations(c echo.Context) error {
	q, err := bind[organizationListQuery](h, c)
	if err != nil {
		return err
	}
	items, total, err := h.app.Catalog.Organizations(c.Request().Context(), actor(c),
		catalog.OrganizationFilter{Query: q.Q, Kind: q.Kind, SME: q.SME}, q.Paging.page())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(items, toOrganization), total))
}

func (h *Handler) getOrganization(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	o, err := h.app.Catalog.Organization(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toOrganization(o))
}

func (h *Handler) createOrganization(c echo.Context) error {
	req, err := bind[organizationRequest](h, c)
	if err != nil {
		return err
	}
	o, err := h.app.Catalog.CreateOrganization(c.Request().Context(), actor(c), catalog.NewOrganization{Name: req.Name,
		NameEn: req.NameEn, Kind: req.Kind, CreditCode: req.CreditCode, IsSME: req.IsSME})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toOrganization(o))
}

func (h *Handler) updateOrganization(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	req, err := bind[organizationPatchRequest](h, c)
	if err != nil {
		return err
	}
	o, err := h.app.Catalog.UpdateOrganization(c.Request().Context(), actor(c), id, catalog.OrganizationPatch{Name: req.Name,
		NameEn: req.NameEn, Kind: req.Kind, CreditCode: req.CreditCode.orZero(), IsSME: req.IsSME,
		Verified: req.Verified})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toOrganization(o))
}

type clusterRequest struct {
	Code      string `json:"code" validate:"required,max=40"`
	Name      string `json:"name" validate:"required,max=100"`
	NameEn    string `json:"name_en" validate:"max=100"`
	Tier      string `json:"tier" validate:"required,oneof=trillion five_hundred_billion hundred_billion"`
	SortOrder int    `json:"sort_order" validate:"min=0,max=1000000"`
}

type clusterPatchRequest struct {
	Name      *string `json:"name" validate:"omitempty,min=1,max=100"`
	NameEn    *string `json:"name_en" validate:"omitempty,max=100"`
	Tier      *string `json:"tier" validate:"omitempty,oneof=trillion five_hundred_billion hundred_billion"`
	SortOrder *int    `json:"sort_order" validate:"omitempty,min=0,max=1000000"`
}

// clusterResponse is an industry cluster of the 33618 system.
type clusterResponse struct {
	ID        int64  `json:"id"`
	Code      string `json:"code"`
	Name      string `json:"name"`
	NameEn    string `json:"name_en"`
	Tier      string `json:"tier"`
	SortOrder int    `json:"sort_order"`
}

func toCluster(c models.IndustryCluster) clusterResponse {
	return clusterResponse{ID: c.ID, Code: c.Code, Name: c.Name, NameEn: c.NameEn, Tier: c.Tier, SortOrder: c.SortOrder}
}

func (h *Handler) listClusters(c echo.Context) error {
	q, err := bind[pageQuery](h, c)
	if err != nil {
		return err
	}
	items, total, err := h.app.Catalog.Clusters(c.Request().Context(), actor(c), q.page())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(items, toCluster), total))
}

func (h *Handler) createCluster(c echo.Context) error {
	req, err := bind[clusterRequest](h, c)
	if err != nil {
		return err
	}
	cl, err := h.app.Catalog.CreateCluster(c.Request().Context(), actor(c), catalog.NewCluster{Code: req.Code, Name: req.Name,
		NameEn: req.NameEn, Tier: req.Tier, SortOrder: req.SortOrder})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toCluster(cl))
}

func (h *Handler) updateCluster(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	req, err := bind[clusterPatchRequest](h, c)
	if err != nil {
		return err
	}
	cl, err := h.app.Catalog.UpdateCluster(c.Request().Context(), actor(c), id, catalog.ClusterPatch{Name: req.Name,
		NameEn: req.NameEn, Tier: req.Tier, SortOrder: req.SortOrder})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCluster(cl))
}
