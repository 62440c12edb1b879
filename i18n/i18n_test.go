package i18n

import (
	"regexp"
	"strings"
	"testing"
)

// Every message exists in both languages, with the same arguments.
func TestEveryMessageInBothLanguages(t *testing.T) {
	verb := regexp.MustCompile(`%(\[\d+\])?[-+# 0-9.]*[a-zA-Z]`)
	for key, m := range catalogue {
		if strings.TrimSpace(m.zh) == "" || strings.TrimSpace(m.en) == "" {
			t.Errorf("%s: missing a language: zh=%q en=%q", key, m.zh, m.en)
			continue
		}
		if zh, en := len(verb.FindAllString(m.zh, -1)), len(verb.FindAllString(m.en, -1)); zh != en {
			t.Errorf("%s: %d arguments in Chinese, %d in English", key, zh, en)
		}
	}
}
