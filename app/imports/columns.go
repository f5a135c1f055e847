package imports

import (
	"strconv"
	"strings"

	"cqshare/app/core"
)

// column is a column of an import: the field it fills, its header in Chinese (the template's)
// and in English (also accepted), and whether a file must have it.
type column struct {
	key      string
	zh, en   string
	required bool
	example  any
}

// headerKey is a header cell as compared: trimmed, lower-case, without the "*" that marks a
// required column in the template.
func headerKey(s string) string {
	return strings.ToLower(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "*")))
}

// layout maps each column of a file to its place: the header cell as the person wrote it, by
// field key. A header naming no known column, a column named twice or a required column
// missing refuses the file, naming each.
type layout struct {
	index  map[string]int
	header map[string]string
}

func mapHeader(cols []column, header []string) (layout, error) {
	l := layout{index: map[string]int{}, header: map[string]string{}}
	fields := map[string]core.Text{}
	for i, h := range header {
		k := headerKey(h)
		if k == "" {
			continue
		}
		var found *column
		for j := range cols {
			if k == headerKey(cols[j].zh) || k == headerKey(cols[j].en) || k == cols[j].key {
				found = &cols[j]
			}
		}
		switch {
		case found == nil:
			fields[h] = core.T("imports.unknown_column")
		case l.header[found.key] != "":
			fields[h] = core.T("field.listed_twice")
		default:
			l.index[found.key], l.header[found.key] = i, strings.TrimSpace(h)
		}
	}
	for _, c := range cols {
		if _, ok := l.index[c.key]; c.required && !ok {
			fields[c.zh] = core.T("imports.missing_column")
		}
	}
	if len(fields) > 0 {
		e := ErrFileRefused.Say("imports.bad_header")
		e.Fields = fields
		return layout{}, e
	}
	return l, nil
}

// get is the row's cell of the field ("" where the file has no such column).
func (l layout) get(r sheetRow, key string) string {
	i, ok := l.index[key]
	if !ok {
		return ""
	}
	return r.cell(i)
}

// columnOf is the header the person wrote for a field, or the template's Chinese one.
func (l layout) columnOf(cols []column, key string) string {
	if h := l.header[key]; h != "" {
		return h
	}
	for _, c := range cols {
		if c.key == key {
			return c.zh
		}
	}
	return ""
}

// cellParser reads typed cells of one row, gathering what is wrong by field key.
type cellParser struct {
	l      layout
	r      sheetRow
	fields map[string]core.Text
}

func (p *cellParser) text(key string) string { return p.l.get(p.r, key) }

// int reads a whole number; "" is nil.
func (p *cellParser) int(key string) *int {
	s := p.text(key)
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(strings.TrimSuffix(s, ".0"))
	if err != nil {
		p.fields[key] = core.T("imports.integer")
		return nil
	}
	return &n
}

// yesNo reads 是/否, yes/no, true/false, 1/0; "" is nil.
func (p *cellParser) yesNo(key string) *bool {
	switch strings.ToLower(p.text(key)) {
	case "":
		return nil
	case "是", "yes", "y", "true", "1", "需要":
		return new(true)
	case "否", "no", "n", "false", "0", "不需要":
		return new(false)
	}
	p.fields[key] = core.T("imports.yes_no")
	return nil
}

// yuan reads an amount in yuan with at most two decimals as fen; "" is nil.
func (p *cellParser) yuan(key string) *int64 {
	s := strings.TrimPrefix(strings.TrimPrefix(p.text(key), "¥"), "￥")
	if s == "" {
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > 1e9 {
		p.fields[key] = core.T("imports.yuan")
		return nil
	}
	fen := int64(f*100 + 0.5)
	return &fen
}
