package repo

import (
	"context"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/repairdesk/repairdesk/desk"
)

// The embedded store's memory of the documents every dialogue step reads:
// the person (their account's link and their user), their session, the
// settings and the catalogue. On FerretDB each read by _id is a round trip
// over the one connection that every command shares, and it decodes and
// encodes the document a few times on the way; a step made six of them.
//
// The memory is exact, not a guess that may be stale: only this process
// opens the store's folder (the lock), and every write to these documents
// goes through embeddedDocs.write, which updates the memory under the
// document's lock in the same breath. A read that misses takes the same
// lock to fill the memory from the database, so a fill never overwrites a
// newer write. A conditional write still compares the version, now
// against the memory, before it writes by _id.

// cached reports whether the embedded store keeps the document in memory.
// Other documents of the config collection (the totals) are written with
// $inc by the scheduler and read rarely.
func cached(col, id string) bool {
	switch col {
	case colUsers, colAccounts, colSessions:
		return true
	case colConfig:
		return id == idSettings || id == idCatalog
	}
	return false
}

// maxCacheBytes bounds the memory: a campus has tens of thousands of
// people, most of them idle, and a session holds the last answer given.
// Past the bound, entries are dropped at random; what is dropped is read
// from the database again when asked for.
const maxCacheBytes = 32 << 20

// docCache is the memory: each document as BSON, so that every read
// decodes a fresh copy its caller may change; nil for a document known
// not to exist.
type docCache struct {
	mu    sync.RWMutex
	docs  map[string]bson.Raw
	bytes int
}

func cacheKey(col, id string) string { return col + "/" + id }

// lookup returns the document, and whether the memory knows it.
func (c *docCache) lookup(key string) (bson.Raw, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	raw, ok := c.docs[key]
	return raw, ok
}

// put records what the database now holds for key (nil: nothing). The
// caller holds the document's lock.
func (c *docCache) put(key string, raw bson.Raw) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.docs == nil {
		c.docs = map[string]bson.Raw{}
	}
	c.bytes += len(raw) - len(c.docs[key])
	c.docs[key] = raw
	for k, r := range c.docs {
		if c.bytes <= maxCacheBytes {
			break
		}
		if k != key {
			c.bytes -= len(r)
			delete(c.docs, k)
		}
	}
}

// forget drops key, to be read from the database next time: after a
// write whose result is not known here (an $addToSet), or that failed
// half-way. The caller holds the document's lock.
func (c *docCache) forget(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.bytes -= len(c.docs[key])
	delete(c.docs, key)
}

// get reads a document, from memory when the store keeps it there.
func (e *embeddedDocs) get(ctx context.Context, col, id string, v any) error {
	if !cached(col, id) {
		return findByID(ctx, e.db.Collection(col), id, v)
	}
	key := cacheKey(col, id)
	raw, ok := e.cache.lookup(key)
	if !ok {
		unlock := e.locks.Lock(key)
		var err error
		raw, err = e.raw(ctx, col, id)
		unlock()
		if err != nil {
			return err
		}
	}
	if raw == nil {
		return desk.ErrNotFound
	}
	return bson.Unmarshal(raw, v)
}

// raw returns a kept document, reading it into memory if it is not there
// yet; nil if there is none. The caller holds the document's lock.
func (e *embeddedDocs) raw(ctx context.Context, col, id string) (bson.Raw, error) {
	key := cacheKey(col, id)
	if raw, ok := e.cache.lookup(key); ok {
		return raw, nil
	}
	raw, err := e.db.Collection(col).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Raw()
	if isNoDocuments(err) {
		raw, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	if raw != nil {
		raw = append(bson.Raw(nil), raw...)
	}
	e.cache.put(key, raw)
	return raw, nil
}

// wrote brings the memory up to date after a write to a kept document,
// with its lock held: doc is the whole document as written, nil when the
// write changed it otherwise. A write that failed may or may not have
// happened, so the document is read again next time.
func (e *embeddedDocs) wrote(col, id string, doc any, matched int64, err error) {
	key := cacheKey(col, id)
	if err != nil || doc == nil || matched == 0 {
		e.cache.forget(key)
		return
	}
	raw, merr := bson.Marshal(doc)
	if merr != nil {
		e.cache.forget(key)
		return
	}
	e.cache.put(key, raw)
}
