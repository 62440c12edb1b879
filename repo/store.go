package repo

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/repairdesk/repairdesk/conversation"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/notice"
)

// Collection names.
const (
	colTickets     = "tickets"      // live tickets: open, or final and not yet archived
	colArchive     = "tickets_done" // archived tickets, read by _id only
	colUserTickets = "user_tickets" // per person: IDs of their archived tickets
	colHistory     = "history"      // per month closed: archived tickets as lines, for reports and search
	colUsers       = "users"
	colAccounts    = "accounts" // platform account → user ID
	colCounters    = "counters"
	colConfig      = "config" // settings, catalogue, totals
	colFAQ         = "faq"
	colPhotos      = "photos"
	colSessions    = "sessions"
	colSeen        = "seen"
	colInbox       = "inbox" // inputs taken from a platform and not yet answered
	colLeases      = "leases"
	colLinkCodes   = "link_codes" // one-time codes that link a second platform
	colPosts       = "posts"      // a message the desk posted in a group chat → its ticket
)

var allCollections = []string{colTickets, colArchive, colUserTickets, colHistory, colUsers, colAccounts,
	colCounters, colConfig, colFAQ, colPhotos, colSessions, colSeen, colInbox, colLeases, colLinkCodes, colClosedDays, colPosts, colQueues, colHeld}

// Store implements desk's and conversation's stores on one MongoDB
// database.
type Store struct {
	db *mongo.Database
	// docs makes the conditional writes and reads the live tickets:
	// mongoDocs, or on the embedded store embeddedDocs.
	docs docs
	// commands counts what the store sends, when Open connected it.
	commands *commands
	// seen is the embedded store's memory of the seen keys; nil on
	// MongoDB.
	seen *seenKeys
	// queues and faq are the embedded store's memory of those
	// collections; nil on MongoDB.
	queues *listMemo[desk.Queue]
	faq    *listMemo[desk.Article]
	// inboxKept counts the inputs this process kept in the inbox and has
	// not dropped: about the inbox's size (dropKept).
	inboxKept atomic.Int64
	// sessions is the embedded store's log of session versions
	// (sessionlog.go); nil on MongoDB.
	sessions *sessionLog
	// sweep holds the embedded store's handled inputs still in the
	// inbox (inboxsweep.go).
	sweep inboxSweep
}

var (
	_ desk.TicketStore          = (*Store)(nil)
	_ desk.UserStore            = (*Store)(nil)
	_ desk.ConfigStore          = (*Store)(nil)
	_ desk.PhotoStore           = (*Store)(nil)
	_ conversation.SessionStore = (*Store)(nil)
	_ notice.SeenStore          = (*Store)(nil)
)

// New returns a Store over db, a MongoDB database. Call EnsureSchema
// before use.
func New(db *mongo.Database) *Store { return &Store{db: db, docs: mongoDocs{db}} }

// DB returns the database, for tests and tools that read a collection
// directly. Nothing may write the live tickets through it: the embedded
// store's mirror of them would fall behind.
func (s *Store) DB() *mongo.Database { return s.db }

func (s *Store) c(name string) *mongo.Collection { return s.db.Collection(name) }

// indexes are what the queries need on a real MongoDB. Every other read
// is by _id. The embedded store does not make them: FerretDB's SQLite
// handler would keep them up to date at every write and never use one
// (see EnsureIDIndexes).
var indexes = map[string][]mongo.IndexModel{
	colTickets: {
		{Keys: bson.D{{Key: "state", Value: 1}, {Key: "createdAt", Value: 1}}},
		{Keys: bson.D{{Key: "requester.id", Value: 1}, {Key: "createdAt", Value: 1}}},
		{Keys: bson.D{{Key: "claim.by.id", Value: 1}, {Key: "state", Value: 1}}},
	},
	colUsers: {{Keys: bson.D{{Key: "roles", Value: 1}}}},
	colSeen:  {{Keys: bson.D{{Key: "at", Value: 1}}}},
	// Read at start only, but a start must not scan whatever the
	// collection once held.
	colInbox: {{Keys: bson.D{{Key: "platform", Value: 1}, {Key: "seq", Value: 1}}}},
}

