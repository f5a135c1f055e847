package core

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Set copies *v into *dst when v is not nil: the PATCH step of every update.
func Set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// Trimmed returns a pointer to the trimmed string, nil for nil.
func Trimmed(s *string) *string {
	if s == nil {
		return nil
	}
	t := strings.TrimSpace(*s)
	return &t
}

// UniqueIDs sorts ids and drops repeats.
func UniqueIDs(ids []int64) []int64 {
	return slices.Compact(slices.Sorted(slices.Values(ids)))
}

// Clip cuts s to at most n characters, so that it fits a column sized in characters, and makes
// it valid UTF-8 (a run of invalid bytes becomes U+FFFD): outside strings such as a User-Agent may be
// anything, and MySQL refuses invalid UTF-8 in a utf8mb4 column.
func Clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
