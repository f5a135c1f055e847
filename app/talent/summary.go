package talent

import (
	"context"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// SummaryQuery asks for the board's figures over local days From..To (inclusive), of one
// consortium's member organizations or (city administrator, ConsortiumID 0) of the whole city.
type SummaryQuery struct {
	From, To     string
	ConsortiumID int64
}

// Summary is the board's figures over a range, in total and per cluster: what the reports read.
type Summary struct {
	From, To     string
	ConsortiumID int64
	Total        models.TalentClusterFigures
	Clusters     []models.TalentClusterFigures
}

// Summary counts needs posted and filled, headcount wanted and filled, and applications, for a
// date range: the city administrator for any scope, a consortium administrator for theirs.
func (s *Service) Summary(ctx context.Context, ac core.Actor, q SummaryQuery) (Summary, error) {
	switch {
	case ac.IsAdmin():
	case ac.Role == models.RoleConsortiumAdmin && ac.ConsortiumID != nil && (q.ConsortiumID == 0 || q.ConsortiumID == *ac.ConsortiumID):
		q.ConsortiumID = *ac.ConsortiumID
	default:
		return Summary{}, core.ErrForbidden
	}
	fields := map[string]core.Text{}
	from, errFrom := time.ParseInLocation(models.DayFormat, q.From, s.tz)
	if errFrom != nil {
		fields["from"] = core.T("field.datetime")
	}
	to, errTo := time.ParseInLocation(models.DayFormat, q.To, s.tz)
	if errTo != nil {
		fields["to"] = core.T("field.datetime")
	}
	if errFrom == nil && errTo == nil && to.Before(from) {
		fields["to"] = core.T("field.not_before_start")
	}
	if len(fields) > 0 {
		return Summary{}, core.ValidationError(fields)
	}
	rows, err := s.DB.TalentSummaryByCluster(ctx, q.ConsortiumID, from.UTC(), to.AddDate(0, 0, 1).UTC())
	if err != nil {
		return Summary{}, err
	}
	out := Summary{From: q.From, To: q.To, ConsortiumID: q.ConsortiumID, Clusters: []models.TalentClusterFigures{}}
	for _, r := range rows {
		out.Total.NeedsPosted += r.NeedsPosted
		out.Total.NeedsFilled += r.NeedsFilled
		out.Total.HeadcountWanted += r.HeadcountWanted
		out.Total.HeadcountFilled += r.HeadcountFilled
		out.Total.Applications += r.Applications
		if r.NeedsPosted+r.NeedsFilled+r.HeadcountFilled+r.Applications > 0 {
			out.Clusters = append(out.Clusters, r)
		}
	}
	return out, nil
}
