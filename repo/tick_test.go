package repo_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/repo/repotest"
)

// Eight copies claim each of three ticks at once: one wins each. A tick
// at or before the latest won is not won again; another job's ticks are
// its own.
func TestClaimTickHasOneWinner(t *testing.T) {
	store := repotest.Open(t)
	ctx := t.Context()
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for i := range 3 {
		tick := start.Add(time.Duration(i) * time.Minute)
		var won atomic.Int32
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				ok, err := store.ClaimTick(ctx, "overdue", tick)
				if err != nil {
					t.Error(err)
				}
				if ok {
					won.Add(1)
				}
			})
		}
		wg.Wait()
		if n := won.Load(); n != 1 {
			t.Fatalf("tick %d: %d winners, want 1", i, n)
		}
	}
	latest := start.Add(2 * time.Minute)
	for _, tick := range []time.Time{latest, start, latest.Add(-time.Second)} {
		if ok, err := store.ClaimTick(ctx, "overdue", tick); ok || err != nil {
			t.Errorf("claim of %s after %s won: %v, %v", tick.Format(time.TimeOnly), latest.Format(time.TimeOnly), ok, err)
		}
	}
	if ok, err := store.ClaimTick(ctx, "repair", start); !ok || err != nil {
		t.Errorf("another job's first tick not won: %v, %v", ok, err)
	}
	if ok, err := store.ClaimTick(ctx, "overdue", latest.Add(time.Minute)); !ok || err != nil {
		t.Errorf("the next tick not won: %v, %v", ok, err)
	}
}
