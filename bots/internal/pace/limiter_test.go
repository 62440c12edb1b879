package pace

import (
	"context"
	"testing"
	"testing/synctest"
	"time"
)

// One key: a burst, then one write per interval; a pause after a 429
// leaves no burst; other keys are not held up; an idle key recovers its
// burst. (Slack's pace: no overall bound.)
func TestKeyAlone(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	l := New(Rate{})
	l.Now = func() time.Time { return now }
	r := Rate{Every: time.Second, Burst: 3}
	var waits []time.Duration
	for range 5 {
		waits = append(waits, l.Reserve("C1", r))
	}
	want := []time.Duration{0, 0, 0, time.Second, 2 * time.Second}
	for i := range want {
		if waits[i] != want[i] {
			t.Fatalf("waits %v, want %v", waits, want)
		}
	}
	if d := l.Reserve("C2", r); d != 0 {
		t.Errorf("another key waits %v", d)
	}
	now = now.Add(time.Minute)
	l.Pause("C1", r, 5*time.Second)
	if d := l.Reserve("C1", r); d != 5*time.Second {
		t.Errorf("after a pause of 5s: wait %v", d)
	}
	if d := l.Reserve("C1", r); d != 6*time.Second {
		t.Errorf("the next one: wait %v", d)
	}
	now = now.Add(time.Hour)
	if d := l.Reserve("C1", r); d != 0 {
		t.Errorf("after an hour: wait %v", d)
	}
}

// Telegram's pace: a person's chat and a group each keep their own
// schedule within an overall one, and a pause shows in Delay.
func TestKeysWithinOverall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := New(Rate{Every: time.Second / 30, Burst: 30})
		person, group := Rate{Every: time.Second, Burst: 3}, Rate{Every: 3 * time.Second, Burst: 5}
		ctx := context.Background()
		start := time.Now()
		at := func(key string, r Rate) time.Duration {
			if err := l.Wait(ctx, key, r); err != nil {
				t.Fatal(err)
			}
			return time.Since(start)
		}
		var got []time.Duration
		for range 5 {
			got = append(got, at("7", person))
		}
		want := []time.Duration{0, 0, 0, time.Second, 2 * time.Second}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("writes to a person at %v, want %v", got, want)
			}
		}
		if d := at("-100", group); d != 2*time.Second {
			t.Errorf("group write at %v, want at once (2s)", d)
		}
		l.Pause("7", person, 30*time.Second)
		if d := l.Delay("7", person); d != 30*time.Second {
			t.Errorf("delay after a 429 = %v", d)
		}
		if d := at("7", person); d != 32*time.Second {
			t.Errorf("write after the pause at %v, want 32s", d)
		}
	})
}

// The overall rate holds back writes to many keys at once.
func TestOverall(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	l := New(Rate{Every: time.Second, Burst: 2})
	l.Now = func() time.Time { return now }
	r := Rate{Every: time.Second, Burst: 10}
	var waits []time.Duration
	for _, k := range []string{"a", "b", "c", "d"} {
		waits = append(waits, l.Reserve(k, r))
	}
	want := []time.Duration{0, 0, time.Second, 2 * time.Second}
	for i := range want {
		if waits[i] != want[i] {
			t.Fatalf("waits %v, want %v", waits, want)
		}
	}
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
