package training

import (
	"context"
	"slices"
	"strings"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// AuditCourse and the other object types of training writes in the audit log.
const (
	AuditCourse     = "course"
	AuditSession    = "course_session"
	AuditEnrollment = "enrollment"
)

// Prerequisite is one thing a course requires: a passed course or a valid qualification.
type Prerequisite struct {
	CourseID        *int64
	QualificationID *int64
}

// NewCourse is a course a training base's manager defines.
type NewCourse struct {
	FacilityID               int64
	Title                    string
	TitleEn                  string
	Description              string
	ClusterID                *int64
	Level                    string
	Hours                    int
	GivesCertificate         bool
	QualificationID          *int64
	QualificationValidMonths *int
	PassScore                *int
	Prerequisites            []Prerequisite
	Status                   models.CourseStatus // draft when empty
}

// CoursePatch changes some fields of a course; its base stays. A zero id clears the cluster or
// the qualification; a zero pass score or validity clears it.
type CoursePatch struct {
	Title                    *string
	TitleEn                  *string
	Description              *string
	ClusterID                *int64
	Level                    *string
	Hours                    *int
	GivesCertificate         *bool
	QualificationID          *int64
	QualificationValidMonths *int
	PassScore                *int
	Prerequisites            *[]Prerequisite
	Status                   *models.CourseStatus
}

// CourseFilter selects courses in the catalogue.
type CourseFilter struct {
	Query      string
	ClusterID  int64
	FacilityID int64
	Level      string
	From, To   *time.Time
	HasSeats   bool
}

// PrerequisiteView is a prerequisite with the name of what it requires.
type PrerequisiteView struct {
	CourseID          *int64
	CourseTitle       string
	QualificationID   *int64
	QualificationName string
}

// CourseView is a course as the API shows it: its names, prerequisites, the next session and the
// seats left over its upcoming sessions open for enrolment, and what the reader may do.
type CourseView struct {
	models.CourseRow
	Prerequisites      []PrerequisiteView
	NextSessionStartAt *time.Time
	SeatsLeft          int
	Actions            []string
	Loc                *time.Location
}

// Courses lists one page of the catalogue: published and archived courses for everyone, drafts
// only for their base's managers and admins.
func (s *Service) Courses(ctx context.Context, ac core.Actor, f CourseFilter, p core.Page) ([]CourseView, int64, error) {
	rows, total, err := s.DB.ListCourses(ctx, models.CourseFilter{Query: f.Query, ClusterID: f.ClusterID, FacilityID: f.FacilityID,
		Level: f.Level, From: f.From, To: f.To, HasSeats: f.HasSeats, Now: s.Now(), DraftsOf: ac.ManagedFacilityIDs,
		AllDrafts: ac.IsAdmin()}, p.Size, p.Offset())
	if err != nil {
		return nil, 0, err
	}
	views, err := s.courseViews(ctx, ac, rows)
	return views, total, err
}

// Course loads a course the actor may see.
func (s *Service) Course(ctx context.Context, ac core.Actor, id int64) (CourseView, error) {
	row, err := s.courseInScope(ctx, ac, id)
	if err != nil {
		return CourseView{}, err
	}
	views, err := s.courseViews(ctx, ac, []models.CourseRow{row})
	if err != nil {
		return CourseView{}, err
	}
	return views[0], nil
}

// courseInScope loads a course; a draft is not found but by its base's managers and admins.
func (s *Service) courseInScope(ctx context.Context, ac core.Actor, id int64) (models.CourseRow, error) {
	row, err := s.DB.CourseRowByID(ctx, id)
	if err != nil {
		return row, core.NotFound(err)
	}
	if row.Status == models.CourseDraft && !ac.ManagesFacility(row.FacilityID) {
		return row, core.ErrNotFound
	}
	return row, nil
}

func (s *Service) courseViews(ctx context.Context, ac core.Actor, rows []models.CourseRow) ([]CourseView, error) {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	prereqs, err := s.DB.CoursePrerequisites(ctx, ids)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	upcoming, err := s.DB.UpcomingSessions(ctx, ids, now)
	if err != nil {
		return nil, err
	}
	out := make([]CourseView, len(rows))
	for i, r := range rows {
		v := CourseView{CourseRow: r, Prerequisites: []PrerequisiteView{}, Actions: []string{},
			Loc: s.catalog.TimeZone(r.FacilityTimeZone)}
		for _, p := range prereqs {
			if p.CourseID == r.ID {
				v.Prerequisites = append(v.Prerequisites, PrerequisiteView{CourseID: p.RequiredCourseID, CourseTitle: p.CourseTitle,
					QualificationID: p.RequiredQualificationID, QualificationName: p.QualificationName})
			}
		}
		for _, sr := range upcoming {
			if sr.CourseID != r.ID {
				continue
			}
			if v.NextSessionStartAt == nil {
				v.NextSessionStartAt = &sr.StartAt
			}
			if enrollmentOpen(sr.CourseSession, now) {
				v.SeatsLeft += max(sr.Seats-sr.EnrolledCount, 0)
			}
		}
		if ac.ManagesFacility(r.FacilityID) {
			v.Actions = append(v.Actions, "edit")
		}
		if s.mayScheduleCourse(ac, r.Course) {
			v.Actions = append(v.Actions, "add_session")
		}
		out[i] = v
	}
	return out, nil
}

// CreateCourse defines a course at a training base (its managers, admins).
func (s *Service) CreateCourse(ctx context.Context, ac core.Actor, in NewCourse) (CourseView, error) {
	if !ac.ManagesFacility(in.FacilityID) {
		return CourseView{}, core.ErrForbidden
	}
	now := s.Now()
	c := models.Course{FacilityID: in.FacilityID, Title: strings.TrimSpace(in.Title), TitleEn: strings.TrimSpace(in.TitleEn),
		Description: strings.TrimSpace(in.Description), ClusterID: in.ClusterID, Level: in.Level, Hours: in.Hours,
		GivesCertificate: in.GivesCertificate, QualificationID: in.QualificationID, QualificationValidMonths: in.QualificationValidMonths,
		PassScore: in.PassScore, Status: in.Status, CreatedAt: now, UpdatedAt: now}
	if c.Status == "" {
		c.Status = models.CourseDraft
	}
	if ac.UserID != 0 {
		c.CreatedBy = &ac.UserID
	}
	err := s.Tx(ctx, func(ctx context.Context) error {
		c.ID = 0
		prereqs, err := s.checkCourse(ctx, c, in.Prerequisites)
		if err != nil {
			return err
		}
		if err := s.DB.Insert(ctx, &c); err != nil {
			return err
		}
		if err := s.DB.SetCoursePrerequisites(ctx, c.ID, prereqs); err != nil {
			return err
		}
		return s.Audit(ctx, ac, "course.create", AuditCourse, c.ID, map[string]any{"title": c.Title, "facility_id": c.FacilityID})
	})
	if err != nil {
		return CourseView{}, err
	}
	return s.Course(ctx, ac, c.ID)
}

// UpdateCourse changes a course (its base's managers, admins).
func (s *Service) UpdateCourse(ctx context.Context, ac core.Actor, id int64, p CoursePatch) (CourseView, error) {
	err := s.Tx(ctx, func(ctx context.Context) error {
		c, err := s.DB.CourseByID(ctx, id)
		if err != nil {
			return core.NotFound(err)
		}
		if !ac.ManagesFacility(c.FacilityID) {
			if c.Status == models.CourseDraft {
				return core.ErrNotFound
			}
			return core.ErrForbidden
		}
		core.Set(&c.Title, core.Trimmed(p.Title))
		core.Set(&c.TitleEn, core.Trimmed(p.TitleEn))
		core.Set(&c.Description, core.Trimmed(p.Description))
		core.Set(&c.Level, p.Level)
		core.Set(&c.Hours, p.Hours)
		core.Set(&c.GivesCertificate, p.GivesCertificate)
		core.Set(&c.Status, p.Status)
		setOptionalID(&c.ClusterID, p.ClusterID)
		setOptionalID(&c.QualificationID, p.QualificationID)
		setOptionalInt(&c.QualificationValidMonths, p.QualificationValidMonths)
		setOptionalInt(&c.PassScore, p.PassScore)
		var in []Prerequisite
		if p.Prerequisites != nil {
			in = *p.Prerequisites
		}
		prereqs, err := s.checkCourse(ctx, c, in)
		if err != nil {
			return err
		}
		c.UpdatedAt = s.Now()
		if err := s.DB.UpdateCourse(ctx, &c); err != nil {
			return err
		}
		if p.Prerequisites != nil {
			if err := s.DB.SetCoursePrerequisites(ctx, c.ID, prereqs); err != nil {
				return err
			}
		}
		return s.Audit(ctx, ac, "course.update", AuditCourse, c.ID, p)
	})
	if err != nil {
		return CourseView{}, err
	}
	return s.Course(ctx, ac, id)
}

// setOptionalID sets *dst from v: nil leaves it, 0 clears it.
func setOptionalID(dst **int64, v *int64) {
	switch {
	case v == nil:
	case *v == 0:
		*dst = nil
	default:
		id := *v
		*dst = &id
	}
}

// setOptionalInt sets *dst from v: nil leaves it, 0 clears it.
func setOptionalInt(dst **int, v *int) {
	switch {
	case v == nil:
	case *v == 0:
		*dst = nil
	default:
		n := *v
		*dst = &n
	}
}

// checkCourse checks a course and its prerequisites against the database: the base is a training
// base, the cluster and qualification exist, each prerequisite names one existing course (not
// this one) or qualification, once.
func (s *Service) checkCourse(ctx context.Context, c models.Course, in []Prerequisite) ([]models.CoursePrerequisite, error) {
	fields := map[string]core.Text{}
	fac, err := s.DB.FacilityByID(ctx, c.FacilityID)
	switch {
	case models.IsNotFound(err):
		fields["facility_id"] = core.T("training.not_training_base")
	case err != nil:
		return nil, err
	case fac.Kind != models.KindTrainingBase:
		fields["facility_id"] = core.T("training.not_training_base")
	}
	if !slices.Contains(models.CourseLevels, c.Level) {
		fields["level"] = core.T("field.choose")
	}
	if !slices.Contains([]models.CourseStatus{models.CourseDraft, models.CoursePublished, models.CourseArchived}, c.Status) {
		fields["status"] = core.T("field.choose")
	}
	if c.ClusterID != nil {
		if _, err := s.DB.ClusterByID(ctx, *c.ClusterID); models.IsNotFound(err) {
			fields["cluster_id"] = core.T("training.no_such_cluster")
		} else if err != nil {
			return nil, err
		}
	}
	if c.QualificationID != nil {
		if _, err := s.DB.QualificationByID(ctx, *c.QualificationID); models.IsNotFound(err) {
			fields["qualification_id"] = core.T("training.no_such_qualification")
		} else if err != nil {
			return nil, err
		}
	}
	out := make([]models.CoursePrerequisite, 0, len(in))
	for _, p := range in {
		switch {
		case (p.CourseID == nil) == (p.QualificationID == nil):
			fields["prerequisites"] = core.T("training.prerequisite_one")
		case p.CourseID != nil:
			if *p.CourseID == c.ID {
				fields["prerequisites"] = core.T("training.prerequisite_self")
			} else if _, err := s.DB.CourseByID(ctx, *p.CourseID); models.IsNotFound(err) {
				fields["prerequisites"] = core.T("training.no_such_course")
			} else if err != nil {
				return nil, err
			}
		default:
			if _, err := s.DB.QualificationByID(ctx, *p.QualificationID); models.IsNotFound(err) {
				fields["prerequisites"] = core.T("training.no_such_qualification")
			} else if err != nil {
				return nil, err
			}
		}
		row := models.CoursePrerequisite{RequiredCourseID: p.CourseID, RequiredQualificationID: p.QualificationID}
		if slices.ContainsFunc(out, func(o models.CoursePrerequisite) bool { return samePrerequisite(o, row) }) {
			fields["prerequisites"] = core.T("field.listed_twice")
		}
		out = append(out, row)
	}
	if len(fields) > 0 {
		return nil, core.ValidationError(fields)
	}
	return out, nil
}

func samePrerequisite(a, b models.CoursePrerequisite) bool {
	eq := func(x, y *int64) bool { return (x == nil && y == nil) || (x != nil && y != nil && *x == *y) }
	return eq(a.RequiredCourseID, b.RequiredCourseID) && eq(a.RequiredQualificationID, b.RequiredQualificationID)
}
