package seed

import (
	"context"
	"time"

	"cqshare/models"
)

// talent posts the demo enterprise's needs on the talent board, a cohort of the demo teacher's
// school and the ICV training base's battery-safety course, which answers the apprenticeship
// and so heads its match list.
func (s *seeder) talent(ctx context.Context) error {
	w := s.DB.W(ctx)
	var course models.Course
	if err := w.Where("title = ?", "动力电池安全测试操作培训").First(&course).Error; err != nil {
		return err
	}
	sme, teacher, instructor := s.users["sme@demo.local"], s.users["teacher@demo.local"], s.users["instructor@demo.local"]
	icv := s.clusters["icv_nev"]
	at := func(days int) time.Time { return s.now.AddDate(0, 0, -days) }
	needs := []struct {
		need   models.TalentNeed
		skills []string
	}{
		{models.TalentNeed{Kind: models.NeedApprenticeship, Title: "动力电池测试技术学徒", Description: "现代学徒制：在岗学习动力电池安全测试，校企双导师，结业留用。",
			Headcount: 6, Place: "重庆市渝北区", StartsOn: s.now.AddDate(0, 1, 0).Format(models.DayFormat), EndsOn: s.now.AddDate(1, 1, 0).Format(models.DayFormat)},
			[]string{"电池测试", "安全防护", "数据记录"}},
		{models.TalentNeed{Kind: models.NeedInternship, Title: "电池管理系统研发实习生", Description: "参与 BMS 软件测试与标定，实习六个月。",
			Headcount: 3, Place: "重庆市两江新区"}, []string{"bms", "c 语言"}},
		{models.TalentNeed{Kind: models.NeedSkill, Title: "高压电工持证人员", Description: "产线需要持高压电工作业证的技术人员。", Headcount: 10},
			[]string{"高压电工", "安全防护"}},
	}
	org := s.orgs["ruineng"]
	var first int64
	for i, n := range needs {
		row := n.need
		row.OrganizationID, row.PostedBy, row.ClusterID, row.Status = org, sme, icv, models.TalentOpen
		row.CreatedAt, row.UpdatedAt = at(3-i), at(3-i)
		if err := s.insert(ctx, &row); err != nil {
			return err
		}
		if err := s.DB.SetNeedSkills(ctx, row.ID, n.skills); err != nil {
			return err
		}
		if i == 0 {
			first = row.ID
		}
	}
	school := s.orgs["cqipc"]
	offers := []struct {
		offer  models.TalentOffer
		skills []string
	}{
		{models.TalentOffer{Kind: models.OfferCourse, NeedID: &first, FacilityID: &course.FacilityID, CourseID: &course.ID, PostedBy: instructor,
			Title: course.Title, Description: "可为学徒开设专班，含挤压、针刺等滥用试验实操。", Headcount: 20}, []string{"电池测试", "安全防护"}},
		{models.TalentOffer{Kind: models.OfferCohort, OrganizationID: &school, PostedBy: teacher, Title: "2024 级新能源汽车技术专业班",
			Description: "三年制高职，第二学年可参加企业实习。", Headcount: 45}, []string{"bms", "安全防护"}},
	}
	for _, o := range offers {
		row := o.offer
		row.ClusterID, row.Status, row.CreatedAt, row.UpdatedAt = icv, models.TalentOpen, at(1), at(1)
		if err := s.insert(ctx, &row); err != nil {
			return err
		}
		if err := s.DB.SetOfferSkills(ctx, row.ID, o.skills); err != nil {
			return err
		}
	}
	return nil
}
