package catalog

import "strings"

// CreditCodeChars are the characters of a unified social credit code (统一社会信用代码), in the
// order that gives their values (GB 32100-2015: digits and capitals without I, O, S, V, Z).
const CreditCodeChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var creditCodeWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// CreditCodeCheckChar is the check character (the 18th) of the first 17 characters of a code,
// and false when they are not 17 characters of the code's alphabet.
func CreditCodeCheckChar(first17 string) (byte, bool) {
	if len(first17) != 17 {
		return 0, false
	}
	sum := 0
	for i := range 17 {
		v := strings.IndexByte(CreditCodeChars, first17[i])
		if v < 0 {
			return 0, false
		}
		sum += v * creditCodeWeights[i]
	}
	return CreditCodeChars[(31-sum%31)%31], true
}

// ValidCreditCode reports whether code is an 18-character unified social credit code whose last
// character is the right check character.
func ValidCreditCode(code string) bool {
	if len(code) != 18 {
		return false
	}
	check, ok := CreditCodeCheckChar(code[:17])
	return ok && code[17] == check
}
