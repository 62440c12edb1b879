package repo_test

import (
	"fmt"
	"log/slog"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/repairdesk/repairdesk/repo"
	"github.com/repairdesk/repairdesk/repo/repotest"
)

// An input is kept once under its key, read back in the order kept, per
// platform, and gone once finished; only those finished as handled are
// seen.
func TestInboxKeepsInOrderOnce(t *testing.T) {
	store := repotest.Open(t)
	ctx := t.Context()
	if kept, err := store.KeepAll(ctx, "telegram", []string{"t:3", "t:1"}, [][]byte{[]byte("0"), []byte("1")}); err != nil || fmt.Sprint(kept) != "[true true]" {
		t.Fatalf("KeepAll: %v, %v", kept, err)
	}
	if kept, err := store.KeepAll(ctx, "slack", []string{"s:1"}, [][]byte{[]byte("2")}); err != nil || fmt.Sprint(kept) != "[true]" {
		t.Fatalf("KeepAll: %v, %v", kept, err)
	}
	// A key kept already, between two new ones, and twice in one call.
	kept, err := store.KeepAll(ctx, "telegram", []string{"t:2", "t:1", "t:4", "t:4"},
		[][]byte{[]byte("3"), []byte("again"), []byte("4"), []byte("again")})
	if err != nil || fmt.Sprint(kept) != "[true false true false]" {
		t.Errorf("KeepAll with keys kept already: %v, %v; want [true false true false]", kept, err)
	}
	keys, got, err := store.Kept(ctx, "telegram")
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprintf("%s %s", keys, got) != "[t:3 t:1 t:2 t:4] [0 1 3 4]" {
		t.Errorf("Kept = %s %s, want [t:3 t:1 t:2 t:4] [0 1 3 4]: the order kept, this platform's only", keys, got)
	}
	// t:1 handled, t:3 dropped unhandled; then again, with one seen
	// already and one no longer kept.
	for range 2 {
		if err := store.Finish(ctx, []string{"t:1"}, []string{"t:3"}); err != nil {
			t.Fatalf("Finish: %v", err)
		}
	}
	if _, got, _ := store.Kept(ctx, "telegram"); fmt.Sprintf("%s", got) != "[3 4]" {
		t.Errorf("after Finish, Kept = %s, want [3 4]", got)
	}
	for key, want := range map[string]bool{"t:1": true, "t:3": false, "t:2": false} {
		if seen, err := store.Seen(ctx, key); err != nil || seen != want {
			t.Errorf("Seen(%s) = %v, %v; want %v", key, seen, err, want)
		}
	}
	// Delivered again after it was handled: whether or not it is still
	// in the inbox, it is not handed over again.
	if _, err := store.KeepAll(ctx, "telegram", []string{"t:1"}, [][]byte{[]byte("later")}); err != nil {
		t.Errorf("Keep after Finish: %v", err)
	}
	if _, got, _ := store.Kept(ctx, "telegram"); fmt.Sprintf("%s", got) != "[3 4]" {
		t.Errorf("after a handled input came again, Kept = %s, want [3 4]", got)
	}
}

