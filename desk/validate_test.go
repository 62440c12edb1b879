package desk_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/desk"
)

// TestCleanTextRemovesInvisibleCharacters: a right-to-left override or a
// zero-width character makes a ticket read one way and say another in the
// dispatch group, so none of them survives cleaning; what a person can see
// (newlines, tabs, scripts written right to left, emoji) does.
func TestCleanTextRemovesInvisibleCharacters(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want string
	}{
		{"rlo-override", "Leak in room \u202e101\u202c", "Leak in room 101"},
		{"lro-override", "\u202dabc\u202c", "abc"},
		{"embeddings", "\u202aa\u202bb\u202c", "ab"},
		{"isolates", "\u2066x\u2067y\u2068z\u2069", "xyz"},
		{"marks", "a\u200eb\u200fc\u061cd", "abcd"},
		{"zero-width-space", "Bro\u200bken lamp", "Broken lamp"},
		{"zero-width-joiners", "a\u200cb\u200dc", "abc"},
		{"word-joiner", "a\u2060b", "ab"},
		{"byte-order-mark", "\ufeffLamp", "Lamp"},
		// Trimmed after removal: an invisible character must not hide
		// spaces at the ends.
		{"spaces-behind-invisible", "\u200b  Lamp  \u202e", "Lamp"},
		{"newlines-and-tabs-kept", "line one\n\tline two", "line one\n\tline two"},
		{"other-controls-removed", "bell\a and nul\x00", "bell and nul"},
		{"hebrew-kept", "נזילה בחדר", "נזילה בחדר"},
		{"arabic-kept", "تسرب المياه", "تسرب المياه"},
		{"emoji-kept", "💡🔧", "💡🔧"},
		// The joiner inside an emoji sequence goes too: the sequence shows
		// as its parts, which says the same.
		{"emoji-sequence-split", "👩\u200d🔧", "👩🔧"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := desk.CleanText(tc.in, desk.MaxText, true)
			if err != nil || got != tc.want {
				t.Fatalf("CleanText(%+q) = %+q, %v; want %+q", tc.in, got, err, tc.want)
			}
		})
	}
	t.Run("only-invisible-is-empty", func(t *testing.T) {
		_, err := desk.CleanText("\u200b\u202e\ufeff", desk.MaxTitle, true)
		if !errors.Is(err, desk.ErrInvalid) {
			t.Fatalf("err = %v, want ErrInvalid", err)
		}
	})
	t.Run("invisible-not-counted", func(t *testing.T) {
		// The limit is on what a person sees.
		s := strings.Repeat("a\u200b", desk.MaxName)
		got, err := desk.CleanText(s, desk.MaxName, true)
		if err != nil || got != strings.Repeat("a", desk.MaxName) {
			t.Fatalf("got %q, %v", got, err)
		}
	})
}

// TestCleanPhoneTakesPastedNumbers: a number copied from a contact card
// often comes wrapped in direction marks, which say nothing about the
// number.
func TestCleanPhoneTakesPastedNumbers(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want string
	}{
		{"embedding", "\u202a+86 138 0000 0000\u202c", "+86 138 0000 0000"},
		{"marks", "\u200e138-0000-0000\u200f", "138-0000-0000"},
		{"zero-width", "138\u200b0000\ufeff0000", "13800000000"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := desk.CleanPhone(tc.in)
			if err != nil || got != tc.want {
				t.Fatalf("CleanPhone(%+q) = %+q, %v; want %+q", tc.in, got, err, tc.want)
			}
		})
	}
	t.Run("letters-still-refused", func(t *testing.T) {
		if _, err := desk.CleanPhone("\u202ecall me"); !errors.Is(err, desk.ErrInvalid) {
			t.Fatalf("err = %v, want ErrInvalid", err)
		}
	})
}
