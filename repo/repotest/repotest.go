// Package repotest opens a fresh embedded store for tests, so that every
// test of the desk runs against the real store, not an imitation.
package repotest

import (
	"context"
	"log/slog"
	"testing"

	"github.com/repairdesk/repairdesk/repo"
)

// Open starts an embedded store in a temporary folder, prepares its
// schema, and closes it when the test ends.
func Open(t testing.TB) *repo.Store {
	t.Helper()
	db := OpenDB(t, t.TempDir())
	return db.Store
}

// OpenDB opens the embedded store in dir, closed when the test ends.
func OpenDB(t testing.TB, dir string) *repo.DB {
	t.Helper()
	db, err := repo.Open(context.Background(), repo.Options{DataDir: dir}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("open embedded store: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close embedded store: %v", err)
		}
	})
	return db
}
