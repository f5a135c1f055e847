package imports

import (
	"io"

	"cqshare/app/core"
	"cqshare/models"
)

// Template formats.
const (
	FormatXLSX = "xlsx"
	FormatCSV  = "csv"
)

// WriteTemplate writes the template of a kind of import (resources or users) as XLSX or CSV:
// the headers in the reader's language (Chinese ones are marked * where required; both
// languages are accepted back) and one example row.
func WriteTemplate(w io.Writer, kind, format string, l core.Lang) error {
	var cols []column
	switch kind {
	case models.ImportResources:
		cols = resourceColumns
	case models.ImportUsers:
		cols = userColumns
	default:
		return core.ErrNotFound
	}
	t := core.Table{Sheet: kind, Header: make([]string, len(cols)), Rows: [][]any{make([]any, len(cols))}}
	for i, c := range cols {
		t.Header[i] = c.zh
		if l == core.EN {
			t.Header[i] = c.en
		}
		if c.required {
			t.Header[i] += "*"
		}
		t.Rows[0][i] = c.example
		if c.example == nil {
			t.Rows[0][i] = ""
		}
	}
	if l == core.EN && kind == models.ImportUsers {
		t.Rows[0][2] = "student"
	}
	if l == core.EN && kind == models.ImportResources {
		t.Rows[0][16] = "yes"
	}
	switch format {
	case FormatCSV:
		return core.WriteCSV(w, t)
	case FormatXLSX, "":
		return core.WriteXLSX(w, t)
	}
	return core.FieldError("format", "field.choose")
}
