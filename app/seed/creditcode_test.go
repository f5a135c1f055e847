package seed

import (
	"testing"

	"cqshare/app/catalog"
)

func TestSeedCreditCodes(t *testing.T) {
	t.Parallel()
	for _, o := range seedOrgs {
		if o.area == "" {
			continue
		}
		code := seedCreditCode(o.area, o.name)
		if !catalog.ValidCreditCode(code) {
			t.Errorf("%s: got %s, want a valid credit code", o.name, code)
		}
	}
}
