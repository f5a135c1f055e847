package training

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"slices"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// Results a trainee may be given.
var Results = []models.EnrollmentStatus{models.EnrollmentAttended, models.EnrollmentAbsent, models.EnrollmentPassed}

// MarkResult records a trainee's result (the session's instructor, the base's managers, admins;
// once the first meeting has started). With a pass mark, passing needs a score at or above it.
// Passing grants the course's qualification and, where the course gives one, a certificate, in
// the same transaction; changing a pass to another result takes both back. The trainee is told.
func (s *Service) MarkResult(ctx context.Context, ac core.Actor, id int64, result models.EnrollmentStatus, score *int) (EnrollmentView, error) {
	if !slices.Contains(Results, result) {
		return EnrollmentView{}, core.FieldError("result", "field.choose")
	}
	return s.enrollmentAction(ctx, ac, id, ActionMarkResult, func(ctx context.Context, e models.Enrollment, t transition, sess models.CourseSession, c models.Course) error {
		if c.PassScore != nil && result == models.EnrollmentPassed {
			if score == nil {
				return core.FieldError("score", "field.required")
			}
			if *score < *c.PassScore {
				return core.RuleError("score", "pass_score", "training.below_pass_score", "pass_score", *c.PassScore)
			}
		}
		now := s.Now()
		var by *int64
		if ac.UserID != 0 {
			by = &ac.UserID
		}
		if _, err := s.moveEnrollment(ctx, e, t.from, models.EnrollmentChange{Status: result, Columns: map[string]any{
			"score": score, "result_by": by, "result_at": now}}); err != nil {
			return err
		}
		switch {
		case result == models.EnrollmentPassed && e.Status != models.EnrollmentPassed:
			if err := s.grant(ctx, c, e, by, now); err != nil {
				return err
			}
		case result != models.EnrollmentPassed && e.Status == models.EnrollmentPassed:
			if err := s.takeBackGrant(ctx, ac, e, by, now); err != nil {
				return err
			}
		}
		data, err := s.sessionData(ctx, c, sess)
		if err != nil {
			return err
		}
		data["enrollment_id"], data["result"], data["score"] = e.ID, result, score
		if err := s.Notify(ctx, e.UserID, NotifyCourseResult, data); err != nil {
			return err
		}
		return s.Audit(ctx, ac, "enrollment.result", AuditEnrollment, e.ID, map[string]any{"result": result, "score": score})
	})
}

// grant gives a passer the course's qualification (valid for the course's months, or the
// qualification's own) and its certificate where the course gives one.
func (s *Service) grant(ctx context.Context, c models.Course, e models.Enrollment, by *int64, now time.Time) error {
	if c.QualificationID != nil {
		q, err := s.DB.QualificationByID(ctx, *c.QualificationID)
		if err != nil {
			return err
		}
		months := q.ValidMonths
		if c.QualificationValidMonths != nil {
			months = *c.QualificationValidMonths
		}
		uq := models.UserQualification{UserID: e.UserID, QualificationID: q.ID, GrantedAt: now, GrantedBy: by,
			Source: models.QualificationSourceCourse, EnrollmentID: &e.ID}
		if months > 0 {
			exp := now.AddDate(0, months, 0)
			uq.ExpiresAt = &exp
		}
		if err := s.DB.SaveEnrollmentGrant(ctx, &uq); err != nil {
			return err
		}
	}
	if !c.GivesCertificate {
		return nil
	}
	if reinstated, err := s.DB.ReinstateEnrollmentCertificate(ctx, e.ID, now); err != nil || reinstated {
		return err
	}
	code, err := CertificateCode()
	if err != nil {
		return err
	}
	return s.DB.InsertCertificate(ctx, &models.Certificate{EnrollmentID: e.ID, UserID: e.UserID, Code: code, IssuedAt: now})
}

// takeBackGrant removes the qualification grant a pass made and revokes its certificate.
func (s *Service) takeBackGrant(ctx context.Context, ac core.Actor, e models.Enrollment, by *int64, now time.Time) error {
	removed, err := s.DB.DeleteEnrollmentGrant(ctx, e.ID)
	if err != nil {
		return err
	}
	revoked, err := s.DB.RevokeEnrollmentCertificate(ctx, e.ID, by, now, "result changed")
	if err != nil {
		return err
	}
	return s.Audit(ctx, ac, "enrollment.unpass", AuditEnrollment, e.ID, map[string]any{"qualification_removed": removed,
		"certificate_revoked": revoked})
}

// crockford is Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or typed is
// not mistaken.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// CertificateCodeLength is the length of a certificate's verification code: 60 random bits.
const CertificateCodeLength = 12

// CertificateCode is a new random verification code, unguessable.
func CertificateCode() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	n := binary.BigEndian.Uint64(b[:])
	out := make([]byte, CertificateCodeLength)
	for i := range out {
		out[i] = crockford[n&31]
		n >>= 5
	}
	return string(out), nil
}
