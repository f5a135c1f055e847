package seed

import (
	"context"
	"fmt"

	"cqshare/models"
)

// seedCharter is the demo charter (章程) of a consortium, from its name.
const seedCharter = `第一章 总则
第一条 %s（以下简称“联合体”）由牵头单位联合职业院校、企业和科研院所共同组建，是产教融合、校企合作的非营利性合作组织。
第二条 联合体以服务区域产业发展为宗旨，统筹共享实训、检测和培训资源，推动人才供需对接。

第二章 组织机构
第三条 联合体设理事会、秘书处和运营平台。理事会是联合体的决策机构，每届任期三年。
第四条 秘书处负责日常工作，由秘书长主持；运营平台负责共享资源的预约、服务和结算。

第三章 成员的权利和义务
第五条 成员单位有权优先使用联合体的共享资源，并有义务开放本单位的实训设备和师资。

第四章 附则
第六条 本章程经理事会审议通过后生效，由秘书处负责解释。`

// governance seats each consortium's council (the lead as chair, its members as vice chairs
// and directors), secretariat and operating platform, writes its charter and this year's goals.
func (s *seeder) governance(ctx context.Context) error {
	termStart := fmt.Sprintf("%d-01-01", s.now.Year()-1)
	termEnd := fmt.Sprintf("%d-12-31", s.now.Year()+1)
	person := 0
	for i, sc := range seedConsortia {
		id := s.facilities[i*len(models.FacilityKinds)].ConsortiumID
		seat := func(body, position, org, title string) models.GovernanceSeat {
			person++
			st := models.GovernanceSeat{ConsortiumID: id, Body: body, Position: position, PersonName: seedName(1000 + person),
				Title: title, TermStart: termStart, TermEnd: &termEnd, CreatedAt: s.now, UpdatedAt: s.now}
			if org != "" {
				orgID := s.orgs[org]
				st.OrganizationID = &orgID
			}
			return st
		}
		seats := []models.GovernanceSeat{seat(models.BodyCouncil, "chair", sc.lead, "主任")}
		for j, m := range sc.members {
			position := "director"
			if j < 2 {
				position = "vice_chair"
			}
			seats = append(seats, seat(models.BodyCouncil, position, m, "副院长"))
		}
		seats = append(seats,
			seat(models.BodySecretariat, "secretary_general", sc.lead, "产教融合处处长"),
			seat(models.BodySecretariat, "staff", sc.lead, "干事"),
			seat(models.BodyPlatform, "operator", sc.lead, "运营中心主任"),
			seat(models.BodyPlatform, "staff", "", "资源调度专员"))
		if err := s.insert(ctx, &seats); err != nil {
			return err
		}
		adopted := termStart
		charter := models.ConsortiumCharter{ConsortiumID: id, Body: fmt.Sprintf(seedCharter, sc.name), AdoptedOn: &adopted, UpdatedAt: s.now}
		if err := s.insert(ctx, &charter); err != nil {
			return err
		}
		goals := []models.ConsortiumGoal{}
		for indicator, target := range map[string]float64{"utilization": 0.05, "open_share": 0.5, "on_time": 0.9, "rating": 4.5, "smes_served": 12} {
			goals = append(goals, models.ConsortiumGoal{ConsortiumID: id, Year: s.now.Year(), Indicator: indicator, Target: target,
				UpdatedAt: s.now})
		}
		if err := s.insert(ctx, &goals); err != nil {
			return err
		}
	}
	return nil
}
