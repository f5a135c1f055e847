package imports

import (
	"errors"
	"testing"

	"cqshare/app/core"
)

// FuzzReadSheet checks that any file read as a spreadsheet is rows or a refusal of the file,
// never a panic, and that no more rows than MaxRows come back.
func FuzzReadSheet(f *testing.F) {
	f.Add([]byte("名称,资产编号,类别代码\n仪器,A1,equipment\n"))
	f.Add([]byte("\uFEFFName;Asset number\n\"a;b\";1\n"))
	f.Add([]byte("a,\"b\n"))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := readSheet(data)
		var e *core.Error
		switch {
		case err != nil && !errors.As(err, &e):
			t.Fatalf("got %v, want a refusal of the file", err)
		case err == nil && (len(s.rows) == 0 || len(s.rows) > MaxRows):
			t.Fatalf("got %d rows", len(s.rows))
		}
		if err == nil {
			if _, err := mapHeader(resourceColumns, s.header); err != nil && !errors.As(err, &e) {
				t.Fatalf("header: got %v", err)
			}
		}
	})
}

// FuzzReadHolidays checks that any file read as a calendar is events or a refusal of the file,
// and that every event read without a problem ends after it starts.
func FuzzReadHolidays(f *testing.F) {
	f.Add([]byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260216\r\nDTEND;VALUE=DATE:20260219\r\nSUMMARY:春节（休）\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"))
	f.Add([]byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;TZID=Asia/Shanghai:20260215T090000\r\nSUMMARY:班\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		hs, err := readHolidays(data)
		var e *core.Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("got %v, want a refusal of the file", err)
		}
		for _, h := range hs {
			if len(h.problems) == 0 && !h.end.After(h.start) {
				t.Fatalf("event at line %d: ends %v, not after %v", h.line, h.end, h.start)
			}
		}
	})
}
