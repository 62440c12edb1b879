package repo_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/repo/repotest"
)

func TestLeaseHasOneHolder(t *testing.T) {
	store := repotest.Open(t)
	ctx := t.Context()
	var holders atomic.Int32
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := store.Lease(ctx, "dispatch", string(rune('a'+i)), time.Minute)
			if err != nil {
				t.Error(err)
			}
			if ok {
				holders.Add(1)
			}
		}()
	}
	wg.Wait()
	if n := holders.Load(); n != 1 {
		t.Fatalf("%d holders, want 1", n)
	}
	// The holder renews; once a lease runs out, another copy takes it.
	ok, _ := store.Lease(ctx, "short", "a", 50*time.Millisecond)
	if !ok {
		t.Fatal("a could not take a free lease")
	}
	if ok, _ := store.Lease(ctx, "short", "b", time.Minute); ok {
		t.Fatal("b took a lease a holds")
	}
	if ok, _ := store.Lease(ctx, "short", "a", 50*time.Millisecond); !ok {
		t.Fatal("a could not renew its lease")
	}
	time.Sleep(80 * time.Millisecond)
	if ok, _ := store.Lease(ctx, "short", "b", time.Minute); !ok {
		t.Fatal("b could not take a lease that ran out")
	}
}

// A released lease is free at once for another copy; a copy cannot release
// a lease it does not hold.
func TestReleasedLeaseIsFreeAtOnce(t *testing.T) {
	store := repotest.Open(t)
	ctx := t.Context()
	if ok, err := store.Lease(ctx, "dispatcher", "old", time.Hour); !ok || err != nil {
		t.Fatalf("old could not take a free lease: %v %v", ok, err)
	}
	if err := store.ReleaseLease(ctx, "dispatcher", "intruder"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := store.Lease(ctx, "dispatcher", "new", time.Hour); ok {
		t.Fatal("a release by someone who does not hold the lease freed it")
	}
	if err := store.ReleaseLease(ctx, "dispatcher", "old"); err != nil {
		t.Fatal(err)
	}
	if ok, err := store.Lease(ctx, "dispatcher", "new", time.Hour); !ok || err != nil {
		t.Fatalf("new could not take the released lease: %v %v", ok, err)
	}
}
