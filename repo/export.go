package repo

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/repairdesk/repairdesk/desk"
)

// exportBatch is how many tickets one round trip of an export brings. The
// embedded store has one connection: small batches let the running desk's
// own reads and writes through between them, however long the export.
const exportBatch = 100

// Export implements desk.TicketStore: the live tickets, then the archived
// ones, each in the order the store keeps them (no sort, which would make
// the embedded store read and hold every match before the first). A
// ticket archived between the two reads is in both: its archived copy is
// left out.
func (s *Store) Export(ctx context.Context, ef desk.ExportFilter, f func(*desk.Ticket) error) error {
	filter := bson.D{}
	if ef.State != "" {
		filter = append(filter, bson.E{Key: "state", Value: ef.State})
	}
	created := bson.D{}
	if !ef.From.IsZero() {
		created = append(created, bson.E{Key: "$gte", Value: ef.From})
	}
	if !ef.To.IsZero() {
		created = append(created, bson.E{Key: "$lt", Value: ef.To})
	}
	if len(created) > 0 {
		filter = append(filter, bson.E{Key: "createdAt", Value: created})
	}
	live := map[string]bool{}
	for _, col := range []string{colTickets, colArchive} {
		err := s.exportFrom(ctx, col, filter, func(t *desk.Ticket) error {
			if col == colTickets {
				live[t.ID] = true
			} else if live[t.ID] {
				return nil
			}
			return f(t)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) exportFrom(ctx context.Context, col string, filter bson.D, f func(*desk.Ticket) error) error {
	cur, err := s.c(col).Find(ctx, filter, options.Find().SetBatchSize(exportBatch))
	if err != nil {
		return fmt.Errorf("export %s: %w", col, err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var t desk.Ticket
		if err := cur.Decode(&t); err != nil {
			return fmt.Errorf("export %s: %w", col, err)
		}
		if err := f(&t); err != nil {
			return err
		}
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("export %s: %w", col, err)
	}
	return nil
}
