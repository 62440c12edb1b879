package repo

import (
	"context"
	"fmt"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// inboxSweep holds the inputs handled and recorded as seen that are still
// in the embedded store's inbox, to be removed together later.
//
// FerretDB serves only an _id equality from its index: removing a batch
// of inputs reads and decodes the whole inbox, or pays a commit for each
// input (dropKept). Under Telegram's pace most of the inbox is inputs
// waiting for their answers to go out, so removing each second's handled
// inputs read about four inputs for each one it removed. A handled input
// is recorded as seen before it leaves the inbox, and Kept leaves out
// what is recorded, so nothing hurries its removal: the inputs are swept
// once they are at least half of the inbox, and each sweep reads at most
// two for each one it removes (sweepNow). A crash in between leaves them
// to the next start, whose Kept finds them seen and has them swept.
type inboxSweep struct {
	mu   sync.Mutex
	keys map[string]struct{}
}

// add holds keys for the next sweep.
func (w *inboxSweep) add(keys ...string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.keys == nil {
		w.keys = map[string]struct{}{}
	}
	for _, k := range keys {
		w.keys[k] = struct{}{}
	}
}

// forget drops keys from what is held: they left the inbox otherwise.
func (w *inboxSweep) forget(keys ...string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, k := range keys {
		delete(w.keys, k)
	}
}

// take holds handled for a sweep, and returns all that is held when it
// is time to remove it (sweepNow); else nil.
func (w *inboxSweep) take(handled []string, inbox int64) []string {
	w.add(handled...)
	w.mu.Lock()
	defer w.mu.Unlock()
	if !sweepNow(int64(len(w.keys)), inbox) {
		return nil
	}
	keys := make([]string, 0, len(w.keys))
	for k := range w.keys {
		keys = append(keys, k)
	}
	w.keys = nil
	return keys
}

// sweepAtLeast is how many documents a sweep waits for, however small
// the collection: below it, what waits costs nothing worth a command.
const sweepAtLeast = 32

// sweepNow reports whether n documents waiting to be deleted, of a
// collection of size, are to be deleted now: once they are at least half
// of it, so that the delete, which on FerretDB reads the whole
// collection, reads at most two for each one it deletes; and at least
// sweepAtLeast of them.
func sweepNow(n, size int64) bool { return n >= sweepAtLeast && 2*n >= size }

// sweepHandled removes from the inbox every input recorded as handled, of
// every platform, whatever is held in memory: the inputs a crash left, or
// those of a platform this run does not serve, included.
func (s *Store) sweepHandled(ctx context.Context) error {
	cur, err := s.c(colInbox).Find(ctx, bson.D{}, options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return fmt.Errorf("read inbox: %w", err)
	}
	var docs []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		return fmt.Errorf("read inbox: %w", err)
	}
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	recorded, err := s.recorded(ctx, ids)
	if err != nil {
		return err
	}
	var handled []string
	for _, id := range ids {
		if recorded[id] {
			handled = append(handled, id)
		}
	}
	if len(handled) == 0 {
		return nil
	}
	n, err := s.dropKept(ctx, handled)
	if err != nil {
		return fmt.Errorf("drop handled inputs from the inbox: %w", err)
	}
	s.inboxKept.Add(-n)
	s.sweep.forget(handled...)
	return nil
}
