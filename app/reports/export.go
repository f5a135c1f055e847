package reports

import (
	"io"
	"slices"

	"cqshare/app/core"
)

// utilizationColumns are the columns of an exported utilization report, as message keys under
// reports.column; hours and ratios are the same numbers the JSON answer gives.
var utilizationColumns = []string{"period", "resources", "available_hours", "booked_hours", "effective_hours",
	"utilization", "booking_rate", "bookings", "no_shows", "no_show_rate", "unique_users",
	"teaching_hours", "research_hours", "training_hours", "social_service_hours",
	"internal_hours", "member_hours", "external_hours", "open_share", "service_hours",
	"quota_hours", "quota_ratio", "income_internal", "income_external",
	"requests_received", "requests_delivered", "requests_on_time", "on_time_rate", "requests_overdue",
	"first_response_median_hours", "turnaround_median_hours", "ratings", "mean_rating",
	"sessions_held", "seats_offered", "seats_filled", "fill_rate", "attended", "attendance_rate",
	"results", "passed", "pass_rate", "people_trained", "smes_served"}

// utilizationMoney are the indexes of the money columns (yuan in the files, fen in the JSON).
var utilizationMoney = []int{slices.Index(utilizationColumns, "income_internal"), slices.Index(utilizationColumns, "income_external")}

// UtilizationTable is a report as an export's sheet in l: a row per period, from its first
// day, and the totals of the range.
func (s *Service) UtilizationTable(u Utilization, l core.Lang) core.Table {
	t := core.Table{Sheet: l.Say(core.T("reports.sheet", "from", u.From, "to", u.To)), Money: utilizationMoney}
	for _, c := range utilizationColumns {
		t.Header = append(t.Header, l.Say(core.T("reports.column."+c)))
	}
	for _, f := range u.Rows {
		t.Rows = append(t.Rows, cells(f.Start, f))
	}
	t.Totals = cells(l.Say(core.T("reports.totals")), u.Totals)
	return t
}

func cells(first string, f Figures) []any {
	return []any{first, f.Resources, Hours(f.AvailableMinutes), Hours(f.BookedMinutes), Hours(f.EffectiveMinutes),
		f.Utilization, f.BookingRate, f.Bookings, f.NoShows, f.NoShowRate, f.UniqueUsers,
		Hours(f.TeachingMinutes), Hours(f.ResearchMinutes), Hours(f.TrainingMinutes), Hours(f.SocialServiceMinutes),
		Hours(f.InternalMinutes), Hours(f.MemberMinutes), Hours(f.ExternalMinutes), f.OpenShare, Hours(f.ServiceMinutes),
		Hours(f.QuotaMinutes), f.QuotaRatio, core.Fen(f.IncomeInternalFen), core.Fen(f.IncomeExternalFen),
		f.RequestsReceived, f.RequestsDelivered, f.RequestsOnTime, f.OnTimeRate, f.RequestsOverdue,
		Hours(f.FirstResponseMedianMinutes), Hours(f.TurnaroundMedianMinutes), f.Ratings, f.MeanRating,
		f.SessionsHeld, f.SeatsOffered, f.SeatsFilled, f.FillRate, f.Attended, f.AttendanceRate,
		f.Results, f.Passed, f.PassRate, f.PeopleTrained, f.SMEsServed}
}

// WriteUtilizationCSV writes a report as CSV in UTF-8 with a byte-order mark.
func (s *Service) WriteUtilizationCSV(w io.Writer, u Utilization, l core.Lang) error {
	return core.WriteCSV(w, s.UtilizationTable(u, l))
}

// WriteUtilizationXLSX writes a report as an XLSX workbook, its header row frozen.
func (s *Service) WriteUtilizationXLSX(w io.Writer, u Utilization, l core.Lang) error {
	return core.WriteXLSX(w, s.UtilizationTable(u, l))
}

// ResourcesTable is a list of resources as an export's sheet in l: a row per resource, its and
// its facility's names, then the utilization report's columns but the period's and the count
// of resources.
func (s *Service) ResourcesTable(rl ResourceList, l core.Lang) core.Table {
	t := core.Table{Sheet: l.Say(core.T("reports.resources_sheet", "from", rl.From, "to", rl.To)),
		Header: []string{l.Say(core.T("reports.column.resource")), l.Say(core.T("reports.column.facility"))}}
	for _, c := range utilizationColumns[2:] {
		t.Header = append(t.Header, l.Say(core.T("reports.column."+c)))
	}
	for _, r := range rl.Rows {
		t.Rows = append(t.Rows, append([]any{l.Name(r.Name, r.NameEn), l.Name(r.FacilityName, r.FacilityNameEn)}, cells("", r.Figures)[2:]...))
	}
	return t
}
