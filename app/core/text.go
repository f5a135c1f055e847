package core

import (
	"embed"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
)

// Lang is a language the platform answers people in.
type Lang string

// The languages, the default first.
const (
	ZH Lang = "zh-CN"
	EN Lang = "en"
)

// Langs lists the languages, the default first.
var Langs = []Lang{ZH, EN}

var langMatcher = language.NewMatcher([]language.Tag{language.SimplifiedChinese, language.English})

// ParseAcceptLanguage picks the language of an Accept-Language header (RFC 9110, with its
// q-values): English when the client prefers it to Chinese, else the default, Chinese.
func ParseAcceptLanguage(header string) Lang {
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil || len(tags) == 0 {
		return ZH
	}
	if _, i, conf := langMatcher.Match(tags...); i == 1 && conf != language.No {
		return EN
	}
	return ZH
}

// Text is something said to a person: a key of the message catalogue (app/core/messages, one
// file per language) and the values it is worded from. Lang.Say words it.
type Text struct {
	Key    string
	Params map[string]any
}

// T makes a Text from a catalogue key and name–value pairs: T("booking.max_advance", "days", 14).
func T(key string, pairs ...any) Text {
	return Text{Key: key, Params: params(pairs)}
}

func params(pairs []any) map[string]any {
	if len(pairs) == 0 {
		return nil
	}
	p := make(map[string]any, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		if name, ok := pairs[i].(string); ok {
			p[name] = pairs[i+1]
		}
	}
	return p
}

// Minutes is a length of time, worded as days, hours or minutes, whichever reads best; in JSON
// it is the number of minutes.
type Minutes int

// Days is a number of days, worded with its unit; in JSON it is the number.
type Days int

// Fen is an amount of money in fen (分), worded in yuan; in JSON it is the number of fen.
type Fen int64

// Named is a thing's name in Chinese and, maybe, English, worded in the reader's language (the
// Chinese one where there is no English); in JSON it is {"name", "name_en"}, as the UI's names.
type Named struct {
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
}

//go:embed messages/*.json
var messageFiles embed.FS

// catalogue holds each language's messages by key.
var catalogue = loadCatalogue()

func loadCatalogue() map[Lang]map[string]string {
	c := make(map[Lang]map[string]string, len(Langs))
	for _, l := range Langs {
		raw, err := messageFiles.ReadFile("messages/" + string(l) + ".json")
		if err != nil {
			panic(err) // embedded at build time: a missing file is a broken build
		}
		m := map[string]string{}
		if err := json.Unmarshal(raw, &m); err != nil {
			panic(fmt.Errorf("messages/%s.json: %w", l, err))
		}
		c[l] = m
	}
	return c
}

// Messages returns the catalogue of a language (for tests and tools; do not change it).
func Messages(l Lang) map[string]string { return catalogue[l] }

var placeholder = regexp.MustCompile(`\{([a-z_]+)\}`)

// Placeholders lists the parameter names a message refers to.
func Placeholders(message string) []string {
	var names []string
	for _, m := range placeholder.FindAllStringSubmatch(message, -1) {
		names = append(names, m[1])
	}
	return names
}

// latinWord is a run of Latin letters, the mark of English; one letter alone (a unit, a label) is
// not a word.
var latinWord = regexp.MustCompile(`[A-Za-z]{2,}`)

// Latin words that Chinese text keeps as they are.
var keptInChinese = []string{"QR", "IANA", "Asia", "Shanghai", "JSON", "HTTP"}

// Foreign lists the words of s that are not in l: Latin words (other than those Chinese keeps,
// and those in allowed, such as what the reader typed) in Chinese, Chinese characters in
// English. The catalogue's tests and the API's tests check every message with it.
func Foreign(l Lang, s string, allowed ...string) []string {
	var out []string
	if l == EN {
		for _, r := range s {
			if r >= 0x4e00 && r <= 0x9fff {
				out = append(out, string(r))
			}
		}
		return out
	}
	for _, w := range latinWord.FindAllString(s, -1) {
		if !slices.Contains(keptInChinese, w) && !slices.Contains(allowed, w) {
			out = append(out, w)
		}
	}
	return out
}

// Has tells whether the catalogue has a message for key.
func Has(key string) bool {
	_, ok := catalogue[ZH][key]
	return ok
}

// Name picks the English name in English where there is one, the Chinese one otherwise.
func (l Lang) Name(zh, en string) string {
	if l == EN && en != "" {
		return en
	}
	return zh
}

// Say words t in l: the catalogue's message with each {name} replaced by its parameter, worded
// for l. A key the catalogue lacks is said as the key itself, which the catalogue's tests catch.
func (l Lang) Say(t Text) string {
	msg, ok := catalogue[l][t.Key]
	if !ok {
		return t.Key
	}
	return placeholder.ReplaceAllStringFunc(msg, func(ph string) string {
		v, ok := t.Params[ph[1:len(ph)-1]]
		if !ok {
			return ph
		}
		return l.word(v)
	})
}

// word renders one parameter: times in their own location (callers give the facility's), in
// the language's format; lengths of time with their unit; lists joined.
func (l Lang) word(v any) string {
	switch v := v.(type) {
	case time.Time:
		if l == ZH {
			return v.Format("2006年1月2日 15:04")
		}
		return v.Format("Jan 2, 2006 15:04")
	case Minutes:
		return l.minutes(int(v))
	case Days:
		return l.unit(int(v), "day")
	case Fen:
		yuan := fmt.Sprintf("%d.%02d", v/100, v%100)
		if l == ZH {
			return yuan + " 元"
		}
		return "¥" + yuan
	case Text:
		return l.Say(v)
	case Named:
		if l == EN && v.NameEn != "" {
			return v.NameEn
		}
		return v.Name
	case []string:
		sep := ", "
		if l == ZH {
			sep = "、"
		}
		return strings.Join(v, sep)
	case string:
		return v
	}
	return fmt.Sprint(v)
}

func (l Lang) minutes(n int) string {
	switch {
	case n > 0 && n%1440 == 0:
		return l.unit(n/1440, "day")
	case n >= 60 && n%60 == 0:
		return l.unit(n/60, "hour")
	case n > 60:
		return l.unit(n/60, "hour") + " " + l.unit(n%60, "minute")
	}
	return l.unit(n, "minute")
}

// unit words a count with its unit: "3 天", "1 hour", "3 hours".
func (l Lang) unit(n int, unit string) string {
	if l == ZH {
		return strconv.Itoa(n) + " " + map[string]string{"day": "天", "hour": "小时", "minute": "分钟"}[unit]
	}
	if n != 1 {
		unit += "s"
	}
	return strconv.Itoa(n) + " " + unit
}
