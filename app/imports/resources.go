package imports

import (
	"context"
	"reflect"

	"cqshare/app/catalog"
	"cqshare/app/core"
	"cqshare/models"
)

// resourceColumns are the columns of a resources file: what a manager fills in for one
// resource, and the booking rules that matter; an empty rule cell takes the facility's default
// (a new resource) or keeps the resource's (one updated). Rows are matched by asset number
// (资产编号) within the facility, so importing a file again updates, never duplicates.
var resourceColumns = []column{
	{key: "name", zh: "名称", en: "Name", required: true, example: "扫描电子显微镜"},
	{key: "name_en", zh: "英文名称", en: "English name", example: "Scanning Electron Microscope"},
	{key: "asset_no", zh: "资产编号", en: "Asset number", required: true, example: "ZC-2026-0001"},
	{key: "category", zh: "类别代码", en: "Category", required: true, example: "microscope"},
	{key: "model", zh: "型号", en: "Model", example: "Sigma 300"},
	{key: "capacity", zh: "容量", en: "Capacity", example: 1},
	{key: "cluster", zh: "产业集群代码", en: "Cluster code", example: "advanced_materials"},
	{key: "description", zh: "描述", en: "Description", example: "场发射扫描电镜，需持证上机"},
	{key: "quota_hours_year", zh: "年定额机时", en: "Quota hours a year", example: 800},
	{key: "slot_minutes", zh: "时间粒度(分钟)", en: "Slot minutes", example: 30},
	{key: "min_minutes", zh: "最短时长(分钟)", en: "Min minutes", example: 60},
	{key: "max_minutes", zh: "最长时长(分钟)", en: "Max minutes", example: 240},
	{key: "max_advance_days", zh: "最多提前天数", en: "Max advance days", example: 14},
	{key: "min_lead_minutes", zh: "最少提前(分钟)", en: "Min lead minutes", example: 0},
	{key: "buffer_minutes", zh: "缓冲(分钟)", en: "Buffer minutes", example: 0},
	{key: "weekly_quota_minutes", zh: "每周限额(分钟)", en: "Weekly quota minutes", example: 0},
	{key: "requires_approval", zh: "需要审批", en: "Requires approval", example: "是"},
	{key: "cancel_deadline_minutes", zh: "取消截止(分钟)", en: "Cancel deadline minutes", example: 120},
	{key: "checkin_grace_minutes", zh: "签到宽限(分钟)", en: "Check-in grace minutes", example: 15},
	{key: "rate_internal_fen", zh: "校内单价(元/小时)", en: "Internal rate (yuan/hour)", example: 80},
	{key: "rate_external_fen", zh: "校外单价(元/小时)", en: "External rate (yuan/hour)", example: 200},
}

// resourceItems reads a resources file for a facility the actor manages.
func (s *Service) resourceItems(ctx context.Context, ac core.Actor, up Upload) ([]item, error) {
	if up.FacilityID == 0 {
		return nil, core.FieldError("facility_id", "field.required")
	}
	if _, err := s.DB.FacilityByID(ctx, up.FacilityID); err != nil {
		if models.IsNotFound(err) {
			return nil, core.FieldError("facility_id", "catalog.no_such_facility")
		}
		return nil, err
	}
	if err := core.RequireFacilityManager(ac, up.FacilityID); err != nil {
		return nil, err
	}
	sh, err := s.readFile(up)
	if err != nil {
		return nil, err
	}
	l, err := mapHeader(resourceColumns, sh.header)
	if err != nil {
		return nil, err
	}
	colOf := func(field string) string { return l.columnOf(resourceColumns, field) }
	var assetNos []string
	for _, r := range sh.rows {
		if a := l.get(r, "asset_no"); a != "" {
			assetNos = append(assetNos, a)
		}
	}
	existing, err := s.DB.ResourcesByAssetNo(ctx, up.FacilityID, assetNos)
	if err != nil {
		return nil, err
	}
	firstRow := map[string]int{}
	items := make([]item, 0, len(sh.rows))
	for _, r := range sh.rows {
		p := cellParser{l: l, r: r, fields: map[string]core.Text{}}
		in := catalog.NewResource{FacilityID: up.FacilityID, Name: p.text("name"), NameEn: p.text("name_en"),
			Category: p.text("category"), Cluster: p.text("cluster"), Model: p.text("model"), AssetNo: p.text("asset_no"),
			Capacity: p.int("capacity"), Description: p.text("description"), QuotaHoursYear: p.int("quota_hours_year"),
			Rules: catalog.RulesPatch{SlotMinutes: p.int("slot_minutes"), MinMinutes: p.int("min_minutes"),
				MaxMinutes: p.int("max_minutes"), MaxAdvanceDays: p.int("max_advance_days"),
				MinLeadMinutes: p.int("min_lead_minutes"), BufferMinutes: p.int("buffer_minutes"),
				WeeklyQuotaMinutes: p.int("weekly_quota_minutes"), RequiresApproval: p.yesNo("requires_approval"),
				CancelDeadlineMinutes: p.int("cancel_deadline_minutes"), CheckinGraceMinutes: p.int("checkin_grace_minutes"),
				RateInternalFen: p.yuan("rate_internal_fen"), RateExternalFen: p.yuan("rate_external_fen")}}
		switch first, dup := firstRow[in.AssetNo]; {
		case in.AssetNo == "":
			p.fields["asset_no"] = core.T("field.required")
		case dup:
			p.fields["asset_no"] = core.T("imports.duplicate_row", "row", first)
		default:
			firstRow[in.AssetNo] = r.line
		}
		it := item{line: r.line, column: colOf}
		for _, k := range sortedKeys(p.fields) {
			it.problems = append(it.problems, Problem{Row: r.line, Column: colOf(k), Field: k, Code: "validation_failed", Message: p.fields[k]})
		}
		if old, ok := existing[in.AssetNo]; ok {
			it.apply = s.updateResource(ac, old, in, l)
		} else {
			it.apply = func(ctx context.Context) (string, error) {
				_, err := s.catalog.CreateResource(ctx, ac, in)
				return "created", err
			}
		}
		items = append(items, it)
	}
	return items, nil
}

// updateResource changes the resource of the row's asset number through catalog.UpdateResource:
// the columns the file has and the row fills in; a row that changes nothing writes nothing.
func (s *Service) updateResource(ac core.Actor, old models.Resource, in catalog.NewResource, l layout) func(context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		p := catalog.ResourcePatch{Name: &in.Name, Category: &in.Category, AssetNo: &in.AssetNo,
			Capacity: in.Capacity, QuotaHoursYear: in.QuotaHoursYear, Rules: &in.Rules}
		has := func(key string) bool { _, ok := l.index[key]; return ok }
		if has("name_en") {
			p.NameEn = &in.NameEn
		}
		if has("model") {
			p.Model = &in.Model
		}
		if has("cluster") {
			p.Cluster = &in.Cluster
		}
		if has("description") {
			p.Description = &in.Description
		}
		before, err := s.DB.ResourceByID(ctx, old.ID)
		if err != nil {
			return "", err
		}
		if _, err := s.catalog.UpdateResource(ctx, ac, old.ID, p); err != nil {
			return "", err
		}
		after, err := s.DB.ResourceByID(ctx, old.ID)
		if err != nil {
			return "", err
		}
		if sameResource(before, after) {
			return "unchanged", errUnchanged
		}
		return "updated", nil
	}
}

// sameResource reports whether an update changed none of a resource's fields.
func sameResource(a, b models.Resource) bool {
	a.UpdatedAt, a.Version = b.UpdatedAt, b.Version
	return reflect.DeepEqual(a, b)
}
