package repo

import (
	"context"
	"log/slog"
	"testing"

	"go.mongodb.org/mongo-driver/v2/mongo"
)

// newTestEmbedded opens the embedded store in a fresh temporary folder
// and closes it when the test ends. FerretDB's warnings go to the test's
// log.
func newTestEmbedded(t testing.TB) *Embedded {
	t.Helper()
	return openTestEmbedded(t, t.TempDir())
}

// openTestEmbedded opens the embedded store in dir, closed when the test
// ends (Close is idempotent, so a test may close it earlier).
func openTestEmbedded(t testing.TB, dir string) *Embedded {
	t.Helper()
	e, err := OpenEmbedded(context.Background(), dir, testLogger(t))
	if err != nil {
		t.Fatalf("open embedded store: %v", err)
	}
	t.Cleanup(func() {
		if err := e.Close(); err != nil {
			t.Errorf("close embedded store: %v", err)
		}
	})
	return e
}

// connectTest connects to e as the program does, over one connection,
// and disconnects when the test ends (before the store closes: cleanups
// run last first).
func connectTest(t testing.TB, e *Embedded) *mongo.Client {
	t.Helper()
	c, err := Connect(context.Background(), e.URI(), true)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { _ = c.Disconnect(context.Background()) })
	return c
}

func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), nil))
}

// opener returns a function that opens the store in dir, one more time
// at each call: for tests of what survives a restart. The caller closes
// each store it opens.
func opener(t testing.TB, dir string) func() *DB {
	t.Helper()
	return func() *DB {
		t.Helper()
		db, err := Open(context.Background(), Options{DataDir: dir}, testLogger(t))
		if err != nil {
			t.Fatal(err)
		}
		return db
	}
}
