package scheduler

import (
	"context"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"
)

// Run starts every job on its schedule and returns, with nil, once ctx is
// done and the runs under way have ended.
func (s *Scheduler) Run(ctx context.Context) error {
	l := cronLogger{s.log}
	// SkipIfStillRunning must wrap Recover, not the other way round: it
	// hands its token back only when the job returns, so a panic escaping
	// it would skip that job forever after.
	c := cron.New(cron.WithLogger(l), cron.WithChain(cron.SkipIfStillRunning(l), cron.Recover(l)))
	for _, j := range s.jobs {
		c.Schedule(aligned(j.every), cron.FuncJob(func() { s.fire(ctx, j) }))
	}
	c.Start()
	<-ctx.Done()
	<-c.Stop().Done()
	return nil
}

// fire runs j for the tick cron woke up for, and logs what went wrong:
// this is the edge where a job's error is handled.
func (s *Scheduler) fire(ctx context.Context, j job) {
	at := s.now()
	ran, err := s.runOnce(ctx, j, at)
	switch {
	case err != nil && ctx.Err() != nil:
		// Shutting down: the job was cut short and runs again next start.
	case err != nil:
		s.log.Error("scheduler job failed", "job", j.name, "err", err)
	case ran:
		s.log.Debug("scheduler job ran", "job", j.name, "tick", at.Truncate(j.every), "took", s.now().Sub(at))
	}
}

// aligned fires on whole multiples of d since the zero time (for a minute,
// on every minute; for an hour, on the hour in UTC), so that every copy of
// the program wakes for the same ticks and names them alike. cron's own
// "@every" counts from when each copy started.
type aligned time.Duration

func (a aligned) Next(t time.Time) time.Time {
	d := time.Duration(a)
	return t.Truncate(d).Add(d)
}

// cronLogger routes cron's messages into slog. cron reports every wake-up
// and run at info level; those are debug messages here.
type cronLogger struct{ l *slog.Logger }

func (c cronLogger) Info(msg string, kv ...any) {
	c.l.Debug("cron: "+msg, kv...)
}

func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Error("cron: "+msg, append(kv, "err", err)...)
}
