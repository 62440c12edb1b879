package edge

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/repairdesk/repairdesk/talk"
)

// memStore is a Store in memory.
type memStore struct {
	mu    sync.Mutex
	order []string
	data  map[string][]byte
	seen  map[string]bool
	down  bool
	// finishes counts the calls to Finish; the first finishFails of
	// them fail.
	finishes, finishFails int
}

func newMemStore() *memStore { return &memStore{data: map[string][]byte{}, seen: map[string]bool{}} }

func (s *memStore) KeepAll(_ context.Context, _ string, keys []string, data [][]byte) ([]bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var kept []bool
	for i, key := range keys {
		if s.down {
			return kept, errors.New("down")
		}
		_, ok := s.data[key]
		if !ok {
			s.data[key] = data[i]
			s.order = append(s.order, key)
		}
		kept = append(kept, !ok)
	}
	return kept, nil
}

func (s *memStore) Kept(context.Context, string) ([]string, [][]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var keys []string
	var out [][]byte
	for _, k := range s.order {
		if d, ok := s.data[k]; ok {
			keys, out = append(keys, k), append(out, d)
		}
	}
	return keys, out, nil
}

func (s *memStore) Seen(_ context.Context, key string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen[key], nil
}

func (s *memStore) Finish(_ context.Context, handled, dropped []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.finishes++
	if s.finishes <= s.finishFails {
		return errors.New("down")
	}
	for _, k := range handled {
		s.seen[k] = true
		delete(s.data, k)
	}
	for _, k := range dropped {
		delete(s.data, k)
	}
	return nil
}

func (s *memStore) left() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, k := range s.order {
		if _, ok := s.data[k]; ok {
			out = append(out, k)
		}
	}
	return out
}

// kept inputs are strings: the key and the input are the data.
func readString(data []byte) (Kept[string], error) {
	return Kept[string]{Lane: "a", Key: string(data), Item: string(data)}, nil
}

// An input is kept before it is queued and dropped once handled; one
// delivered again while in hand, or after it was handled, is not handled
// again; one the store cannot keep is refused.
func TestTakeKeepsUntilHandled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := newMemStore()
		var mu sync.Mutex
		var handled []string
		release := make(chan struct{})
		b := NewInbox("bot", "input", func(_ context.Context, s string) error {
			<-release
			mu.Lock()
			handled = append(handled, s)
			mu.Unlock()
			return nil
		}, quiet, func(string) []any { return nil })
		b.Keep(store, readString)
		ctx := t.Context()
		if r, err := b.Take(ctx, "a", "k1", "k1", []byte("k1")); r != Queued || err != nil {
			t.Fatalf("Take: %v, %v", r, err)
		}
		if r, err := b.Take(ctx, "a", "k1", "k1", []byte("k1")); r != Again || err != nil {
			t.Errorf("Take again while in hand: %v, %v", r, err)
		}
		synctest.Wait()
		if got := store.left(); !slices.Equal(got, []string{"k1"}) {
			t.Errorf("kept while in hand: %v", got)
		}
		close(release)
		synctest.Wait()
		if got := store.left(); !slices.Equal(got, []string{"k1"}) {
			t.Errorf("not kept until the handled inputs are finished: %v", got)
		}
		if r, err := b.Take(ctx, "a", "k1", "k1", []byte("k1")); r != Again || err != nil {
			t.Errorf("Take again when handled, before it is finished: %v, %v", r, err)
		}
		time.Sleep(finishEvery)
		synctest.Wait()
		if got := store.left(); len(got) != 0 || !store.seen["k1"] {
			t.Errorf("kept after handling: %v, seen %v", got, store.seen)
		}
		// Delivered again after it was handled: kept, then dropped
		// unhandled, since it was seen.
		if r, err := b.Take(ctx, "a", "k1", "k1", []byte("k1")); r != Queued || err != nil {
			t.Errorf("Take after handling: %v, %v", r, err)
		}
		synctest.Wait()
		store.mu.Lock()
		store.down = true
		store.mu.Unlock()
		if _, err := b.Take(ctx, "a", "k2", "k2", []byte("k2")); err == nil {
			t.Error("an input the store cannot keep was taken")
		}
		b.Close(time.Minute)
		if !slices.Equal(handled, []string{"k1"}) || len(store.left()) != 0 {
			t.Errorf("handled %v, kept %v; want k1 once and nothing kept", handled, store.left())
		}
	})
}

