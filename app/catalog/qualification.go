package catalog

import (
	"context"
	"strings"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// NewQualification is a qualification (资格证) an admin defines, issued by the facility
// OwnerFacilityID (its managers grant it), or city-wide when nil (admins grant it).
type NewQualification struct {
	Code            string `json:"code"`
	Name            string `json:"name"`
	NameEn          string `json:"name_en"`
	ValidMonths     int    `json:"valid_months"` // 0 = does not expire
	OwnerFacilityID *int64 `json:"owner_facility_id,omitempty"`
}

// QualificationPatch changes some fields of a qualification; its code stays.
type QualificationPatch struct {
	Name            *string `json:"name,omitempty"`
	NameEn          *string `json:"name_en,omitempty"`
	ValidMonths     *int    `json:"valid_months,omitempty"`
	OwnerFacilityID *int64  `json:"owner_facility_id,omitempty"` // 0 makes it city-wide
}

// maxValidMonths caps how long a qualification stays valid (ten years).
const maxValidMonths = 120

// Qualifications lists one page of the qualifications, by code, and how many there are.
func (s *Service) Qualifications(ctx context.Context, ac core.Actor, p core.Page) ([]models.Qualification, int64, error) {
	return s.DB.ListQualifications(ctx, p.Size, p.Offset())
}

// CreateQualification defines a qualification (admins).
func (s *Service) CreateQualification(ctx context.Context, ac core.Actor, in NewQualification) (models.Qualification, error) {
	if !ac.IsAdmin() {
		return models.Qualification{}, core.ErrForbidden
	}
	q := models.Qualification{Code: strings.TrimSpace(in.Code), Name: strings.TrimSpace(in.Name),
		NameEn: strings.TrimSpace(in.NameEn), ValidMonths: in.ValidMonths, OwnerFacilityID: in.OwnerFacilityID}
	err := s.Tx(ctx, func(ctx context.Context) error {
		fields := map[string]core.Text{}
		if !codePattern.MatchString(q.Code) {
			fields["code"] = core.T("field.code_format", "max", 40)
		}
		if err := s.checkQualification(ctx, q, fields); err != nil {
			return err
		}
		if len(fields) > 0 {
			return core.ValidationError(fields)
		}
		q.ID = 0
		if err := s.DB.Insert(ctx, &q); err != nil {
			if models.IsDuplicate(err) {
				return ErrCodeTaken
			}
			return err
		}
		return s.Audit(ctx, ac, "qualification.create", core.AuditQualification, q.ID, in)
	})
	return q, err
}

// UpdateQualification changes a qualification (admins).
func (s *Service) UpdateQualification(ctx context.Context, ac core.Actor, id int64, p QualificationPatch) (models.Qualification, error) {
	if !ac.IsAdmin() {
		return models.Qualification{}, core.ErrForbidden
	}
	var q models.Qualification
	err := s.Tx(ctx, func(ctx context.Context) error {
		var err error
		if q, err = s.DB.QualificationByID(ctx, id); err != nil {
			return core.NotFound(err)
		}
		core.Set(&q.Name, core.Trimmed(p.Name))
		core.Set(&q.NameEn, core.Trimmed(p.NameEn))
		core.Set(&q.ValidMonths, p.ValidMonths)
		if p.OwnerFacilityID != nil {
			q.OwnerFacilityID = nil
			if *p.OwnerFacilityID != 0 {
				owner := *p.OwnerFacilityID
				q.OwnerFacilityID = &owner
			}
		}
		fields := map[string]core.Text{}
		if err := s.checkQualification(ctx, q, fields); err != nil {
			return err
		}
		if len(fields) > 0 {
			return core.ValidationError(fields)
		}
		err = s.DB.UpdateByID(ctx, &models.Qualification{}, id, map[string]any{
			"name": q.Name, "name_en": q.NameEn, "valid_months": q.ValidMonths, "owner_facility_id": q.OwnerFacilityID})
		if err != nil {
			return err
		}
		return s.Audit(ctx, ac, "qualification.update", core.AuditQualification, id, p)
	})
	return q, err
}

// checkQualification names the fields of a qualification that are wrong as it would be stored:
// the owner, when it has one, must be a facility.
func (s *Service) checkQualification(ctx context.Context, q models.Qualification, fields map[string]core.Text) error {
	if q.Name == "" {
		fields["name"] = core.T("field.required")
	}
	if q.ValidMonths < 0 || q.ValidMonths > maxValidMonths {
		fields["valid_months"] = core.T("field.between", "min", 0, "max", 120)
	}
	if q.OwnerFacilityID == nil {
		return nil
	}
	_, err := s.DB.FacilityByID(ctx, *q.OwnerFacilityID)
	if models.IsNotFound(err) {
		fields["owner_facility_id"] = core.T("catalog.no_such_facility")
		return nil
	}
	return err
}

// mayGrantQualification reports whether the actor may grant and revoke the qualification:
// admins any, a manager those a facility they manage issues. A city-wide qualification (no
// owner) is the admins' alone.
func mayGrantQualification(ac core.Actor, q models.Qualification) bool {
	return ac.IsAdmin() || (q.OwnerFacilityID != nil && ac.ManagesFacility(*q.OwnerFacilityID))
}

// mayRequireQualification reports whether the actor may make equipment require the
// qualification: admins any, a manager the city-wide ones and those a facility they manage
// issues — never another facility's, whose managers would then decide who uses this equipment.
func mayRequireQualification(ac core.Actor, q models.Qualification) bool {
	return q.OwnerFacilityID == nil || mayGrantQualification(ac, q)
}

// HeldQualification is a qualification a user holds, and whether it is valid now.
type HeldQualification struct {
	models.UserQualification
	Qualification models.Qualification
	Valid         bool
}

// UserQualifications lists the qualifications a user holds, expired ones included: the user
// themself and admins may read them, and a manager when the user has booked in a facility they
// manage or holds a qualification one of them issues (other managers find nothing).
func (s *Service) UserQualifications(ctx context.Context, ac core.Actor, userID int64) ([]HeldQualification, error) {
	if ac.UserID != userID && !ac.IsStaff() {
		return nil, core.ErrForbidden
	}
	if _, err := s.DB.UserByID(ctx, userID); err != nil {
		return nil, core.NotFound(err)
	}
	if ac.UserID != userID && !ac.IsAdmin() {
		ok, err := s.managerSeesUser(ctx, ac, userID)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, core.ErrNotFound
		}
	}
	rows, err := s.DB.UserQualifications(ctx, userID)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	out := make([]HeldQualification, len(rows))
	for i, r := range rows {
		out[i] = heldQualification(r.UserQualification,
			models.Qualification{ID: r.QualificationID, Code: r.Code, Name: r.Name, NameEn: r.NameEn}, now)
	}
	return out, nil
}

