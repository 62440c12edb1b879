package repo

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/repairdesk/repairdesk/desk"
)

// firstTicket makes the first ticket number four digits long (#1001):
// short enough to say aloud, long enough not to look like a count.
const firstTicket = 1000

func (s *Store) NextNumber(ctx context.Context) (int64, error) {
	if err := s.sessionsFirst(ctx); err != nil {
		return 0, err
	}
	return s.nextNumber(ctx)
}

// nextNumber takes the next ticket number, the staged sessions written
// already.
func (s *Store) nextNumber(ctx context.Context) (int64, error) {
	var doc struct {
		N int64 `bson:"n"`
	}
	err := s.c(colCounters).FindOneAndUpdate(ctx,
		bson.D{{Key: "_id", Value: "ticket"}},
		bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: int64(1)}}}},
		options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After),
	).Decode(&doc)
	if err != nil {
		return 0, fmt.Errorf("next ticket number: %w", err)
	}
	return firstTicket + doc.N, nil
}

func (s *Store) Create(ctx context.Context, t *desk.Ticket) error {
	if err := s.sessionsFirst(ctx); err != nil {
		return err
	}
	if t.Posts == nil {
		// $push needs an array to push onto, and nil is stored as null.
		t.Posts = []desk.Post{}
	}
	// Every write to the live tickets goes through docs, which may mirror them.
	return s.docs.write(ctx, colTickets, t.ID, nil, nil, func(bson.D) (int64, error) {
		return 1, s.insert(ctx, colTickets, t)
	})
}

func (s *Store) Get(ctx context.Context, id string) (*desk.Ticket, error) {
	t, err := s.docs.ticket(ctx, id)
	if !errors.Is(err, desk.ErrNotFound) {
		return t, err
	}
	var a desk.Ticket
	if err := s.get(ctx, colArchive, id, &a); err != nil {
		return nil, err
	}
	a.Archived = true
	return &a, nil
}

// ownedFields are written by the dispatcher only; a ticket update leaves
// them alone so that it cannot undo a delivery it did not see.
var ownedFields = []string{"_id", "sent", "posts"}

func (s *Store) Update(ctx context.Context, t *desk.Ticket, prev int) error {
	if err := s.sessionsFirst(ctx); err != nil {
		return err
	}
	raw, err := bson.Marshal(t)
	if err != nil {
		return err
	}
	var doc bson.D
	if err := bson.Unmarshal(raw, &doc); err != nil {
		return err
	}
	doc = slices.DeleteFunc(doc, func(e bson.E) bool { return slices.Contains(ownedFields, e.Key) })
	update := bson.D{{Key: "$set", Value: doc}}
	// $set leaves alone what the new version no longer has: a claim
	// dropped by a release must be removed, or it comes back on reading.
	var gone bson.D
	for _, k := range optionalTicketFields {
		if !slices.ContainsFunc(doc, func(e bson.E) bool { return e.Key == k }) {
			gone = append(gone, bson.E{Key: k, Value: ""})
		}
	}
	if len(gone) > 0 {
		update = append(update, bson.E{Key: "$unset", Value: gone})
	}
	return s.guarded(ctx, colTickets, t.ID, "version", prev, func(filter bson.D) (*mongo.UpdateResult, error) {
		return s.c(colTickets).UpdateOne(ctx, filter, update)
	})
}

// optionalTicketFields are the ticket's fields left out when empty
// (omitempty): the ones an update may have to remove.
var optionalTicketFields = omitEmptyFields(reflect.TypeFor[desk.Ticket]())

func omitEmptyFields(t reflect.Type) []string {
	var keys []string
	for f := range t.Fields() {
		name, opts, _ := strings.Cut(f.Tag.Get("bson"), ",")
		switch {
		case strings.Contains(opts, "inline"):
			keys = append(keys, omitEmptyFields(f.Type)...)
		case strings.Contains(opts, "omitempty") && name != "":
			keys = append(keys, name)
		}
	}
	return keys
}

func (s *Store) Live(ctx context.Context, f desk.Filter) ([]*desk.Ticket, error) {
	return s.docs.tickets(ctx, f)
}

// userTickets lists the archived tickets of one person, so that "my last
// 20 tickets" reads a few documents by _id however big the archive grows.
type userTickets struct {
	ID  string   `bson:"_id"`
	IDs []string `bson:"ids"`
}

func (s *Store) Recent(ctx context.Context, userID string, limit int) ([]*desk.Ticket, error) {
	out, err := s.Live(ctx, desk.Filter{Requester: userID})
	if err != nil {
		return nil, err
	}
	var idx userTickets
	if err := s.get(ctx, colUserTickets, userID, &idx); err != nil && !errors.Is(err, desk.ErrNotFound) {
		return nil, err
	}
	// Archived IDs are appended in archive order, roughly newest last;
	// sort by number to be exact.
	ids := idx.IDs
	slices.SortFunc(ids, func(a, b string) int { return int(atoi64(b) - atoi64(a)) })
	// A ticket copied to the archive but still live (it changed as it
	// was archived) is listed once, as it is live.
	ids = slices.DeleteFunc(ids, func(id string) bool {
		return slices.ContainsFunc(out, func(t *desk.Ticket) bool { return t.ID == id })
	})
	for _, id := range ids[:min(len(ids), limit)] {
		var t desk.Ticket
		if err := s.get(ctx, colArchive, id, &t); err == nil {
			t.Archived = true
			out = append(out, &t)
		} else if !errors.Is(err, desk.ErrNotFound) {
			return nil, err
		}
	}
	slices.SortFunc(out, func(a, b *desk.Ticket) int { return int(b.Number - a.Number) })
	return out[:min(len(out), limit)], nil
}

