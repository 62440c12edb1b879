package repo

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/repairdesk/repairdesk/desk"
)

// A reload of the live mirror that runs while tickets are written ends with
// every write in it: the reload may read a document before a write, and
// must not put that older copy back. The writers that find the mirror
// stale wait for that one reload instead of each reading the whole
// collection over the store's single connection (which starved it).
func TestLiveReloadKeepsWritesMadeDuringIt(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, Options{DataDir: t.TempDir()}, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := db.Store
	const n = 250 // more than one cursor batch, so that writes fall between batches
	for i := range n {
		tk := &desk.Ticket{ID: fmt.Sprint(1000 + i), Number: int64(1000 + i), State: desk.Pending, Version: 1}
		if err := s.Create(ctx, tk); err != nil {
			t.Fatal(err)
		}
	}
	for round := range 5 {
		e := s.docs.(*embeddedDocs)
		e.mu.Lock()
		e.stale = true // as after a failed refresh
		e.mu.Unlock()
		var wg sync.WaitGroup
		wg.Go(func() {
			if _, err := s.Live(ctx, desk.Filter{}); err != nil {
				t.Error(err)
			}
		})
		for i := range n {
			wg.Go(func() {
				tk := &desk.Ticket{ID: fmt.Sprint(1000 + i), Number: int64(1000 + i), State: desk.Pending,
					Version: round + 2}
				if err := s.Update(ctx, tk, round+1); err != nil {
					t.Errorf("update %s: %v", tk.ID, err)
				}
			})
		}
		wg.Wait()
		mirrored, err := s.Live(ctx, desk.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, tk := range mirrored {
			if tk.Version != round+2 {
				t.Fatalf("round %d: the mirror holds version %d of %s, the collection %d", round, tk.Version, tk.ID, round+2)
			}
		}
	}
}
