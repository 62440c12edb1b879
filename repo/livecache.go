package repo

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/repairdesk/repairdesk/desk"
)

// liveCache mirrors the live tickets in memory, for the embedded store.
//
// The embedded store decodes a whole collection for any query but a plain
// _id lookup: listing 200 open tickets for dispatch costs about 100 ms,
// and the dispatcher, the scheduler's six sweeps and every list in the
// chat read them. Only this process may open the store's folder, and
// every write to the live collection goes through Store, which refreshes
// the mirror under the document's lock after writing; so the mirror is
// the collection. If a refresh fails the mirror is marked stale and the
// next read reloads it whole. Documents are kept as BSON, so each read
// decodes a fresh copy that the caller may change.
type liveCache struct {
	mu    sync.RWMutex
	docs  map[string]bson.Raw
	stale bool
}

func newLiveCache() *liveCache { return &liveCache{stale: true} }

// load fills the mirror from the collection when it is stale.
func (s *Store) loadLive(ctx context.Context) error {
	s.live.mu.RLock()
	stale := s.live.stale
	s.live.mu.RUnlock()
	if !stale {
		return nil
	}
	cur, err := s.c(colTickets).Find(ctx, bson.D{})
	if err != nil {
		return fmt.Errorf("load live tickets: %w", err)
	}
	defer cur.Close(ctx)
	docs := map[string]bson.Raw{}
	for cur.Next(ctx) {
		id, ok := cur.Current.Lookup("_id").StringValueOK()
		if !ok {
			continue
		}
		docs[id] = append(bson.Raw(nil), cur.Current...)
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("load live tickets: %w", err)
	}
	s.live.mu.Lock()
	s.live.docs, s.live.stale = docs, false
	s.live.mu.Unlock()
	return nil
}

// refreshLive reads one live ticket again after a write. The caller holds
// the document's lock, so refreshes of one document happen in order.
func (s *Store) refreshLive(ctx context.Context, id string) {
	raw, err := s.c(colTickets).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Raw()
	s.live.mu.Lock()
	defer s.live.mu.Unlock()
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
		delete(s.live.docs, id)
	case err != nil:
		s.live.stale = true
	default:
		if s.live.docs == nil {
			s.live.docs = map[string]bson.Raw{}
		}
		s.live.docs[id] = append(bson.Raw(nil), raw...)
	}
}

// cachedTicket returns a live ticket from the mirror.
func (s *Store) cachedTicket(ctx context.Context, id string) (*desk.Ticket, bool, error) {
	if err := s.loadLive(ctx); err != nil {
		return nil, false, err
	}
	s.live.mu.RLock()
	raw, ok := s.live.docs[id]
	s.live.mu.RUnlock()
	if !ok {
		return nil, false, nil
	}
	var t desk.Ticket
	if err := bson.Unmarshal(raw, &t); err != nil {
		return nil, false, fmt.Errorf("decode ticket %s: %w", id, err)
	}
	return &t, true, nil
}

// cachedLive returns every live ticket from the mirror.
func (s *Store) cachedLive(ctx context.Context) ([]*desk.Ticket, error) {
	if err := s.loadLive(ctx); err != nil {
		return nil, err
	}
	s.live.mu.RLock()
	raws := make([]bson.Raw, 0, len(s.live.docs))
	for _, r := range s.live.docs {
		raws = append(raws, r)
	}
	s.live.mu.RUnlock()
	out := make([]*desk.Ticket, 0, len(raws))
	for _, r := range raws {
		var t desk.Ticket
		if err := bson.Unmarshal(r, &t); err != nil {
			return nil, fmt.Errorf("decode live ticket: %w", err)
		}
		out = append(out, &t)
	}
	return out, nil
}

// cachedVersion returns a field of a live ticket, for guarded.
func (s *Store) cachedField(ctx context.Context, id, field string) (bson.RawValue, bool, error) {
	if err := s.loadLive(ctx); err != nil {
		return bson.RawValue{}, false, err
	}
	s.live.mu.RLock()
	defer s.live.mu.RUnlock()
	raw, ok := s.live.docs[id]
	if !ok {
		return bson.RawValue{}, false, nil
	}
	v, err := raw.LookupErr(field)
	return v, err == nil, nil
}
