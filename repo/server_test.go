package repo

import (
	"context"
	"net/url"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// A desk pointed with MONGODB_URI at a FerretDB server, rather than at
// MongoDB, gets the driver's pool from the URI: maxPoolSize=1 there gives
// it the one connection over which FerretDB loses no update. The embedded
// store's listener stands in for such a server, reached as any server is
// (Connect with embedded false).
func TestServerURIWithOneConnectionLosesNoIncrement(t *testing.T) {
	const n = 50
	ctx := t.Context()
	e := newTestEmbedded(t)
	u, err := url.Parse(e.URI())
	if err != nil {
		t.Fatal(err)
	}
	uri := (&url.URL{Scheme: "mongodb", Host: u.Host, Path: "/",
		RawQuery: url.Values{"directConnection": {"true"}, "maxPoolSize": {"1"}}.Encode()}).String()
	client, err := Connect(ctx, uri, false)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Disconnect(context.Background())
	col := client.Database("repairdesk").Collection("counters")
	id := bson.D{{Key: "_id", Value: "c"}}
	if _, err := col.InsertOne(ctx, bson.D{{Key: "_id", Value: "c"}, {Key: "n", Value: 0}}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			if _, err := col.UpdateOne(ctx, id, bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: 1}}}}); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var got struct{ N int }
	if err := col.FindOne(ctx, id).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.N != n {
		t.Fatalf("n = %d after %d concurrent $inc over %s", got.N, n, uri)
	}
}
