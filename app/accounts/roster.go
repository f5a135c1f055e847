package accounts

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"cqshare/app/core"
	"cqshare/models"
)

// RosterEntry is one person of an imported list of users or a college's student roster (学生名单):
// a student or teacher of an organization, found again by e-mail.
type RosterEntry struct {
	Email          string `json:"email"`
	Name           string `json:"name"`
	Role           string `json:"role"`
	OrganizationID int64  `json:"organization_id"`
	StudentNumber  string `json:"student_number"` // 学号, "" for none
}

// Roster outcomes: what ImportAccount did.
const (
	RosterCreated   = "created"
	RosterUpdated   = "updated"
	RosterUnchanged = "unchanged"
)

// rosterRoles are the roles an import gives: other accounts are made one by one.
var rosterRoles = []string{models.RoleStudent, models.RoleTeacher}

// maxStudentNumber is the longest student number the column holds.
const maxStudentNumber = 32

// ImportAccount creates the account of a roster entry, or brings the account with its e-mail up
// to date (name, role, student number), for the city administrator or the administrator of a
// consortium the organization belongs to. A new account has no usable password: its owner signs
// in through the college's campus sign-on, matched by e-mail or student number. An account of
// another role or organization is refused, not taken over. It reports what it did.
func (s *Service) ImportAccount(ctx context.Context, ac core.Actor, e RosterEntry) (string, error) {
	if err := s.rosterScope(ctx, ac, e.OrganizationID); err != nil {
		return "", err
	}
	fields := map[string]core.Text{}
	email, err := core.ParseEmail(e.Email)
	var bad *core.Error
	if errors.As(err, &bad) {
		maps.Copy(fields, bad.Fields)
	} else if err != nil {
		return "", err
	}
	name := strings.TrimSpace(e.Name)
	if name == "" {
		fields["name"] = core.T("field.required")
	}
	if !slices.Contains(rosterRoles, e.Role) {
		fields["role"] = core.T("accounts.roster_role")
	}
	number := strings.TrimSpace(e.StudentNumber)
	if utf8.RuneCountInString(number) > maxStudentNumber {
		fields["student_number"] = core.T("field.max_length", "max", maxStudentNumber)
	}
	if len(fields) > 0 {
		return "", core.ValidationError(fields)
	}
	var numberPtr *string
	if number != "" {
		numberPtr = &number
	}
	org := e.OrganizationID
	outcome := RosterUnchanged
	err = s.Tx(ctx, func(ctx context.Context) error {
		outcome = RosterUnchanged
		u, err := s.DB.UserByEmail(ctx, email)
		found := err == nil
		if err != nil && !models.IsNotFound(err) {
			return err
		}
		if found {
			switch {
			case !slices.Contains(rosterRoles, u.Role):
				return core.FieldError("email", "accounts.roster_other_role")
			case u.OrganizationID == nil || *u.OrganizationID != org:
				return core.FieldError("email", "accounts.roster_other_org")
			}
		}
		if numberPtr != nil {
			holder, err := s.DB.UserByStudentNumber(ctx, org, number)
			switch {
			case err == nil && (!found || holder.ID != u.ID):
				return core.FieldError("student_number", "accounts.student_number_taken")
			case err != nil && !models.IsNotFound(err):
				return err
			}
		}
		if !found {
			now := s.Now()
			u = models.User{Email: email, Name: name, Role: e.Role, OrganizationID: &org, StudentNumber: numberPtr,
				Active: true, CreatedAt: now, UpdatedAt: now}
			if err := s.checkAccount(ctx, u, nil, true); err != nil {
				return err
			}
			if err := s.DB.CreateUser(ctx, &u); err != nil {
				if models.IsDuplicate(err) {
					return core.ErrEmailTaken
				}
				return err
			}
			outcome = RosterCreated
			return s.Audit(ctx, ac, "user.import", core.AuditUser, u.ID, map[string]any{"email": u.Email, "name": u.Name,
				"role": u.Role, "organization_id": org, "student_number": numberPtr})
		}
		same := u.Name == name && u.Role == e.Role && ptrEqual(u.StudentNumber, numberPtr)
		if same {
			return nil
		}
		u.Name, u.Role, u.StudentNumber = name, e.Role, numberPtr
		if err := s.checkAccount(ctx, u, nil, false); err != nil {
			return err
		}
		err = s.DB.UpdateByID(ctx, &models.User{}, u.ID, map[string]any{"name": name, "role": e.Role,
			"student_number": numberPtr, "updated_at": s.Now()})
		if err != nil {
			return err
		}
		outcome = RosterUpdated
		return s.Audit(ctx, ac, "user.import", core.AuditUser, u.ID, map[string]any{"email": u.Email, "name": name,
			"role": e.Role, "organization_id": org, "student_number": numberPtr})
	})
	return outcome, err
}

// RosterOrganization checks that the actor may import people into the organization: the city
// administrator any, a consortium administrator one that belongs to their consortium.
func (s *Service) RosterOrganization(ctx context.Context, ac core.Actor, orgID int64) (models.Organization, error) {
	if err := s.rosterScope(ctx, ac, orgID); err != nil {
		return models.Organization{}, err
	}
	org, err := s.DB.OrganizationByID(ctx, orgID)
	if err != nil {
		return models.Organization{}, core.NotFound(err)
	}
	return org, nil
}

func (s *Service) rosterScope(ctx context.Context, ac core.Actor, orgID int64) error {
	scope, err := consortiumScope(ac)
	if err != nil || scope == 0 {
		return err
	}
	ids, err := s.DB.OrganizationConsortiumIDs(ctx, orgID)
	if err != nil {
		return err
	}
	if !slices.Contains(ids, scope) {
		return core.ErrForbidden.Say("accounts.outside_consortium")
	}
	return nil
}

func ptrEqual(a, b *string) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}
