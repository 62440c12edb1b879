package desk

import (
	"strings"
	"time"
	"unicode"
)

// Query is what a ticket search asks for. Everything given must match.
// The person's text is only ever compared with a ticket's fields here, as
// text: it never becomes a database query or a regular expression, so
// `{"$gt": ""}` or `.*` find tickets that contain exactly that.
type Query struct {
	// ID is a ticket asked for by number ("#1042").
	ID string
	// Words must each appear, ignoring case, in one of the ticket's
	// searchable fields (SearchFields).
	Words []string
	// States, if any, are the states the ticket may be in.
	States []State
	// From and To bound the time the ticket was reported (To exclusive).
	From, To time.Time
}

// stateNames are the words that ask for a state, in both languages.
var stateNames = map[string]State{
	"pending": Pending, "待接单": Pending,
	"accepted": Accepted, "已接单": Accepted,
	"suspended": Suspended, "已挂起": Suspended, "挂起": Suspended,
	"completed": Completed, "已完成": Completed, "完成": Completed,
	"cancelled": Cancelled, "canceled": Cancelled, "已取消": Cancelled,
}

// ParseQuery reads a search: "#1042", words (a "quoted phrase" is one
// word), state names (pending, 已完成, …), and one date, a month
// ("2026-11") or two dates ("2026-11-01 2026-11-15", "..", "~") bounding
// when the ticket was reported, in the desk's time zone.
func ParseQuery(text string, loc *time.Location) (Query, error) {
	var q Query
	var dates []time.Time
	var month bool
	for _, tok := range searchTokens(text) {
		low := strings.ToLower(tok.text)
		if !tok.quoted {
			if id, ok := strings.CutPrefix(low, "#"); ok && isDigits(id) && len(id) <= 12 {
				q.ID = id
				continue
			}
			if st, ok := stateNames[low]; ok {
				q.States = append(q.States, st)
				continue
			}
			if d, err := time.ParseInLocation(time.DateOnly, low, loc); err == nil {
				dates = append(dates, d)
				continue
			}
			if d, err := time.ParseInLocation("2006-01", low, loc); err == nil {
				dates, month = append(dates, d), true
				continue
			}
		}
		q.Words = append(q.Words, low)
	}
	switch {
	case len(dates) > 2 || month && len(dates) > 1:
		return Query{}, errorf(ErrInvalid, "err.find_dates")
	case month:
		q.From, q.To = dates[0], dates[0].AddDate(0, 1, 0)
	case len(dates) == 1:
		q.From, q.To = dates[0], dates[0].AddDate(0, 0, 1)
	case len(dates) == 2:
		a, b := dates[0], dates[1]
		if b.Before(a) {
			a, b = b, a
		}
		q.From, q.To = a, b.AddDate(0, 0, 1)
	}
	if q.ID == "" && len(q.Words) == 0 && len(q.States) == 0 && q.From.IsZero() {
		return Query{}, errorf(ErrInvalid, "err.find_empty")
	}
	return q, nil
}

type searchToken struct {
	text   string
	quoted bool
}

// searchTokens splits on spaces, keeping "quoted phrases" whole and
// reading a date range written "a..b" or "a~b" as two dates.
func searchTokens(s string) []searchToken {
	var out []searchToken
	for i, part := range strings.Split(s, `"`) {
		if i%2 == 1 {
			if p := strings.TrimSpace(part); p != "" {
				out = append(out, searchToken{text: p, quoted: true})
			}
			continue
		}
		for _, f := range strings.Fields(part) {
			for _, sep := range []string{"..", "~", "～"} {
				if a, b, ok := strings.Cut(f, sep); ok && isDate(a) && isDate(b) {
					f = a + " " + b
				}
			}
			for _, w := range strings.Fields(f) {
				out = append(out, searchToken{text: w})
			}
		}
	}
	return out
}

func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// SearchFields are the texts of a ticket that words are looked for in:
// title, description, room, address, building, zone, problem type, the
// requester's name and contact phone (also as its digits alone, so
// 13800001111 finds "138-0000-1111"), and the technician's name.
func (t *Ticket) SearchFields() []string {
	f := []string{t.Title, t.Description, t.Location.Room, t.Location.Address, t.Location.Building,
		t.Location.Zone, t.ProblemType, t.Requester.Name, t.Contact, Digits(t.Contact)}
	if t.Claim != nil {
		f = append(f, t.Claim.By.Name)
	}
	if t.Completion != nil {
		f = append(f, t.Completion.By.Name)
	}
	return f
}

// Matches reports whether t is one the query asks for.
func (q Query) Matches(t *Ticket) bool {
	if q.ID != "" && t.ID != q.ID {
		return false
	}
	if len(q.States) > 0 && !containsState(q.States, t.State) {
		return false
	}
	if !q.From.IsZero() && (t.CreatedAt.Before(q.From) || !t.CreatedAt.Before(q.To)) {
		return false
	}
	if len(q.Words) == 0 {
		return true
	}
	fields := t.SearchFields()
	for i, f := range fields {
		fields[i] = strings.ToLower(f)
	}
	for _, w := range q.Words {
		if !anyContains(fields, w) {
			return false
		}
	}
	return true
}

func containsState(ss []State, s State) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func anyContains(fields []string, w string) bool {
	for _, f := range fields {
		if strings.Contains(f, w) {
			return true
		}
	}
	return false
}

// Digits keeps the digits of a phone number.
func Digits(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}
