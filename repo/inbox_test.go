package repo_test

import (
	"fmt"
	"testing"

	"github.com/repairdesk/repairdesk/repo/repotest"
)

// An input is kept once under its key, read back in the order kept, per
// platform, and gone once finished; only those finished as handled are
// seen.
func TestInboxKeepsInOrderOnce(t *testing.T) {
	store := repotest.Open(t)
	ctx := t.Context()
	for i, key := range []string{"t:3", "t:1", "s:1", "t:2"} {
		platform := "telegram"
		if key[0] == 's' {
			platform = "slack"
		}
		kept, err := store.Keep(ctx, platform, key, []byte(fmt.Sprint(i)))
		if err != nil || !kept {
			t.Fatalf("Keep %s: %v, %v", key, kept, err)
		}
	}
	if kept, err := store.Keep(ctx, "telegram", "t:1", []byte("again")); err != nil || kept {
		t.Errorf("Keep of a key kept already: %v, %v; want false", kept, err)
	}
	keys, got, err := store.Kept(ctx, "telegram")
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprintf("%s %s", keys, got) != "[t:3 t:1 t:2] [0 1 3]" {
		t.Errorf("Kept = %s %s, want [t:3 t:1 t:2] [0 1 3]: the order kept, this platform's only", keys, got)
	}
	// t:1 handled, t:3 dropped unhandled; then again, with one seen
	// already and one no longer kept.
	for range 2 {
		if err := store.Finish(ctx, []string{"t:1"}, []string{"t:3"}); err != nil {
			t.Fatalf("Finish: %v", err)
		}
	}
	if _, got, _ := store.Kept(ctx, "telegram"); fmt.Sprintf("%s", got) != "[3]" {
		t.Errorf("after Finish, Kept = %s, want [3]", got)
	}
	for key, want := range map[string]bool{"t:1": true, "t:3": false, "t:2": false} {
		if seen, err := store.Seen(ctx, key); err != nil || seen != want {
			t.Errorf("Seen(%s) = %v, %v; want %v", key, seen, err, want)
		}
	}
	if kept, err := store.Keep(ctx, "telegram", "t:1", []byte("later")); err != nil || !kept {
		t.Errorf("Keep after Finish: %v, %v; want true", kept, err)
	}
}
