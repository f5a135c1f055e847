package core

import "testing"

func TestMaskPersonal(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, want string }{
		{"13812345678", "138****5678"},
		{"/api/v1/admin/users?q=13812345678&page=2", "/api/v1/admin/users?q=138****5678&page=2"},
		{"q=13812345678,15987654321", "q=138****5678,159****4321"},
		{"id=50010119900101123X", "id=500101********123X"},
		{"id=500101199001011234", "id=500101********1234"},
		{"138123456789", "138123456789"},                 // 12 digits: not a mobile number
		{"12812345678", "12812345678"},                   // 12 is no mobile prefix
		{"/bookings/12345/ical", "/bookings/12345/ical"}, // ids stay
		{"050010119900101123X", "050010119900101123X"},   // 19 characters
		{"", ""},
	} {
		if got := MaskPersonal(tt.in); got != tt.want {
			t.Errorf("MaskPersonal(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
