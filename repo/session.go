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
	now := time.Now()
	err := s.insert(ctx, colSeen, seenDoc{ID: key, At: now})
	if errors.Is(err, desk.ErrConflict) {
		s.remember(now, nil, key)
		return false, nil
	}
	s.remember(now, err, key)
	return err == nil, err
}

// Seen reports whether key is recorded; the embedded store answers from
// memory when it can (seenKeys).
func (s *Store) Seen(ctx context.Context, key string) (bool, error) {
	if s.seen != nil {
		if seen, sure := s.seen.known(key); sure {
			return seen, nil
		}
	}
	var d seenDoc
	err := s.get(ctx, colSeen, key, &d)
	if errors.Is(err, desk.ErrNotFound) {
		return false, nil
	}
	if err == nil && s.seen != nil {
		s.seen.add(d.At, key)
	}
	return err == nil, err
}

// remember tells the embedded store's memory of seen keys what an insert
// of keys at now did: on an error they may or may not be recorded.
func (s *Store) remember(now time.Time, err error, keys ...string) {
	if s.seen == nil {
		return
	}
	if err != nil {
		now = time.Time{}
	}
	s.seen.add(now, keys...)
}

// PruneSeen forgets keys older than before: platforms stop redelivering
// an update after a day, so a week of memory is plenty. (TTL indexes would
// do this on MongoDB, but the embedded store lacks them.)
func (s *Store) PruneSeen(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.c(colSeen).DeleteMany(ctx, bson.D{{Key: "at", Value: bson.D{{Key: "$lt", Value: before}}}})
	if err != nil {
		return 0, fmt.Errorf("prune seen: %w", err)
	}
	if s.seen != nil {
		s.seen.prune(before)
	}
	return res.DeletedCount, nil
}
