package conversation

import (
	"strconv"
	"strings"
)

// maxRoomCode is the longest room a printed code carries. A Telegram
// start payload is at most 64 letters, digits, "_" and "-", and
// "at-<building ref>-" (roomCode) comes first; 16 leaves room for it and
// is longer than any door sign.
const maxRoomCode = 16

// parseRooms reads the rooms an admin wants codes for: names and ranges
// separated by commas, semicolons or spaces ("101-120, 201, 305a";
// "B101-B120" keeps the letters, "001-010" the zeros). A room repeated
// is kept once, where it first came. More than limit rooms is refused,
// a range before it is written out, so "1-99999999" costs nothing.
func parseRooms(s string, limit int) ([]string, error) {
	items := strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '，' || r == '、' || r == ';' || r == '；' || r == ' ' || r == '\t' || r == '\n' || r == '\u3000'
	})
	if len(items) == 0 {
		return nil, errInvalid("err.rooms_empty")
	}
	var out []string
	seen := map[string]bool{}
	add := func(room string) {
		if !seen[room] {
			seen[room] = true
			out = append(out, room)
		}
	}
	for _, item := range items {
		from, to, isRange := cutRange(item)
		if !isRange {
			if err := checkRoom(item); err != nil {
				return nil, err
			}
			add(item)
		} else {
			rooms, err := expand(item, from, to, limit)
			if err != nil {
				return nil, err
			}
			for _, r := range rooms {
				add(r)
			}
		}
		if len(out) > limit {
			return nil, errInvalid("err.rooms_too_many", limit)
		}
	}
	return out, nil
}

// cutRange splits "101-120" (also with "~" or "～") into its ends.
func cutRange(item string) (from, to string, ok bool) {
	for _, sep := range []string{"-", "~", "～", "–"} {
		if from, to, ok = strings.Cut(item, sep); ok {
			return from, to, true
		}
	}
	return "", "", false
}

// checkRoom refuses what a link cannot carry: a room on a code is sent
// back as part of the link, where only letters, digits and "_" pass.
func checkRoom(room string) error {
	for _, r := range room {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_') {
			return errInvalid("err.rooms_bad", room)
		}
	}
	if len(room) > maxRoomCode {
		return errInvalid("err.rooms_long", room, maxRoomCode)
	}
	return nil
}

// expand writes out a range whose ends share their letters and differ in
// their number, refusing one of more than limit rooms.
func expand(item, from, to string, limit int) ([]string, error) {
	pf, a, okA := splitNumber(from)
	pt, b, okB := splitNumber(to)
	if !okA || !okB || pf != pt || a > b {
		return nil, errInvalid("err.rooms_range", item)
	}
	if b-a >= uint64(max(limit, 0)) {
		return nil, errInvalid("err.rooms_too_many", limit)
	}
	width := 0
	if digits := len(from) - len(pf); strings.HasPrefix(from[len(pf):], "0") {
		width = digits // "001-010": the zeros are part of the name
	}
	out := make([]string, 0, b-a+1)
	for n := a; n <= b; n++ {
		s := strconv.FormatUint(n, 10)
		if len(s) < width {
			s = strings.Repeat("0", width-len(s)) + s
		}
		if err := checkRoom(pf + s); err != nil {
			return nil, err
		}
		out = append(out, pf+s)
	}
	return out, nil
}

// splitNumber splits "B101" into "B" and 101.
func splitNumber(s string) (prefix string, n uint64, ok bool) {
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	if i == len(s) || len(s)-i > 9 || checkRoom(s) != nil {
		return "", 0, false
	}
	n, err := strconv.ParseUint(s[i:], 10, 64)
	return s[:i], n, err == nil
}
