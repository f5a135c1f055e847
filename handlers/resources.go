package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"cqshare/app/catalog"
	"cqshare/models"
)

type resourceListQuery struct {
	Paging       pageQuery
	FacilityID   int64  `query:"facility_id" validate:"omitempty,min=1"`
	ConsortiumID int64  `query:"consortium_id" validate:"omitempty,min=1"`
	Q            string `query:"q" validate:"max=100"`
	Cluster      string `query:"cluster" validate:"max=40"`
	Category     string `query:"category" validate:"max=30"`
	Status       string `query:"status" validate:"omitempty,oneof=available maintenance retired"`
	Kind         string `query:"kind" validate:"omitempty,oneof=practice_center tech_platform training_base"`
}

type resourceRequest struct {
	FacilityID     int64         `json:"facility_id" validate:"required,min=1"`
	Name           string        `json:"name" validate:"required,max=200"`
	NameEn         string        `json:"name_en" validate:"max=200"`
	Category       string        `json:"category" validate:"required,max=30"`
	Cluster        string        `json:"cluster" validate:"max=40"`
	Model          string        `json:"model" validate:"max=100"`
	AssetNo        string        `json:"asset_no" validate:"max=60"`
	Capacity       *int          `json:"capacity" validate:"omitempty,min=1,max=500"`
	Status         string        `json:"status" validate:"omitempty,oneof=available maintenance retired"`
	Description    string        `json:"description" validate:"max=5000"`
	QuotaHoursYear *int          `json:"quota_hours_year" validate:"omitempty,min=0,max=8784"`
	Rules          *rulesRequest `json:"rules"`
}

type resourcePatchRequest struct {
	Name           *string          `json:"name" validate:"omitempty,min=1,max=200"`
	NameEn         *string          `json:"name_en" validate:"omitempty,max=200"`
	Category       *string          `json:"category" validate:"omitempty,min=1,max=30"`
	Cluster        nullable[string] `json:"cluster"`
	Model          *string          `json:"model" validate:"omitempty,max=100"`
	AssetNo        *string          `json:"asset_no" validate:"omitempty,max=60"`
	Capacity       *int             `json:"capacity" validate:"omitempty,min=1,max=500"`
	Status         *string          `json:"status" validate:"omitempty,oneof=available maintenance retired"`
	Description    *string          `json:"description" validate:"omitempty,max=5000"`
	QuotaHoursYear *int             `json:"quota_hours_year" validate:"omitempty,min=0,max=8784"`
	Rules          *rulesRequest    `json:"rules"`
	closingRequest
}

// resourceResponse is a resource as the catalog shows it.
type resourceResponse struct {
	ID             int64         `json:"id"`
	FacilityID     int64         `json:"facility_id"`
	FacilityName   string        `json:"facility_name"`
	FacilityNameEn string        `json:"facility_name_en"`
	FacilityKind   string        `json:"facility_kind"`
	ConsortiumID   int64         `json:"consortium_id"`
	TimeZone       string        `json:"time_zone"`
	Name           string        `json:"name"`
	NameEn         string        `json:"name_en"`
	Category       string        `json:"category"`
	Cluster        *string       `json:"cluster"`
	ClusterName    *string       `json:"cluster_name"`
	ClusterNameEn  *string       `json:"cluster_name_en"`
	Capacity       int           `json:"capacity"`
	Status         string        `json:"status"`
	Model          string        `json:"model"`
	AssetNo        string        `json:"asset_no"`
	Description    string        `json:"description"`
	Rules          rulesResponse `json:"rules"`
	QuotaHoursYear int           `json:"quota_hours_year"`
	// QualificationCourses are the published courses that grant the qualification the rules
	// require (none when they require none).
	QualificationCourses []courseRefResponse `json:"qualification_courses"`
	CreatedAt            time.Time           `json:"created_at"`
	UpdatedAt            time.Time           `json:"updated_at"`
}

// courseRefResponse names a course.
type courseRefResponse struct {
	ID      int64  `json:"id"`
	Title   string `json:"title"`
	TitleEn string `json:"title_en"`
}

func toCourseRef(c models.CourseRef) courseRefResponse {
	return courseRefResponse{ID: c.ID, Title: c.Title, TitleEn: c.TitleEn}
}

func toResource(v catalog.ResourceView) resourceResponse {
	out := resourceResponse{ID: v.ID, FacilityID: v.FacilityID, FacilityName: v.FacilityName, FacilityNameEn: v.FacilityNameEn,
		FacilityKind: v.FacilityKind, ConsortiumID: v.ConsortiumID, TimeZone: v.TimeZone, Name: v.Name, NameEn: v.NameEn,
		Category: v.Category, Capacity: v.Capacity, Status: v.Status, Model: v.Model, AssetNo: v.AssetNo,
		Description: v.Description, Rules: toRules(v.Rules, v.Qualification), QuotaHoursYear: v.QuotaHoursYear,
		QualificationCourses: mapSlice(v.QualificationCourses, toCourseRef), CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt}
	if v.Cluster != nil {
		out.Cluster, out.ClusterName, out.ClusterNameEn = &v.Cluster.Code, &v.Cluster.Name, &v.Cluster.NameEn
	}
	return out
}

func (h *Handler) listResources(c echo.Context) error {
	q, err := bind[resourceListQuery](h, c)
	if err != nil {
		return err
	}
	items, total, err := h.app.Catalog.Resources(c.Request().Context(), actor(c), catalog.ResourceFilter{FacilityID: q.FacilityID,
		ConsortiumID: q.ConsortiumID, Query: q.Q, Cluster: q.Cluster, Category: q.Category, Status: q.Status, Kind: q.Kind}, q.Paging.page())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(items, toResource), total))
}

func (h *Handler) getResource(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	v, err := h.app.Catalog.Resource(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toResource(v))
}

func (h *Handler) createResource(c echo.Context) error {
	req, err := bind[resourceRequest](h, c)
	if err != nil {
		return err
	}
	v, err := h.app.Catalog.CreateResource(c.Request().Context(), actor(c), catalog.NewResource{FacilityID: req.FacilityID,
		Name: req.Name, NameEn: req.NameEn, Category: req.Category, Cluster: req.Cluster, Model: req.Model,
		AssetNo: req.AssetNo, Capacity: req.Capacity, Status: req.Status, Description: req.Description,
		QuotaHoursYear: req.QuotaHoursYear, Rules: req.Rules.patch()})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toResource(v))
}

func (h *Handler) updateResource(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	req, err := bind[resourcePatchRequest](h, c)
	if err != nil {
		return err
	}
	p := catalog.ResourcePatch{Name: req.Name, NameEn: req.NameEn, Category: req.Category, Cluster: req.Cluster.orZero(),
		Model: req.Model, AssetNo: req.AssetNo, Capacity: req.Capacity, Status: req.Status, Description: req.Description,
		QuotaHoursYear: req.QuotaHoursYear, OnBookings: req.OnBookings, CancelReason: req.CancelReason}
	if req.Rules != nil {
		rules := req.Rules.patch()
		p.Rules = &rules
	}
	v, err := h.app.Catalog.UpdateResource(c.Request().Context(), actor(c), id, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toResource(v))
}

type categoryResponse struct {
	Category string `json:"category"`
	Count    int64  `json:"count"`
}

func (h *Handler) listResourceCategories(c echo.Context) error {
	cats, err := h.app.Catalog.ResourceCategories(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	items := make([]categoryResponse, len(cats))
	for i, cat := range cats {
		items[i] = categoryResponse{Category: cat.Category, Count: cat.N}
	}
	return c.JSON(http.StatusOK, list(items, int64(len(items))))
}
