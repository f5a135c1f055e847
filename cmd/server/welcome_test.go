package main

import (
	"strings"
	"testing"
)

func TestBrowserURL(t *testing.T) {
	t.Parallel()
	tests := []struct{ addr, want string }{
		{":8080", "http://localhost:8080"},
		{"0.0.0.0:9000", "http://localhost:9000"},
		{"127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"[::]:8080", "http://localhost:8080"},
		{"[::1]:8080", "http://[::1]:8080"},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			if got := browserURL(tt.addr); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestPrintWelcomeListsTheDemoAccounts(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	printWelcome(&b, ":8080", true)
	for _, want := range []string{"http://localhost:8080", "demo-pass-2026", "admin@demo.local", "student@demo.local", "sme@demo.local"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("welcome lacks %q:\n%s", want, b.String())
		}
	}
	b.Reset()
	printWelcome(&b, ":8080", false)
	if strings.Contains(b.String(), "demo-pass-2026") {
		t.Errorf("welcome without demo data shows the demo password:\n%s", b.String())
	}
}
