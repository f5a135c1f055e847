package accounts

import (
	"context"
	"slices"
	"strings"

	"golang.org/x/crypto/bcrypt"

	"cqshare/app/core"
	"cqshare/models"
)

// NewUser is an account created by an administrator (or the demo seed).
type NewUser struct {
	Email          string
	Password       string
	Name           string
	Role           string
	OrganizationID *int64
	// ManagedFacilityIDs are the facilities a manager manages.
	ManagedFacilityIDs []int64
	// AdminConsortiumID is the consortium a consortium administrator administers.
	AdminConsortiumID *int64
}

// CreateUser creates an account of any role (the city administrator and System), or a manager of
// facilities of their consortium (a consortium administrator).
func (s *Service) CreateUser(ctx context.Context, ac core.Actor, in NewUser) (models.User, error) {
	if !ac.IsAdmin() {
		if ac.Role != models.RoleConsortiumAdmin || ac.ConsortiumID == nil {
			return models.User{}, core.ErrForbidden
		}
		if in.Role != models.RoleManager || in.AdminConsortiumID != nil {
			return models.User{}, core.ErrForbidden.Say("accounts.consortium_creates_managers")
		}
		if err := checkOwnFacilities(ac, in.ManagedFacilityIDs); err != nil {
			return models.User{}, err
		}
		if in.OrganizationID != nil {
			ids, err := s.DB.OrganizationConsortiumIDs(ctx, *in.OrganizationID)
			if err != nil {
				return models.User{}, err
			}
			if !slices.Contains(ids, *ac.ConsortiumID) {
				return models.User{}, core.ErrForbidden.Say("accounts.outside_consortium")
			}
		}
	}
	return s.createUser(ctx, ac, in)
}

// checkOwnFacilities refuses facilities outside a consortium administrator's consortium, as a
// body naming another's objects is refused.
func checkOwnFacilities(ac core.Actor, ids []int64) error {
	for _, id := range ids {
		if !ac.ManagesFacility(id) {
			return core.ErrForbidden.Say("accounts.outside_consortium")
		}
	}
	return nil
}

func (s *Service) createUser(ctx context.Context, ac core.Actor, in NewUser) (models.User, error) {
	if !slices.Contains(models.Roles, in.Role) {
		return models.User{}, core.FieldError("role", "field.choose")
	}
	email, err := core.ParseEmail(in.Email)
	if err != nil {
		return models.User{}, err
	}
	if why := passwordProblem(in.Password, email); why.Key != "" {
		return models.User{}, core.ValidationError(map[string]core.Text{"password": why})
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(in.Password), s.cfg.PasswordCost)
	if err != nil {
		return models.User{}, err
	}
	now := s.Now()
	u := models.User{Email: email, PasswordHash: string(hash), Name: strings.TrimSpace(in.Name), Role: in.Role,
		OrganizationID: in.OrganizationID, AdminConsortiumID: in.AdminConsortiumID, Active: true, CreatedAt: now, UpdatedAt: now}
	err = s.Tx(ctx, func(ctx context.Context) error {
		u.ID = 0
		if err := s.checkAccount(ctx, u, in.ManagedFacilityIDs, true); err != nil {
			return err
		}
		if err := s.DB.CreateUser(ctx, &u); err != nil {
			if models.IsDuplicate(err) {
				return core.ErrEmailTaken
			}
			return err
		}
		if err := s.DB.SetManagedFacilities(ctx, u.ID, core.UniqueIDs(in.ManagedFacilityIDs)); err != nil {
			return err
		}
		return s.Audit(ctx, ac, "user.create", core.AuditUser, u.ID, map[string]any{"email": u.Email, "name": u.Name,
			"role": u.Role, "organization_id": u.OrganizationID, "managed_facility_ids": in.ManagedFacilityIDs,
			"admin_consortium_id": u.AdminConsortiumID})
	})
	return u, err
}

// checkAccount validates the role, organization, managed facilities and consortium an account
// would have: only managers manage facilities, only a consortium administrator has a consortium
// (and must), and those and the organization must exist. With checkSME (a new account, or a
// change of its role or organization), an SME user must belong to an enterprise, as one who
// registers does: prices and statements go by the organization.
func (s *Service) checkAccount(ctx context.Context, u models.User, managed []int64, checkSME bool) error {
	role, orgID := u.Role, u.OrganizationID
	fields := map[string]core.Text{}
	switch {
	case role != models.RoleConsortiumAdmin && u.AdminConsortiumID != nil:
		fields["admin_consortium_id"] = core.T("accounts.consortium_admins_only")
	case role == models.RoleConsortiumAdmin && u.AdminConsortiumID == nil:
		fields["admin_consortium_id"] = core.T("field.required")
	case u.AdminConsortiumID != nil:
		if _, err := s.DB.ConsortiumByID(ctx, *u.AdminConsortiumID); models.IsNotFound(err) {
			fields["admin_consortium_id"] = core.T("catalog.no_such_consortium")
		} else if err != nil {
			return err
		}
	}
	if !slices.Contains(models.Roles, role) {
		fields["role"] = core.T("field.choose")
	}
	var org models.Organization
	if orgID != nil {
		var err error
		if org, err = s.DB.OrganizationByID(ctx, *orgID); models.IsNotFound(err) {
			fields["organization_id"] = core.T("catalog.no_such_organization")
		} else if err != nil {
			return err
		}
	}
	if _, bad := fields["organization_id"]; !bad && checkSME && role == models.RoleSME {
		switch {
		case orgID == nil:
			fields["organization_id"] = core.T("accounts.sme_needs_enterprise")
		case org.Kind != organizationEnterprise:
			fields["organization_id"] = core.T("accounts.sme_org_enterprise")
		}
	}
	if len(managed) > 0 {
		ids := core.UniqueIDs(managed)
		found, err := s.DB.ExistingFacilityIDs(ctx, ids)
		switch {
		case err != nil:
			return err
		case role != models.RoleManager:
			fields["managed_facility_ids"] = core.T("accounts.managers_only")
		case len(found) < len(ids):
			fields["managed_facility_ids"] = core.T("catalog.no_such_facility")
		}
	}
	if len(fields) > 0 {
		return core.ValidationError(fields)
	}
	return nil
}

