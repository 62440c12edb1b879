package repo

import (
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/repairdesk/repairdesk/desk"
)

// The history: for reports and searches, every archived ticket as one
// line of text (historyline.go), grouped by the month (UTC) it was closed
// in, one compressed document per month in colHistory, _id "2026-11".
// The config document "history" lists the months that have one.
//
// The query plan, the same on MongoDB and on the embedded store: read
// that list by _id, then each month wanted by _id, newest first. No other
// index is needed, and nothing reads tickets_done in bulk. A month's
// report reads the months closed since 30 days before it began (two or
// three documents); a search reads months until it has a page, or all of
// them (three years of a busy desk, 100 k tickets: 36 documents, a few
// MB). On the embedded store a read by _id is served by the index the
// store adds (EnsureIDIndexes), and a document is decoded by value, which
// is why a month is one compressed string and not 3 000 subdocuments.
//
// Archive adds a ticket's line before removing it from the live
// collection; the line replaces any earlier one of the same ticket, so
// repeating it is harmless. Archived tickets never change again.

// historyFormat is the version of the line format. A store whose history
// was built for another one (or before there was any) is rebuilt from
// tickets_done when it opens. 2: the priority is the line's last field.
const historyFormat = 2

// historyIndex is the config document listing the history's months.
type historyIndex struct {
	ID     string   `bson:"_id"`
	Format int      `bson:"format"`
	Months []string `bson:"months"`
}

// historyMonth is one month's lines, compressed with flate, joined by
// lineSep, highest ticket number first.
type historyMonth struct {
	ID      string `bson:"_id"`
	Version int    `bson:"version"`
	Count   int    `bson:"count"`
	Size    int    `bson:"size"` // of the lines unpacked, to unpack them in one allocation
	Lines   []byte `bson:"lines"`
}

const historyIndexID = "history"

// monthOf names the month a ticket was closed in.
func monthOf(t *desk.Ticket) string {
	at := t.UpdatedAt
	switch {
	case t.Completion != nil:
		at = t.Completion.At
	case t.Cancel != nil:
		at = t.Cancel.At
	}
	return at.UTC().Format("2006-01")
}

// addHistory writes the lines of archived tickets into their months.
func (s *Store) addHistory(ctx context.Context, ts ...*desk.Ticket) error {
	byMonth := map[string][]string{}
	for _, t := range ts {
		byMonth[monthOf(t)] = append(byMonth[monthOf(t)], encodeLine(t))
	}
	for _, m := range slices.Sorted(maps.Keys(byMonth)) {
		if err := s.putLines(ctx, m, byMonth[m]); err != nil {
			return fmt.Errorf("history of %s: %w", m, err)
		}
		_, err := s.c(colConfig).UpdateOne(ctx, bson.D{{Key: "_id", Value: historyIndexID}},
			bson.D{{Key: "$addToSet", Value: bson.D{{Key: "months", Value: m}}}}, options.UpdateOne().SetUpsert(true))
		if err != nil {
			return fmt.Errorf("history index: %w", err)
		}
	}
	return nil
}

// putLines merges lines into a month, replacing those of the same
// tickets, with a compare-and-set on the month's version.
func (s *Store) putLines(ctx context.Context, month string, lines []string) error {
	for range 8 {
		var doc historyMonth
		err := s.get(ctx, colHistory, month, &doc)
		if err != nil && !errors.Is(err, desk.ErrNotFound) {
			return err
		}
		old, err := unpackLines(doc.Lines, doc.Size)
		if err != nil {
			return err
		}
		merged := mergeLines(old, lines)
		raw := strings.Join(merged, lineSep)
		packed, err := packLines(raw)
		if err != nil {
			return err
		}
		next := historyMonth{ID: month, Version: doc.Version + 1, Count: len(merged), Size: len(raw), Lines: packed}
		if doc.Version == 0 {
			err = s.insert(ctx, colHistory, next)
		} else {
			err = s.replaceIf(ctx, colHistory, month, doc.Version, next)
		}
		if !errors.Is(err, desk.ErrConflict) {
			return err
		}
	}
	return fmt.Errorf("month %s keeps changing: %w", month, desk.ErrConflict)
}

// mergeLines puts add into old, a ticket's new line replacing its old
// one, highest number first.
func mergeLines(old, add []string) []string {
	byID := make(map[string]string, len(old)+len(add))
	for _, l := range old {
		byID[lineID(l)] = l
	}
	for _, l := range add {
		byID[lineID(l)] = l
	}
	out := make([]string, 0, len(byID))
	for _, l := range byID {
		out = append(out, l)
	}
	slices.SortFunc(out, func(a, b string) int {
		if c := lineNumber(b) - lineNumber(a); c != 0 {
			return int(c)
		}
		return strings.Compare(lineID(a), lineID(b))
	})
	return out
}

