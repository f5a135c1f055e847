package reports

import (
	"time"

	"cqshare/models"
)

// RollupSpansOf are the rollup spans of the local days [from, to] (YYYY-MM-DD), for the
// measurements of the external tests.
func RollupSpansOf(from, to string) models.RollupSpans {
	f, err := time.Parse(models.DayFormat, from)
	if err != nil {
		panic(err)
	}
	t, err := time.Parse(models.DayFormat, to)
	if err != nil {
		panic(err)
	}
	return rollupSpans(f, t)
}
