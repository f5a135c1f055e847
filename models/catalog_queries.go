package models

import (
	"context"
	"maps"
	"strings"

	"gorm.io/gorm"
)

// Insert inserts one row (or a slice of rows) and fills in its generated id.
func (d *DB) Insert(ctx context.Context, row any) error {
	return d.W(ctx).Create(row).Error
}

// UpdateByID sets the given columns of the row of model's table with the id. It reports
// ErrRecordNotFound when no row has the id. Columns with unchanged values still count as found:
// the row is looked up first, since MySQL reports only changed rows as affected.
func (d *DB) UpdateByID(ctx context.Context, model any, id int64, columns map[string]any) error {
	var n int64
	if err := d.W(ctx).Model(model).Where("id = ?", id).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return gorm.ErrRecordNotFound
	}
	if len(columns) == 0 {
		return nil
	}
	if _, ok := model.(versioned); ok {
		columns = maps.Clone(columns)
		columns["version"] = gorm.Expr("version + 1")
	}
	return d.W(ctx).Model(model).Where("id = ?", id).Updates(columns).Error
}

// versioned is a model whose version column counts its changes: UpdateByID adds one.
type versioned interface{ versioned() }

// likeEscape is the escape character of LIKE patterns: the same in SQLite and MySQL, where a
// backslash would need escaping itself.
const likeEscape = "!"

// containsPattern is a LIKE pattern that matches text containing s literally.
func containsPattern(s string) string {
	r := strings.NewReplacer(likeEscape, likeEscape+likeEscape, "%", likeEscape+"%", "_", likeEscape+"_")
	return "%" + r.Replace(s) + "%"
}

// whereContains adds "any of the columns contains q" to a query; an empty q adds nothing.
func whereContains(q *gorm.DB, text string, columns ...string) *gorm.DB {
	text = strings.TrimSpace(text)
	if text == "" {
		return q
	}
	conds := make([]string, len(columns))
	args := make([]any, len(columns))
	pattern := containsPattern(text)
	for i, c := range columns {
		conds[i] = c + " LIKE ? ESCAPE '" + likeEscape + "'"
		args[i] = pattern
	}
	return q.Where("("+strings.Join(conds, " OR ")+")", args...)
}

// raced turns a duplicate key from a read-then-insert into ErrRetry: a concurrent transaction
// inserted the same row first, and a fresh attempt will see it.
func raced(err error) error {
	if err != nil && IsDuplicate(err) {
		return ErrRetry
	}
	return err
}
