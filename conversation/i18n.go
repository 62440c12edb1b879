package conversation

import (
	"fmt"
	"strings"
)

// Languages the desk speaks. Every message exists in each of them; a test
// fails when one is missing.
const (
	LangZh = "zh"
	LangEn = "en"
)

// normLang maps a platform locale ("zh-hans", "en-US", "") to a language.
func normLang(l string) string {
	l = strings.ToLower(l)
	switch {
	case strings.HasPrefix(l, "zh"):
		return LangZh
	case l == "":
		return ""
	}
	return LangEn
}

// text is one message in both languages.
type text struct{ zh, en string }

// tr returns message key in lang, formatted with args. An unknown key is a
// programming error; it is shown as the key itself rather than failing the
// person's whole turn.
func tr(lang, key string, args ...any) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	f := m.en
	if lang == LangZh {
		f = m.zh
	}
	if len(args) == 0 {
		return f
	}
	return fmt.Sprintf(f, args...)
}

// both returns a message in Chinese and English, one above the other, for
// group chats whose members may read either.
func both(key string, args ...any) string {
	zh, en := tr(LangZh, key, args...), tr(LangEn, key, args...)
	if zh == en {
		return zh
	}
	return zh + "\n" + en
}
