package repo

import (
	"context"
	"testing"
)

// The embedded store's estimate of the inbox's size starts from what the
// last run left kept, so that a large leftover inbox is emptied one
// delete by _id at a time from the start (dropKept).
func TestInboxSizeSurvivesARestart(t *testing.T) {
	ctx := context.Background()
	open := opener(t, t.TempDir())
	db := open()
	keys := []string{"u:1", "u:2", "u:3", "u:4"}
	if _, err := db.Store.KeepAll(ctx, "bot", keys, [][]byte{{1}, {2}, {3}, {4}}); err != nil {
		t.Fatal(err)
	}
	if err := db.Store.Finish(ctx, nil, []string{"u:1"}); err != nil {
		t.Fatal(err)
	}
	if n := db.Store.inboxKept.Load(); n != 3 {
		t.Fatalf("inbox size %d, want 3", n)
	}
	db.Close()
	db = open()
	defer db.Close()
	if n := db.Store.inboxKept.Load(); n != 3 {
		t.Errorf("inbox size after a restart %d, want 3", n)
	}
}
