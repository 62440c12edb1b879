package repo

import (
	"context"
	"testing"
	"time"
)

// The embedded store answers Seen from memory once it has read the seen
// keys, and the answers are the database's: before the read and after it,
// after a restart, for keys recorded by FirstTime and by Finish, and for
// keys pruned.
func TestSeenKeysAnswerAsTheDatabase(t *testing.T) {
	ctx := context.Background()
	open := opener(t, t.TempDir())
	check := func(s *Store, when string, want map[string]bool) {
		t.Helper()
		for key, w := range want {
			if got, err := s.Seen(ctx, key); err != nil || got != w {
				t.Errorf("%s: Seen(%s) = %v, %v; want %v", when, key, got, err, w)
			}
		}
	}
	db := open()
	if _, err := db.Store.FirstTime(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if err := db.Store.Finish(ctx, []string{"b", "a"}, []string{"c"}); err != nil {
		t.Fatal(err)
	}
	<-db.loaded
	if !db.Store.seen.whole {
		t.Fatal("the seen keys were not read")
	}
	check(db.Store, "first run", map[string]bool{"a": true, "b": true, "c": false})
	db.Close()

	db = open()
	defer db.Close()
	check(db.Store, "restart, perhaps before the read", map[string]bool{"a": true, "b": true, "c": false})
	<-db.loaded
	check(db.Store, "restart, after the read", map[string]bool{"a": true, "b": true, "c": false})
	if n, err := db.Store.PruneSeen(ctx, time.Now().Add(time.Minute)); err != nil || n != 2 {
		t.Fatalf("PruneSeen: %d, %v; want 2", n, err)
	}
	check(db.Store, "pruned", map[string]bool{"a": false, "b": false})
}