// On the embedded store the inputs handled stay in the inbox until they
// are half of it, and then leave it together; Kept leaves them out
// meanwhile, in this run and the next.
func TestHandledInputsLeaveTheInboxTogether(t *testing.T) {
	dir := t.TempDir()
	ctx := t.Context()
	db, err := repo.Open(ctx, repo.Options{DataDir: dir}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	store := db.Store
	inbox := func() int64 {
		t.Helper()
		n, err := store.DB().Collection("inbox").CountDocuments(ctx, bson.D{})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	kept := func() int {
		t.Helper()
		keys, _, err := store.Kept(ctx, "telegram")
		if err != nil {
			t.Fatal(err)
		}
		return len(keys)
	}
	var keys []string
	var data [][]byte
	for i := range 100 {
		keys, data = append(keys, fmt.Sprint("t:", i)), append(data, []byte(fmt.Sprint(i)))
	}
	if _, err := store.KeepAll(ctx, "telegram", keys, data); err != nil {
		t.Fatal(err)
	}
	if err := store.Finish(ctx, keys[:40], keys[99:]); err != nil {
		t.Fatal(err)
	}
	if n := inbox(); n != 99 {
		t.Errorf("after 40 handled of 100 and one dropped, the inbox holds %d, want 99: the dropped one leaves at once", n)
	}
	if n := kept(); n != 59 {
		t.Errorf("Kept hands over %d, want 59: the handled ones left out", n)
	}
	if err := store.Finish(ctx, keys[40:50], nil); err != nil {
		t.Fatal(err)
	}
	if n := inbox(); n != 49 {
		t.Errorf("after 50 handled of 99, the inbox holds %d, want 49", n)
	}
	if err := store.Finish(ctx, keys[50:51], nil); err != nil {
		t.Fatal(err)
	}
	if n := inbox(); n != 49 {
		t.Fatalf("after one more handled, the inbox holds %d, want 49", n)
	}

	// The next run leaves the handled one out, and sweeps it with the
	// inputs it finishes.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	store = repotest.OpenDB(t, dir).Store
	if n := kept(); n != 48 {
		t.Errorf("after a restart, Kept hands over %d, want 48", n)
	}
	if err := store.Finish(ctx, keys[51:82], nil); err != nil {
		t.Fatal(err)
	}
	if n := inbox(); n != 17 {
		t.Errorf("after a restart and 31 more handled, the inbox holds %d, want 17", n)
	}

	// A handled input leaves the inbox before its record is pruned:
	// kept and not recorded, it would be handed over as never handled.
	if err := store.Finish(ctx, keys[82:83], nil); err != nil {
		t.Fatal(err)
	}
	if n := inbox(); n != 17 {
		t.Fatalf("after one more handled, the inbox holds %d, want 17", n)
	}
	if _, err := store.PruneSeen(ctx, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if n, k := inbox(), kept(); n != 16 || k != 16 {
		t.Errorf("after the records were pruned, the inbox holds %d and Kept hands over %d, want 16 and 16", n, k)
	}
}

// Finish drops the inputs whatever the inbox's size: with a few kept, by
// one delete of them all; with many kept, by a delete of each.
func TestFinishDropsFromABigInbox(t *testing.T) {
	store := repotest.Open(t)
	ctx := t.Context()
	var keys []string
	var data [][]byte
	for i := range 12 {
		keys, data = append(keys, fmt.Sprint("t:", i)), append(data, []byte(fmt.Sprint(i)))
	}
	if _, err := store.KeepAll(ctx, "telegram", keys, data); err != nil {
		t.Fatal(err)
	}
	if err := store.Finish(ctx, []string{"t:0"}, []string{"t:1"}); err != nil {
		t.Fatal(err)
	}
	if err := store.Finish(ctx, keys[2:10], nil); err != nil {
		t.Fatal(err)
	}
	if left, _, _ := store.Kept(ctx, "telegram"); fmt.Sprint(left) != "[t:10 t:11]" {
		t.Errorf("kept after Finish: %v, want [t:10 t:11]", left)
	}
	for key, want := range map[string]bool{"t:0": true, "t:1": false, "t:9": true, "t:10": false} {
		if seen, err := store.Seen(ctx, key); err != nil || seen != want {
			t.Errorf("Seen(%s) = %v, %v; want %v", key, seen, err, want)
		}
	}
}

// An input recorded as handled but still kept (a crash between Finish's
// record and its delete) is not handed over again: its answer went out
// before it was recorded. Both ways of the store.
func TestKeptLeavesOutWhatIsRecorded(t *testing.T) {
	for _, inDatabase := range []bool{false, true} {
		t.Run(fmt.Sprint("compare in database ", inDatabase), func(t *testing.T) {
			ctx := t.Context()
			db, err := repo.Open(ctx, repo.Options{DataDir: t.TempDir(), CompareInDatabase: inDatabase}, slog.New(slog.DiscardHandler))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			store := db.Store
			if _, err := store.KeepAll(ctx, "telegram", []string{"t:1", "t:2"}, [][]byte{[]byte("1"), []byte("2")}); err != nil {
				t.Fatal(err)
			}
			if _, err := store.FirstTime(ctx, "t:1"); err != nil { // recorded, not dropped
				t.Fatal(err)
			}
			if keys, _, err := store.Kept(ctx, "telegram"); err != nil || fmt.Sprint(keys) != "[t:2]" {
				t.Errorf("Kept = %v, %v; want [t:2]", keys, err)
			}
		})
	}
}
