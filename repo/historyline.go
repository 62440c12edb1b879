package repo

import (
	"strconv"
	"strings"
	"time"

	"github.com/repairdesk/repairdesk/desk"
)

// A history line is one archived ticket as reports and searches read it
// (desk.TicketStore.History): its fields in a fixed order, separated by
// fieldSep; lists (urges, suspensions) hold items separated by itemSep,
// whose parts are separated by partSep. Lines are separated by lineSep.
// Text is kept as written, with those four characters (which no person
// types) made spaces, so that a word found in a line's text is also found
// in the ticket's fields (desk.Ticket.SearchFields, which the line holds
// each of).
//
// Plain text rather than BSON because the embedded store converts every
// value of a document on each read: a month of tickets as one compressed
// string reads in milliseconds, as subdocuments in seconds.
const (
	lineSep  = "\x1e"
	fieldSep = "\x1f"
	itemSep  = "\x1d"
	partSep  = "\x1c"
)

// lineFields is how many fields a line has.
const lineFields = 33

// The fields whose raw text the search prefilter reads.
const (
	fieldID      = 0
	fieldState   = 1
	fieldCreated = 2
)

var lineClean = strings.NewReplacer(lineSep, " ", fieldSep, " ", itemSep, " ", partSep, " ")

// encodeLine writes a ticket's line. The creation time is written in
// full, every other time as seconds after it, in base 36: short numbers
// are most of what a month's lines would otherwise spend bytes on.
func encodeLine(t *desk.Ticket) string {
	f := make([]string, 0, lineFields)
	add := func(s ...string) {
		for _, v := range s {
			f = append(f, lineClean.Replace(v))
		}
	}
	c0 := t.CreatedAt
	at := func(x time.Time) string { return offset(c0, x) }
	add(t.ID, string(t.State), strconv.FormatInt(c0.Unix(), 36), at(t.UpdatedAt),
		t.Requester.ID, t.Requester.Name, t.Location.Zone, t.Location.Building, t.Location.Room,
		t.Location.Address, t.ProblemType, t.Title, t.Description, at(t.Window.Start), at(t.Window.End),
		t.Contact, desk.Digits(t.Contact))
	if c := t.Claim; c != nil {
		add(c.By.ID, c.By.Name, at(c.At))
	} else {
		add("", "", "")
	}
	add(at(firstClaim(t)))
	if c := t.Completion; c != nil {
		add(c.By.ID, c.By.Name, at(c.At), c.RepairType)
	} else {
		add("", "", "", "")
	}
	if c := t.Cancel; c != nil {
		add(at(c.At), c.By.ID)
	} else {
		add("", "")
	}
	if r := t.Rating; r != nil {
		add(strconv.Itoa(r.Stars), at(r.At), r.Comment)
	} else {
		add("", "", "")
	}
	urges := make([]string, len(t.Urges))
	for i, u := range t.Urges {
		urges[i] = at(u.At)
	}
	f = append(f, strings.Join(urges, itemSep))
	sus := make([]string, len(t.Suspensions))
	for i, s := range t.Suspensions {
		sus[i] = strings.Join([]string{string(s.Review), at(s.RequestedAt), at(s.ReviewedAt), at(s.ResumedAt),
			lineClean.Replace(s.By.ID)}, partSep)
	}
	f = append(f, strings.Join(sus, itemSep))
	// The priority sets the ticket's limits (desk.Ticket.Limits), which
	// the overdue figures are read against.
	add(string(t.Priority))
	return strings.Join(f, fieldSep)
}

// decodeLine reads a line back; false if it is not one.
func decodeLine(line string) (*desk.Ticket, bool) {
	var fa [lineFields]string
	f := fa[:0]
	for i := 0; i < lineFields-1; i++ {
		v, rest, ok := strings.Cut(line, fieldSep)
		if !ok {
			return nil, false
		}
		f, line = append(f, v), rest
	}
	if strings.Contains(line, fieldSep) {
		return nil, false
	}
	f = append(f, line)
	c, err := strconv.ParseInt(f[2], 36, 64)
	if err != nil {
		return nil, false
	}
	c0 := time.Unix(c, 0).UTC()
	at := func(s string) time.Time { return fromOffset(c0, s) }
	n, _ := strconv.ParseInt(f[0], 10, 64)
	t := &desk.Ticket{ID: f[0], Number: n, State: desk.State(f[1]), CreatedAt: c0, UpdatedAt: at(f[3]),
		Requester: desk.Person{ID: f[4], Name: f[5]},
		Report: desk.Report{Location: desk.Location{Zone: f[6], Building: f[7], Room: f[8], Address: f[9]},
			ProblemType: f[10], Title: f[11], Description: f[12],
			Window: desk.Window{Start: at(f[13]), End: at(f[14])}, Contact: f[15]}}
	if f[19] != "" {
		t.Claim = &desk.Claim{By: desk.Person{ID: f[17], Name: f[18]}, At: at(f[19])}
	}
	if f[20] != "" {
		// Waited reads the first claim from the history.
		t.History = []desk.Event{{Action: desk.ActClaim, At: at(f[20])}}
	}
	if f[23] != "" {
		t.Completion = &desk.Completion{By: desk.Person{ID: f[21], Name: f[22]}, At: at(f[23]), RepairType: f[24]}
	}
	if f[25] != "" {
		t.Cancel = &desk.Cancellation{At: at(f[25]), By: desk.Person{ID: f[26]}}
	}
	if f[27] != "" {
		stars, _ := strconv.Atoi(f[27])
		t.Rating = &desk.Rating{Stars: stars, At: at(f[28]), Comment: f[29]}
	}
	if f[30] != "" {
		for _, u := range strings.Split(f[30], itemSep) {
			t.Urges = append(t.Urges, desk.Urge{At: at(u)})
		}
	}
	if f[31] != "" {
		for _, item := range strings.Split(f[31], itemSep) {
			p := strings.Split(item, partSep)
			if len(p) != 5 {
				return nil, false
			}
			t.Suspensions = append(t.Suspensions, desk.Suspension{Review: desk.Review(p[0]), RequestedAt: at(p[1]),
				ReviewedAt: at(p[2]), ResumedAt: at(p[3]), By: desk.Person{ID: p[4]}})
		}
	}
	t.Priority = desk.Priority(f[32])
	return t, true
}

// lineField returns field i of a line without splitting the rest.
func lineField(line string, i int) string {
	for range i {
		_, line, _ = strings.Cut(line, fieldSep)
	}
	v, _, _ := strings.Cut(line, fieldSep)
	return v
}

// lineID is a line's ticket ID, read without decoding the rest.
func lineID(line string) string { return lineField(line, fieldID) }

// lineNumber is a line's ticket number, which its ID is written with.
func lineNumber(line string) int64 {
	n, _ := strconv.ParseInt(lineID(line), 10, 64)
	return n
}

// firstClaim is when the ticket was first claimed or assigned.
func firstClaim(t *desk.Ticket) time.Time {
	for _, e := range t.History {
		if e.Action == desk.ActClaim || e.Action == desk.ActAssign {
			return e.At
		}
	}
	return time.Time{}
}

// offset writes x as seconds after c0 in base 36; "" for no time.
func offset(c0, x time.Time) string {
	if x.IsZero() {
		return ""
	}
	return strconv.FormatInt(x.Unix()-c0.Unix(), 36)
}

func fromOffset(c0 time.Time, s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	n, err := strconv.ParseInt(s, 36, 64)
	if err != nil {
		return time.Time{}
	}
	return c0.Add(time.Duration(n) * time.Second)
}
