package pace

import (
	"context"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// waitAt waits for a slot and returns when it came, since start.
func waitAt(t *testing.T, ctx context.Context, l *Limiter, start time.Time, key string, r Rate) time.Duration {
	t.Helper()
	if err := l.Wait(ctx, key, r); err != nil {
		t.Fatal(err)
	}
	return time.Since(start)
}

// One key: a burst, then one write per interval; a pause after a 429
// leaves no burst; other keys are not held up; an idle key recovers its
// burst. (Slack's pace: no overall bound.)
func TestKeyAlone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := New(Rate{})
		r := Rate{Every: time.Second, Burst: 3}
		ctx, start := t.Context(), time.Now()
		var got []time.Duration
		for range 5 {
			got = append(got, waitAt(t, ctx, l, start, "C1", r))
		}
		want := []time.Duration{0, 0, 0, time.Second, 2 * time.Second}
		if !slices.Equal(got, want) {
			t.Fatalf("writes at %v, want %v", got, want)
		}
		if d := waitAt(t, ctx, l, start, "C2", r); d != 2*time.Second {
			t.Errorf("another key waited until %v", d)
		}
		time.Sleep(time.Minute)
		l.Pause("C1", r, 5*time.Second)
		start = time.Now()
		if d := waitAt(t, ctx, l, start, "C1", r); d != 5*time.Second {
			t.Errorf("after a pause of 5s: at %v", d)
		}
		if d := waitAt(t, ctx, l, start, "C1", r); d != 6*time.Second {
			t.Errorf("the next one: at %v", d)
		}
		time.Sleep(time.Hour)
		start = time.Now()
		if d := waitAt(t, ctx, l, start, "C1", r); d != 0 {
			t.Errorf("after an hour: at %v", d)
		}
	})
}

// Telegram's pace: a person's chat and a group each keep their own
// schedule within an overall one, and a pause shows in Delay.
func TestKeysWithinOverall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := New(Rate{Every: time.Second / 30, Burst: 30})
		person, group := Rate{Every: time.Second, Burst: 3}, Rate{Every: 3 * time.Second, Burst: 5}
		ctx := context.Background()
		start := time.Now()
		var got []time.Duration
		for range 5 {
			got = append(got, waitAt(t, ctx, l, start, "7", person))
		}
		want := []time.Duration{0, 0, 0, time.Second, 2 * time.Second}
		if !slices.Equal(got, want) {
			t.Fatalf("writes to a person at %v, want %v", got, want)
		}
		if d := waitAt(t, ctx, l, start, "-100", group); d != 2*time.Second {
			t.Errorf("group write at %v, want at once (2s)", d)
		}
		l.Pause("7", person, 30*time.Second)
		if d := l.Delay("7", person); d != 30*time.Second {
			t.Errorf("delay after a 429 = %v", d)
		}
		if d := waitAt(t, ctx, l, start, "7", person); d != 32*time.Second {
			t.Errorf("write after the pause at %v, want 32s", d)
		}
	})
}

// The overall rate holds back writes to many keys at once.
func TestOverall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := New(Rate{Every: time.Second, Burst: 2})
		r := Rate{Every: time.Second, Burst: 10}
		start := time.Now()
		var got []time.Duration
		for _, k := range []string{"a", "b", "c", "d"} {
			got = append(got, waitAt(t, t.Context(), l, start, k, r))
		}
		want := []time.Duration{0, 0, time.Second, 2 * time.Second}
		if !slices.Equal(got, want) {
			t.Fatalf("writes at %v, want %v", got, want)
		}
	})
}

// A key that is not due yet does not hold an overall slot meanwhile:
// other keys use the overall rate in the time.
func TestKeyNotDueLeavesOverallFree(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := New(Rate{Every: 100 * time.Millisecond, Burst: 1})
		slow := Rate{Every: time.Second, Burst: 1}
		start := time.Now()
		waitAt(t, t.Context(), l, start, "slow", slow)
		var wg sync.WaitGroup
		wg.Go(func() {
			if d := waitAt(t, t.Context(), l, start, "slow", slow); d != time.Second {
				t.Errorf("the slow key's second write at %v", d)
			}
		})
		synctest.Wait()
		var got []time.Duration
		for i := range 5 {
			got = append(got, waitAt(t, t.Context(), l, start, string(rune('a'+i)), Rate{}))
		}
		want := []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 300 * time.Millisecond, 400 * time.Millisecond, 500 * time.Millisecond}
		if !slices.Equal(got, want) {
			t.Errorf("other keys wrote at %v, want %v", got, want)
		}
		wg.Wait()
	})
}

