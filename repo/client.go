package repo

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Connect opens a client. For the embedded store the pool holds exactly
// one connection: FerretDB reads, changes and writes a document without
// a lock, so two connections can lose updates (two winners of one claim);
// over one connection every command is serialised and a conditional
// update is atomic again.
func Connect(ctx context.Context, uri string, embedded bool) (*mongo.Client, error) {
	opts := options.Client().ApplyURI(uri).SetTimeout(30 * time.Second)
	if embedded {
		opts.SetMaxPoolSize(1).SetMinPoolSize(1).SetMaxConnecting(1)
	}
	client, err := mongo.Connect(opts)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", redact(uri), err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := client.Ping(pingCtx, nil); err != nil {
		client.Disconnect(context.Background())
		return nil, fmt.Errorf("reach %s: %w", redact(uri), err)
	}
	return client, nil
}
