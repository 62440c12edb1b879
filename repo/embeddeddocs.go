package repo

import (
	"context"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/internal/keylock"
)

// embeddedDocs is the embedded store's way to the documents, in place of
// the MongoDB way (mongoDocs). Open uses it for the embedded store only.
//
// FerretDB uses an index only for a filter that is exactly {_id}; any
// other filter decodes the whole collection in Go. So:
//
//   - A conditional write compares in this process, under a lock per
//     document, and then writes with {_id} alone. That is as atomic as
//     the filter on MongoDB: only this process may open the store's
//     folder, and every write that a condition guards comes through here.
//   - The live tickets are mirrored in memory (see mirror.go): listing
//     200 open tickets by query costs about 100 ms, and the dispatcher,
//     the scheduler's sweeps and every list in the chat read them.
type embeddedDocs struct {
	db    *mongo.Database
	locks keylock.Locks // one per document being written
	// cache holds the documents every dialogue step reads (cache.go).
	cache docCache

	// The mirror of the live tickets (see mirror.go), kept as BSON so
	// that each read decodes a fresh copy that the caller may change.
	mu     sync.RWMutex
	live   map[string]bson.Raw
	stale  bool                // the next read reloads the whole collection
	during map[string]bson.Raw // refreshes made while a reload runs
	failed bool                // a refresh failed while a reload ran
	// loading lets one reload run at a time.
	loading sync.Mutex
}

var (
	_ docs = mongoDocs{}
	_ docs = (*embeddedDocs)(nil)
)

func newEmbeddedDocs(db *mongo.Database) *embeddedDocs {
	return &embeddedDocs{db: db, stale: true}
}

func (e *embeddedDocs) write(ctx context.Context, col, id string, cond bson.D, doc any, w writeFunc) error {
	unlock := e.locks.Lock(cacheKey(col, id))
	defer unlock()
	if len(cond) > 0 {
		ok, err := e.holds(ctx, col, id, cond)
		if err != nil {
			return err
		}
		if !ok {
			return desk.ErrConflict
		}
	}
	n, err := w(bson.D{{Key: "_id", Value: id}})
	switch {
	case col == colTickets:
		// Under the document's lock, so that the mirror takes one
		// document's writes in the order they were made.
		e.refresh(ctx, id)
	case cached(col, id):
		e.wrote(col, id, doc, n, err)
	}
	if err != nil {
		return err
	}
	if len(cond) > 0 && n == 0 {
		return desk.ErrConflict
	}
	return nil
}

// holds reports whether the stored document has each of cond's fields at
// its integer value (an int in cond); a live ticket is read from the mirror.
func (e *embeddedDocs) holds(ctx context.Context, col, id string, cond bson.D) (bool, error) {
	var doc bson.Raw
	if col == colTickets {
		raw, found, err := e.mirrored(ctx, id)
		if err != nil || !found {
			return false, err
		}
		doc = raw
	} else if cached(col, id) {
		raw, err := e.raw(ctx, col, id)
		if err != nil || raw == nil {
			return false, err
		}
		doc = raw
	} else {
		var err error
		doc, err = e.db.Collection(col).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Raw()
		if isNoDocuments(err) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
	}
	for _, c := range cond {
		v, err := doc.LookupErr(c.Key)
		if err != nil {
			return false, nil
		}
		have, ok := v.AsInt64OK()
		want, _ := c.Value.(int)
		if !ok || have != int64(want) {
			return false, nil
		}
	}
	return true, nil
}
