package training

import (
	"context"
	"io"
	"slices"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// Record is a person's learning record (终身学习档案): the courses they took across all
// consortia, the hours they completed, their results, certificates and qualifications. Scoped
// says it holds only the rows of the reader's training bases.
type Record struct {
	UserID         int64
	UserName       string
	Courses        []models.RecordRow // times in each base's zone
	Qualifications []RecordQualification
	// CompletedHours sums the class hours (学时) of the courses attended or passed.
	CompletedHours int
	Scoped         bool
	GeneratedAt    time.Time
}

// RecordQualification is a qualification the person holds (times in the default zone), and
// whether it is valid now.
type RecordQualification struct {
	models.UserQualificationRow
	Valid bool
}

// LearningRecord is the learning record of a user, for: the person, admins, the user's
// organization's SME accounts (the enterprise that sent its staff), and managers of a training
// base where the user held a seat, who see only their bases' courses and the qualifications
// those granted. Anyone else is told the user does not exist.
func (s *Service) LearningRecord(ctx context.Context, ac core.Actor, userID int64) (Record, error) {
	u, err := s.DB.UserByID(ctx, userID)
	if err != nil {
		return Record{}, core.NotFound(err)
	}
	scope, err := s.recordScope(ctx, ac, u)
	if err != nil {
		return Record{}, err
	}
	rows, err := s.DB.LearningRecordRows(ctx, u.ID, scope)
	if err != nil {
		return Record{}, err
	}
	held, err := s.DB.UserQualifications(ctx, u.ID)
	if err != nil {
		return Record{}, err
	}
	now := s.Now()
	rec := Record{UserID: u.ID, UserName: u.Name, Courses: rows, Scoped: scope != nil, GeneratedAt: now}
	granted := map[int64]bool{}
	for i, r := range rows {
		loc := s.catalog.TimeZone(r.TimeZone)
		rows[i].StartAt, rows[i].EndAt = r.StartAt.In(loc), r.EndAt.In(loc)
		granted[r.EnrollmentID] = true
		if r.Status == models.EnrollmentPassed || r.Status == models.EnrollmentAttended {
			rec.CompletedHours += r.Hours
		}
	}
	loc := s.catalog.TimeZone("")
	for _, q := range held {
		if scope != nil && (q.EnrollmentID == nil || !granted[*q.EnrollmentID]) {
			continue
		}
		q.GrantedAt = q.GrantedAt.In(loc)
		if q.ExpiresAt != nil {
			t := q.ExpiresAt.In(loc)
			q.ExpiresAt = &t
		}
		rec.Qualifications = append(rec.Qualifications, RecordQualification{UserQualificationRow: q,
			Valid: q.ExpiresAt == nil || q.ExpiresAt.After(now)})
	}
	return rec, nil
}

// recordScope decides who reads whose record: nil for the whole of it, the training bases whose
// rows the reader sees, or ErrNotFound.
func (s *Service) recordScope(ctx context.Context, ac core.Actor, u models.User) ([]int64, error) {
	switch {
	case ac.UserID == u.ID || ac.IsAdmin():
		return nil, nil
	case ac.Role == models.RoleSME && ac.OrganizationID != nil && u.OrganizationID != nil && *ac.OrganizationID == *u.OrganizationID:
		return nil, nil
	case ac.ScopedToFacilities():
		ok, err := s.DB.UserEnrolledAtAny(ctx, u.ID, ac.ManagedFacilityIDs)
		if err != nil || ok {
			return slices.Clone(ac.ManagedFacilityIDs), err
		}
	}
	return nil, core.ErrNotFound
}

// RecordTable is the learning record as one table in l: a header row, then a row per course
// and per qualification. Hours and scores are numbers; times read in each base's zone.
func (r Record) RecordTable(l core.Lang) (header []string, rows [][]any) {
	for _, c := range []string{"kind", "name", "base", "start", "end", "hours", "result", "score", "certificate", "valid_until"} {
		header = append(header, l.Say(core.T("training.record.column."+c)))
	}
	const day, minute = "2006-01-02", "2006-01-02 15:04"
	for _, c := range r.Courses {
		var score, cert any = "", ""
		if c.Score != nil {
			score = *c.Score
		}
		if c.CertificateCode != nil {
			cert = *c.CertificateCode
			if c.CertificateRevoked != nil {
				cert = l.Say(core.T("training.record.revoked", "code", *c.CertificateCode))
			}
		}
		rows = append(rows, []any{l.Say(core.T("training.record.kind.course")), l.Name(c.CourseTitle, c.CourseTitleEn),
			l.Name(c.FacilityName, c.FacilityNameEn), c.StartAt.Format(minute), c.EndAt.Format(minute), c.Hours,
			l.Say(core.T("training.status_" + string(c.Status))), score, cert, ""})
	}
	for _, q := range r.Qualifications {
		result, until := l.Say(core.T("training.record.qualification.valid")), l.Say(core.T("training.record.qualification.no_expiry"))
		if !q.Valid {
			result = l.Say(core.T("training.record.qualification.expired"))
		}
		if q.ExpiresAt != nil {
			until = q.ExpiresAt.Format(day)
		}
		rows = append(rows, []any{l.Say(core.T("training.record.kind.qualification")), l.Name(q.Name, q.NameEn), "",
			q.GrantedAt.Format(day), "", "", result, "", "", until})
	}
	return header, rows
}

// table is the record as an export's sheet.
func (r Record) table(l core.Lang) core.Table {
	header, rows := r.RecordTable(l)
	return core.Table{Sheet: l.Say(core.T("training.record.sheet")), Header: header, Rows: rows}
}

// WriteRecordCSV writes the record's table as CSV in UTF-8 with a byte-order mark, so that
// spreadsheet programs read its Chinese right.
func WriteRecordCSV(w io.Writer, r Record, l core.Lang) error {
	return core.WriteCSV(w, r.table(l))
}

// WriteRecordXLSX writes the record's table as an XLSX workbook of one sheet, its header row
// frozen and its numbers stored as numbers.
func WriteRecordXLSX(w io.Writer, r Record, l core.Lang) error {
	return core.WriteXLSX(w, r.table(l))
}
