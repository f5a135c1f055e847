package training_test

import (
	"testing"
	"time"

	"cqshare/app/apptest"
	"cqshare/app/core"
	"cqshare/app/training"
	"cqshare/models"
)

func TestMaskName(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"张三明", "张*明"},
		{"欧阳娜娜", "欧**娜"},
		{"李四", "李*"},
		{"王", "王*"},
		{"Alice Smith", "A***"},
		{" ", ""},
	} {
		if got := training.MaskName(tc.name); got != tc.want {
			t.Errorf("MaskName(%q): got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestCertificates(t *testing.T) {
	f := newRecords(t)
	c := f.courseRow(nil)
	s, _ := f.sessionRows(c.ID, monday9.Add(-72*time.Hour))
	holder := f.User(models.RoleStudent)
	f.Must(f.DB.UpdateByID(f.Ctx, &models.User{}, holder.UserID, map[string]any{"name": "张三明"}))
	cert := f.certificateRow(f.enrollRow(s.ID, holder.UserID, models.EnrollmentPassed), "7K3M9Q2X4B1Z")
	otherManager := f.User(models.RoleManager, f.Facility("Asia/Shanghai").ID)
	admin := f.User(models.RoleAdmin)
	svc := f.App.Training
	const site = "https://cq.example"

	t.Run("read", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			who  core.Actor
			want string
		}{
			{"the holder", holder, ""},
			{"the base's manager", f.manager, ""},
			{"an admin", admin, ""},
			{"another base's manager", otherManager, "not_found"},
			{"the instructor", f.instructor, "not_found"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				v, err := svc.Certificate(f.Ctx, tc.who, cert.ID, site)
				apptest.CheckErr(t, err, tc.want)
				if err != nil {
					return
				}
				if v.HolderName != "张三明" || v.CourseTitle != c.Title || v.Hours != 16 || v.VerifyURL != site+"/verify/7K3M9Q2X4B1Z" {
					t.Errorf("got %+v", v)
				}
				if _, off := v.StartAt.Zone(); off != 8*3600 {
					t.Errorf("got start %s, want the base's offset +08:00", v.StartAt)
				}
			})
		}
		mine, total, err := svc.MyCertificates(f.Ctx, holder, core.NewPage(1, 20), site)
		f.Must(err)
		if total != 1 || mine[0].ID != cert.ID {
			t.Errorf("got %d certificates %+v, want the one", total, mine)
		}
	})

	t.Run("verify", func(t *testing.T) {
		v, err := svc.VerifyCertificate(f.Ctx, "7k3m-9q2x-4b1z")
		f.Must(err)
		if v.Status != training.CertificateValid || v.HolderMasked != "张*明" || v.FacilityName != f.base.Name {
			t.Errorf("got %s %q %q, want valid 张*明 at %s", v.Status, v.HolderMasked, v.FacilityName, f.base.Name)
		}
		_, err = svc.VerifyCertificate(f.Ctx, "7K3M9Q2X4B1Y")
		apptest.CheckErr(t, err, "certificate_unknown")
	})

	t.Run("revoke", func(t *testing.T) {
		_, err := svc.RevokeCertificate(f.Ctx, holder, cert.ID, "自己不要", site)
		apptest.CheckErr(t, err, "forbidden")
		_, err = svc.RevokeCertificate(f.Ctx, otherManager, cert.ID, "冒领", site)
		apptest.CheckErr(t, err, "not_found")
		_, err = svc.RevokeCertificate(f.Ctx, f.manager, cert.ID, "  ", site)
		apptest.CheckErr(t, err, "validation_failed", "reason")

		f.Clock.Advance(time.Hour)
		v, err := svc.RevokeCertificate(f.Ctx, f.manager, cert.ID, "考核作弊", site)
		f.Must(err)
		if v.RevokedAt == nil || v.RevokeReason != "考核作弊" {
			t.Errorf("got %+v, want revoked for the reason", v.Certificate)
		}
		if n := f.Count(&models.AuditLog{}, "action = ? AND object_id = ?", "certificate.revoke", cert.ID); n != 1 {
			t.Errorf("got %d audit records, want 1", n)
		}
		_, err = svc.RevokeCertificate(f.Ctx, admin, cert.ID, "再次", site)
		apptest.CheckErr(t, err, "invalid_transition")

		pub, err := svc.VerifyCertificate(f.Ctx, cert.Code)
		f.Must(err)
		if pub.Status != training.CertificateRevoked || pub.RevokedAt == nil {
			t.Errorf("got %s, want revoked", pub.Status)
		}
	})
}
