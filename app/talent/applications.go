package talent

import (
	"context"
	"slices"
	"strings"

	"cqshare/app/core"
	"cqshare/models"
)

// Share names what a student shows the enterprise of themselves.
type Share struct {
	Name, Email, StudentNumber, School bool
}

// ApplyInput is a student's application: what they share and a short statement.
type ApplyInput struct {
	Share     Share
	Statement string
}

// ApplicantView is an application as the caller sees it: the enterprise only what the student
// shared (the rest is empty), the student all of their own.
type ApplicantView struct {
	ID           int64
	NeedID       int64
	NeedTitle    string
	NeedKind     models.TalentNeedKind
	NeedStatus   string
	EmployerName string
	EmployerEn   string
	Share        Share
	Name         string
	Email        string
	Number       string
	School       string
	SchoolEn     string
	Statement    string
	Status       models.ApplicationStatus
	CreatedAt    string
	Actions      []string
	row          models.TalentApplicantRow
}

type applicationMove struct {
	action   string
	from     []models.ApplicationStatus
	to       models.ApplicationStatus
	employer bool
}

// applicationMoves is the applications' transition table: from a status, the action, who takes
// it (the enterprise or the student) and where it leads. Moves happen while the need is open.
var applicationMoves = []applicationMove{
	{"shortlist", []models.ApplicationStatus{models.ApplicationSubmitted}, models.ApplicationShortlisted, true},
	{"accept", []models.ApplicationStatus{models.ApplicationSubmitted, models.ApplicationShortlisted}, models.ApplicationAccepted, true},
	{"decline", []models.ApplicationStatus{models.ApplicationSubmitted, models.ApplicationShortlisted}, models.ApplicationDeclined, true},
	{"withdraw", []models.ApplicationStatus{models.ApplicationSubmitted, models.ApplicationShortlisted}, models.ApplicationWithdrawn, false},
}

// ApplicationActions lists the actions of the table, for the request's validation.
var ApplicationActions = []string{"shortlist", "accept", "decline", "withdraw"}

func applicationActions(a models.TalentApplicantRow, employer bool) []string {
	out := []string{}
	if a.NeedStatus != models.TalentOpen {
		return out
	}
	for _, m := range applicationMoves {
		if m.employer == employer && slices.Contains(m.from, a.Status) {
			out = append(out, m.action)
		}
	}
	return out
}

// applicantView words an application for the enterprise (employer) or for its student.
func applicantView(a models.TalentApplicantRow, employer bool) ApplicantView {
	v := ApplicantView{ID: a.ID, NeedID: a.NeedID, NeedTitle: a.NeedTitle, NeedKind: a.NeedKind, NeedStatus: a.NeedStatus,
		EmployerName: a.EmployerName, EmployerEn: a.EmployerEn, Statement: a.Statement, Status: a.Status,
		Share:     Share{Name: a.ShareName, Email: a.ShareEmail, StudentNumber: a.ShareStudentNumber, School: a.ShareSchool},
		CreatedAt: a.CreatedAt.UTC().Format("2006-01-02T15:04:05Z07:00"), Actions: applicationActions(a, employer), row: a}
	if !employer || a.ShareName {
		v.Name = a.StudentName
	}
	if !employer || a.ShareEmail {
		v.Email = a.StudentEmail
	}
	if (!employer || a.ShareStudentNumber) && a.StudentNumber != nil {
		v.Number = *a.StudentNumber
	}
	if !employer || a.ShareSchool {
		v.School, v.SchoolEn = a.SchoolName, a.SchoolNameEn
	}
	return v
}

