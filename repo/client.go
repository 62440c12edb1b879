package repo

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/event"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// opTimeout bounds every operation whose context has no deadline of its
// own, so that a store that stopped answering shows up as an error rather
// than a goroutine stuck for ever. Under it (as under any deadline) the
// driver adds maxTimeMS to each command, which FerretDB v1 refuses on
// distinct: use an aggregate with $group instead.
const opTimeout = 30 * time.Second

// Connect opens a client for uri and checks that the server answers.
//
// embedded says uri is the embedded store's (Embedded.URI). Its pool then
// holds exactly one connection. FerretDB reads, changes and writes a
// document without a lock, so commands on two connections interleave:
// concurrent $inc lose increments and a conditional claim can have
// several winners. Over one connection FerretDB runs one command at a
// time, so every findOneAndUpdate on {_id, state, ...} is atomic again;
// callers simply queue for the connection. A real MongoDB needs none of
// this and keeps the driver's default pool. A FerretDB server of its own,
// reached by URI, needs the same one connection: the URI asks for it with
// maxPoolSize=1, which the driver honours as it applies the URI.
func Connect(ctx context.Context, uri string, embedded bool) (*mongo.Client, error) {
	return connect(ctx, uri, embedded, nil)
}

// connect is Connect with a command monitor, nil for none.
func connect(ctx context.Context, uri string, embedded bool, monitor *event.CommandMonitor) (*mongo.Client, error) {
	opts := options.Client().ApplyURI(uri).SetTimeout(opTimeout).SetMonitor(monitor)
	if embedded {
		// MinPoolSize keeps the one connection open between bursts
		// instead of dialling again; MaxConnecting keeps the pool from
		// opening a second one while the first is being set up.
		opts.SetMaxPoolSize(1).SetMinPoolSize(1).SetMaxConnecting(1)
	}
	client, err := mongo.Connect(opts)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", redact(uri), err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := client.Ping(pingCtx, nil); err != nil {
		_ = client.Disconnect(context.Background())
		return nil, fmt.Errorf("reach %s: %w", redact(uri), err)
	}
	return client, nil
}
