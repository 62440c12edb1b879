package desk

import (
	"cmp"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ExportFilter selects tickets for an export. Zero fields match all.
type ExportFilter struct {
	State    State
	From, To time.Time // on the creation time; To is exclusive
}

// ExportHeader are the columns of an export.
var ExportHeader = []string{"number", "state", "zone", "building", "room", "address", "problem_type", "title",
	"description", "requester", "contact", "window_start", "window_end", "created_at", "claimed_by", "claimed_at",
	"waited_minutes", "repair_minutes", "repair_type", "result", "completed_at", "cancel_reason", "cancelled_at",
	"urges", "suspensions", "rating", "rating_comment", "priority", "urgent_reason", "queue"}

// MaxExportBytes bounds an export sent in a chat: Telegram takes files of
// up to 50 MB from a bot. A row is some 300 bytes, so the cap is about
// 150 000 tickets: a year of a busy desk (33 000) fits well. A larger
// export is refused with a word to choose a shorter period, rather than
// cut short.
const MaxExportBytes = 45 << 20

// exportLimit is MaxExportBytes; a test lowers it.
var exportLimit int64 = MaxExportBytes

// ExportPeriod reads the period a supervisor or an admin asks to export
// (the words and dates /stats takes), as of now.
func (s *Service) ExportPeriod(ctx context.Context, actor *User, period string) (Period, error) {
	if !Reports(actor) {
		return Period{}, errorf(ErrForbidden, "err.forbidden")
	}
	settings, err := s.config.Settings(ctx)
	if err != nil {
		return Period{}, err
	}
	return ParsePeriod(period, s.Now(), settings.Location())
}

// Export writes, for a supervisor or an admin, the tickets reported in
// the period (ExportPeriod), live and archived, as CSV (WriteCSV), at
// most MaxExportBytes of it: beyond that it fails with ErrInvalid.
func (s *Service) Export(ctx context.Context, actor *User, period string, w io.Writer) (int, error) {
	p, err := s.ExportPeriod(ctx, actor, period)
	if err != nil {
		return 0, err
	}
	return s.WriteCSV(ctx, &capped{w: w, left: exportLimit}, ExportFilter{From: p.From, To: p.To})
}

// WriteCSV writes the tickets ef selects, live and archived, by number,
// as CSV in UTF-8 with a byte order mark, without which spreadsheet
// programs read Chinese text as mojibake. Times are in the desk's time
// zone. It checks no one's role: the command-line export calls it, with
// the store in hand.
//
// It never scans the archive. It reads the live tickets (in memory on
// the embedded store), finds the archived ones in the history
// (TicketStore.History: one document per month closed since ef.From,
// since a ticket closes after it is reported), and reads each of those
// whole by _id, one at a time, as it writes its row: a short command
// each, so that the running desk's own reads and writes pass between
// them, and memory holds no more than the tickets' numbers.
func (s *Service) WriteCSV(ctx context.Context, w io.Writer, ef ExportFilter) (int, error) {
	settings, err := s.config.Settings(ctx)
	if err != nil {
		return 0, err
	}
	loc, now := settings.Location(), s.Now()
	live, err := s.tickets.Live(ctx, Filter{})
	if err != nil {
		return 0, err
	}
	type entry struct {
		number int64
		id     string
		t      *Ticket // a live ticket; nil for one to read from the archive
	}
	var todo []entry
	seen := make(map[string]bool, len(live))
	for _, t := range live {
		seen[t.ID] = true
		if ef.selects(t) {
			todo = append(todo, entry{t.Number, t.ID, t})
		}
	}
	// A ticket archived since Live read it is in the history too: it
	// is written once, as it was live.
	err = s.tickets.History(ctx, ef.From, nil, func(t *Ticket) bool {
		if !seen[t.ID] && ef.selects(t) {
			seen[t.ID] = true
			todo = append(todo, entry{t.Number, t.ID, nil})
		}
		return true
	})
	if err != nil {
		return 0, err
	}
	slices.SortFunc(todo, func(a, b entry) int { return cmp.Compare(a.number, b.number) })

	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return 0, err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(ExportHeader); err != nil {
		return 0, err
	}
	n := 0
	for _, e := range todo {
		t := e.t
		if t == nil {
			if t, err = s.tickets.Get(ctx, e.id); errors.Is(err, ErrNotFound) {
				continue
			} else if err != nil {
				return n, fmt.Errorf("export ticket %s: %w", e.id, err)
			}
		}
		if err := cw.Write(exportRow(t, loc, now)); err != nil {
			return n, err
		}
		n++
	}
	cw.Flush()
	return n, cw.Error()
}

// selects reports whether the filter selects t.
func (ef ExportFilter) selects(t *Ticket) bool {
	return (ef.State == "" || t.State == ef.State) &&
		(ef.From.IsZero() || !t.CreatedAt.Before(ef.From)) &&
		(ef.To.IsZero() || t.CreatedAt.Before(ef.To))
}

// exportRow is a ticket's row. What people typed is kept from being read
// as a formula (Inert); the contact is a checked phone number ("+86 …"
// must stay as it is).
func exportRow(t *Ticket, loc *time.Location, now time.Time) []string {
	ts := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(loc).Format("2006-01-02 15:04")
	}
	end := t.UpdatedAt
	if !t.State.Final() {
		end = now
	}
	var claimedBy, repairType, result, cancelReason, rating, comment string
	var claimedAt, completedAt, cancelledAt time.Time
	if t.Claim != nil {
		claimedBy, claimedAt = t.Claim.By.Name, t.Claim.At
	}
	if c := t.Completion; c != nil {
		repairType, result, completedAt = c.RepairType, c.Result, c.At
	}
	if c := t.Cancel; c != nil {
		cancelReason, cancelledAt = c.Reason, c.At
	}
	if r := t.Rating; r != nil {
		rating, comment = strconv.Itoa(r.Stars), r.Comment
	}
	priority := "normal"
	if t.Urgent() {
		priority = "urgent"
	}
	queue := ""
	if t.Queue != nil {
		queue = t.Queue.Name
	}
	x := Inert
	return []string{t.ID, string(t.State), x(t.Location.Zone), x(t.Location.Building), x(t.Location.Room),
		x(t.Location.Address), x(t.ProblemType), x(t.Title), x(t.Description), x(t.Requester.Name), t.Contact,
		ts(t.Window.Start), ts(t.Window.End), ts(t.CreatedAt), x(claimedBy), ts(claimedAt),
		strconv.Itoa(int(t.Waited(end).Minutes())), strconv.Itoa(int(t.UnderRepair(end).Minutes())),
		x(repairType), x(result), ts(completedAt), x(cancelReason), ts(cancelledAt),
		strconv.Itoa(len(t.Urges)), strconv.Itoa(len(t.Suspensions)), rating, x(comment),
		priority, x(t.UrgentReason), x(queue)}
}

// Inert makes a cell that a spreadsheet would run as a formula (one that
// begins with =, +, -, @, a tab or a carriage return) plain text, by
// putting an apostrophe before it: a title like =HYPERLINK(…) must not
// become a link, or worse, in the hands of whoever opens the export.
func Inert(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// capped is a writer that takes at most left bytes, and then fails with
// the person's reason: the export is too big for a chat.
type capped struct {
	w    io.Writer
	left int64
}

func (c *capped) Write(p []byte) (int, error) {
	if int64(len(p)) > c.left {
		return 0, fmt.Errorf("export over %d bytes: %w", MaxExportBytes,
			errorf(ErrInvalid, "err.export_too_big", MaxExportBytes>>20))
	}
	c.left -= int64(len(p))
	return c.w.Write(p)
}