// What a run left in the store is handled by the next, in the order it
// was kept and before anything new, even if the last run recorded it as
// seen; what shutdown cut short stays for the next start.
func TestResumeHandlesWhatWasLeft(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := newMemStore()
		ctx := t.Context()
		stuck := NewInbox("bot", "input", func(ctx context.Context, _ string) error { <-ctx.Done(); return nil }, quiet, func(string) []any { return nil })
		stuck.Keep(store, readString)
		for _, k := range []string{"k1", "k2"} {
			if _, err := stuck.Take(ctx, "a", k, k, []byte(k)); err != nil {
				t.Fatal(err)
			}
		}
		synctest.Wait()
		stuck.Close(time.Second)
		if got := store.left(); !slices.Equal(got, []string{"k1", "k2"}) {
			t.Fatalf("left by a shutdown that cut them short: %v", got)
		}
		if store.seen["k1"] || store.seen["k2"] {
			t.Fatal("recorded as handled when shutdown cut the handling short")
		}
		// As if the last run had handled k1 and died before it dropped
		// it from the inputs kept.
		store.seen["k1"] = true

		var handled []string
		b := NewInbox("bot", "input", func(_ context.Context, s string) error { handled = append(handled, s); return nil }, quiet,
			func(string) []any { return nil })
		b.Keep(store, readString)
		if err := b.Resume(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Take(ctx, "a", "k3", "k3", []byte("k3")); err != nil {
			t.Fatal(err)
		}
		b.Close(time.Minute)
		if !slices.Equal(handled, []string{"k1", "k2", "k3"}) || len(store.left()) != 0 {
			t.Errorf("handled %v, kept %v; want k1 k2 k3 and nothing kept", handled, store.left())
		}
	})
}

// What cannot be read back is dropped, not tried again at every start.
func TestResumeDropsWhatItCannotRead(t *testing.T) {
	store := newMemStore()
	ctx := t.Context()
	store.KeepAll(ctx, "bot", []string{"bad"}, [][]byte{[]byte("bad")})
	b := NewInbox("bot", "input", func(context.Context, string) error { t.Error("an unreadable input was handled"); return nil }, quiet,
		func(string) []any { return nil })
	b.Keep(store, func(data []byte) (Kept[string], error) { return Kept[string]{}, errors.New("unreadable") })
	if err := b.Resume(ctx); err != nil {
		t.Fatal(err)
	}
	b.Close(time.Minute)
	if got := store.left(); len(got) != 0 {
		t.Errorf("kept after Resume: %v", got)
	}
}

// An input whose answer the platform did not take stays kept and is
// handed over again, marked as handled before, after a wait no shorter
// than the platform asked for; once answered it leaves the store.
func TestUnansweredInputIsHandedOverAgain(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := newMemStore()
		var mu sync.Mutex
		var tries []time.Time
		b := NewInbox("bot", "input", func(_ context.Context, s string) error {
			mu.Lock()
			defer mu.Unlock()
			tries = append(tries, time.Now())
			if len(tries) < 3 {
				return &talk.RateLimited{Wait: 10 * time.Second, Err: errors.New("429 Too Many Requests")}
			}
			return nil
		}, quiet, func(string) []any { return nil })
		b.Keep(store, readString)
		if err := b.Resume(t.Context()); err != nil {
			t.Fatal(err)
		}
		if r, err := b.Take(t.Context(), "a", "k1", "k1", []byte("k1")); r != Queued || err != nil {
			t.Fatalf("take: %v %v", r, err)
		}
		time.Sleep(time.Minute)
		synctest.Wait()
		mu.Lock()
		defer mu.Unlock()
		if len(tries) != 3 {
			t.Fatalf("handled %d times, want 3 (twice refused, then answered)", len(tries))
		}
		for i := 1; i < len(tries); i++ {
			if gap := tries[i].Sub(tries[i-1]); gap < 10*time.Second {
				t.Errorf("try %d came %v after the one before, sooner than the 10 s asked", i+1, gap)
			}
		}
		if keys, _, _ := store.Kept(t.Context(), "bot"); len(keys) != 0 {
			t.Errorf("still kept after it was answered: %v", keys)
		}
		b.Close(time.Second)
	})
}

// Inputs handled close together are finished in the store together, in
// one call; Close finishes what is left at once.
func TestHandledInputsAreFinishedTogether(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := newMemStore()
		b := NewInbox("bot", "input", func(context.Context, string) error { return nil }, quiet, func(string) []any { return nil })
		b.Keep(store, readString)
		ctx := t.Context()
		take := func(keys ...string) {
			for _, k := range keys {
				if _, err := b.Take(ctx, k, k, k, []byte(k)); err != nil {
					t.Fatal(err)
				}
			}
		}
		take("k1", "k2", "k3", "k4", "k5")
		time.Sleep(finishEvery)
		synctest.Wait()
		if got := store.left(); store.finishes != 1 || len(got) != 0 {
			t.Errorf("after five inputs: %d calls to Finish, kept %v; want 1 and nothing", store.finishes, got)
		}
		take("k6")
		synctest.Wait()
		b.Close(time.Minute)
		if got := store.left(); store.finishes != 2 || len(got) != 0 || !store.seen["k6"] {
			t.Errorf("after Close: %d calls to Finish, kept %v; want 2 and nothing", store.finishes, got)
		}
	})
}

