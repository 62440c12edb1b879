package desk_test

import (
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/repairdesk/repairdesk/desk"
)

// limits are the lengths the desk cleans text to.
var limits = []int{desk.MaxName, desk.MaxShort, desk.MaxTitle, desk.MaxAddress, desk.MaxText}

// textSeeds are what people paste: scripts, emoji, spoofing characters,
// broken bytes, lone controls.
var textSeeds = []string{
	"", " ", "Leak in room 101", "  padded\n\n", "line one\r\nline two\ttab",
	"Leak in room \u202e101\u202c", "\u2066x\u2069\u200e\u200f\u061c", "\u200b\u200c\u200d\u2060\ufeff",
	"👩\u200d🔧💡", "灯管闪烁，请尽快修理", "נזילה בחדר", "\xff\xfe bad bytes \xc3", "\x00\a\x1b[31m",
	"\u2028\u2029\u00a0\u3000", strings.Repeat("灯", desk.MaxTitle+1), strings.Repeat("a\u200b", 50),
	`{"$gt": ""}`, "+86 (138) 0000-0000", "\u202a+86 138 0000 0000\u202c", strings.Repeat("-", 40) + "138",
	"１３８００００００００", "138\u200b0000\u200b0000",
}

// FuzzCleanText: whatever a person sends, cleaning does not panic, and
// what it lets through is valid UTF-8 without controls (newlines and tabs
// aside) or invisible characters, trimmed, within the limit, not empty
// when required, and clean already when cleaned again.
func FuzzCleanText(f *testing.F) {
	for i, s := range textSeeds {
		f.Add(s, uint8(i), i%2 == 0)
	}
	f.Fuzz(func(t *testing.T, s string, which uint8, required bool) {
		limit := limits[int(which)%len(limits)]
		got, err := desk.CleanText(s, limit, required)
		if err != nil {
			if !errors.Is(err, desk.ErrInvalid) {
				t.Fatalf("CleanText(%+q): %v, not a refusal of bad input", s, err)
			}
			return
		}
		if !utf8.ValidString(got) {
			t.Fatalf("CleanText(%+q) = %+q, not UTF-8", s, got)
		}
		for _, r := range got {
			if r != '\n' && r != '\t' && unicode.IsControl(r) || isInvisible(r) {
				t.Fatalf("CleanText(%+q) = %+q keeps %U", s, got, r)
			}
		}
		if n := utf8.RuneCountInString(got); n > limit {
			t.Fatalf("CleanText(%+q) = %d characters, limit %d", s, n, limit)
		}
		if got != strings.TrimSpace(got) || required && got == "" {
			t.Fatalf("CleanText(%+q, required %v) = %+q", s, required, got)
		}
		if again, err := desk.CleanText(got, limit, required); err != nil || again != got {
			t.Fatalf("CleanText(%+q) = %+q, cleaned again %+q, %v", s, got, again, err)
		}
	})
}

// FuzzCleanPhone: a phone number it accepts is a short run of digits and
// the usual separators, and stays as it is when cleaned again.
func FuzzCleanPhone(f *testing.F) {
	for _, s := range textSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := desk.CleanPhone(s)
		if err != nil {
			if !errors.Is(err, desk.ErrInvalid) {
				t.Fatalf("CleanPhone(%+q): %v, not a refusal of bad input", s, err)
			}
			return
		}
		if !utf8.ValidString(got) || len(got) > desk.MaxPhone {
			t.Fatalf("CleanPhone(%+q) = %+q", s, got)
		}
		digits := 0
		for _, r := range got {
			switch {
			case r >= '0' && r <= '9':
				digits++
			case strings.ContainsRune("+-() ", r):
			default:
				t.Fatalf("CleanPhone(%+q) = %+q keeps %U", s, got, r)
			}
		}
		if digits < 3 || digits > 20 {
			t.Fatalf("CleanPhone(%+q) = %+q with %d digits", s, got, digits)
		}
		if again, err := desk.CleanPhone(got); err != nil || again != got {
			t.Fatalf("CleanPhone(%+q) = %+q, cleaned again %+q, %v", s, got, again, err)
		}
	})
}

// isInvisible lists the characters that must never reach a ticket, written
// out here rather than taken from the code under test.
func isInvisible(r rune) bool {
	switch {
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c,
		r >= 0x200b && r <= 0x200d, r == 0x2060, r == 0xfeff:
		return true
	}
	return false
}
