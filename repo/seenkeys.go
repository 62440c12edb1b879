package repo

import (
	"context"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// seenKeys is the embedded store's memory of the seen collection's keys.
// Every input a chat adapter takes asks whether it was handled before
// (Seen), and almost every answer is no: on FerretDB each such question
// is a round trip that reads the collection's index, a third of a
// millisecond of CPU. As with the documents of every step (cache.go), the
// memory is exact because this process alone opens the store's folder:
// the collection is read whole once, in the background after start, and
// every insert through the Store adds its keys. Until the read is done,
// and for a key whose insert failed (it may or may not be there), Seen
// asks the database. The collection holds a week of keys (PruneSeen):
// at ten thousand a day, a few megabytes.
type seenKeys struct {
	mu sync.RWMutex
	// at holds each key's time, for PruneSeen; the zero time marks a
	// key the database must be asked about.
	at    map[string]time.Time
	whole bool // the collection was read whole
}

func newSeenKeys() *seenKeys { return &seenKeys{at: map[string]time.Time{}} }

// load reads the collection's keys into memory; a failure leaves the
// memory partial, and Seen asking the database.
func (m *seenKeys) load(ctx context.Context, s *Store) {
	cur, err := s.c(colSeen).Find(ctx, bson.D{}, options.Find().SetProjection(bson.D{{Key: "at", Value: 1}}))
	if err != nil {
		return
	}
	defer cur.Close(ctx)
	read := map[string]time.Time{}
	for cur.Next(ctx) {
		var d seenDoc
		if cur.Decode(&d) != nil {
			return
		}
		read[d.ID] = d.At
	}
	if cur.Err() != nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for k, at := range read {
		if _, ok := m.at[k]; !ok {
			m.at[k] = at
		}
	}
	m.whole = true
}

// known answers whether key is seen, and whether memory can say.
func (m *seenKeys) known(key string) (seen, sure bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	at, ok := m.at[key]
	switch {
	case ok && at.IsZero():
		return false, false
	case ok:
		return true, true
	}
	return false, m.whole
}

// add records keys the database now holds, at at; the zero time marks
// keys whose write failed, to be asked about. A key known already keeps
// its time (a second insert of it changed nothing).
func (m *seenKeys) add(at time.Time, keys ...string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, k := range keys {
		if old, ok := m.at[k]; !ok || old.IsZero() {
			m.at[k] = at
		}
	}
}

// prune forgets the keys PruneSeen deleted.
func (m *seenKeys) prune(before time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for k, at := range m.at {
		if !at.IsZero() && at.Before(before) {
			delete(m.at, k)
		}
	}
}