// organizationEnterprise is the kind of organization an SME user belongs to.
const organizationEnterprise = "enterprise"

// UserView is an account as administrators see it.
type UserView struct {
	models.User
	OrganizationName   *string
	ManagedFacilityIDs []int64
}

// UserFilter selects accounts.
type UserFilter = models.UserFilter

// UserPatch changes some fields of an account. Changing the role away from manager ends the
// facilities managed, away from consortium administrator the consortium; deactivating ends the
// account's sessions and its calendar feed. An account that waits for approval is approved or
// rejected, not switched on.
type UserPatch struct {
	Name               *string  `json:"name,omitempty"`
	Role               *string  `json:"role,omitempty"`
	Active             *bool    `json:"active,omitempty"`
	OrganizationID     *int64   `json:"organization_id,omitempty"` // 0 removes the organization
	ManagedFacilityIDs *[]int64 `json:"managed_facility_ids,omitempty"`
	AdminConsortiumID  *int64   `json:"admin_consortium_id,omitempty"` // 0 removes the consortium
}

// consortiumScope is the consortium whose people a consortium administrator sees (0 for the
// city administrator, who sees all), or ErrForbidden for anyone else.
func consortiumScope(ac core.Actor) (int64, error) {
	switch {
	case ac.IsAdmin():
		return 0, nil
	case ac.Role == models.RoleConsortiumAdmin && ac.ConsortiumID != nil:
		return *ac.ConsortiumID, nil
	}
	return 0, core.ErrForbidden
}

// Users lists one page of the accounts that match, and how many match, in three queries: all
// of them for the city administrator, the people of their consortium for a consortium
// administrator.
func (s *Service) Users(ctx context.Context, ac core.Actor, f UserFilter, p core.Page) ([]UserView, int64, error) {
	scope, err := consortiumScope(ac)
	if err != nil {
		return nil, 0, err
	}
	f.InConsortium = scope
	rows, total, err := s.DB.ListUsers(ctx, f, p.Size, p.Offset())
	if err != nil {
		return nil, 0, err
	}
	views, err := s.userViews(ctx, rows)
	return views, total, err
}

// User loads one account (the city administrator any, a consortium administrator one of their
// consortium's people).
func (s *Service) User(ctx context.Context, ac core.Actor, id int64) (UserView, error) {
	scope, err := consortiumScope(ac)
	if err != nil {
		return UserView{}, err
	}
	row, err := s.DB.UserRowByID(ctx, id, scope)
	if err != nil {
		return UserView{}, core.NotFound(err)
	}
	views, err := s.userViews(ctx, []models.UserRow{row})
	if err != nil {
		return UserView{}, err
	}
	return views[0], nil
}

func (s *Service) userViews(ctx context.Context, rows []models.UserRow) ([]UserView, error) {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	managed, err := s.DB.ManagedFacilityIDsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]UserView, len(rows))
	for i, r := range rows {
		out[i] = UserView{User: r.User, OrganizationName: r.OrganizationName, ManagedFacilityIDs: managed[r.ID]}
		if out[i].ManagedFacilityIDs == nil {
			out[i].ManagedFacilityIDs = []int64{}
		}
	}
	return out, nil
}

