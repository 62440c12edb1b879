package repo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/repairdesk/repairdesk/conversation"
	"github.com/repairdesk/repairdesk/desk"
)

func (s *Store) Session(ctx context.Context, id string) (*conversation.Session, error) {
	var ss conversation.Session
	if err := s.get(ctx, colSessions, id, &ss); err != nil {
		return nil, err
	}
	return &ss, nil
}

func (s *Store) PutSession(ctx context.Context, ss *conversation.Session, prev int) error {
	if prev == 0 {
		return s.insertDoc(ctx, colSessions, ss.ID, ss)
	}
	return s.replaceIf(ctx, colSessions, ss.ID, prev, ss)
}

// seenDoc records that something happened once.
type seenDoc struct {
	ID string    `bson:"_id"`
	At time.Time `bson:"at"`
}

// FirstTime inserts the key; the unique _id makes it atomic on every
// store, across every copy of the program.
func (s *Store) FirstTime(ctx context.Context, key string) (bool, error) {
	err := s.insert(ctx, colSeen, seenDoc{ID: key, At: time.Now()})
	if errors.Is(err, desk.ErrConflict) {
		return false, nil
	}
	return err == nil, err
}

func (s *Store) Seen(ctx context.Context, key string) (bool, error) {
	var d seenDoc
	err := s.get(ctx, colSeen, key, &d)
	if errors.Is(err, desk.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// PruneSeen forgets keys older than before: platforms stop redelivering
// an update after a day, so a week of memory is plenty. (TTL indexes would
// do this on MongoDB, but the embedded store lacks them.)
func (s *Store) PruneSeen(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.c(colSeen).DeleteMany(ctx, bson.D{{Key: "at", Value: bson.D{{Key: "$lt", Value: before}}}})
	if err != nil {
		return 0, fmt.Errorf("prune seen: %w", err)
	}
	return res.DeletedCount, nil
}
