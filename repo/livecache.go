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
	// during records what writes refreshed while a reload read the
	// collection (a nil entry: the ticket left it), so that the reload,
	// which may have read a document before such a write, does not put
	// the older copy back.
	during map[string]bson.Raw
	// failed says a refresh failed during a reload: the reload's result
	// cannot be trusted either.
	failed bool
	// loading lets one reload run at a time.
	loading sync.Mutex
}

func newLiveCache() *liveCache { return &liveCache{stale: true} }

// loadLive fills the mirror from the collection when it is stale.
func (s *Store) loadLive(ctx context.Context) error {
	if !s.liveStale() {
		return nil
	}
	s.live.loading.Lock()
	defer s.live.loading.Unlock()
	if !s.liveStale() {
		return nil // another reader reloaded it meanwhile
	}
	s.live.mu.Lock()
	s.live.during, s.live.failed = map[string]bson.Raw{}, false
	s.live.mu.Unlock()
	docs, err := s.readLive(ctx)
	s.live.mu.Lock()
	defer s.live.mu.Unlock()
	during, failed := s.live.during, s.live.failed
	s.live.during = nil
	if err != nil {
		return err
	}
	if failed {
		return errors.New("load live tickets: a write could not be mirrored meanwhile")
	}
	for id, raw := range during {
		if raw == nil {
			delete(docs, id)
		} else {
			docs[id] = raw
		}
	}
	s.live.docs, s.live.stale = docs, false
	return nil
}

func (s *Store) liveStale() bool {
	s.live.mu.RLock()
	defer s.live.mu.RUnlock()
	return s.live.stale
}

// readLive reads the whole live collection.
func (s *Store) readLive(ctx context.Context) (map[string]bson.Raw, error) {
	cur, err := s.c(colTickets).Find(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("load live tickets: %w", err)
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
		return nil, fmt.Errorf("load live tickets: %w", err)
	}
	return docs, nil
}

// refreshLive reads one live ticket again after a write. The caller holds
// the document's lock, so refreshes of one document happen in order. The
// write has happened, so the read must too: a caller's cancelled context
// would otherwise leave the mirror behind the collection.
func (s *Store) refreshLive(ctx context.Context, id string) {
	raw, err := s.c(colTickets).FindOne(context.WithoutCancel(ctx), bson.D{{Key: "_id", Value: id}}).Raw()
	s.live.mu.Lock()
	defer s.live.mu.Unlock()
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
		delete(s.live.docs, id)
		raw = nil
	case err != nil:
		s.live.stale = true
		s.live.failed = true
		return
	default:
		if s.live.docs == nil {
			s.live.docs = map[string]bson.Raw{}
		}
		raw = append(bson.Raw(nil), raw...)
		s.live.docs[id] = raw
	}
	if s.live.during != nil {
		s.live.during[id] = raw
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
