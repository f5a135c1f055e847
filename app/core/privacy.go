package core

import "regexp"

var (
	digitRun = regexp.MustCompile(`[0-9]+[Xx]?`)
	// A mainland mobile number: 11 digits from 13 to 19.
	mobileNumber = regexp.MustCompile(`^1[3-9][0-9]{9}$`)
	// A resident identity card number: 18 characters, the last a check digit or X.
	idCardNumber = regexp.MustCompile(`^[1-9][0-9]{16}[0-9Xx]$`)
)

// MaskPersonal hides the middle of each mobile and identity card number in s, for what the
// platform writes to its logs: a mobile number keeps its first three and last four digits
// (138****5678), an identity card number its region (the first six) and last four
// (500101********123X). Only whole runs of digits count, so longer numbers pass unchanged.
func MaskPersonal(s string) string {
	return digitRun.ReplaceAllStringFunc(s, func(n string) string {
		keep := 0
		switch {
		case mobileNumber.MatchString(n):
			keep = 3
		case idCardNumber.MatchString(n):
			keep = 6
		default:
			return n
		}
		return n[:keep] + "********"[:len(n)-keep-4] + n[len(n)-4:]
	})
}
