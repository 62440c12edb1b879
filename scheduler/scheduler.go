package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/repairdesk/repairdesk/desk"
)

// Store is what the scheduler needs beyond the desk's own stores: a
// record of things that must happen once. The repo.Store implements it.
type Store interface {
	// ClaimTick claims job's run at tick and reports whether this call
	// won it. It must be atomic across every copy of the program:
	// exactly one caller wins a tick, and none wins a tick at or before
	// the latest tick won (cron's ticks only move forward).
	ClaimTick(ctx context.Context, job string, tick time.Time) (bool, error)
	// FirstTime records key and reports whether it was new. It must be
	// atomic across every copy of the program: exactly one caller ever
	// gets true for a key.
	FirstTime(ctx context.Context, key string) (bool, error)
	// Seen reports whether key was recorded, without recording it.
	Seen(ctx context.Context, key string) (bool, error)
	// PruneSeen forgets keys recorded before the given time and returns
	// how many it forgot.
	PruneSeen(ctx context.Context, before time.Time) (int64, error)
}

// Names of the jobs, for Tick.
const (
	JobOverdue   = "overdue"   // pending tickets: "overdue" to dispatch, then "escalate"
	JobRepair    = "repair"    // late jobs: "repair_late" to the technician, then "repair_escalate"
	JobReview    = "review"    // suspension requests waiting: "review_remind"
	JobSuspended = "suspended" // long suspensions: "suspended_long"
	JobRate      = "rate"      // unrated completed tickets: "rate_remind"
	JobArchive   = "archive"   // finished, delivered tickets leave the live collection
	JobPrune     = "prune"     // the seen store forgets old keys
	JobDigest    = "digest"    // the supervisors' daily digest
)

const (
	// DefaultTick is how often the sweeps run.
	DefaultTick = time.Minute
	// pruneEvery: pruning filters the seen store on a field other than
	// _id, which the embedded store answers by reading every entry (1.4 s
	// for a week of keys, about 80 k, holding its one connection), so it
	// runs hourly rather than at every tick.
	pruneEvery = time.Hour
	// seenFor is how long the seen store remembers a key. Platforms stop
	// redelivering an update within a day; a week leaves room.
	seenFor = 7 * 24 * time.Hour
)

// Scheduler runs the jobs on a clock-aligned schedule. Build it with New.
type Scheduler struct {
	svc     *desk.Service
	store   Store
	log     *slog.Logger
	now     func() time.Time
	tick    time.Duration
	digest  func(ctx context.Context, key string, d desk.Digest) error
	chart   func(ctx context.Context, key string, w desk.Week) error
	observe func(job string, tick time.Time, err error)
	jobs    []job
	retry   backoff // of the digest
	// chartRetry backs off the weekly chart's attempts, apart from the
	// digest's: one failing must not delay the other.
	chartRetry backoff
}

// job is one sweep and how often it runs.
type job struct {
	name  string
	every time.Duration
	run   func(ctx context.Context, at time.Time) error
}

// Option changes a Scheduler built by New.
type Option func(*Scheduler)

// WithTick sets how often the sweeps and the digest check run (default a
// minute). Ticks are aligned: with a minute, on every minute.
func WithTick(d time.Duration) Option {
	return func(s *Scheduler) {
		if d > 0 {
			s.tick = d
		}
	}
}

// WithClock sets the clock Run reads to name each tick. Without it the
// scheduler uses the service's clock (desk.Service.Now), or time.Now.
func WithClock(now func() time.Time) Option {
	return func(s *Scheduler) {
		if now != nil {
			s.now = now
		}
	}
}

// WithDigest sets how the daily digest reaches the supervisors. Without
// it there is no digest job. An error means "not delivered": the next
// tick tries again, later attempts further apart (see sendDigest), and
// the day counts as done only after a success.
//
// key names the day's digest ("digest:2026-03-06"): a deliverer that
// reaches several places can mark each done under it, so that a retry
// after a partial failure repeats nothing.
func WithDigest(f func(ctx context.Context, key string, d desk.Digest) error) Option {
	return func(s *Scheduler) { s.digest = f }
}

// WithObserver sets a function called after every run this copy won,
// with the job, its tick and its error: for metrics, and for tests that
// count runs.
func WithObserver(f func(job string, tick time.Time, err error)) Option {
	return func(s *Scheduler) { s.observe = f }
}

// New returns a Scheduler over the desk. logger receives job failures and
// cron's own messages (routine ones at debug level).
func New(svc *desk.Service, store Store, logger *slog.Logger, opts ...Option) *Scheduler {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Scheduler{svc: svc, store: store, log: logger, tick: DefaultTick}
	if svc.Now != nil {
		s.now = svc.Now
	} else {
		s.now = time.Now
	}
	for _, o := range opts {
		o(s)
	}
	s.jobs = []job{
		{JobOverdue, s.tick, s.overdue},
		{JobRepair, s.tick, s.repair},
		{JobReview, s.tick, s.review},
		{JobSuspended, s.tick, s.suspended},
		{JobRate, s.tick, s.rate},
		{JobArchive, s.tick, s.archive},
		{JobPrune, pruneEvery, s.prune},
	}
	if s.digest != nil {
		// The digest is checked at every tick rather than scheduled once a
		// day: the time of day is a setting that may change while the
		// program runs, and a failed delivery is retried at the next tick.
		s.jobs = append(s.jobs, job{JobDigest, s.tick, s.sendDigest})
	}
	if s.chart != nil {
		s.jobs = append(s.jobs, job{JobChart, s.tick, s.sendChart})
	}
	return s
}

// Jobs lists the names of the jobs this scheduler runs.
func (s *Scheduler) Jobs() []string {
	names := make([]string, len(s.jobs))
	for i, j := range s.jobs {
		names[i] = j.name
	}
	return names
}

// ErrUnknownJob is returned by Tick for a job this scheduler does not run.
var ErrUnknownJob = errors.New("unknown job")

// Tick runs the named job for the tick that contains at, deciding every
// rule as of at, unless a copy of the program (this one included) has
// already run it for that tick or a later one. It reports whether this
// call ran it. Run calls it as cron fires; tests call it with the times
// they choose, in order.
func (s *Scheduler) Tick(ctx context.Context, name string, at time.Time) (bool, error) {
	for _, j := range s.jobs {
		if j.name == name {
			return s.runOnce(ctx, j, at)
		}
	}
	return false, fmt.Errorf("tick %s: %w", name, ErrUnknownJob)
}

func (s *Scheduler) runOnce(ctx context.Context, j job, at time.Time) (bool, error) {
	tick := at.Truncate(j.every)
	won, err := s.store.ClaimTick(ctx, j.name, tick)
	if err != nil {
		return false, fmt.Errorf("job %s: %w", j.name, err)
	}
	if !won {
		return false, nil
	}
	err = j.run(ctx, at)
	if err != nil {
		err = fmt.Errorf("job %s at %s: %w", j.name, tick.UTC().Format(time.RFC3339Nano), err)
	}
	if s.observe != nil {
		s.observe(j.name, tick, err)
	}
	return true, err
}