// However busy the desk, no more than finishBatch inputs wait to be
// finished: a batch goes as soon as it is full, before finishEvery. After
// the store failed, a full batch does not make it ask again before
// finishRetry.
func TestAFullBatchIsFinishedAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := newMemStore()
		b, _ := recording(store)
		ctx := t.Context()
		take := func(from, to int) {
			for i := from; i < to; i++ {
				k := fmt.Sprintf("k%d", i)
				if _, err := b.Take(ctx, k, k, k, []byte(k)); err != nil {
					t.Fatal(err)
				}
				synctest.Wait()
			}
		}
		take(0, finishBatch)
		if got := store.left(); store.finishes != 1 || len(got) != 0 {
			t.Fatalf("a full batch: %d calls to Finish, %d kept; want 1 and none, before finishEvery", store.finishes, len(got))
		}
		store.finishFails = 3 // the next two calls fail
		take(finishBatch, 3*finishBatch)
		if got := store.left(); store.finishes != 2 || len(got) != 2*finishBatch {
			t.Errorf("the store failing: %d calls to Finish, %d kept; want 2 (one failed, none while it waits to retry) and %d", store.finishes, len(got), 2*finishBatch)
		}
		time.Sleep(finishRetry)
		synctest.Wait()
		time.Sleep(finishRetry)
		synctest.Wait()
		if got := store.left(); store.finishes != 4 || len(got) != 0 {
			t.Errorf("the store back: %d calls to Finish, %d kept; want 4 and none", store.finishes, len(got))
		}
		b.Close(time.Minute)
	})
}

// Inputs the store failed to finish are finished later, with those
// handled meanwhile, rather than left kept to be answered again at the
// next start.
func TestUnfinishedInputsAreFinishedLater(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := newMemStore()
		store.finishFails = 2
		b, _ := recording(store)
		ctx := t.Context()
		if _, err := b.Take(ctx, "a", "k1", "k1", []byte("k1")); err != nil {
			t.Fatal(err)
		}
		time.Sleep(finishEvery)
		synctest.Wait()
		if got := store.left(); store.finishes != 1 || !slices.Equal(got, []string{"k1"}) {
			t.Fatalf("after a failed Finish: %d calls, kept %v; want 1 and k1", store.finishes, got)
		}
		if _, err := b.Take(ctx, "a", "k2", "k2", []byte("k2")); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * finishRetry)
		synctest.Wait()
		if got := store.left(); store.finishes != 3 || len(got) != 0 || !store.seen["k1"] || !store.seen["k2"] {
			t.Errorf("after the store came back: %d calls to Finish, kept %v; want 3 and nothing", store.finishes, got)
		}
		b.Close(time.Minute)
	})
}

// TakeAll keeps a batch's inputs in one call and queues them, and those
// without a key, in order; one in hand already is not queued again; when
// the store fails part-way, what came before is taken and the rest is
// not, for the platform to deliver again.
func TestTakeAllKeepsABatchInOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := newMemStore()
		b, handled := recording(store)
		ctx := t.Context()
		kept := func(k string) Taking[string] { return Taking[string]{Lane: "a", Key: k, Item: k, Data: []byte(k)} }
		loose := Taking[string]{Lane: "a", Item: "edit"}
		if n, err := b.TakeAll(ctx, []Taking[string]{kept("k1"), loose, kept("k2"), kept("k1")}); n != 4 || err != nil {
			t.Fatalf("TakeAll: %d, %v", n, err)
		}
		synctest.Wait()
		if got := handled(); got != "[k1 edit k2]" {
			t.Errorf("handled %v, want [k1 edit k2]", got)
		}
		store.mu.Lock()
		store.down = true
		store.mu.Unlock()
		if n, err := b.TakeAll(ctx, []Taking[string]{loose, kept("k3"), loose}); n != 1 || err == nil {
			t.Errorf("TakeAll with the store down: %d, %v; want 1 and an error", n, err)
		}
		b.Close(time.Minute)
		if got := handled(); got != "[k1 edit k2 edit]" {
			t.Errorf("handled %v, want [k1 edit k2 edit]", got)
		}
	})
}

// An input the last run kept and the platform delivers again before
// Resume (a webhook is served from the start) is handled once, by Resume:
// Take finds it kept already and does not claim it as its own.
func TestInputLeftByTheLastRunDeliveredBeforeResume(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := newMemStore()
		ctx := t.Context()
		store.KeepAll(ctx, "bot", []string{"k1"}, [][]byte{[]byte("k1")})
		b, handled := recording(store)
		if r, err := b.Take(ctx, "a", "k1", "k1", []byte("k1")); r != Again || err != nil {
			t.Fatalf("Take before Resume: %v, %v", r, err)
		}
		if err := b.Resume(ctx); err != nil {
			t.Fatal(err)
		}
		b.Close(time.Minute)
		if got := handled(); got != "[k1]" {
			t.Errorf("handled %v, want k1 once", got)
		}
	})
}

// recording is an inbox kept in store that handles its inputs at once;
// handled lists those it handled so far, in order.
func recording(store Store) (b *Inbox[string], handled func() string) {
	var mu sync.Mutex
	var got []string
	b = NewInbox("bot", "input", func(_ context.Context, s string) error {
		mu.Lock()
		got = append(got, s)
		mu.Unlock()
		return nil
	}, quiet, func(string) []any { return nil })
	b.Keep(store, readString)
	return b, func() string {
		mu.Lock()
		defer mu.Unlock()
		return fmt.Sprint(got)
	}
}
