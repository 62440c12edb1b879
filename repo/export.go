package repo

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/repairdesk/repairdesk/desk"
)

// ExportFilter selects tickets for an export. Zero fields match all.
type ExportFilter struct {
	State    desk.State
	From, To time.Time // on the creation time; To is exclusive
}

// Export calls f for every ticket, live and archived, that matches,
// oldest first within each collection. It reads the archive, which is
// large: it is for rare reports, not for the chat.
func (s *Store) Export(ctx context.Context, ef ExportFilter, f func(*desk.Ticket) error) error {
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
	for _, col := range []string{colArchive, colTickets} {
		cur, err := s.c(col).Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "number", Value: 1}}))
		if err != nil {
			return fmt.Errorf("export %s: %w", col, err)
		}
		for cur.Next(ctx) {
			var t desk.Ticket
			if err := cur.Decode(&t); err != nil {
				cur.Close(ctx)
				return fmt.Errorf("export %s: %w", col, err)
			}
			if err := f(&t); err != nil {
				cur.Close(ctx)
				return err
			}
		}
		if err := cur.Err(); err != nil {
			return fmt.Errorf("export %s: %w", col, err)
		}
		cur.Close(ctx)
	}
	return nil
}