// UpdateUser changes an account (the city administrator), or which of their consortium's
// facilities a manager of it manages (a consortium administrator: the manager's facilities
// elsewhere stay). Admins cannot demote or deactivate themselves, so the platform keeps an
// administrator.
func (s *Service) UpdateUser(ctx context.Context, ac core.Actor, id int64, p UserPatch) (UserView, error) {
	scope, err := consortiumScope(ac)
	if err != nil {
		return UserView{}, err
	}
	if scope != 0 && (p.Name != nil || p.Role != nil || p.Active != nil || p.OrganizationID != nil || p.AdminConsortiumID != nil) {
		return UserView{}, core.ErrForbidden.Say("accounts.city_admin_only")
	}
	if id == ac.UserID && ((p.Role != nil && *p.Role != models.RoleAdmin) || (p.Active != nil && !*p.Active)) {
		return UserView{}, core.RuleError("role", "self", "accounts.self")
	}
	err = s.Tx(ctx, func(ctx context.Context) error {
		row, err := s.DB.UserRowByID(ctx, id, scope)
		if err != nil {
			return core.NotFound(err)
		}
		u := row.User
		managedBy, err := s.DB.ManagedFacilityIDsOf(ctx, []int64{id})
		if err != nil {
			return err
		}
		managed := managedBy[id]
		if scope != 0 && p.ManagedFacilityIDs != nil {
			if u.Role != models.RoleManager {
				return core.FieldError("managed_facility_ids", "accounts.managers_only")
			}
			if err := checkOwnFacilities(ac, *p.ManagedFacilityIDs); err != nil {
				return err
			}
			kept := slices.DeleteFunc(slices.Clone(managed), ac.ManagesFacility) // elsewhere
			p.ManagedFacilityIDs = new(append(kept, *p.ManagedFacilityIDs...))
		}
		if u.Pending && p.Active != nil {
			return core.RuleError("active", "pending", "accounts.pending_decide")
		}
		core.Set(&u.Name, core.Trimmed(p.Name))
		core.Set(&u.Role, p.Role)
		core.Set(&u.Active, p.Active)
		if p.OrganizationID != nil {
			u.OrganizationID = nil
			if *p.OrganizationID != 0 {
				org := *p.OrganizationID
				u.OrganizationID = &org
			}
		}
		core.Set(&managed, p.ManagedFacilityIDs)
		if u.Role != models.RoleManager && p.ManagedFacilityIDs == nil {
			managed = nil // only managers manage facilities
		}
		if p.AdminConsortiumID != nil {
			u.AdminConsortiumID = nil
			if *p.AdminConsortiumID != 0 {
				u.AdminConsortiumID = new(*p.AdminConsortiumID)
			}
		} else if u.Role != models.RoleConsortiumAdmin {
			u.AdminConsortiumID = nil // only consortium administrators have a consortium
		}
		if u.Name == "" {
			return core.FieldError("name", "field.required")
		}
		if err := s.checkAccount(ctx, u, managed, p.Role != nil || p.OrganizationID != nil); err != nil {
			return err
		}
		err = s.DB.UpdateByID(ctx, &models.User{}, id, map[string]any{"name": u.Name, "role": u.Role, "active": u.Active,
			"organization_id": u.OrganizationID, "admin_consortium_id": u.AdminConsortiumID, "updated_at": s.Now()})
		if err != nil {
			return err
		}
		if err := s.DB.SetManagedFacilities(ctx, id, core.UniqueIDs(managed)); err != nil {
			return err
		}
		if !u.Active {
			if err := s.DB.DeleteUserSessions(ctx, id); err != nil {
				return err
			}
			if err := s.DB.DeleteCalendarFeed(ctx, id); err != nil {
				return err
			}
		}
		return s.Audit(ctx, ac, "user.update", core.AuditUser, id, p)
	})
	if err != nil {
		return UserView{}, err
	}
	return s.User(ctx, ac, id)
}

// ApproveUser activates an account that waits for approval (admins): it may sign in from now.
// An account not waiting is a 409 invalid_transition.
func (s *Service) ApproveUser(ctx context.Context, ac core.Actor, id int64) (UserView, error) {
	if !ac.IsAdmin() {
		return UserView{}, core.ErrForbidden
	}
	err := s.Tx(ctx, func(ctx context.Context) error {
		u, err := s.DB.UserByID(ctx, id)
		if err != nil {
			return core.NotFound(err)
		}
		ok, err := s.DB.ApproveUser(ctx, id, s.Now())
		if err != nil {
			return err
		}
		if !ok {
			return core.ErrInvalidTransition.Say("accounts.not_pending")
		}
		return s.Audit(ctx, ac, "user.approve", core.AuditUser, id, map[string]any{"email": u.Email, "role": u.Role,
			"organization_id": u.OrganizationID})
	})
	if err != nil {
		return UserView{}, err
	}
	return s.User(ctx, ac, id)
}

// RejectUser removes an account that waits for approval (admins), so that its address may
// register again; the audit log keeps who it was. An account not waiting is a 409
// invalid_transition.
func (s *Service) RejectUser(ctx context.Context, ac core.Actor, id int64) error {
	if !ac.IsAdmin() {
		return core.ErrForbidden
	}
	return s.Tx(ctx, func(ctx context.Context) error {
		u, err := s.DB.UserByID(ctx, id)
		if err != nil {
			return core.NotFound(err)
		}
		ok, err := s.DB.DeletePendingUser(ctx, id)
		if err != nil {
			return err
		}
		if !ok {
			return core.ErrInvalidTransition.Say("accounts.not_pending")
		}
		return s.Audit(ctx, ac, "user.reject", core.AuditUser, id, map[string]any{"email": u.Email, "name": u.Name,
			"role": u.Role, "organization_id": u.OrganizationID})
	})
}
