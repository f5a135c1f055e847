package handlers

import (
	"cqshare/app/catalog"
	"cqshare/app/core"
	"errors"
	"reflect"
	"strings"
	"unicode"

	"github.com/go-playground/locales/en"
	"github.com/go-playground/locales/zh"
	ut "github.com/go-playground/universal-translator"
	"github.com/go-playground/validator/v10"
	entrans "github.com/go-playground/validator/v10/translations/en"
	zhtrans "github.com/go-playground/validator/v10/translations/zh"
	"github.com/labstack/echo/v4"
)

// validation checks request types with their `validate` tags and words the failures in the
// caller's language.
type validation struct {
	v     *validator.Validate
	trans *ut.UniversalTranslator
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
	enLoc, zhLoc := en.New(), zh.New()
	uni := ut.New(enLoc, enLoc, zhLoc)
	enT, _ := uni.GetTranslator("en")
	zhT, _ := uni.GetTranslator("zh")
	if err := entrans.RegisterDefaultTranslations(v, enT); err != nil {
		return nil, err
	}
	if err := zhtrans.RegisterDefaultTranslations(v, zhT); err != nil {
		return nil, err
	}
	custom := map[ut.Translator]string{enT: "{0} is not a valid unified social credit code", zhT: "{0}不是有效的统一社会信用代码"}
	for t, text := range custom {
		if err := v.RegisterTranslation("creditcode", t, func(t ut.Translator) error {
			return t.Add("creditcode", text, true)
		}, func(t ut.Translator, fe validator.FieldError) string {
			s, _ := t.T("creditcode", fe.Field())
			return s
		}); err != nil {
			return nil, err
		}
	}
	return &validation{v: v, trans: uni}, nil
}

// translator picks the language of messages from Accept-Language: Chinese unless English is
// preferred (the product's default language is zh-CN).
func (vl *validation) translator(c echo.Context) ut.Translator {
	lang := "zh"
	if strings.HasPrefix(strings.ToLower(c.Request().Header.Get("Accept-Language")), "en") {
		lang = "en"
	}
	t, _ := vl.trans.GetTranslator(lang)
	return t
}

// check validates s and returns a 422 naming each bad field.
func (vl *validation) check(c echo.Context, s any) error {
	err := vl.v.Struct(s)
	if err == nil {
		return nil
	}
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		return err
	}
	t := vl.translator(c)
	fields := make(map[string]string, len(verrs))
	for _, fe := range verrs {
		fields[fieldPath(fe)] = fe.Translate(t)
	}
	return core.ValidationError(fields)
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
