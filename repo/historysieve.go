package repo

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/repairdesk/repairdesk/desk"
)

// sieve passes the history lines a search may match, reading only their
// raw text, so that a search of the whole history decodes only the few
// lines it may show. Passing is necessary, not sufficient: desk's
// Query.Matches decides on the decoded ticket.
type sieve struct {
	q *desk.Query
	// The query's words by how a line is compared with them, each
	// lowercased: words without case (Chinese, digits, punctuation) as
	// the line is; ASCII words with the line's ASCII letters lowered; any
	// other word with the whole line lowered as Matches lowers fields.
	caseless, ascii, other []string
}

func newSieve(q *desk.Query) sieve {
	s := sieve{q: q}
	if q == nil {
		return s
	}
	for _, w := range q.Words {
		switch {
		case hasNoCase(w):
			s.caseless = append(s.caseless, w)
		case isASCII(w):
			s.ascii = append(s.ascii, w)
		default:
			s.other = append(s.other, w)
		}
	}
	return s
}

func (s sieve) passes(line string) bool {
	q := s.q
	if q == nil {
		return true
	}
	id, rest, _ := strings.Cut(line, fieldSep)
	state, rest, _ := strings.Cut(rest, fieldSep)
	created, _, _ := strings.Cut(rest, fieldSep)
	if q.ID != "" && id != q.ID {
		return false
	}
	if len(q.States) > 0 && !slices.Contains(q.States, desk.State(state)) {
		return false
	}
	if !q.From.IsZero() {
		c, err := strconv.ParseInt(created, 36, 64)
		if err == nil && (c < q.From.Unix() || c >= q.To.Unix()) {
			return false
		}
	}
	for _, w := range s.caseless {
		if !strings.Contains(line, w) {
			return false
		}
	}
	if len(s.ascii) > 0 {
		low := lowerASCII(line)
		for _, w := range s.ascii {
			if !strings.Contains(low, w) {
				return false
			}
		}
	}
	if len(s.other) > 0 {
		low := strings.ToLower(line)
		for _, w := range s.other {
			if !strings.Contains(low, w) {
				return false
			}
		}
	}
	return true
}

// hasNoCase reports whether no letter of w has another case: then a
// line holds w lowercased only where it holds w.
func hasNoCase(w string) bool {
	for _, r := range w {
		if unicode.ToUpper(r) != r || unicode.ToLower(r) != r || unicode.ToTitle(r) != r {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// lowerASCII lowers the ASCII letters of s and leaves every other byte:
// an ASCII word is in strings.ToLower(s) only where it is in this (but
// for the Kelvin sign and the dotted capital I, which lower to ASCII
// letters and which nobody types in a repair request).
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + ('a' - 'A')
		}
	}
	return string(b)
}