func packLines(raw string) ([]byte, error) {
	var buf bytes.Buffer
	// Size over speed: a month is read far more often, and by more
	// people, than it is written (once per archived ticket).
	w, err := flate.NewWriter(&buf, flate.DefaultCompression)
	if err != nil {
		return nil, err
	}
	if _, err := io.WriteString(w, raw); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func unpackLines(b []byte, size int) ([]string, error) {
	if len(b) == 0 {
		return nil, nil
	}
	var raw strings.Builder
	raw.Grow(size + bytes.MinRead)
	if _, err := io.Copy(&raw, flate.NewReader(bytes.NewReader(b))); err != nil {
		return nil, fmt.Errorf("unpack history: %w", err)
	}
	if raw.Len() == 0 {
		return nil, nil
	}
	return strings.Split(raw.String(), lineSep), nil
}

// History implements desk.TicketStore: the months closed since since,
// newest first, each read by _id. The next month is read and unpacked
// while the lines of this one are sifted, so that the store's round trip
// and the work in this process overlap.
func (s *Store) History(ctx context.Context, since time.Time, q *desk.Query, f func(*desk.Ticket) bool) error {
	sieve := newSieve(q)
	var idx historyIndex
	if err := s.get(ctx, colConfig, historyIndexID, &idx); err != nil && !errors.Is(err, desk.ErrNotFound) {
		return err
	}
	first := ""
	if !since.IsZero() {
		first = since.UTC().Format("2006-01")
	}
	var months []string
	for _, m := range slices.Backward(slices.Sorted(slices.Values(idx.Months))) {
		if m < first {
			break
		}
		months = append(months, m)
	}
	// Stopping early lets a read in flight finish rather than cancel it:
	// cancelling would drop the embedded store's one connection.
	done := make(chan struct{})
	defer close(done)
	next := make(chan monthLines, 1)
	go s.readMonths(ctx, months, next, done)
	for m := range next {
		if m.err != nil {
			return m.err
		}
		for _, l := range m.lines {
			if !sieve.passes(l) {
				continue
			}
			t, ok := decodeLine(l)
			if !ok {
				return fmt.Errorf("history of %s: a line of %d fields", m.month, strings.Count(l, fieldSep)+1)
			}
			if !f(t) {
				return nil
			}
		}
	}
	return nil
}

// monthLines is one month's lines, or why they could not be read.
type monthLines struct {
	month string
	lines []string
	err   error
}

// readMonths reads and unpacks months in order into out, and closes it
// after the last, after an error, or when done is closed.
func (s *Store) readMonths(ctx context.Context, months []string, out chan<- monthLines, done <-chan struct{}) {
	defer close(out)
	for _, month := range months {
		m := monthLines{month: month}
		var doc historyMonth
		switch err := s.get(ctx, colHistory, month, &doc); {
		case errors.Is(err, desk.ErrNotFound):
			continue
		case err != nil:
			m.err = err
		default:
			if m.lines, m.err = unpackLines(doc.Lines, doc.Size); m.err != nil {
				m.err = fmt.Errorf("history of %s: %w", month, m.err)
			}
		}
		select {
		case out <- m:
		case <-done:
			return
		}
		if m.err != nil {
			return
		}
	}
}

// ensureHistory builds the history from the archive once: when the store
// has none yet (it was archived to before the history existed) or one of
// an older format.
func (s *Store) ensureHistory(ctx context.Context) error {
	var idx historyIndex
	if err := s.get(ctx, colConfig, historyIndexID, &idx); err != nil && !errors.Is(err, desk.ErrNotFound) {
		return err
	}
	if idx.Format == historyFormat {
		return nil
	}
	return s.RebuildHistory(ctx)
}

// RebuildHistory writes the history of every archived ticket again from
// tickets_done. It reads the whole archive: the store runs it once, when
// it opens without a history of the current format; tools that fill
// tickets_done directly run it after. Lines already there stay, so a
// ticket archived meanwhile by a running copy of the desk is not lost.
func (s *Store) RebuildHistory(ctx context.Context) error {
	cur, err := s.c(colArchive).Find(ctx, bson.D{})
	if err != nil {
		return fmt.Errorf("rebuild history: %w", err)
	}
	defer cur.Close(ctx)
	byMonth := map[string][]string{}
	for cur.Next(ctx) {
		var t desk.Ticket
		if err := cur.Decode(&t); err != nil {
			return fmt.Errorf("rebuild history: %w", err)
		}
		byMonth[monthOf(&t)] = append(byMonth[monthOf(&t)], encodeLine(&t))
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("rebuild history: %w", err)
	}
	months := slices.Sorted(maps.Keys(byMonth))
	for _, m := range months {
		if err := s.putLines(ctx, m, byMonth[m]); err != nil {
			return fmt.Errorf("rebuild history of %s: %w", m, err)
		}
	}
	_, err = s.c(colConfig).UpdateOne(ctx, bson.D{{Key: "_id", Value: historyIndexID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "format", Value: historyFormat}}},
			{Key: "$addToSet", Value: bson.D{{Key: "months", Value: bson.D{{Key: "$each", Value: append([]string{}, months...)}}}}}},
		options.UpdateOne().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("rebuild history: %w", err)
	}
	return nil
}
