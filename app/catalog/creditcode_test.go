package catalog

import "testing"

func TestValidCreditCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code string
		want bool
	}{
		{"91350100M000100Y43", true},
		{"91500000MA5U8D4E07", false}, // wrong check character
		{"91110000600037341L", true},
		{"91110000600037341M", false},
		{"9135010OM000100Y43", false}, // O is not allowed
		{"91350100M000100Y4", false},  // too short
		{"", false},
		{"91350100m000100Y43", false}, // lower case
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			if got := ValidCreditCode(tt.code); got != tt.want {
				t.Errorf("ValidCreditCode(%q) = %v, want %v", tt.code, got, tt.want)
			}
		})
	}
}
