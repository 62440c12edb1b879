package repo

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/repairdesk/repairdesk/desk"
)

// docs is how the store makes its conditional writes and reads the live
// tickets: the two things the embedded store must do its own way.
// mongoDocs is the MongoDB way; embeddedDocs, the embedded store's
// workarounds in one type, takes its place there. Everything else in
// Store is the same on both.
type docs interface {
	// write runs w on the document id of col, giving it the filter to
	// write with. If cond is not empty, the write happens only while
	// each of cond's fields holds its integer value, and write returns
	// desk.ErrConflict when it did not (w matched nothing). w's errors
	// come back as they are.
	//
	// doc, if not nil, is the whole document as the write leaves it (a
	// replace or an insert); nil says the write changes it some other way
	// or deletes it.
	write(ctx context.Context, col, id string, cond bson.D, doc any, w writeFunc) error
	// get reads the document id of col into v; desk.ErrNotFound if there
	// is none.
	get(ctx context.Context, col, id string, v any) error
	// ticket returns the live ticket id; desk.ErrNotFound if it is not
	// live (archived, or never made).
	ticket(ctx context.Context, id string) (*desk.Ticket, error)
	// tickets returns the live tickets f selects, by creation time and
	// then number.
	tickets(ctx context.Context, f desk.Filter) ([]*desk.Ticket, error)
}

// writeFunc writes one document with filter and says how many documents
// it matched.
type writeFunc func(filter bson.D) (matched int64, err error)

// mongoDocs is the plain MongoDB way: the condition is part of the
// filter, {_id, version}, which the _id index serves, and a query reads
// the live tickets through the indexes EnsureSchema makes.
type mongoDocs struct{ db *mongo.Database }

func (m mongoDocs) write(ctx context.Context, col, id string, cond bson.D, _ any, w writeFunc) error {
	filter := append(bson.D{{Key: "_id", Value: id}}, cond...)
	n, err := w(filter)
	if err != nil {
		return err
	}
	if len(cond) > 0 && n == 0 {
		return desk.ErrConflict
	}
	return nil
}

func (m mongoDocs) get(ctx context.Context, col, id string, v any) error {
	return findByID(ctx, m.db.Collection(col), id, v)
}

func (m mongoDocs) ticket(ctx context.Context, id string) (*desk.Ticket, error) {
	var t desk.Ticket
	if err := findByID(ctx, m.db.Collection(colTickets), id, &t); err != nil {
		return nil, err
	}
	return &t, nil
}

func (m mongoDocs) tickets(ctx context.Context, f desk.Filter) ([]*desk.Ticket, error) {
	filter := bson.D{}
	if len(f.States) > 0 {
		filter = append(filter, bson.E{Key: "state", Value: bson.D{{Key: "$in", Value: f.States}}})
	}
	if f.Requester != "" {
		filter = append(filter, bson.E{Key: "requester.id", Value: f.Requester})
	}
	if f.Technician != "" {
		filter = append(filter, bson.E{Key: "claim.by.id", Value: f.Technician})
	}
	return findAll[desk.Ticket](ctx, m.db.Collection(colTickets), filter,
		options.Find().SetSort(bson.D{{Key: "createdAt", Value: 1}, {Key: "number", Value: 1}}))
}

// findByID reads the document with _id id into v; desk.ErrNotFound if
// there is none.
func findByID(ctx context.Context, c *mongo.Collection, id string, v any) error {
	err := c.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(v)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return desk.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("get %s %s: %w", c.Name(), id, err)
	}
	return nil
}

// findAll runs a query and decodes every result.
func findAll[T any](ctx context.Context, c *mongo.Collection, filter any, opts ...options.Lister[options.FindOptions]) ([]*T, error) {
	cur, err := c.Find(ctx, filter, opts...)
	if err != nil {
		return nil, fmt.Errorf("find in %s: %w", c.Name(), err)
	}
	var out []*T
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("read %s: %w", c.Name(), err)
	}
	return out, nil
}
