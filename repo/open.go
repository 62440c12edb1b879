package repo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// Options says which database to use.
type Options struct {
	// URI of a MongoDB deployment; empty starts the embedded store.
	URI string
	// Database name; "repairdesk" when empty.
	Database string
	// DataDir is the embedded store's folder.
	DataDir string
	// CompareInDatabase makes the embedded store reach its documents
	// the MongoDB way (mongoDocs): conditions in the database's filter
	// and queries for the live tickets, instead of checks in this
	// process and a mirror in memory. It is slower there (a scan); tests
	// use it to prove the MongoDB path.
	CompareInDatabase bool
}

// DB is an open database: the Store over it and what to close.
type DB struct {
	Store *Store
	// Where tells people where the data lives (the folder, or the
	// deployment's hosts without credentials).
	Where    string
	client   *mongo.Client
	embedded *Embedded
	// stopLoad ends the background read of the seen keys; loaded is
	// closed when it is over.
	stopLoad context.CancelFunc
	loaded   chan struct{}
}

// Open connects to MongoDB, or starts the embedded store, and prepares
// the schema.
func Open(ctx context.Context, o Options, logger *slog.Logger) (*DB, error) {
	if o.Database == "" {
		o.Database = "repairdesk"
	}
	db := &DB{}
	uri := o.URI
	if uri == "" {
		e, err := OpenEmbedded(ctx, o.DataDir, logger)
		if err != nil {
			return nil, err
		}
		db.embedded, uri = e, e.URI()
		abs, _ := filepath.Abs(o.DataDir)
		db.Where = abs
	}
	cmds := newCommands()
	client, err := connect(ctx, uri, db.embedded != nil, cmds.monitor())
	if err != nil {
		db.Close()
		return nil, err
	}
	db.client = client
	db.Store = New(client.Database(o.Database))
	db.Store.commands = cmds
	if db.embedded != nil && !o.CompareInDatabase {
		db.Store.docs = newEmbeddedDocs(db.Store.db)
	}
	if db.Where == "" {
		db.Where = redact(uri)
	}
	if err := db.Store.EnsureSchema(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if db.embedded != nil {
		if err := db.embedded.EnsureIDIndexes(ctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("index the embedded store: %w", err)
		}
	}
	if db.embedded != nil && !o.CompareInDatabase {
		db.Store.queues = newListMemo(cloneQueues)
		db.Store.faq = newListMemo(cloneArticles)
		// The inbox's size, which chooses how inputs leave it (dropKept),
		// starts from what the last run left there.
		if n, err := db.Store.c(colInbox).CountDocuments(ctx, bson.D{}); err == nil {
			db.Store.inboxKept.Store(n)
		} else {
			logger.Warn("inbox size not read; it is counted from nothing", "err", err)
		}
		db.Store.seen = newSeenKeys()
		sessions, err := loadSessionLog(ctx, db.Store)
		if err != nil {
			db.Close()
			return nil, err
		}
		db.Store.sessions = sessions
		var load context.Context
		load, db.stopLoad = context.WithCancel(context.Background())
		db.loaded = make(chan struct{})
		go func() {
			defer close(db.loaded)
			db.Store.seen.load(load, db.Store)
		}()
	}
	return db, nil
}

// Ping reports whether the database answers (for /readyz).
func (db *DB) Ping(ctx context.Context) error {
	if db.client == nil {
		return errors.New("not connected")
	}
	return db.client.Ping(ctx, nil)
}

// Close disconnects and stops the embedded store.
func (db *DB) Close() error {
	var errs []error
	if db.Store != nil && db.Store.sessions != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		errs = append(errs, db.Store.sessions.flush(ctx, db.Store))
		cancel()
	}
	if db.stopLoad != nil {
		db.stopLoad()
		<-db.loaded
	}
	if db.client != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		errs = append(errs, db.client.Disconnect(ctx))
		cancel()
	}
	if db.embedded != nil {
		errs = append(errs, db.embedded.Close())
	}
	return errors.Join(errs...)
}

// redact drops credentials from a connection string for the logs.
func redact(uri string) string {
	u, err := urlParse(uri)
	if err != nil {
		return "mongodb"
	}
	u.User = nil
	u.RawQuery = ""
	return u.String()
}

var urlParse = url.Parse
