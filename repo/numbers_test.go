package repo_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/repairdesk/repairdesk/repo/repotest"
)

// A key's number is reserved once: of eight calls at once, one reserves
// it (fresh) and all get it; asked again later, it is the same, not fresh.
func TestNumberForReservesOnce(t *testing.T) {
	s := repotest.Open(t)
	ctx := t.Context()
	var fresh atomic.Int32
	got := make([]int64, 8)
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() {
			n, f, err := s.NumberFor(ctx, "u1|submit")
			if err != nil {
				t.Error(err)
			}
			if f {
				fresh.Add(1)
			}
			got[i] = n
		})
	}
	wg.Wait()
	if fresh.Load() != 1 {
		t.Errorf("%d calls reserved the number, want 1", fresh.Load())
	}
	for _, n := range got {
		if n != got[0] || n == 0 {
			t.Fatalf("numbers %v, want one number for all", got)
		}
	}
	n, f, err := s.NumberFor(ctx, "u1|submit")
	if err != nil || f || n != got[0] {
		t.Errorf("asked again: %d, fresh %v, %v; want %d, not fresh", n, f, err, got[0])
	}
	if other, f, err := s.NumberFor(ctx, "u1|another"); err != nil || !f || other == n {
		t.Errorf("another key: %d, fresh %v, %v", other, f, err)
	}
}
