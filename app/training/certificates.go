package training

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"cqshare/app/core"
	"cqshare/models"
)

// AuditCertificate names certificates in the audit log.
const AuditCertificate = "certificate"

// MaxRevokeReason caps the reason of a revocation, in characters.
const MaxRevokeReason = 500

// ErrCertificateUnknown is answered for a verification code no certificate has.
var ErrCertificateUnknown = &core.Error{Kind: core.KindNotFound, Code: "certificate_unknown", Key: "certificate.unknown"}

// CertificateView is a certificate with what it certifies, times in the issuing base's zone.
type CertificateView struct {
	models.CertificateRow
	VerifyURL string
}

// Verification is what the public verification page shows of a certificate: no more than
// proves it, the holder's name masked.
// The handler shows only what the public may see of the row.
type Verification struct {
	models.CertificateRow        // times in the base's zone
	Status                string // valid or revoked
	HolderMasked          string
}

// Certificate statuses, as verification shows them.
const (
	CertificateValid   = "valid"
	CertificateRevoked = "revoked"
)

// Certificate loads a certificate for its holder, the issuing base's managers and admins;
// anyone else is told it does not exist.
func (s *Service) Certificate(ctx context.Context, ac core.Actor, id int64, publicURL string) (CertificateView, error) {
	row, err := s.DB.CertificateRowByID(ctx, id)
	if err != nil {
		return CertificateView{}, core.NotFound(err)
	}
	if row.UserID != ac.UserID && !ac.ManagesFacility(row.FacilityID) {
		return CertificateView{}, core.ErrNotFound
	}
	return s.certificateView(row, publicURL), nil
}

// MyCertificates lists one page of the actor's certificates, newest first.
func (s *Service) MyCertificates(ctx context.Context, ac core.Actor, p core.Page, publicURL string) ([]CertificateView, int64, error) {
	rows, total, err := s.DB.UserCertificateRows(ctx, ac.UserID, p.Size, p.Offset())
	if err != nil {
		return nil, 0, err
	}
	out := make([]CertificateView, len(rows))
	for i, r := range rows {
		out[i] = s.certificateView(r, publicURL)
	}
	return out, total, nil
}

// RevokeCertificate revokes a certificate, with a reason, for the issuing base's managers and
// admins; the revocation is audited and verification says so from then on.
func (s *Service) RevokeCertificate(ctx context.Context, ac core.Actor, id int64, reason, publicURL string) (CertificateView, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return CertificateView{}, core.FieldError("reason", "field.required")
	case utf8.RuneCountInString(reason) > MaxRevokeReason:
		return CertificateView{}, core.FieldError("reason", "field.max_length", "max", MaxRevokeReason)
	}
	var out CertificateView
	err := s.Tx(ctx, func(ctx context.Context) error {
		row, err := s.DB.CertificateRowByID(ctx, id)
		if err != nil {
			return core.NotFound(err)
		}
		if !ac.ManagesFacility(row.FacilityID) {
			if row.UserID == ac.UserID {
				return core.ErrForbidden
			}
			return core.ErrNotFound
		}
		changed, err := s.DB.RevokeCertificate(ctx, id, ac.UserID, reason, s.Now())
		if err != nil {
			return err
		}
		if !changed {
			return core.ErrInvalidTransition.Say("certificate.already_revoked")
		}
		if err := s.Audit(ctx, ac, "certificate.revoke", AuditCertificate, id,
			map[string]any{"code": row.Code, "user_id": row.UserID, "reason": reason}); err != nil {
			return err
		}
		if row, err = s.DB.CertificateRowByID(ctx, id); err != nil {
			return err
		}
		out = s.certificateView(row, publicURL)
		return nil
	})
	return out, err
}

// VerifyCertificate is the public check of a verification code, without login. The code is read
// as Crockford base32 is (case, hyphens and spaces ignored; O as 0, I and L as 1).
func (s *Service) VerifyCertificate(ctx context.Context, code string) (Verification, error) {
	row, err := s.DB.CertificateRowByCode(ctx, NormalizeCertificateCode(code))
	if models.IsNotFound(err) {
		return Verification{}, ErrCertificateUnknown
	}
	if err != nil {
		return Verification{}, err
	}
	v := Verification{CertificateRow: s.inBaseZone(row), Status: CertificateValid, HolderMasked: MaskName(row.HolderName)}
	if row.RevokedAt != nil {
		v.Status = CertificateRevoked
	}
	return v, nil
}

// NormalizeCertificateCode reads a code as typed into the form codes are stored in.
func NormalizeCertificateCode(code string) string {
	return strings.Map(func(r rune) rune {
		switch r = unicode.ToUpper(r); r {
		case '-', ' ':
			return -1
		case 'O':
			return '0'
		case 'I', 'L':
			return '1'
		}
		return r
	}, code)
}

// MaskName masks a holder's name for the public: a Chinese name keeps its first and last
// character (张*明, 欧**娜, 李*), any other its first letter (A***).
func MaskName(name string) string {
	runes := []rune(strings.TrimSpace(name))
	switch {
	case len(runes) == 0:
		return ""
	case !unicode.Is(unicode.Han, runes[0]):
		return string(runes[0]) + "***"
	case len(runes) <= 2:
		return string(runes[0]) + "*"
	}
	return string(runes[0]) + strings.Repeat("*", len(runes)-2) + string(runes[len(runes)-1])
}

func (s *Service) certificateView(row models.CertificateRow, publicURL string) CertificateView {
	return CertificateView{CertificateRow: s.inBaseZone(row), VerifyURL: publicURL + "/verify/" + row.Code}
}

// inBaseZone gives a certificate's times in the issuing base's time zone.
func (s *Service) inBaseZone(row models.CertificateRow) models.CertificateRow {
	loc := s.catalog.TimeZone(row.TimeZone)
	row.StartAt, row.EndAt, row.IssuedAt = row.StartAt.In(loc), row.EndAt.In(loc), row.IssuedAt.In(loc)
	if row.RevokedAt != nil {
		t := row.RevokedAt.In(loc)
		row.RevokedAt = &t
	}
	return row
}