// Apply files a student's application to an open opening; one per need per student.
func (s *Service) Apply(ctx context.Context, ac core.Actor, needID int64, in ApplyInput) (ApplicantView, error) {
	if ac.Role != models.RoleStudent {
		return ApplicantView{}, ErrStudentsOnly
	}
	now := s.Now()
	a := models.TalentApplication{NeedID: needID, StudentID: ac.UserID, Statement: strings.TrimSpace(in.Statement),
		ShareName: in.Share.Name, ShareEmail: in.Share.Email, ShareStudentNumber: in.Share.StudentNumber, ShareSchool: in.Share.School,
		Status: models.ApplicationSubmitted, CreatedAt: now, UpdatedAt: now}
	err := s.Tx(ctx, func(ctx context.Context) error {
		n, _, err := s.needFor(ctx, ac, needID)
		if err != nil {
			return err
		}
		if n.Status != models.TalentOpen {
			return ErrNeedClosed
		}
		if err := s.DB.InsertTalentApplication(ctx, &a); err != nil {
			if models.IsDuplicate(err) {
				return ErrAlreadyApplied
			}
			return err
		}
		return nil
	})
	if err != nil {
		return ApplicantView{}, err
	}
	row, err := s.DB.TalentApplicationRowByID(ctx, a.ID)
	return applicantView(row, false), err
}

// Applicants lists one page of a need's applications, as its organization's members see them:
// only what each student shared.
func (s *Service) Applicants(ctx context.Context, ac core.Actor, needID int64, p core.Page) ([]ApplicantView, int64, error) {
	_, st, err := s.needFor(ctx, ac, needID)
	if err != nil {
		return nil, 0, err
	}
	if st != StancePoster {
		return nil, 0, core.ErrForbidden
	}
	rows, total, err := s.DB.ListNeedApplications(ctx, needID, p.Size, p.Offset())
	out := make([]ApplicantView, len(rows))
	for i, r := range rows {
		out[i] = applicantView(r, true)
	}
	return out, total, err
}

// MyApplications lists one page of the student's own applications.
func (s *Service) MyApplications(ctx context.Context, ac core.Actor, p core.Page) ([]ApplicantView, int64, error) {
	rows, total, err := s.DB.ListStudentApplications(ctx, ac.UserID, p.Size, p.Offset())
	out := make([]ApplicantView, len(rows))
	for i, r := range rows {
		out[i] = applicantView(r, false)
	}
	return out, total, err
}

// MoveApplication takes an action of the table on an application: the student withdraws their
// own; a member of the need's organization shortlists, accepts or declines, and the student is
// told (in-app and by e-mail).
func (s *Service) MoveApplication(ctx context.Context, ac core.Actor, id int64, action string) (ApplicantView, error) {
	var employer bool
	err := s.Tx(ctx, func(ctx context.Context) error {
		a, err := s.DB.TalentApplicationByID(ctx, id)
		if err != nil {
			return core.NotFound(err)
		}
		n, err := s.DB.TalentNeedByID(ctx, a.NeedID)
		if err != nil {
			return err
		}
		employer = isMember(ac, n.OrganizationID)
		if !employer && a.StudentID != ac.UserID {
			return core.ErrNotFound
		}
		i := slices.IndexFunc(applicationMoves, func(m applicationMove) bool {
			return m.action == action
		})
		if i < 0 {
			return core.FieldError("action", "field.choose")
		}
		m := applicationMoves[i]
		if m.employer != employer {
			return core.ErrForbidden
		}
		if n.Status != models.TalentOpen {
			return ErrNeedClosed
		}
		if !slices.Contains(m.from, a.Status) {
			return core.ErrInvalidTransition
		}
		now := s.Now()
		a.Status, a.UpdatedAt = m.to, now
		if employer {
			a.DecidedAt = &now
		}
		if err := s.DB.SaveTalentApplication(ctx, &a); err != nil {
			return err
		}
		if !employer {
			return nil
		}
		return s.Notify(ctx, a.StudentID, "talent_"+string(m.to), map[string]any{"need_id": n.ID, "application_id": a.ID,
			"title": n.Title, "status": string(m.to)})
	})
	if err != nil {
		return ApplicantView{}, err
	}
	row, err := s.DB.TalentApplicationRowByID(ctx, id)
	return applicantView(row, employer), err
}