// EnsureSchema creates every collection and the indexes the queries need.
// It is safe to run at every start.
func (s *Store) EnsureSchema(ctx context.Context) error {
	existing, err := s.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return fmt.Errorf("list collections: %w", err)
	}
	have := map[string]bool{}
	for _, n := range existing {
		have[n] = true
	}
	for _, name := range allCollections {
		if !have[name] {
			err := s.db.CreateCollection(ctx, name)
			if err != nil && !isNamespaceExists(err) {
				return fmt.Errorf("create collection %s: %w", name, err)
			}
		}
		if _, embedded := s.docs.(*embeddedDocs); embedded {
			continue
		}
		if err := s.ensureIndexes(ctx, name); err != nil {
			return err
		}
	}
	return s.ensureHistory(ctx)
}

// ensureIndexes creates the collection's indexes that are missing. It asks
// first rather than creating them again: FerretDB v1 fails a
// createIndexes on a table that carries the embedded store's own _id
// index (see EnsureIDIndexes).
func (s *Store) ensureIndexes(ctx context.Context, col string) error {
	want := indexes[col]
	if len(want) == 0 {
		return nil
	}
	specs, err := s.c(col).Indexes().ListSpecifications(ctx)
	if err != nil {
		return fmt.Errorf("indexes of %s: %w", col, err)
	}
	have := map[string]bool{}
	for _, sp := range specs {
		have[sp.Name] = true
	}
	var missing []mongo.IndexModel
	for _, ix := range want {
		if !have[indexName(ix.Keys.(bson.D))] {
			missing = append(missing, ix)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	if _, err := s.c(col).Indexes().CreateMany(ctx, missing); err != nil {
		return fmt.Errorf("indexes of %s: %w", col, err)
	}
	return nil
}

// indexName is the name MongoDB gives an index by default: "state_1_createdAt_1".
func indexName(keys bson.D) string {
	name := ""
	for i, k := range keys {
		if i > 0 {
			name += "_"
		}
		name += fmt.Sprintf("%s_%v", k.Key, k.Value)
	}
	return name
}

func isNamespaceExists(err error) bool {
	var ce mongo.CommandError
	return errors.As(err, &ce) && (ce.Code == 48 || ce.Name == "NamespaceExists")
}

// replaceIf replaces the document with _id id by doc if its stored version
// is prev; desk.ErrConflict if it is not (or it is gone).
func (s *Store) replaceIf(ctx context.Context, col, id string, prev int, doc any) error {
	return s.docs.write(ctx, col, id, bson.D{{Key: "version", Value: prev}}, doc, func(filter bson.D) (int64, error) {
		res, err := s.c(col).ReplaceOne(ctx, filter, doc)
		if err != nil {
			return 0, fmt.Errorf("write %s %s: %w", col, id, err)
		}
		return res.MatchedCount, nil
	})
}

// guarded runs a write on the document with _id id only if its field
// still holds want, and returns desk.ErrConflict otherwise: the
// compare-and-set every race in the desk relies on.
func (s *Store) guarded(ctx context.Context, col, id, field string, want int,
	write func(filter bson.D) (*mongo.UpdateResult, error)) error {
	return s.docs.write(ctx, col, id, bson.D{{Key: field, Value: want}}, nil, func(filter bson.D) (int64, error) {
		res, err := write(filter)
		if err != nil {
			return 0, fmt.Errorf("write %s %s: %w", col, id, err)
		}
		return res.MatchedCount, nil
	})
}

// insert inserts doc; a duplicate _id is desk.ErrConflict.
func (s *Store) insert(ctx context.Context, col string, doc any) error {
	_, err := s.c(col).InsertOne(ctx, doc)
	if mongo.IsDuplicateKeyError(err) {
		return desk.ErrConflict
	}
	if err != nil {
		return fmt.Errorf("insert into %s: %w", col, err)
	}
	return nil
}

// insertDoc inserts doc, whose _id is id, through docs: for the
// collections whose documents the embedded store keeps in memory (users,
// accounts, sessions, settings), so that it knows of the insert. A
// duplicate _id is desk.ErrConflict.
func (s *Store) insertDoc(ctx context.Context, col, id string, doc any) error {
	return s.docs.write(ctx, col, id, nil, doc, func(bson.D) (int64, error) {
		return 1, s.insert(ctx, col, doc)
	})
}

// get reads the document with _id id into v; desk.ErrNotFound if none.
func (s *Store) get(ctx context.Context, col, id string, v any) error {
	return s.docs.get(ctx, col, id, v)
}
