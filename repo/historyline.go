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
// in the ticket's fields. Times are Unix seconds.
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
const lineFields = 32

var lineClean = strings.NewReplacer(lineSep, " ", fieldSep, " ", itemSep, " ", partSep, " ")

func encodeLine(t *desk.Ticket) string {
	f := make([]string, 0, lineFields)
	add := func(s ...string) {
		for _, v := range s {
			f = append(f, lineClean.Replace(v))
		}
	}
	add(t.ID, strconv.FormatInt(t.Number, 10), string(t.State), unix(t.CreatedAt), unix(t.UpdatedAt),
		t.Requester.ID, t.Requester.Name, t.Location.Zone, t.Location.Building, t.Location.Room,
		t.Location.Address, t.ProblemType, t.Title, t.Description, unix(t.Window.Start), unix(t.Window.End),
		t.Contact)
	if c := t.Claim; c != nil {
		add(c.By.ID, c.By.Name, unix(c.At))
	} else {
		add("", "", "")
	}
	add(unix(firstClaim(t)))
	if c := t.Completion; c != nil {
		add(c.By.ID, c.By.Name, unix(c.At), c.RepairType)
	} else {
		add("", "", "", "")
	}
	if c := t.Cancel; c != nil {
		add(unix(c.At), c.By.ID)
	} else {
		add("", "")
	}
	if r := t.Rating; r != nil {
		add(strconv.Itoa(r.Stars), unix(r.At), r.Comment)
	} else {
		add("", "", "")
	}
	urges := make([]string, len(t.Urges))
	for i, u := range t.Urges {
		urges[i] = unix(u.At)
	}
	f = append(f, strings.Join(urges, itemSep))
	sus := make([]string, len(t.Suspensions))
	for i, s := range t.Suspensions {
		sus[i] = strings.Join([]string{string(s.Review), unix(s.RequestedAt), unix(s.ReviewedAt), unix(s.ResumedAt),
			lineClean.Replace(s.By.ID)}, partSep)
	}
	f = append(f, strings.Join(sus, itemSep))
	return strings.Join(f, fieldSep)
}

// decodeLine reads a line back; false if it is not one.
func decodeLine(line string) (*desk.Ticket, bool) {
	f := strings.Split(line, fieldSep)
	if len(f) != lineFields {
		return nil, false
	}
	n, _ := strconv.ParseInt(f[1], 10, 64)
	t := &desk.Ticket{ID: f[0], Number: n, State: desk.State(f[2]), CreatedAt: fromUnix(f[3]), UpdatedAt: fromUnix(f[4]),
		Requester: desk.Person{ID: f[5], Name: f[6]},
		Report: desk.Report{Location: desk.Location{Zone: f[7], Building: f[8], Room: f[9], Address: f[10]},
			ProblemType: f[11], Title: f[12], Description: f[13],
			Window: desk.Window{Start: fromUnix(f[14]), End: fromUnix(f[15])}, Contact: f[16]}}
	if f[19] != "" {
		t.Claim = &desk.Claim{By: desk.Person{ID: f[17], Name: f[18]}, At: fromUnix(f[19])}
	}
	if f[20] != "" {
		// Waited reads the first claim from the history.
		t.History = []desk.Event{{Action: desk.ActClaim, At: fromUnix(f[20])}}
	}
	if f[23] != "" {
		t.Completion = &desk.Completion{By: desk.Person{ID: f[21], Name: f[22]}, At: fromUnix(f[23]), RepairType: f[24]}
	}
	if f[25] != "" {
		t.Cancel = &desk.Cancellation{At: fromUnix(f[25]), By: desk.Person{ID: f[26]}}
	}
	if f[27] != "" {
		stars, _ := strconv.Atoi(f[27])
		t.Rating = &desk.Rating{Stars: stars, At: fromUnix(f[28]), Comment: f[29]}
	}
	if f[30] != "" {
		for _, u := range strings.Split(f[30], itemSep) {
			t.Urges = append(t.Urges, desk.Urge{At: fromUnix(u)})
		}
	}
	if f[31] != "" {
		for _, item := range strings.Split(f[31], itemSep) {
			p := strings.Split(item, partSep)
			if len(p) != 5 {
				return nil, false
			}
			t.Suspensions = append(t.Suspensions, desk.Suspension{Review: desk.Review(p[0]), RequestedAt: fromUnix(p[1]),
				ReviewedAt: fromUnix(p[2]), ResumedAt: fromUnix(p[3]), By: desk.Person{ID: p[4]}})
		}
	}
	return t, true
}

// lineID is a line's ticket ID, read without decoding the rest.
func lineID(line string) string {
	id, _, _ := strings.Cut(line, fieldSep)
	return id
}

// lineNumber is a line's ticket number, read without decoding the rest.
func lineNumber(line string) int64 {
	_, rest, _ := strings.Cut(line, fieldSep)
	n, _, _ := strings.Cut(rest, fieldSep)
	v, _ := strconv.ParseInt(n, 10, 64)
	return v
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

func unix(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return strconv.FormatInt(t.Unix(), 10)
}

func fromUnix(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}
	}
	return time.Unix(n, 0).UTC()
}
