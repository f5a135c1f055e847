package handlers

import (
	"cqshare/app/catalog"
	"cqshare/app/core"
	"errors"
	"reflect"
	"strings"
	"unicode"

	"github.com/go-playground/validator/v10"
)

// validation checks request types with their `validate` tags; each failure is worded from the
// message catalogue by its tag (field.<tag>, field.<tag>.<kind> for min and max).
type validation struct {
	v *validator.Validate
}

func newValidation() (*validation, error) {
	v := validator.New(validator.WithRequiredStructEnabled())
	// Report fields by their JSON names, as the client sent them.
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		for _, tag := range []string{"json", "query", "param", "form"} {
			if name, _, _ := strings.Cut(f.Tag.Get(tag), ","); name != "" && name != "-" {
				return name
			}
		}
		return f.Name
	})
	if err := v.RegisterValidation("creditcode", func(fl validator.FieldLevel) bool {
		return catalog.ValidCreditCode(fl.Field().String())
	}); err != nil {
		return nil, err
	}
	return &validation{v: v}, nil
}

// check validates s and returns a 422 naming each bad field.
func (vl *validation) check(s any) error {
	err := vl.v.Struct(s)
	if err == nil {
		return nil
	}
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		return err
	}
	fields := make(map[string]core.Text, len(verrs))
	for _, fe := range verrs {
		fields[fieldPath(fe)] = fieldText(fe)
	}
	return core.ValidationError(fields)
}

// fieldText words a failed tag: min and max by what they bound (a length, a count, a value).
func fieldText(fe validator.FieldError) core.Text {
	tag := fe.Tag()
	switch tag {
	case "min", "max":
		kind := "number"
		switch fe.Kind() {
		case reflect.String:
			kind = "string"
		case reflect.Slice, reflect.Array, reflect.Map:
			kind = "list"
		}
		return core.T("field."+tag+"."+kind, "n", fe.Param())
	case "required_if":
		tag = "required"
	case "oneof", "dive":
		tag = "choose"
	}
	key := "field." + tag
	if !core.Has(key) {
		key = "field.invalid"
	}
	return core.T(key)
}

// fieldPath names a field by its JSON path without the top-level struct name ("rules.slot_minutes").
// Untagged struct fields that only group others (Paging pageQuery) keep their Go name, which
// starts with a capital; they are left out, so page_size is reported as the client sent it.
func fieldPath(fe validator.FieldError) string {
	_, rest, ok := strings.Cut(fe.Namespace(), ".")
	if !ok {
		return fe.Field()
	}
	parts := strings.Split(rest, ".")
	kept := parts[:0]
	for i, p := range parts {
		if i == len(parts)-1 || p == "" || !unicode.IsUpper([]rune(p)[0]) {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, ".")
}
