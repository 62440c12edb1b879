package units

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Of is what one rune costs: its UTF-16 units.
func Of(r rune) int { return utf16.RuneLen(r) }

// Len is a text's length in UTF-16 units.
func Len(s string) int {
	n := 0
	for _, r := range s {
		n += Of(r)
	}
	return n
}

// Clip shortens s to limit UTF-16 units, marking the cut.
func Clip(s string, limit int) string {
	if Len(s) <= limit {
		return s
	}
	return strings.TrimSpace(Cut(s, limit-1, Of)) + "…"
}

// Cut returns the longest prefix of s whose runes cost at most limit.
func Cut(s string, limit int, cost func(rune) int) string {
	n := 0
	for i, r := range s {
		n += cost(r)
		if n > limit {
			return s[:i]
		}
	}
	return s
}

// Split cuts text into parts costing at most limit each: at a line break
// where there is one in the second half of a part, else at a space, else
// anywhere between runes. The spaces at a cut are dropped.
func Split(text string, limit int, cost func(rune) int) []string {
	var parts []string
	for text != "" {
		head := Cut(text, limit, cost)
		if len(head) == len(text) {
			parts = append(parts, text)
			break
		}
		at := len(head)
		if i := strings.LastIndex(head, "\n"); i >= len(head)/2 {
			at = i
		} else if i := strings.LastIndexAny(head, " \t"); i >= len(head)/2 {
			at = i
		}
		if at == 0 {
			_, at = utf8.DecodeRuneInString(text)
		}
		if part := strings.TrimRight(text[:at], " \t\n"); part != "" {
			parts = append(parts, part)
		}
		text = strings.TrimLeft(text[at:], " \t\n")
	}
	return parts
}
