package billing

import (
	"io"
	"math"

	"cqshare/app/core"
	"cqshare/models"
)

// statementColumns are the columns of an exported statement, as message keys under
// billing.column.
var statementColumns = []string{"date", "kind", "item", "facility", "organization", "user", "price_type",
	"quantity", "unit", "unit_price", "amount", "period", "note"}

// Money columns of the export (indexes into statementColumns).
const (
	colUnitPrice = 9
	colAmount    = 10
)

// StatementTable is a statement as an export's sheet in l: a row per line in the order they
// occurred (times in the facility's zone), money as yuan, a booking's quantity in seat-hours,
// and a totals row whose amount is the statement's total, the SUM of its lines.
func (s *Service) StatementTable(d StatementDetail, l core.Lang) core.Table {
	t := core.Table{Sheet: l.Say(core.T("billing.sheet", "period", d.Period)), Money: []int{colUnitPrice, colAmount}}
	for _, c := range statementColumns {
		t.Header = append(t.Header, l.Say(core.T("billing.column."+c)))
	}
	for _, c := range d.Lines {
		loc := s.location(c.FacilityTimeZone)
		var quantity any = c.Quantity
		if c.Unit == models.UnitSeatMinute {
			quantity = math.Round(float64(c.Quantity)/60*100) / 100 // seat-hours, to read; the amount is from the minutes
		}
		note := c.Reason
		if c.Period != d.Period {
			note = l.Say(core.T("billing.late", "period", c.Period))
			if c.Reason != "" {
				note += "; " + c.Reason
			}
		}
		t.Rows = append(t.Rows, []any{c.OccurredAt.In(loc).Format("2006-01-02 15:04"), l.Say(core.T("billing.kind." + string(c.Kind))),
			l.Name(c.Description, c.DescriptionEn), l.Name(c.FacilityName, c.FacilityNameEn),
			l.Name(deref(c.OrganizationName), deref(c.OrganizationNameEn)), deref(c.UserName),
			l.Say(core.T("billing.price_type." + string(c.PriceType))), quantity, l.Say(core.T("billing.unit." + c.Unit)),
			core.Fen(c.UnitFen), core.Fen(c.AmountFen), c.Period, note})
	}
	t.Totals = make([]any, len(statementColumns))
	for i := range t.Totals {
		t.Totals[i] = ""
	}
	t.Totals[0], t.Totals[colAmount] = l.Say(core.T("billing.totals", "lines", d.LineCount)), core.Fen(d.TotalFen)
	return t
}

// WriteStatementCSV writes a statement as CSV in UTF-8 with a byte-order mark.
func (s *Service) WriteStatementCSV(w io.Writer, d StatementDetail, l core.Lang) error {
	return core.WriteCSV(w, s.StatementTable(d, l))
}

// WriteStatementXLSX writes a statement as an XLSX workbook, its header row frozen.
func (s *Service) WriteStatementXLSX(w io.Writer, d StatementDetail, l core.Lang) error {
	return core.WriteXLSX(w, s.StatementTable(d, l))
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