// Under the overall ceiling, answers to people go first, the one who has
// waited longest first, and broadcasts after them in the order they came.
func TestRepliesFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := New(Rate{Every: time.Second, Burst: 1})
		free := Rate{}
		start := time.Now()
		waitAt(t, t.Context(), l, start, "first", free) // takes the burst
		var mu sync.Mutex
		var order []string
		var wg sync.WaitGroup
		write := func(ctx context.Context, name string) {
			wg.Go(func() {
				if err := l.Wait(ctx, name, free); err != nil {
					if name != "gone" {
						t.Error(err)
					}
					return
				}
				mu.Lock()
				order = append(order, name)
				mu.Unlock()
			})
			synctest.Wait()
		}
		write(t.Context(), "digest")
		write(t.Context(), "group notice")
		write(Reply(t.Context(), start.Add(2*time.Second)), "late person")
		write(Reply(t.Context(), start.Add(time.Second)), "early person")
		cancelled, cancel := context.WithCancel(Reply(t.Context(), start))
		write(cancelled, "gone")
		cancel()
		wg.Wait()
		want := []string{"early person", "late person", "digest", "group notice"}
		if !slices.Equal(order, want) {
			t.Errorf("written in the order %v, want %v", order, want)
		}
		if d := time.Since(start); d != 4*time.Second {
			t.Errorf("the last write at %v, want 4s: a cancelled wait gives its slot up", d)
		}
	})
}

// A steady stream of answers, more than the ceiling lets through, holds a
// broadcast back for its grace at most: after it, the broadcast goes
// before the people who began to wait later.
func TestBroadcastNotStarvedByAnswers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := New(Rate{Every: 100 * time.Millisecond, Burst: 1})
		l.BroadcastGrace = time.Second
		free := Rate{}
		start := time.Now()
		var wg sync.WaitGroup
		for i := range 3 { // three people, each asking again as soon as answered, for 10 s
			wg.Go(func() {
				for time.Since(start) < 10*time.Second {
					waitAt(t, Reply(t.Context(), time.Now()), l, start, string(rune('a'+i)), free)
				}
			})
		}
		time.Sleep(500 * time.Millisecond)
		posted := waitAt(t, t.Context(), l, start, "dispatch", free)
		wg.Wait()
		// It came at 0.5 s: its turn is at 1.5 s, behind the answers to
		// the three people waiting by then, a slot each.
		if posted < 1500*time.Millisecond || posted > 1900*time.Millisecond {
			t.Errorf("the broadcast went out at %v, want between 1.5s and 1.9s", posted)
		}
	})
}

// The backlog is the writes waiting for an overall slot, at the overall
// rate: nothing when they go at once, nothing without an overall rate.
func TestBacklog(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := New(Rate{Every: 100 * time.Millisecond, Burst: 1})
		r := Rate{Every: time.Millisecond, Burst: 100}
		ctx := t.Context()
		if d := l.Backlog(); d != 0 {
			t.Errorf("backlog of an idle limiter: %v", d)
		}
		for i := range 5 {
			go l.Wait(ctx, string(rune('a'+i)), r)
		}
		synctest.Wait()
		if d := l.Backlog(); d != 400*time.Millisecond {
			t.Errorf("backlog with five writes at once: %v, want 400ms (one went at once)", d)
		}
		time.Sleep(time.Second)
		synctest.Wait()
		if d := l.Backlog(); d != 0 {
			t.Errorf("backlog once they went: %v", d)
		}
		free := New(Rate{})
		for i := range 5 {
			if err := free.Wait(ctx, string(rune('a'+i)), r); err != nil {
				t.Fatal(err)
			}
		}
		if d := free.Backlog(); d != 0 {
			t.Errorf("backlog without an overall rate: %v", d)
		}
	})
}

func TestSleepEndsWithContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		if Sleep(ctx, time.Minute) {
			t.Error("slept a minute past the context's end")
		}
		if !Sleep(t.Context(), time.Second) {
			t.Error("a second did not pass")
		}
	})
}