// managerSeesUser reports whether a manager has a reason to see the user's qualifications: the
// user booked in one of their facilities, or holds a qualification one of them issues.
func (s *Service) managerSeesUser(ctx context.Context, ac core.Actor, userID int64) (bool, error) {
	booked, err := s.DB.UserBookedInFacilities(ctx, userID, ac.ManagedFacilityIDs)
	if err != nil || booked {
		return booked, err
	}
	return s.DB.UserHoldsQualificationIssuedBy(ctx, userID, ac.ManagedFacilityIDs)
}

func heldQualification(uq models.UserQualification, q models.Qualification, now time.Time) HeldQualification {
	return HeldQualification{UserQualification: uq, Qualification: q, Valid: uq.ExpiresAt == nil || uq.ExpiresAt.After(now)}
}

// GrantQualification grants a qualification to a user by hand, or renews it, until expiresAt
// (by default the qualification's validity from now; nil when it does not expire). Admins may
// grant any qualification; a manager only one that a facility they manage issues
// (mayGrantQualification), whatever equipment requires it.
func (s *Service) GrantQualification(ctx context.Context, ac core.Actor, userID, qualificationID int64, expiresAt *time.Time) (HeldQualification, error) {
	if !ac.IsStaff() {
		return HeldQualification{}, core.ErrForbidden
	}
	now := s.Now()
	if expiresAt != nil {
		fields := map[string]core.Text{}
		if core.CheckTime(fields, "expires_at", *expiresAt); !expiresAt.After(now) {
			fields["expires_at"] = core.T("field.future")
		}
		if len(fields) > 0 {
			return HeldQualification{}, core.ValidationError(fields)
		}
	}
	var held HeldQualification
	err := s.Tx(ctx, func(ctx context.Context) error {
		q, err := s.qualificationGrantable(ctx, ac, userID, qualificationID)
		if err != nil {
			return err
		}
		until := expiresAt
		if until == nil && q.ValidMonths > 0 {
			t := now.AddDate(0, q.ValidMonths, 0)
			until = &t
		}
		uq := models.UserQualification{UserID: userID, QualificationID: q.ID, GrantedAt: now,
			ExpiresAt: utcPtr(until), Source: models.QualificationSourceManual}
		if ac.UserID != 0 {
			by := ac.UserID
			uq.GrantedBy = &by
		}
		if err := s.DB.SaveUserQualification(ctx, &uq); err != nil {
			return err
		}
		held = heldQualification(uq, q, now)
		return s.Audit(ctx, ac, "qualification.grant", core.AuditUser, userID,
			map[string]any{"qualification_id": q.ID, "expires_at": uq.ExpiresAt})
	})
	return held, err
}

// RevokeQualification takes a qualification back from a user; who may is as for granting.
func (s *Service) RevokeQualification(ctx context.Context, ac core.Actor, userID, qualificationID int64) error {
	if !ac.IsStaff() {
		return core.ErrForbidden
	}
	return s.Tx(ctx, func(ctx context.Context) error {
		if _, err := s.DB.QualificationByID(ctx, qualificationID); err != nil {
			return core.NotFound(err)
		}
		if _, err := s.qualificationGrantable(ctx, ac, userID, qualificationID); err != nil {
			return err
		}
		held, err := s.DB.DeleteUserQualification(ctx, userID, qualificationID)
		if err != nil {
			return err
		}
		if !held {
			return core.ErrNotFound.Say("qualification.not_held")
		}
		return s.Audit(ctx, ac, "qualification.revoke", core.AuditUser, userID, map[string]any{"qualification_id": qualificationID})
	})
}

// qualificationGrantable loads the qualification after checking that the user exists and that
// the actor may grant it.
func (s *Service) qualificationGrantable(ctx context.Context, ac core.Actor, userID, qualificationID int64) (models.Qualification, error) {
	if _, err := s.DB.UserByID(ctx, userID); err != nil {
		return models.Qualification{}, core.NotFound(err)
	}
	q, err := s.DB.QualificationByID(ctx, qualificationID)
	if models.IsNotFound(err) {
		return q, core.FieldError("qualification_id", "catalog.no_such_qualification")
	}
	if err != nil || ac.IsAdmin() {
		return q, err
	}
	if !mayGrantQualification(ac, q) {
		return q, core.ErrForbidden.Say("qualification.grant_scope")
	}
	return q, nil
}

// utcPtr returns a copy of *t in UTC, nil for nil.
func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