func atoi64(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// Archive copies the ticket to the archive, indexes it under its
// requester and the day it closed, and only then removes it from the live
// collection: each step can be repeated, so a crash in between leaves
// nothing lost. It adds the ticket to the totals once (totals.go), and
// first settles what an earlier pass left set aside.
func (s *Store) Archive(ctx context.Context, id string) error {
	if err := s.sessionsFirst(ctx); err != nil {
		return err
	}
	if err := s.settlePending(ctx); err != nil {
		return fmt.Errorf("archive ticket %s: %w", id, err)
	}
	var t desk.Ticket
	if err := s.get(ctx, colTickets, id, &t); err != nil {
		if errors.Is(err, desk.ErrNotFound) {
			return nil // already archived
		}
		return err
	}
	if !t.State.Final() || t.Owed() {
		// The dispatcher delivers only from the live collection.
		return fmt.Errorf("archive ticket %s: %w", id, desk.ErrConflict)
	}
	if err := s.archiveCopy(ctx, &t); err != nil {
		return fmt.Errorf("archive ticket %s: %w", id, err)
	}
	inc := totalsOf(&t)
	if len(inc) > 0 {
		if err := s.pendTotals(ctx, &t, inc); err != nil {
			return err
		}
	}
	if err := s.leaveLive(ctx, &t); err != nil {
		return err
	}
	if len(inc) == 0 {
		return nil
	}
	return s.settleTotals(ctx, id, inc)
}

// archiveCopy writes the ticket to the archive, its requester's list and
// the index of the day it closed, and its history line.
func (s *Store) archiveCopy(ctx context.Context, t *desk.Ticket) error {
	if _, err := s.c(colArchive).ReplaceOne(ctx, bson.D{{Key: "_id", Value: t.ID}}, t, options.Replace().SetUpsert(true)); err != nil {
		return err
	}
	if _, err := s.c(colUserTickets).UpdateOne(ctx, bson.D{{Key: "_id", Value: t.Requester.ID}},
		bson.D{{Key: "$addToSet", Value: bson.D{{Key: "ids", Value: t.ID}}}}, options.UpdateOne().SetUpsert(true)); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	if err := s.indexClosed(ctx, t); err != nil {
		return err
	}
	return s.addHistory(ctx, t)
}

// leaveLive removes the ticket from the live collection, only as it was
// copied: a rating or a notice recorded since would otherwise be lost
// with it. The copy is then out of date, and the next pass replaces it.
func (s *Store) leaveLive(ctx context.Context, t *desk.Ticket) error {
	unchanged := bson.D{{Key: "version", Value: t.Version}, {Key: "sent", Value: t.Sent}}
	err := s.docs.write(ctx, colTickets, t.ID, unchanged, nil, func(filter bson.D) (int64, error) {
		res, err := s.c(colTickets).DeleteOne(ctx, filter)
		if err != nil {
			return 0, err
		}
		return res.DeletedCount, nil
	})
	switch {
	case errors.Is(err, desk.ErrConflict):
		return fmt.Errorf("archive ticket %s: it changed meanwhile: %w", t.ID, desk.ErrConflict)
	case err != nil:
		return fmt.Errorf("archive ticket %s: %w", t.ID, err)
	}
	return nil
}

func (s *Store) MarkSent(ctx context.Context, id string, from, n int) error {
	return s.guarded(ctx, colTickets, id, "sent", from, func(filter bson.D) (*mongo.UpdateResult, error) {
		return s.c(colTickets).UpdateOne(ctx, filter, bson.D{{Key: "$set", Value: bson.D{{Key: "sent", Value: n}}}})
	})
}

// MoveArchived rewrites each archived ticket listed under from, then
// lists them under to, and only then drops from's list: a crash in
// between leaves tickets listed twice at worst, and a repeat finishes.
func (s *Store) MoveArchived(ctx context.Context, from, to string) error {
	if err := s.sessionsFirst(ctx); err != nil {
		return err
	}
	var idx userTickets
	err := s.get(ctx, colUserTickets, from, &idx)
	if errors.Is(err, desk.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, id := range idx.IDs {
		var t desk.Ticket
		err := s.get(ctx, colArchive, id, &t)
		if errors.Is(err, desk.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if !desk.Reassign(&t, from, to) {
			continue
		}
		if _, err := s.c(colArchive).ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}}, t); err != nil {
			return fmt.Errorf("move archived ticket %s: %w", id, err)
		}
	}
	if len(idx.IDs) > 0 {
		if _, err := s.c(colUserTickets).UpdateOne(ctx, bson.D{{Key: "_id", Value: to}},
			bson.D{{Key: "$addToSet", Value: bson.D{{Key: "ids", Value: bson.D{{Key: "$each", Value: idx.IDs}}}}}},
			options.UpdateOne().SetUpsert(true)); err != nil {
			return fmt.Errorf("list archived tickets under %s: %w", to, err)
		}
	}
	if _, err := s.c(colUserTickets).DeleteOne(ctx, bson.D{{Key: "_id", Value: from}}); err != nil {
		return fmt.Errorf("drop archived list of %s: %w", from, err)
	}
	return nil
}
