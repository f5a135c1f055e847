package core

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Table is one sheet of an export (a learning record, a statement): a header row, rows of
// cells, an optional totals row, and the columns that hold money in fen (Fen values). Numbers
// stay numbers: WriteXLSX stores them as numeric cells, money in yuan with two decimals.
type Table struct {
	Sheet  string
	Header []string
	Rows   [][]any
	Totals []any // nil: no totals row
	// Money are the indexes of the columns holding Fen.
	Money []int
}

// moneyFormat is how an XLSX money cell reads: yuan with thousands and two decimals.
const moneyFormat = "#,##0.00"

// WriteCSV writes the table as CSV in UTF-8 with a byte-order mark, so that spreadsheet
// programs read its Chinese right; money reads in yuan with two decimals.
func WriteCSV(w io.Writer, t Table) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Header); err != nil {
		return err
	}
	for _, row := range t.allRows() {
		cells := make([]string, len(row))
		for i, v := range row {
			if f, ok := v.(Fen); ok {
				cells[i] = yuan(f)
			} else {
				cells[i] = fmt.Sprint(v)
			}
		}
		if err := cw.Write(cells); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// yuan is an amount of fen as yuan with two decimals, from the integer (no rounding drift).
func yuan(f Fen) string {
	sign, n := "", int64(f)
	if n < 0 {
		sign, n = "-", -n
	}
	return fmt.Sprintf("%s%d.%02d", sign, n/100, n%100)
}

// sheetName is a name as Excel accepts it for a sheet: at most 31 characters, none of : \ / ? * [ ].
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '-'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 31 {
		return string(r[:31])
	}
	return s
}

func (t Table) allRows() [][]any {
	if t.Totals == nil {
		return t.Rows
	}
	return append(slices.Clip(t.Rows), t.Totals)
}

// WriteXLSX writes the tables as an XLSX workbook, a sheet each in order, every header row
// frozen, numbers stored as numbers and money columns as yuan in a two-decimal number format.
func WriteXLSX(w io.Writer, tables ...Table) error {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	for i, t := range tables {
		t.Sheet = sheetName(t.Sheet)
		var err error
		if i == 0 {
			err = f.SetSheetName("Sheet1", t.Sheet)
		} else {
			_, err = f.NewSheet(t.Sheet)
		}
		if err != nil {
			return err
		}
		if err := writeSheet(f, t); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// writeSheet fills the sheet of the table's name.
func writeSheet(f *excelize.File, t Table) error {
	header := make([]any, len(t.Header))
	for i, h := range t.Header {
		header[i] = h
	}
	if err := f.SetSheetRow(t.Sheet, "A1", &header); err != nil {
		return err
	}
	format := moneyFormat
	money, err := f.NewStyle(&excelize.Style{CustomNumFmt: &format})
	if err != nil {
		return err
	}
	rows := t.allRows()
	for i, row := range rows {
		cells := slices.Clone(row)
		for j, v := range cells {
			if fen, ok := v.(Fen); ok {
				cells[j] = float64(fen) / 100 // a spreadsheet's number; the figure stays fen everywhere else
			}
		}
		if err := f.SetSheetRow(t.Sheet, cellName(0, i+2), &cells); err != nil {
			return err
		}
	}
	last, err := excelize.ColumnNumberToName(max(len(t.Header), 1))
	if err != nil {
		return err
	}
	for _, col := range t.Money {
		if err := f.SetCellStyle(t.Sheet, cellName(col, 2), cellName(col, len(rows)+1), money); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(t.Sheet, "A", last, 18); err != nil {
		return err
	}
	return f.SetPanes(t.Sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// cellName is the name of the cell of a 0-based column and a 1-based row ("B3").
func cellName(col, row int) string {
	name, err := excelize.CoordinatesToCellName(col+1, row)
	if err != nil {
		panic(err) // only for coordinates below 1, which the callers never pass
	}
	return name
}
