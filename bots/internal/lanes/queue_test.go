package lanes

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// record is a handler that notes what it handled, per key, after taking
// the time an item asks for.
type record struct {
	mu   sync.Mutex
	got  map[string][]int
	busy int // items being handled now
	most int // the most ever handled at once
}

type job struct {
	key  string
	n    int
	take time.Duration
}

func (r *record) handle(_ context.Context, j job) {
	r.mu.Lock()
	r.busy++
	r.most = max(r.most, r.busy)
	r.mu.Unlock()
	time.Sleep(j.take)
	r.mu.Lock()
	r.busy--
	if r.got == nil {
		r.got = map[string][]int{}
	}
	r.got[j.key] = append(r.got[j.key], j.n)
	r.mu.Unlock()
}

func (r *record) of(key string) []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.got[key])
}

// A lane's items are handled one at a time, in the order pushed, even
// when the first takes longest.
func TestOrderWithinLane(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var r record
		q := New(t.Context(), r.handle, Options[job]{Slots: 4})
		start := time.Now()
		for i := range 10 {
			if res := q.Push("a", job{"a", i, time.Duration(10-i) * time.Second}); res != Queued {
				t.Fatalf("push %d: %v", i, res)
			}
		}
		if n := q.Close(); n != 0 {
			t.Errorf("%d skipped", n)
		}
		if want := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}; !slices.Equal(r.of("a"), want) {
			t.Errorf("handled %v, want %v", r.of("a"), want)
		}
		if r.most != 1 {
			t.Errorf("%d items of one lane handled at once", r.most)
		}
		if d := time.Since(start); d != 55*time.Second {
			t.Errorf("took %v, want the sum of the items, 55s", d)
		}
	})
}

// Different lanes are handled side by side, no more at once than there
// are slots; a lane waiting for a slot does not hold up Push.
func TestSlotsBoundParallelLanes(t *testing.T) {
	for _, slots := range []int{1, 2, 3, 6} {
		t.Run(fmt.Sprint(slots, " slots"), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var r record
				q := New(t.Context(), r.handle, Options[job]{Slots: slots})
				start := time.Now()
				for i := range 6 {
					key := fmt.Sprint("k", i)
					q.Push(key, job{key, i, time.Second})
				}
				if d := time.Since(start); d != 0 {
					t.Errorf("pushing took %v", d)
				}
				q.Close()
				if r.most != slots {
					t.Errorf("%d handled at once, want %d", r.most, slots)
				}
				want := time.Duration((6+slots-1)/slots) * time.Second
				if d := time.Since(start); d != want {
					t.Errorf("took %v, want %v", d, want)
				}
			})
		})
	}
}

// The zero Options give one slot, not a queue that never handles.
func TestZeroOptions(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var r record
		q := New(t.Context(), r.handle, Options[job]{})
		q.Push("a", job{"a", 1, time.Second})
		q.Push("b", job{"b", 2, time.Second})
		q.Close()
		if r.most != 1 || len(r.of("a")) != 1 || len(r.of("b")) != 1 {
			t.Errorf("most %d at once, handled %v", r.most, r.got)
		}
	})
}

// Past MaxLane items waiting, a lane refuses more; the item being handled
// does not count, other lanes are not affected, and the lane takes items
// again once it has room.
func TestFloodDropped(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var r record
		q := New(t.Context(), r.handle, Options[job]{Slots: 2, MaxLane: 2})
		q.Push("a", job{"a", 0, time.Second})
		synctest.Wait() // 0 is being handled, out of the lane
		var results []Result
		for i := 1; i <= 4; i++ {
			results = append(results, q.Push("a", job{"a", i, time.Second}))
		}
		if want := []Result{Queued, Queued, Full, Full}; !slices.Equal(results, want) {
			t.Errorf("pushes gave %v, want %v", results, want)
		}
		if res := q.Push("b", job{"b", 9, time.Second}); res != Queued {
			t.Errorf("another lane: %v", res)
		}
		time.Sleep(time.Second) // 0 handled, 1 taken: room for one
		synctest.Wait()
		if res := q.Push("a", job{"a", 5, time.Second}); res != Queued {
			t.Errorf("after room was made: %v", res)
		}
		q.Close()
		if want := []int{0, 1, 2, 5}; !slices.Equal(r.of("a"), want) {
			t.Errorf("handled %v, want %v", r.of("a"), want)
		}
	})
}

// Close waits for every queued item, then refuses more; the queue is idle
// after and no goroutine of its is left (synctest.Test would report it
// blocked in the bubble).
func TestCloseWaits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var r record
		q := New(t.Context(), r.handle, Options[job]{Slots: 2})
		for i := range 3 {
			q.Push("a", job{"a", i, time.Second})
			q.Push("b", job{"b", i, 2 * time.Second})
		}
		if q.Idle() {
			t.Error("idle with work queued")
		}
		start := time.Now()
		if n := q.Close(); n != 0 {
			t.Errorf("%d skipped", n)
		}
		if d := time.Since(start); d != 6*time.Second {
			t.Errorf("Close returned after %v, want 6s", d)
		}
		if len(r.of("a")) != 3 || len(r.of("b")) != 3 {
			t.Errorf("handled %v", r.got)
		}
		if res := q.Push("a", job{"a", 9, 0}); res != Closed {
			t.Errorf("push after Close: %v", res)
		}
		if !q.Idle() {
			t.Error("not idle after Close")
		}
		if n := q.Close(); n != 0 {
			t.Errorf("second Close: %d", n)
		}
	})
}

