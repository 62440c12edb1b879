package repo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/repairdesk/repairdesk/desk"
)

// colClosedDays indexes the archive by the day tickets became final, so
// that a week's chart reads a week of archived tickets by _id, never the
// whole archive (which the embedded store can only scan).
const colClosedDays = "closed_days"

// closedDayDoc lists the archived tickets closed on one UTC day. UTC, not
// the desk's time zone: that is a setting and may change, the index may
// not. A reader asks for the UTC days around its local ones and filters
// on the exact times.
type closedDayDoc struct {
	ID  string   `bson:"_id"` // "2026-03-06"
	IDs []string `bson:"ids"`
}

// idClosedDaysBuilt marks in colConfig that every ticket archived before
// the index existed has been added to it.
const idClosedDaysBuilt = "closedDaysBuilt"

func closedDay(at time.Time) string { return at.UTC().Format(time.DateOnly) }

// indexClosed adds an archived ticket to the day it was closed.
// Repeating it is harmless.
func (s *Store) indexClosed(ctx context.Context, t *desk.Ticket) error {
	_, err := s.c(colClosedDays).UpdateOne(ctx, bson.D{{Key: "_id", Value: closedDay(t.ClosedAt())}},
		bson.D{{Key: "$addToSet", Value: bson.D{{Key: "ids", Value: t.ID}}}}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("index ticket %s by the day it closed: %w", t.ID, err)
	}
	return nil
}

func (s *Store) Archived(ctx context.Context, from, to time.Time) ([]*desk.Ticket, error) {
	if err := s.buildClosedDays(ctx); err != nil {
		return nil, err
	}
	var out []*desk.Ticket
	for day := from.UTC().Truncate(24 * time.Hour); day.Before(to); day = day.Add(24 * time.Hour) {
		var idx closedDayDoc
		err := s.get(ctx, colClosedDays, closedDay(day), &idx)
		if errors.Is(err, desk.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("tickets closed on %s: %w", closedDay(day), err)
		}
		for _, id := range idx.IDs {
			var t desk.Ticket
			err := s.get(ctx, colArchive, id, &t)
			if errors.Is(err, desk.ErrNotFound) {
				continue // indexed as it was archived, and the copy failed
			}
			if err != nil {
				return nil, fmt.Errorf("archived ticket %s: %w", id, err)
			}
			if at := t.ClosedAt(); !at.Before(from) && at.Before(to) {
				out = append(out, &t)
			}
		}
	}
	return out, nil
}

// buildClosedDays indexes, once, the tickets archived before the index
// existed. It reads the whole archive, the one time it ever does: the
// first chart after an upgrade waits for it.
func (s *Store) buildClosedDays(ctx context.Context) error {
	var mark struct {
		ID string `bson:"_id"`
	}
	err := s.get(ctx, colConfig, idClosedDaysBuilt, &mark)
	if err == nil {
		return nil
	}
	if !errors.Is(err, desk.ErrNotFound) {
		return fmt.Errorf("index of closed days: %w", err)
	}
	cur, err := s.c(colArchive).Find(ctx, bson.D{})
	if err != nil {
		return fmt.Errorf("index of closed days: %w", err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var t desk.Ticket
		if err := cur.Decode(&t); err != nil {
			return fmt.Errorf("index of closed days: %w", err)
		}
		if err := s.indexClosed(ctx, &t); err != nil {
			return err
		}
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("index of closed days: %w", err)
	}
	// Another copy may have built it at the same time: the same index.
	if err := s.insert(ctx, colConfig, bson.D{{Key: "_id", Value: idClosedDaysBuilt}}); err != nil && !errors.Is(err, desk.ErrConflict) {
		return fmt.Errorf("index of closed days: %w", err)
	}
	return nil
}
