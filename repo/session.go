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

// sessionDoc is a session as stored: its version, which a write compares,
// beside the rest encoded in one field. A session is written at every
// step, and a store decodes and encodes every field of a document on each
// write (FerretDB: the old document and the new one, each value with its
// type); one field of bytes is a fraction of that work for the seventy
// or so values of a session. Nothing queries a session's other fields.
// A session stored before, field by field, is read as such (Body empty)
// and written in this form at its next step.
type sessionDoc struct {
	ID string `bson:"_id"`
	// Session is the session's id where the document holds one version
	// of it (the embedded store, sessionlog.go); empty where the _id is.
	Session string `bson:"session,omitempty"`
	Version int    `bson:"version"`
	// Seq orders the versions of a session as they were written.
	Seq  int64  `bson:"seq,omitempty"`
	Body []byte `bson:"body,omitempty"`
}

func (s *Store) Session(ctx context.Context, id string) (*conversation.Session, error) {
	var raw bson.Raw
	if err := s.sessionRaw(ctx, id, &raw); err != nil {
		return nil, err
	}
	var ss conversation.Session
	if _, body, ok := raw.Lookup("body").BinaryOK(); ok {
		if err := bson.Unmarshal(body, &ss); err != nil {
			return nil, fmt.Errorf("session %s: %w", id, err)
		}
		return &ss, nil
	}
	if err := bson.Unmarshal(raw, &ss); err != nil {
		return nil, fmt.Errorf("session %s: %w", id, err)
	}
	return &ss, nil
}

// sessionRaw reads the document of the session's newest version.
func (s *Store) sessionRaw(ctx context.Context, id string, raw *bson.Raw) error {
	if s.sessions == nil {
		return s.get(ctx, colSessions, id, raw)
	}
	staged, doc, _ := s.sessions.newest(id)
	switch {
	case staged != nil:
		b, err := bson.Marshal(staged)
		*raw = b
		return err
	case doc == "":
		return desk.ErrNotFound
	}
	// A version's document never changes, and is deleted only once a
	// newer one is written, which only this session's own step does.
	return s.get(ctx, colSessions, doc, raw)
}

// PutSession writes the session if the stored version is prev; on the
// embedded store, with the versions staged before it (StageSession).
func (s *Store) PutSession(ctx context.Context, ss *conversation.Session, prev int) error {
	if s.sessions != nil {
		if err := s.StageSession(ctx, ss, prev); err != nil {
			return err
		}
		return s.sessions.flush(ctx, s)
	}
	body, err := bson.Marshal(ss)
	if err != nil {
		return fmt.Errorf("session %s: %w", ss.ID, err)
	}
	doc := sessionDoc{ID: ss.ID, Version: ss.Version, Body: body}
	if prev == 0 {
		return s.insertDoc(ctx, colSessions, ss.ID, doc)
	}
	return s.replaceIf(ctx, colSessions, ss.ID, prev, doc)
}

// StageSession writes the session as PutSession does, except that the
// embedded store may hold the write until it finishes an input (Finish),
// with every version staged by then in one command. The caller's input
// is kept until then, and handed over again after a crash.
func (s *Store) StageSession(ctx context.Context, ss *conversation.Session, prev int) error {
	if s.sessions == nil {
		return s.PutSession(ctx, ss, prev)
	}
	body, err := bson.Marshal(ss)
	if err != nil {
		return fmt.Errorf("session %s: %w", ss.ID, err)
	}
	return s.sessions.stage(versionDoc(ss.ID, ss.Version, body), prev)
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

// recorded reports which of keys are recorded as seen, in one command at
// most: from the embedded store's memory where it can say, else by one
// find of them all (at start, before the memory is read, Kept asks of
// every input in hand).
func (s *Store) recorded(ctx context.Context, keys []string) (map[string]bool, error) {
	out := make(map[string]bool, len(keys))
	var ask []string
	for _, k := range keys {
		if s.seen != nil {
			if seen, sure := s.seen.known(k); sure {
				out[k] = seen
				continue
			}
		}
		ask = append(ask, k)
	}
	if len(ask) == 0 {
		return out, nil
	}
	cur, err := s.c(colSeen).Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ask}}}})
	if err != nil {
		return nil, fmt.Errorf("read seen: %w", err)
	}
	var docs []seenDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("read seen: %w", err)
	}
	for _, d := range docs {
		out[d.ID] = true
		if s.seen != nil {
			s.seen.add(d.At, d.ID)
		}
	}
	return out, nil
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
	// An input handled but still in the inbox (inboxSweep) must leave it
	// before its record does: kept and not recorded, the next start would
	// hand it over as never handled.
	if err := s.sweepHandled(ctx); err != nil {
		return 0, fmt.Errorf("prune seen: %w", err)
	}
	res, err := s.c(colSeen).DeleteMany(ctx, bson.D{{Key: "at", Value: bson.D{{Key: "$lt", Value: before}}}})
	if err != nil {
		return 0, fmt.Errorf("prune seen: %w", err)
	}
	if s.seen != nil {
		s.seen.prune(before)
	}
	return res.DeletedCount, nil
}
