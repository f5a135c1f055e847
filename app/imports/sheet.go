package imports

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/gabriel-vasile/mimetype"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// MaxRows is the most data rows (or calendar events) one file may hold: a college's year of
// students fits, and a check of it stays within a request's time.
const MaxRows = 10_000

// xlsxType is the content type of an Excel workbook, as mimetype names it.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// sheet is a spreadsheet as read: its header row and its data rows, each with the row number
// the person sees in their spreadsheet program (the header is row 1).
type sheet struct {
	header []string
	rows   []sheetRow
}

type sheetRow struct {
	line  int
	cells []string
}

// cell is the row's value under column i, trimmed ("" past the row's end).
func (r sheetRow) cell(i int) string {
	if i < 0 || i >= len(r.cells) {
		return ""
	}
	return strings.TrimSpace(r.cells[i])
}

// readSheet reads an XLSX workbook's first sheet, or a CSV file (UTF-8, with or without a
// byte-order mark, or GB18030 as Excel saves it on a Chinese Windows), telling them apart by
// their content, not their name. Blank rows are skipped; more than MaxRows data rows, no header
// or no data row is refused.
func readSheet(data []byte) (sheet, error) {
	if len(data) == 0 {
		return sheet{}, errEmptyFile
	}
	m := mimetype.Detect(data)
	var records [][]string
	var err error
	switch {
	case m.Is(xlsxType):
		records, err = readXLSX(data)
	case m.Is("text/plain"), m.Is("text/csv"):
		records, err = readCSV(data)
	default:
		return sheet{}, fileTypeError(m.String(), "imports.not_a_spreadsheet")
	}
	if err != nil {
		return sheet{}, err
	}
	var s sheet
	for i, rec := range records {
		if blank(rec) {
			continue
		}
		if s.header == nil {
			s.header = rec
			continue
		}
		if len(s.rows) == MaxRows {
			return sheet{}, errTooManyRows
		}
		s.rows = append(s.rows, sheetRow{line: i + 1, cells: rec})
	}
	if s.header == nil || len(s.rows) == 0 {
		return sheet{}, errEmptyFile
	}
	return s, nil
}

// readXLSX reads the cells of the workbook's first sheet, as their formatted text.
func readXLSX(data []byte) ([][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, fileTypeError(xlsxType, "imports.unreadable")
	}
	defer func() { _ = f.Close() }()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, errEmptyFile
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, fileTypeError(xlsxType, "imports.unreadable")
	}
	defer func() { _ = rows.Close() }()
	var out [][]string
	for rows.Next() {
		if len(out) > MaxRows+1 { // the header and more rows than allowed, blank ones aside
			return nil, errTooManyRows
		}
		cols, err := rows.Columns()
		if err != nil {
			return nil, fileTypeError(xlsxType, "imports.unreadable")
		}
		out = append(out, cols)
	}
	if rows.Error() != nil {
		return nil, fileTypeError(xlsxType, "imports.unreadable")
	}
	return out, nil
}

// readCSV reads a CSV file, comma- or semicolon-separated, whichever the header uses.
func readCSV(data []byte) ([][]string, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		decoded, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			return nil, fileTypeError("text/csv", "imports.unreadable")
		}
		data = decoded
	}
	r := csv.NewReader(bytes.NewReader(data))
	first, _, _ := strings.Cut(string(data), "\n")
	if strings.Count(first, ";") > strings.Count(first, ",") {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var out [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, fileError("imports.csv_broken", "row", line)
		}
		if len(out) > MaxRows+1 {
			return nil, errTooManyRows
		}
		out = append(out, rec)
	}
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
