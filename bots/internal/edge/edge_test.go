package edge

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/repairdesk/repairdesk/bots/internal/lanes"
)

var quiet = slog.New(slog.DiscardHandler)

// Run reaches the platform, serves, and closes the inbox; it runs once;
// a refused token ends it with an error before serving.
func TestRun(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := NewInbox("bot", "input", func(context.Context, int) error { return nil }, quiet, func(int) []any { return nil })
		tries, served := 0, false
		hello := func(context.Context) error {
			if tries++; tries < 3 {
				return errors.New("down")
			}
			return nil
		}
		serve := func(context.Context) error { served = true; return nil }
		never := func(error) bool { return false }
		if err := b.Run(t.Context(), hello, never, serve); err != nil || tries != 3 || !served {
			t.Errorf("Run: %v after %d tries, served %v", err, tries, served)
		}
		if b.Push("a", 1) != lanes.Closed {
			t.Error("the inbox is open after Run")
		}
		if err := b.Run(t.Context(), hello, never, serve); err == nil || !strings.Contains(err.Error(), "bot: Run called twice") {
			t.Errorf("second Run: %v", err)
		}
		refused := errors.New("invalid_auth")
		b = NewInbox("bot", "input", func(context.Context, int) error { return nil }, quiet, func(int) []any { return nil })
		served = false
		err := b.Run(t.Context(), func(context.Context) error { return refused }, func(err error) bool { return err == refused }, serve)
		if !errors.Is(err, refused) || served {
			t.Errorf("refused token: %v, served %v", err, served)
		}
	})
}

// Failures are retried after 1, 2, 4… seconds up to a minute; a fatal
// error ends at once; the end of the context ends with nil.
func TestRetry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var at []time.Duration
		n := 0
		err := Retry(t.Context(), quiet, "retrying", func(context.Context) error {
			at = append(at, time.Since(start))
			if n++; n < 4 {
				return errors.New("down")
			}
			return nil
		}, func(error) bool { return false })
		want := []time.Duration{0, time.Second, 3 * time.Second, 7 * time.Second}
		if err != nil || len(at) != len(want) {
			t.Fatalf("err %v, tries at %v", err, at)
		}
		for i := range want {
			if at[i] != want[i] {
				t.Errorf("tries at %v, want %v", at, want)
			}
		}
		refused := errors.New("refused")
		if err := Retry(t.Context(), quiet, "", func(context.Context) error { return refused },
			func(err error) bool { return err == refused }); err != refused {
			t.Errorf("fatal error: %v", err)
		}
		ctx, cancel := context.WithTimeout(t.Context(), time.Hour)
		defer cancel()
		if err := Retry(ctx, quiet, "", func(context.Context) error { return errors.New("down") },
			func(error) bool { return false }); err != nil {
			t.Errorf("after the context: %v", err)
		}
	})
}

func TestCaught(t *testing.T) {
	told := false
	func() {
		defer func() {
			if Caught(recover(), quiet, "panic", "key", 1) {
				told = true
			}
		}()
		panic("boom")
	}()
	if !told {
		t.Error("a panic not caught")
	}
	if Caught(nil, quiet, "panic") {
		t.Error("no panic reported as one")
	}
}

// A lane's inputs are handled in order and lanes side by side; Close
// waits for what was queued and refuses more; the inbox is idle after.
func TestInbox(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var order []int
		b := NewInbox("bot", "input", func(_ context.Context, n int) error {
			time.Sleep(time.Second)
			mu.Lock()
			order = append(order, n)
			mu.Unlock()
			return nil
		}, quiet, func(n int) []any { return []any{"n", n} })
		start := time.Now()
		for i := range 3 {
			b.Push("a", i+1)
			b.Push("b", i+11)
		}
		if n := b.Close(time.Minute); n != 0 {
			t.Errorf("%d left", n)
		}
		if d := time.Since(start); d != 3*time.Second {
			t.Errorf("took %v", d)
		}
		var a, bb []int
		for _, n := range order {
			if n > 10 {
				bb = append(bb, n)
			} else {
				a = append(a, n)
			}
		}
		if len(a) != 3 || a[0] != 1 || a[2] != 3 || len(bb) != 3 || bb[0] != 11 || bb[2] != 13 {
			t.Errorf("order %v", order)
		}
		if r := b.Push("a", 99); r != lanes.Closed || !b.Idle() || b.Work().Err() == nil {
			t.Errorf("closed inbox: push %v, idle %v, work %v", r, b.Idle(), b.Work().Err())
		}
	})
}

// Past the grace period, inputs still waiting are cut short and counted.
func TestInboxGrace(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := NewInbox("bot", "input", func(ctx context.Context, _ int) error { <-ctx.Done(); return nil }, quiet, func(int) []any { return nil })
		for i := range 3 {
			b.Push("a", i)
		}
		start := time.Now()
		if n := b.Close(10 * time.Second); n != 2 {
			t.Errorf("%d left, want 2", n)
		}
		if d := time.Since(start); d != 10*time.Second {
			t.Errorf("Close took %v", d)
		}
	})
}

func TestListen(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		done <- Serve(ctx, ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(r.Context().Value(key{}).(string)))
		}), context.WithValue(context.Background(), key{}, "base"))
	}()
	res, err := http.Get("http://" + ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4)
	n, _ := res.Body.Read(buf)
	res.Body.Close()
	if string(buf[:n]) != "base" {
		t.Errorf("served in %q, want the base context", buf[:n])
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
	if err := Listen(ctx, "", nil, nil); err != nil {
		t.Errorf("Listen with no address: %v", err)
	}
}

type key struct{}
