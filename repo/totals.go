package repo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/repairdesk/repairdesk/desk"
)

// totalsDoc sums up archived tickets, so that statistics never read the
// archive. FerretDB's aggregation lacks the accumulators this would need.
type totalsDoc struct {
	Completed int   `bson:"completed"`
	Cancelled int   `bson:"cancelled"`
	WaitSum   int64 `bson:"waitSum"`
	RepairSum int64 `bson:"repairSum"`
	Rated     int   `bson:"rated"`
	StarsSum  int   `bson:"starsSum"`
}

// Archiving a ticket adds it to the totals exactly once, though the
// totals and the live ticket are two documents and no write spans both.
// Before the ticket leaves the live collection, what it adds is set aside
// in the totals document (pending.t<id>); once it has left, one write
// adds it and removes it from pending, on the condition that it is still
// pending. A kill before the ticket left leaves it pending and live: the
// next pass archives it again and sets it aside anew. A kill after leaves
// it pending and gone: the next archive (any ticket's) settles it.

// totalsID is the _id of the totals document in the config collection.
const totalsID = "totals"

// pendingKey is the field of the totals document holding what ticket id
// adds, set aside.
func pendingKey(id string) string { return "pending.t" + id }

// totalsOf is what ticket t adds to the totals; empty for a ticket that
// adds nothing.
func totalsOf(t *desk.Ticket) bson.D {
	inc := bson.D{}
	switch t.State {
	case desk.Cancelled:
		inc = append(inc, bson.E{Key: "cancelled", Value: 1})
	case desk.Completed:
		inc = append(inc,
			bson.E{Key: "completed", Value: 1},
			bson.E{Key: "waitSum", Value: int64(t.Waited(t.UpdatedAt))},
			bson.E{Key: "repairSum", Value: int64(t.UnderRepair(t.UpdatedAt))})
		if t.Rating != nil {
			inc = append(inc, bson.E{Key: "rated", Value: 1}, bson.E{Key: "starsSum", Value: t.Rating.Stars})
		}
	}
	return inc
}

// pendTotals sets aside what t adds to the totals, replacing what an
// earlier, unfinished pass set aside for it.
func (s *Store) pendTotals(ctx context.Context, t *desk.Ticket, inc bson.D) error {
	_, err := s.c(colConfig).UpdateOne(ctx, bson.D{{Key: "_id", Value: totalsID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: pendingKey(t.ID), Value: inc}}}}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("set aside the totals of %s: %w", t.ID, err)
	}
	return nil
}

// settleTotals adds what was set aside for ticket id to the totals, once.
func (s *Store) settleTotals(ctx context.Context, id string, inc bson.D) error {
	key := pendingKey(id)
	_, err := s.c(colConfig).UpdateOne(ctx,
		bson.D{{Key: "_id", Value: totalsID}, {Key: key, Value: bson.D{{Key: "$exists", Value: true}}}},
		bson.D{{Key: "$inc", Value: inc}, {Key: "$unset", Value: bson.D{{Key: key, Value: ""}}}})
	if err != nil {
		return fmt.Errorf("add totals of %s: %w", id, err)
	}
	return nil
}

// settlePending settles what an earlier pass set aside for tickets that
// have left the live collection since; those still live are left to the
// pass that archives them.
func (s *Store) settlePending(ctx context.Context) error {
	var d struct {
		Pending map[string]bson.D `bson:"pending"`
	}
	if err := s.get(ctx, colConfig, totalsID, &d); err != nil && !errors.Is(err, desk.ErrNotFound) {
		return err
	}
	for key, inc := range d.Pending {
		id, ok := strings.CutPrefix(key, "t")
		if !ok || len(inc) == 0 {
			continue
		}
		_, err := s.docs.ticket(ctx, id)
		if err == nil {
			continue
		}
		if !errors.Is(err, desk.ErrNotFound) {
			return err
		}
		if err := s.settleTotals(ctx, id, inc); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) Totals(ctx context.Context) (desk.Totals, error) {
	var d totalsDoc
	if err := s.get(ctx, colConfig, totalsID, &d); err != nil && !errors.Is(err, desk.ErrNotFound) {
		return desk.Totals{}, err
	}
	return desk.Totals{Completed: d.Completed, Cancelled: d.Cancelled, WaitSum: time.Duration(d.WaitSum),
		RepairSum: time.Duration(d.RepairSum), Rated: d.Rated, StarsSum: d.StarsSum}, nil
}
