package core

import (
	"slices"
	"strings"
	"testing"
)

// TestEveryKindHasItsEmail checks that the catalogue words an e-mail for every notification
// kind, and that every kind it words one for is listed (the settings show the list).
func TestEveryKindHasItsEmail(t *testing.T) {
	t.Parallel()
	for _, kind := range NotificationKinds {
		for _, part := range []string{"subject", "body"} {
			if !Has("email." + kind + "." + part) {
				t.Errorf("kind %s: no message email.%s.%s", kind, kind, part)
			}
		}
	}
	for key := range Messages(ZH) {
		kind, ok := strings.CutSuffix(strings.TrimPrefix(key, "email."), ".subject")
		if ok && strings.HasPrefix(key, "email.") && !slices.Contains(NotificationKinds, kind) {
			t.Errorf("%s: kind %s is not in NotificationKinds", key, kind)
		}
	}
}

func TestSubjectLine(t *testing.T) {
	t.Parallel()
	if got := subjectLine("预约已通过：\r\n激光\t切割机"); got != "预约已通过： 激光 切割机" {
		t.Errorf("got %q, want one line", got)
	}
	long := strings.Repeat("设", 300)
	if got := []rune(subjectLine(long)); len(got) != maxSubject || got[maxSubject-1] != '…' {
		t.Errorf("got %d characters, want %d ending in …", len(got), maxSubject)
	}
}