// A queue with nothing to do has no goroutine: lanes come and go with
// their work.
func TestIdleBetweenWork(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var r record
		q := New(t.Context(), r.handle, Options[job]{Slots: 2})
		if !q.Idle() {
			t.Error("new queue not idle")
		}
		q.Push("a", job{"a", 1, time.Second})
		synctest.Wait()
		if q.Idle() {
			t.Error("idle while handling")
		}
		time.Sleep(time.Second)
		synctest.Wait() // every goroutine of the bubble is blocked or gone
		if !q.Idle() {
			t.Error("not idle after the work")
		}
		q.Push("a", job{"a", 2, time.Second})
		time.Sleep(time.Second)
		synctest.Wait()
		if !q.Idle() || !slices.Equal(r.of("a"), []int{1, 2}) {
			t.Errorf("idle %v, handled %v", q.Idle(), r.of("a"))
		}
		// Not closed: the bubble ends only if no lane goroutine is left.
	})
}

// When the context ends while Close waits, the items still waiting,
// those waiting for a slot included, are skipped: Skipped is told of
// each and Close counts them. The items being handled finish.
func TestCloseAfterContextEnd(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		var mu sync.Mutex
		var handled, skipped []string
		q := New(ctx, func(ctx context.Context, s string) {
			<-ctx.Done() // a handler that runs until told to stop
			mu.Lock()
			handled = append(handled, s)
			mu.Unlock()
		}, Options[string]{Slots: 2, Skipped: func(key, s string) {
			mu.Lock()
			skipped = append(skipped, key+":"+s)
			mu.Unlock()
		}})
		// One at a time, so that a1 and b1 take the slots.
		for _, s := range []string{"a1", "a2", "a3", "b1", "c1"} {
			q.Push(s[:1], s)
			synctest.Wait()
		}
		closed := make(chan int)
		go func() { closed <- q.Close() }()
		time.Sleep(time.Minute)
		synctest.Wait()
		select {
		case n := <-closed:
			t.Fatalf("Close returned %d before the context ended", n)
		default:
		}
		cancel()
		if n := <-closed; n != 3 {
			t.Errorf("Close reported %d, want 3", n)
		}
		slices.Sort(handled)
		slices.Sort(skipped)
		if want := []string{"a1", "b1"}; !slices.Equal(handled, want) {
			t.Errorf("handled %v, want %v", handled, want)
		}
		if want := []string{"a:a2", "a:a3", "c:c1"}; !slices.Equal(skipped, want) {
			t.Errorf("skipped %v, want %v", skipped, want)
		}
		if !q.Idle() {
			t.Error("not idle after Close")
		}
	})
}

// Items pushed after the context ended are skipped, not handled, until
// Close refuses them.
func TestPushAfterContextEnd(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		var r record
		n := 0
		q := New(ctx, r.handle, Options[job]{Slots: 1, Skipped: func(string, job) { n++ }})
		for i := range 5 {
			q.Push("a", job{"a", i, time.Second})
		}
		if left := q.Close(); left != 5 || n != 5 || len(r.of("a")) != 0 {
			t.Errorf("Close %d, Skipped told %d, handled %v", left, n, r.of("a"))
		}
	})
}

// Many goroutines pushing at once, each to its own lane, in real time:
// each lane keeps its order (run with -race).
func TestConcurrentPush(t *testing.T) {
	var r record
	q := New(t.Context(), r.handle, Options[job]{Slots: 4, MaxLane: 1000})
	var wg sync.WaitGroup
	for p := range 8 {
		wg.Go(func() {
			key := fmt.Sprint("p", p)
			for i := range 200 {
				if res := q.Push(key, job{key, i, 0}); res != Queued {
					t.Errorf("%s %d: %v", key, i, res)
				}
				q.Idle()
			}
		})
	}
	wg.Wait()
	if n := q.Close(); n != 0 {
		t.Errorf("%d skipped", n)
	}
	for p := range 8 {
		got := r.of(fmt.Sprint("p", p))
		if len(got) != 200 || !slices.IsSorted(got) {
			t.Errorf("lane p%d handled %d items, in order %v", p, len(got), slices.IsSorted(got))
		}
	}
	if r.most > 4 {
		t.Errorf("%d handled at once with 4 slots", r.most)
	}
}

func TestResultString(t *testing.T) {
	for r, want := range map[Result]string{Queued: "queued", Full: "full", Closed: "closed", Result(7): "unknown"} {
		if got := r.String(); got != want {
			t.Errorf("%d: %q, want %q", int(r), got, want)
		}
	}
}
