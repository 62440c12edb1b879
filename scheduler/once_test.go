package scheduler_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/scheduler"
)

// runs counts, per job and tick, how often any copy ran it.
type runs struct {
	mu      sync.Mutex
	n       map[string]int
	failed  []error
	stopped <-chan struct{} // closed when the copies are told to stop
}

func (r *runs) observe(job string, tick time.Time, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.n == nil {
		r.n = map[string]int{}
	}
	r.n[job+" "+tick.UTC().Format(time.RFC3339Nano)]++
	select {
	case <-r.stopped:
		return // cut short by the shutdown
	default:
	}
	if err != nil {
		r.failed = append(r.failed, err)
	}
}

// busyDesk has a ticket for every job: pending, late, waiting for review,
// suspended, completed and unrated, cancelled and delivered.
func busyDesk(f *fixture) []string {
	var ids []string
	for range 3 {
		ids = append(ids, f.report(desk.Window{}).ID)
	}
	late := f.claim(f.report(desk.Window{}).ID, base).ID
	review := f.claim(f.report(desk.Window{}).ID, base).ID
	f.suspend(review, base)
	held := f.claim(f.report(desk.Window{}).ID, base).ID
	f.suspend(held, base)
	f.review(held, true, base)
	done := f.claim(f.report(desk.Window{}).ID, base).ID
	f.complete(done, base)
	gone := f.report(desk.Window{}).ID
	f.do(base, func() (*desk.Ticket, error) { return f.svc.Cancel(f.ctx, f.req, gone, "dup") })
	f.delivered(gone)
	return append(ids, late, review, held, done, gone)
}

// Three copies tick the same jobs for the same ticks at the same moment:
// each job runs exactly once per tick, and each reminder is sent once.
func TestOnceAcrossCopies(t *testing.T) {
	var r runs
	var digestsSent atomic.Int32
	digest := func(context.Context, string, desk.Digest) error { digestsSent.Add(1); return nil }
	f := newFixture(t, scheduler.WithObserver(r.observe), scheduler.WithDigest(digest))
	ids := busyDesk(f)
	copies := []*scheduler.Scheduler{f.sched}
	for range 2 {
		copies = append(copies, scheduler.New(f.svc, f.store, testLogger(t),
			scheduler.WithObserver(r.observe), scheduler.WithDigest(digest)))
	}

	// Four days later every threshold has passed; tick five minutes.
	start := base.Add(4 * 24 * time.Hour)
	const ticks = 5
	jobs := f.sched.Jobs()
	for i := range ticks {
		at := start.Add(time.Duration(i) * time.Minute)
		f.at(at)
		for _, job := range jobs {
			var wins atomic.Int32
			var wg sync.WaitGroup
			for _, c := range copies {
				wg.Go(func() {
					ran, err := c.Tick(f.ctx, job, at)
					if err != nil {
						t.Errorf("tick %s: %v", job, err)
					}
					if ran {
						wins.Add(1)
					}
				})
			}
			wg.Wait()
			want := int32(1)
			if job == scheduler.JobPrune && i > 0 {
				want = 0 // hourly: the five ticks lie in one of its ticks
			}
			if n := wins.Load(); n != want {
				t.Fatalf("%s at tick %d ran %d times, want %d", job, i, n, want)
			}
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if want := (len(jobs)-1)*ticks + 1; len(r.n) != want {
		t.Errorf("%d job runs observed, want %d", len(r.n), want)
	}
	for key, n := range r.n {
		if n != 1 {
			t.Errorf("%s ran %d times", key, n)
		}
	}
	for _, err := range r.failed {
		t.Error(err)
	}
	if n := digestsSent.Load(); n != 1 {
		t.Errorf("%d digests, want 1", n)
	}
	counts := map[string]int{}
	for _, id := range ids {
		for _, n := range f.get(id).Outbox {
			if n.Kind != "create" && n.Kind != "claim" && n.Kind != "suspend" && n.Kind != "approve" &&
				n.Kind != "complete" && n.Kind != "cancel" {
				counts[string(n.Kind)+"/"+string(n.To)]++
			}
		}
	}
	// The late job is reminded but not yet escalated (that takes four
	// working hours); the one waiting for review is the supervisors' to
	// act on, so its technician is not reminded.
	want := map[string]int{
		"overdue/dispatch": 3, "escalate/supervisors": 3,
		"repair_late/technician":     1,
		"review_remind/supervisors":  1,
		"suspended_long/technician":  1,
		"suspended_long/supervisors": 1,
		"rate_remind/requester":      1,
	}
	if fmt.Sprint(counts) != fmt.Sprint(want) {
		t.Errorf("reminders sent:\n got %v\nwant %v", counts, want)
	}
	if f.live(ids[len(ids)-1]) {
		t.Error("the cancelled, delivered ticket was not archived")
	}
}

// Three copies run on real cron for a few one-second ticks: no job runs
// twice for a tick.
func TestOnceAcrossCopiesWithCron(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for three seconds")
	}
	var r runs
	var digestsSent atomic.Int32
	digest := func(context.Context, string, desk.Digest) error { digestsSent.Add(1); return nil }
	opts := []scheduler.Option{scheduler.WithTick(time.Second), scheduler.WithClock(time.Now),
		scheduler.WithObserver(r.observe), scheduler.WithDigest(digest)}
	f := newFixture(t, opts...)
	f.settings(func(s *desk.Settings) { s.DigestAt = "00:00" }) // always due
	busyDesk(f)
	// The copies stop by cancellation, as on SIGTERM; runs cut short by
	// it are not failures.
	ctx, cancel := context.WithCancel(t.Context())
	r.stopped = ctx.Done()
	time.AfterFunc(3*time.Second, cancel)
	var wg sync.WaitGroup
	for range 3 {
		s := scheduler.New(f.svc, f.store, testLogger(t), opts...)
		wg.Go(func() {
			if err := s.Run(ctx); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	r.mu.Lock()
	defer r.mu.Unlock()
	ticks := map[string]bool{}
	for key, n := range r.n {
		if n != 1 {
			t.Errorf("%s ran %d times", key, n)
		}
		var job, tick string
		fmt.Sscan(key, &job, &tick)
		if job == scheduler.JobOverdue {
			ticks[tick] = true
		}
	}
	if len(ticks) < 2 {
		t.Errorf("the overdue sweep ran for %d ticks in three seconds, want at least 2", len(ticks))
	}
	for _, err := range r.failed {
		t.Error(err)
	}
	if n := digestsSent.Load(); n != 1 {
		t.Errorf("%d digests, want 1", n)
	}
}
