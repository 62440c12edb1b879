package i18n

import (
	"fmt"
	"strings"
)

// Languages the desk speaks. Every message exists in each of them; a test
// fails when one is missing.
const (
	Zh = "zh"
	En = "en"
)

// Norm maps a platform locale ("zh-hans", "en-US", "") to a language.
func Norm(l string) string {
	l = strings.ToLower(l)
	switch {
	case strings.HasPrefix(l, "zh"):
		return Zh
	case l == "":
		return ""
	}
	return En
}

// text is one message in both languages.
type text struct{ zh, en string }

// T returns message key in lang, formatted with args. An unknown key is a
// programming error; it is shown as the key itself rather than failing the
// person's whole turn.
func T(lang, key string, args ...any) string {
	m, ok := catalogue[key]
	if !ok {
		return key
	}
	f := m.en
	if lang == Zh {
		f = m.zh
	}
	if len(args) == 0 {
		return f
	}
	return fmt.Sprintf(f, args...)
}

// Both returns a message in Chinese and English, one above the other, for
// group chats whose members may read either.
func Both(key string, args ...any) string {
	zh, en := T(Zh, key, args...), T(En, key, args...)
	if zh == en {
		return zh
	}
	return zh + "\n" + en
}

// Has reports whether the catalogue holds key.
func Has(key string) bool {
	_, ok := catalogue[key]
	return ok
}

// catalogue is every text the desk says, gathered from the files of this
// package by what they are about.
var catalogue = merge(messages, noticeTexts, threadTexts, telegramTexts, slackTexts, webTexts, chartTexts, codeTexts, statsTexts,
	digestTexts, exportTexts, priorityTexts, queueTexts)

func merge(parts ...map[string]text) map[string]text {
	all := map[string]text{}
	for _, p := range parts {
		for k, v := range p {
			if _, dup := all[k]; dup {
				panic("i18n: key " + k + " defined twice")
			}
			all[k] = v
		}
	}
	return all
}
