package units

import (
	"strings"
	"testing"
	"unicode/utf16"
)

func TestSplit(t *testing.T) {
	for _, c := range []struct {
		name  string
		text  string
		limit int
		want  []string
	}{
		{"short", "hello", 10, []string{"hello"}},
		{"empty", "", 10, nil},
		{"at-line-break", "first line\nsecond line", 15, []string{"first line", "second line"}},
		{"at-space", "aaaa bbbb cccc", 10, []string{"aaaa bbbb", "cccc"}},
		{"no-break", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"chinese", "一二三四五六", 4, []string{"一二三四", "五六"}},
		// An emoji is two UTF-16 units and is never cut in half.
		{"surrogates", "🔧🔧🔧", 3, []string{"🔧", "🔧", "🔧"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Split(c.text, c.limit, Of)
			if strings.Join(got, "|") != strings.Join(c.want, "|") || len(got) != len(c.want) {
				t.Errorf("Split(%q, %d) = %q, want %q", c.text, c.limit, got, c.want)
			}
			for _, p := range got {
				if n := len(utf16.Encode([]rune(p))); n > c.limit {
					t.Errorf("part %q is %d long", p, n)
				}
			}
		})
	}
}

// A cost other than UTF-16 units: what a rune takes once escaped.
func TestSplitByCost(t *testing.T) {
	cost := func(r rune) int {
		if r == '&' {
			return 5
		}
		return 1
	}
	got := Split("a&b&c", 6, cost)
	if strings.Join(got, "|") != "a&|b&|c" {
		t.Errorf("Split by cost = %q", got)
	}
}

func TestClip(t *testing.T) {
	if got := Clip(strings.Repeat("长", 300), 200); Len(got) != 200 || !strings.HasSuffix(got, "…") {
		t.Errorf("Clip gave %d units", Len(got))
	}
	if got := Clip("short", 200); got != "short" {
		t.Errorf("Clip of a short text: %q", got)
	}
	if n := Len("a长🔧"); n != 4 {
		t.Errorf("Len = %d, want 4", n)
	}
}
