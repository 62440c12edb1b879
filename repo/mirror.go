package repo

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/repairdesk/repairdesk/desk"
)

// The embedded store's mirror of the live tickets.
//
// Every write to the live collection goes through embeddedDocs.write,
// which reads the document again after writing, under the document's
// lock; so the mirror is the collection. If such a read fails the mirror
// is marked stale and the next read reloads it whole.
//
// A reload may read a document before a write that lands while it runs.
// So while a reload runs, refreshes are also recorded in during (a nil
// entry: the ticket left the collection), and the reload lays them over
// what it read; failed says a refresh failed meanwhile, and then the
// reload's result cannot be trusted either.

func (e *embeddedDocs) ticket(ctx context.Context, id string) (*desk.Ticket, error) {
	raw, found, err := e.mirrored(ctx, id)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, desk.ErrNotFound
	}
	var t desk.Ticket
	if err := bson.Unmarshal(raw, &t); err != nil {
		return nil, fmt.Errorf("decode ticket %s: %w", id, err)
	}
	return &t, nil
}

func (e *embeddedDocs) tickets(ctx context.Context, f desk.Filter) ([]*desk.Ticket, error) {
	if err := e.load(ctx); err != nil {
		return nil, err
	}
	e.mu.RLock()
	raws := make([]bson.Raw, 0, len(e.live))
	for _, r := range e.live {
		raws = append(raws, r)
	}
	e.mu.RUnlock()
	out := make([]*desk.Ticket, 0, len(raws))
	for _, r := range raws {
		if !matches(r, f) {
			continue
		}
		var t desk.Ticket
		if err := bson.Unmarshal(r, &t); err != nil {
			return nil, fmt.Errorf("decode live ticket: %w", err)
		}
		out = append(out, &t)
	}
	// The order mongoDocs asks the database for.
	slices.SortFunc(out, func(a, b *desk.Ticket) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return int(a.Number - b.Number)
	})
	return out, nil
}

// mirrored returns a live ticket's document.
func (e *embeddedDocs) mirrored(ctx context.Context, id string) (bson.Raw, bool, error) {
	if err := e.load(ctx); err != nil {
		return nil, false, err
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	raw, ok := e.live[id]
	return raw, ok, nil
}

// load fills the mirror from the collection when it is stale. Readers
// that find it stale wait for one reload rather than each reading the
// whole collection over the store's single connection.
func (e *embeddedDocs) load(ctx context.Context) error {
	if !e.isStale() {
		return nil
	}
	e.loading.Lock()
	defer e.loading.Unlock()
	if !e.isStale() {
		return nil // another reader reloaded it meanwhile
	}
	e.mu.Lock()
	e.during, e.failed = map[string]bson.Raw{}, false
	e.mu.Unlock()
	docs, err := e.readAll(ctx)
	e.mu.Lock()
	defer e.mu.Unlock()
	during, failed := e.during, e.failed
	e.during = nil
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
	e.live, e.stale = docs, false
	return nil
}

func (e *embeddedDocs) isStale() bool {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.stale
}

// readAll reads the whole live collection.
func (e *embeddedDocs) readAll(ctx context.Context) (map[string]bson.Raw, error) {
	cur, err := e.db.Collection(colTickets).Find(ctx, bson.D{})
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

// refresh reads one live ticket again after a write. The caller holds
// the document's lock, so refreshes of one document happen in order. The
// write has happened, so the read must too: a caller's cancelled context
// would otherwise leave the mirror behind the collection.
func (e *embeddedDocs) refresh(ctx context.Context, id string) {
	raw, err := e.db.Collection(colTickets).FindOne(context.WithoutCancel(ctx), bson.D{{Key: "_id", Value: id}}).Raw()
	e.mu.Lock()
	defer e.mu.Unlock()
	switch {
	case isNoDocuments(err):
		delete(e.live, id)
		raw = nil
	case err != nil:
		e.stale = true
		e.failed = true
		return
	default:
		if e.live == nil {
			e.live = map[string]bson.Raw{}
		}
		raw = append(bson.Raw(nil), raw...)
		e.live[id] = raw
	}
	if e.during != nil {
		e.during[id] = raw
	}
}

func isNoDocuments(err error) bool { return errors.Is(err, mongo.ErrNoDocuments) }

// matches reports whether the live ticket r passes f, reading only the
// fields f names: a person's list is a few tickets of hundreds, and
// decoding a ticket costs a hundred times more than looking up a field.
func matches(r bson.Raw, f desk.Filter) bool {
	field := func(path ...string) string {
		v, err := r.LookupErr(path...)
		if err != nil {
			return ""
		}
		s, _ := v.StringValueOK()
		return s
	}
	return (len(f.States) == 0 || slices.Contains(f.States, desk.State(field("state")))) &&
		(f.Requester == "" || field("requester", "id") == f.Requester) &&
		(f.Technician == "" || field("claim", "by", "id") == f.Technician)
}
