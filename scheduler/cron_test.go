package scheduler_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/scheduler"
)

// lockedBuffer collects log lines from several goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// A job that panics under cron is logged through slog and runs again at
// the next tick; the other jobs carry on; Run returns once ctx is done.
func TestRunRecoversFromPanics(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for a few seconds")
	}
	var calls, delivered atomic.Int32
	digest := func(context.Context, string, desk.Digest) error {
		if calls.Add(1) == 1 {
			panic("digest renderer bug")
		}
		delivered.Add(1)
		return nil
	}
	var overdueRuns atomic.Int32
	observe := func(job string, _ time.Time, _ error) {
		if job == scheduler.JobOverdue {
			overdueRuns.Add(1)
		}
	}
	f := newFixture(t)
	f.settings(func(s *desk.Settings) { s.DigestAt = "00:00" })
	f.report(desk.Window{}) // an empty desk sends no digest
	var logs lockedBuffer
	s := scheduler.New(f.svc, f.store, slog.New(slog.NewTextHandler(&logs, nil)),
		scheduler.WithTick(time.Second), scheduler.WithClock(time.Now),
		scheduler.WithDigest(digest), scheduler.WithObserver(observe))
	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		// Stop once the digest was retried and the sweep ran twice, or
		// after a generous while on a loaded machine; the checks below
		// say which.
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) && (delivered.Load() < 1 || overdueRuns.Load() < 2) {
			time.Sleep(50 * time.Millisecond)
		}
		cancel()
	}()
	done := make(chan error)
	go func() { done <- s.Run(ctx) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(45 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
	if c, d := calls.Load(), delivered.Load(); c < 2 || d != 1 {
		t.Errorf("digest hook called %d times, delivered %d; want a retry after the panic and one delivery", c, d)
	}
	if n := overdueRuns.Load(); n < 2 {
		t.Errorf("the overdue sweep ran %d times, want at least 2", n)
	}
	if out := logs.String(); !strings.Contains(out, "cron: panic") || !strings.Contains(out, "digest renderer bug") {
		t.Errorf("the panic was not logged:\n%s", out)
	}
}
