package keylock

import (
	"sync"
	"testing"
)

// One key's holders take turns, other keys do not wait for them, and a
// key nobody holds any more is forgotten.
func TestLocks(t *testing.T) {
	var k Locks
	var wg sync.WaitGroup
	counts := map[string]*int{"a": new(int), "b": new(int)}
	for i := range 200 {
		key := []string{"a", "b"}[i%2]
		wg.Go(func() {
			unlock := k.Lock(key)
			defer unlock()
			*counts[key]++ // a data race, for -race, unless the lock holds
		})
	}
	wg.Wait()
	if *counts["a"] != 100 || *counts["b"] != 100 {
		t.Errorf("counts %d and %d, want 100 each", *counts["a"], *counts["b"])
	}
	unlockA := k.Lock("a")
	unlockB := k.Lock("b") // another key: no wait
	if n := k.held(); n != 2 {
		t.Errorf("%d keys locked, want 2", n)
	}
	unlockA()
	unlockB()
	if n := k.held(); n != 0 {
		t.Errorf("%d keys remembered after every unlock, want none", n)
	}
}
