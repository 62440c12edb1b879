package conversation

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/desk"
)

func TestParseRooms(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string
		err      string // the message key of the refusal
	}{
		{"one", "101", []string{"101"}, ""},
		{"list-and-range", "101-103, 201, 305a", []string{"101", "102", "103", "201", "305a"}, ""},
		{"chinese-commas-and-spaces", "101，102、 103 ;104", []string{"101", "102", "103", "104"}, ""},
		{"tilde-range", "1~3", []string{"1", "2", "3"}, ""},
		{"range-of-one", "7-7", []string{"7"}, ""},
		{"lettered-range", "B8-B10", []string{"B8", "B9", "B10"}, ""},
		{"zeros-kept", "008-010", []string{"008", "009", "010"}, ""},
		{"duplicates-kept-once", "101, 101-102, 102, 101", []string{"101", "102"}, ""},
		{"full-sheet", "1-60", nil, ""},
		{"empty", " , ", nil, "err.rooms_empty"},
		{"too-many", "1-61", nil, "err.rooms_too_many"},
		{"too-many-in-pieces", "1-50, 51-61", nil, "err.rooms_too_many"},
		{"huge-range", "1-99999999", nil, "err.rooms_too_many"},
		{"backwards", "120-101", nil, "err.rooms_range"},
		{"letters-differ", "A1-B3", nil, "err.rooms_range"},
		{"no-number", "a-c", nil, "err.rooms_range"},
		{"half-range", "101-", nil, "err.rooms_range"},
		{"chinese-room", "会议室", nil, "err.rooms_bad"},
		{"dot", "3.01", nil, "err.rooms_bad"},
		{"too-long", strings.Repeat("9", maxRoomCode+1), nil, "err.rooms_long"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseRooms(tc.in, 60)
			if tc.err != "" {
				var de *desk.Error
				if !errors.As(err, &de) || de.Msg != tc.err {
					t.Fatalf("parseRooms(%q) = %q, %v; want refusal %s", tc.in, got, err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseRooms(%q): %v", tc.in, err)
			}
			if tc.want == nil {
				if len(got) != 60 {
					t.Errorf("parseRooms(%q) gave %d rooms, want 60", tc.in, len(got))
				}
				return
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("parseRooms(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
