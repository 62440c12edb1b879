package scheduler_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo"
	"github.com/repairdesk/repairdesk/scheduler"
)

// actAfterRead is the real store, except that right after the sweep reads
// the live tickets a person acts (once): the claim or rating that lands
// between the sweep's read and its write.
type actAfterRead struct {
	*repo.Store
	once sync.Once
	act  func()
}

func (a *actAfterRead) Live(ctx context.Context, f desk.Filter) ([]*desk.Ticket, error) {
	ts, err := a.Store.Live(ctx, f)
	a.once.Do(a.act)
	return ts, err
}

// A reminder is checked again against the ticket as it is when written: a
// ticket claimed while the overdue sweep ran is not posted as overdue, and
// one rated meanwhile gets no reminder to rate.
func TestReminderRecheckedWhenWritten(t *testing.T) {
	d := desk.DefaultSettings()
	for _, c := range []struct {
		job, rule string
		setup     func(f *fixture) (id string, at time.Time)
		act       func(f *fixture, id string, at time.Time)
	}{
		{scheduler.JobOverdue, "overdue",
			func(f *fixture) (string, time.Time) {
				return f.report(desk.Window{}).ID, base.Add(d.OverdueAfter.D() + time.Minute)
			},
			func(f *fixture, id string, at time.Time) { f.claim(id, at) }},
		{scheduler.JobRate, "rate_remind",
			func(f *fixture) (string, time.Time) {
				tk := f.complete(f.claim(f.report(desk.Window{}).ID, base).ID, base.Add(time.Hour))
				return tk.ID, tk.Completion.At.Add(d.RateRemindAfter.D() + time.Minute)
			},
			func(f *fixture, id string, at time.Time) { f.rate(id, at) }},
	} {
		t.Run(c.rule, func(t *testing.T) {
			f := newFixture(t)
			id, at := c.setup(f)
			racing := &actAfterRead{Store: f.store, act: func() { c.act(f, id, at) }}
			svc := desk.NewService(racing, f.store, f.store, f.store)
			svc.Now = f.clock.Now
			sched := scheduler.New(svc, f.store, testLogger(t))
			f.at(at)
			if _, err := sched.Tick(f.ctx, c.job, at); err != nil {
				t.Fatal(err)
			}
			if n := len(f.notices(id, c.rule)); n != 0 {
				t.Errorf("%d %s notices for a ticket acted on as the sweep ran", n, c.rule)
			}
			if marks := firedAt(f.get(id), c.rule); len(marks) != 0 {
				t.Errorf("%s is marked as fired", c.rule)
			}
		})
	}
}
