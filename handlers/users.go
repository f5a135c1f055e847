package handlers

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"cqshare/app/accounts"
	"cqshare/models"
)

type userListQuery struct {
	Paging         pageQuery
	Q              string `query:"q" validate:"max=100"`
	Role           string `query:"role" validate:"omitempty,oneof=student teacher sme instructor manager consortium_admin admin"`
	OrganizationID int64  `query:"organization_id" validate:"omitempty,min=1"`
	Active         *bool  `query:"active"`
	Pending        *bool  `query:"pending"`
}

type newUserRequest struct {
	Email              string  `json:"email" validate:"required,email,max=254"`
	Password           string  `json:"password" validate:"required,min=8,max=72"`
	Name               string  `json:"name" validate:"required,max=100"`
	Role               string  `json:"role" validate:"required,oneof=student teacher sme instructor manager consortium_admin admin"`
	OrganizationID     *int64  `json:"organization_id" validate:"omitempty,min=1"`
	ManagedFacilityIDs []int64 `json:"managed_facility_ids" validate:"max=100,dive,min=1"`
	AdminConsortiumID  *int64  `json:"admin_consortium_id" validate:"omitempty,min=1"`
}

type userPatchRequest struct {
	Name               *string         `json:"name" validate:"omitempty,min=1,max=100"`
	Role               *string         `json:"role" validate:"omitempty,oneof=student teacher sme instructor manager consortium_admin admin"`
	Active             *bool           `json:"active"`
	OrganizationID     nullable[int64] `json:"organization_id"`
	ManagedFacilityIDs *[]int64        `json:"managed_facility_ids" validate:"omitempty,max=100,dive,min=1"`
	AdminConsortiumID  nullable[int64] `json:"admin_consortium_id"`
}

// adminUserResponse is an account as administrators see it.
type adminUserResponse struct {
	ID                 int64      `json:"id"`
	Email              string     `json:"email"`
	Name               string     `json:"name"`
	Role               string     `json:"role"`
	Active             bool       `json:"active"`
	Pending            bool       `json:"pending"`
	OrganizationID     *int64     `json:"organization_id"`
	OrganizationName   *string    `json:"organization_name"`
	ManagedFacilityIDs []int64    `json:"managed_facility_ids"`
	AdminConsortiumID  *int64     `json:"admin_consortium_id"`
	AnonymizedAt       *time.Time `json:"anonymized_at"`
	CreatedAt          time.Time  `json:"created_at"`
	UpdatedAt          time.Time  `json:"updated_at"`
}

func toAdminUser(u accounts.UserView) adminUserResponse {
	return adminUserResponse{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, Active: u.Active,
		Pending: u.Pending, OrganizationID: u.OrganizationID, OrganizationName: u.OrganizationName, ManagedFacilityIDs: u.ManagedFacilityIDs,
		AdminConsortiumID: u.AdminConsortiumID, AnonymizedAt: u.AnonymizedAt, CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
}

func (h *Handler) listUsers(c echo.Context) error {
	q, err := bind[userListQuery](h, c)
	if err != nil {
		return err
	}
	items, total, err := h.app.Accounts.Users(c.Request().Context(), actor(c), accounts.UserFilter{Query: q.Q, Role: q.Role,
		OrganizationID: q.OrganizationID, Active: q.Active, Pending: q.Pending}, q.Paging.page())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(items, toAdminUser), total))
}

func (h *Handler) getUser(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	u, err := h.app.Accounts.User(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toAdminUser(u))
}

func (h *Handler) createUser(c echo.Context) error {
	req, err := bind[newUserRequest](h, c)
	if err != nil {
		return err
	}
	ctx, ac := c.Request().Context(), actor(c)
	u, err := h.app.Accounts.CreateUser(ctx, ac, accounts.NewUser{Email: req.Email, Password: req.Password, Name: req.Name,
		Role: req.Role, OrganizationID: req.OrganizationID, ManagedFacilityIDs: req.ManagedFacilityIDs,
		AdminConsortiumID: req.AdminConsortiumID})
	if err != nil {
		return err
	}
	v, err := h.app.Accounts.User(ctx, ac, u.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toAdminUser(v))
}

func (h *Handler) updateUser(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	req, err := bind[userPatchRequest](h, c)
	if err != nil {
		return err
	}
	u, err := h.app.Accounts.UpdateUser(c.Request().Context(), actor(c), id, accounts.UserPatch{Name: req.Name, Role: req.Role,
		Active: req.Active, OrganizationID: req.OrganizationID.orZero(), ManagedFacilityIDs: req.ManagedFacilityIDs,
		AdminConsortiumID: req.AdminConsortiumID.orZero()})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toAdminUser(u))
}

func (h *Handler) approveUser(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	u, err := h.app.Accounts.ApproveUser(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toAdminUser(u))
}

func (h *Handler) rejectUser(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := h.app.Accounts.RejectUser(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

type auditListQuery struct {
	Paging     pageQuery
	ObjectType string     `query:"object_type" validate:"max=40"`
	ObjectID   int64      `query:"object_id" validate:"omitempty,min=1"`
	ActorID    int64      `query:"actor_id" validate:"omitempty,min=1"`
	From       *time.Time `query:"from"`
	To         *time.Time `query:"to"`
}

// auditLogResponse is one write by a manager or admin.
type auditLogResponse struct {
	ID         int64           `json:"id"`
	ActorID    *int64          `json:"actor_id"`
	ActorName  *string         `json:"actor_name"`
	Action     string          `json:"action"`
	ObjectType string          `json:"object_type"`
	ObjectID   int64           `json:"object_id"`
	Detail     json.RawMessage `json:"detail"`
	CreatedAt  time.Time       `json:"created_at"`
}

func toAuditLog(r models.AuditRow) auditLogResponse {
	detail := json.RawMessage(r.Detail)
	if !json.Valid(detail) {
		detail, _ = json.Marshal(r.Detail) // a record written as plain text by other code
	}
	return auditLogResponse{ID: r.ID, ActorID: r.ActorID, ActorName: r.ActorName, Action: r.Action,
		ObjectType: r.ObjectType, ObjectID: r.ObjectID, Detail: detail, CreatedAt: r.CreatedAt}
}

func (h *Handler) listAuditLogs(c echo.Context) error {
	q, err := bind[auditListQuery](h, c)
	if err != nil {
		return err
	}
	items, total, err := h.app.Accounts.AuditLogs(c.Request().Context(), actor(c),
		accounts.AuditFilter{ObjectType: q.ObjectType, ObjectID: q.ObjectID, ActorID: q.ActorID,
			From: q.From, To: q.To}, q.Paging.page())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(items, toAuditLog), total))
}
