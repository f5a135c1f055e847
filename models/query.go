package models

import "gorm.io/gorm"

// first loads the first row of T that q (with conds, as gorm's First takes them) finds; a
// missing row is gorm's not-found error, which IsNotFound recognizes.
func first[T any](q *gorm.DB, conds ...any) (T, error) {
	var v T
	err := q.First(&v, conds...).Error
	return v, err
}

// page counts the rows count matches and reads one page of rows (ordered by the caller): the
// shape of every list, {"items", "total"}.
func page[T any](count, rows *gorm.DB, limit, offset int) ([]T, int64, error) {
	var total int64
	if err := count.Session(&gorm.Session{}).Count(&total).Error; err != nil || total == 0 {
		return nil, total, err
	}
	var out []T
	err := rows.Session(&gorm.Session{}).Limit(limit).Offset(offset).Find(&out).Error
	return out, total, err
}
