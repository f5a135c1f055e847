package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"cqshare/app/catalog"
	"cqshare/models"
)

type qualificationRequest struct {
	Code            string `json:"code" validate:"required,max=40"`
	Name            string `json:"name" validate:"required,max=200"`
	NameEn          string `json:"name_en" validate:"max=200"`
	ValidMonths     int    `json:"valid_months" validate:"min=0,max=120"`
	OwnerFacilityID *int64 `json:"owner_facility_id" validate:"omitempty,min=1"`
}

type qualificationPatchRequest struct {
	Name            *string         `json:"name" validate:"omitempty,min=1,max=200"`
	NameEn          *string         `json:"name_en" validate:"omitempty,max=200"`
	ValidMonths     *int            `json:"valid_months" validate:"omitempty,min=0,max=120"`
	OwnerFacilityID nullable[int64] `json:"owner_facility_id"`
}

type grantRequest struct {
	QualificationID int64      `json:"qualification_id" validate:"required,min=1"`
	ExpiresAt       *time.Time `json:"expires_at"`
}

// qualificationResponse is a qualification some equipment requires.
type qualificationResponse struct {
	ID          int64  `json:"id"`
	Code        string `json:"code"`
	Name        string `json:"name"`
	NameEn      string `json:"name_en"`
	ValidMonths int    `json:"valid_months"`
}

func toQualification(q models.Qualification) qualificationResponse {
	return qualificationResponse{ID: q.ID, Code: q.Code, Name: q.Name, NameEn: q.NameEn, ValidMonths: q.ValidMonths}
}

// ownedQualificationResponse is a qualification with the facility that issues it (null:
// city-wide), as the qualification endpoints show it.
type ownedQualificationResponse struct {
	qualificationResponse
	OwnerFacilityID *int64 `json:"owner_facility_id"`
}

func toOwnedQualification(q models.Qualification) ownedQualificationResponse {
	return ownedQualificationResponse{qualificationResponse: toQualification(q), OwnerFacilityID: q.OwnerFacilityID}
}

// heldQualificationResponse is a qualification a user holds.
type heldQualificationResponse struct {
	Qualification qualificationResponse `json:"qualification"`
	UserID        int64                 `json:"user_id"`
	GrantedAt     time.Time             `json:"granted_at"`
	ExpiresAt     *time.Time            `json:"expires_at"`
	GrantedBy     *int64                `json:"granted_by"`
	Source        string                `json:"source"`
	Valid         bool                  `json:"valid"`
}

func toHeld(h catalog.HeldQualification) heldQualificationResponse {
	q := toQualification(h.Qualification)
	return heldQualificationResponse{Qualification: q, UserID: h.UserID, GrantedAt: h.GrantedAt, ExpiresAt: h.ExpiresAt,
		GrantedBy: h.GrantedBy, Source: h.Source, Valid: h.Valid}
}

func (h *Handler) listQualifications(c echo.Context) error {
	q, err := bind[pageQuery](h, c)
	if err != nil {
		return err
	}
	items, total, err := h.app.Catalog.Qualifications(c.Request().Context(), actor(c), q.page())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(items, toOwnedQualification), total))
}

func (h *Handler) createQualification(c echo.Context) error {
	req, err := bind[qualificationRequest](h, c)
	if err != nil {
		return err
	}
	q, err := h.app.Catalog.CreateQualification(c.Request().Context(), actor(c), catalog.NewQualification{Code: req.Code,
		Name: req.Name, NameEn: req.NameEn, ValidMonths: req.ValidMonths, OwnerFacilityID: req.OwnerFacilityID})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toOwnedQualification(q))
}

func (h *Handler) updateQualification(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	req, err := bind[qualificationPatchRequest](h, c)
	if err != nil {
		return err
	}
	q, err := h.app.Catalog.UpdateQualification(c.Request().Context(), actor(c), id, catalog.QualificationPatch{Name: req.Name,
		NameEn: req.NameEn, ValidMonths: req.ValidMonths, OwnerFacilityID: req.OwnerFacilityID.orZero()})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toOwnedQualification(q))
}

func (h *Handler) listUserQualifications(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	items, err := h.app.Catalog.UserQualifications(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(items, toHeld), int64(len(items))))
}

func (h *Handler) grantQualification(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	req, err := bind[grantRequest](h, c)
	if err != nil {
		return err
	}
	held, err := h.app.Catalog.GrantQualification(c.Request().Context(), actor(c), id, req.QualificationID, req.ExpiresAt)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toHeld(held))
}

func (h *Handler) revokeQualification(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	qid, err := pathID(c, "qualification_id")
	if err != nil {
		return err
	}
	if err := h.app.Catalog.RevokeQualification(c.Request().Context(), actor(c), id, qid); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
