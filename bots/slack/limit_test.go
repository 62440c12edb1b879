package slack

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	l := newLimiter(Pace{Every: time.Second, Burst: 3})
	l.now = func() time.Time { return now }
	var waits []time.Duration
	for range 5 {
		waits = append(waits, l.reserve("C1"))
	}
	want := []time.Duration{0, 0, 0, time.Second, 2 * time.Second}
	for i := range want {
		if waits[i] != want[i] {
			t.Fatalf("waits %v, want %v", waits, want)
		}
	}
	if d := l.reserve("C2"); d != 0 {
		t.Errorf("another channel waits %v", d)
	}
	// After a 429 the channel waits it out, with no burst after.
	now = now.Add(time.Minute)
	l.pause("C1", 5*time.Second)
	if d := l.reserve("C1"); d != 5*time.Second {
		t.Errorf("after a pause of 5s: wait %v", d)
	}
	if d := l.reserve("C1"); d != 6*time.Second {
		t.Errorf("the next one: wait %v", d)
	}
	// Idle channels recover their burst.
	now = now.Add(time.Hour)
	if d := l.reserve("C1"); d != 0 {
		t.Errorf("after an hour: wait %v", d)
	}
}

// A lane's events are handled in order; lanes run side by side; close
// waits for what was queued and refuses more.
func TestQueue(t *testing.T) {
	var mu sync.Mutex
	got := map[string][]string{}
	release := make(chan struct{})
	q := newQueue(context.Background(), func(_ context.Context, ev *event) {
		if ev.text == "slow" {
			<-release
		}
		mu.Lock()
		got[ev.lane] = append(got[ev.lane], ev.text)
		mu.Unlock()
	}, slog.New(slog.DiscardHandler))
	for _, s := range []string{"slow", "2", "3"} {
		q.push(&event{lane: "a", text: s})
	}
	q.push(&event{lane: "b", text: "other"})
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		n := len(got["b"])
		mu.Unlock()
		if n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("lane b waited for lane a")
		}
		time.Sleep(10 * time.Millisecond)
	}
	close(release)
	if left := q.close(); left != 0 {
		t.Errorf("%d left", left)
	}
	if a := got["a"]; len(a) != 3 || a[0] != "slow" || a[1] != "2" || a[2] != "3" {
		t.Errorf("lane a handled %v", a)
	}
	if r := q.push(&event{lane: "a", text: "late"}); r != closed {
		t.Errorf("push after close: %v", r)
	}
	if !q.idle() {
		t.Error("not idle after close")
	}
}
