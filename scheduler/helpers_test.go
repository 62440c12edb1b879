package scheduler_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo"
	"github.com/repairdesk/repairdesk/repo/repotest"
	"github.com/repairdesk/repairdesk/scheduler"
)

var _ scheduler.Store = (*repo.Store)(nil)

// shanghai is the desk's default time zone; the tests speak its local time.
var shanghai = mustLoad("Asia/Shanghai")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// base is a Monday morning, on the minute, so that ticks a minute apart
// never share a lease.
var base = time.Date(2026, 3, 2, 10, 0, 0, 0, shanghai)

// clock is the desk's clock in a test; tests move it by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// fixture is a desk on a fresh embedded store with one person of each role
// and a scheduler over it.
type fixture struct {
	t     testing.TB
	ctx   context.Context
	store *repo.Store
	svc   *desk.Service
	clock *clock
	sched *scheduler.Scheduler
	cat   desk.Catalog

	req, tech, sup *desk.User
}

func newFixture(t testing.TB, opts ...scheduler.Option) *fixture {
	t.Helper()
	store := repotest.Open(t)
	return newFixtureOn(t, store, opts...)
}

func newFixtureOn(t testing.TB, store *repo.Store, opts ...scheduler.Option) *fixture {
	t.Helper()
	ctx := context.Background()
	if _, err := store.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, ctx: ctx, store: store, clock: &clock{t: base}}
	f.svc = desk.NewService(store, store, store, store)
	f.svc.Now = f.clock.Now
	f.req = f.user("test:requester")
	f.tech = f.user("test:tech", desk.RoleTechnician)
	f.sup = f.user("test:sup", desk.RoleSupervisor)
	f.settings(func(s *desk.Settings) {
		s.ReportsPerHour = 1000
		// The tests' clock is not the real one the store was set up by.
		s.Since = base.Add(-24 * time.Hour)
	})
	var err error
	if f.cat, err = store.Catalog(ctx); err != nil {
		t.Fatal(err)
	}
	f.sched = scheduler.New(f.svc, store, testLogger(t), opts...)
	return f
}

func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelInfo}))
}

func (f *fixture) user(account string, roles ...desk.Role) *desk.User {
	f.t.Helper()
	u, err := f.svc.Account(f.ctx, account, "en")
	if err != nil {
		f.t.Fatal(err)
	}
	if u, err = f.svc.Register(f.ctx, u, desk.Profile{Name: account, Phone: "13800000000", Department: "Test"}); err != nil {
		f.t.Fatal(err)
	}
	if len(roles) > 0 {
		if u, err = f.svc.GrantBootstrap(f.ctx, u.ID, roles...); err != nil {
			f.t.Fatal(err)
		}
	}
	return u
}

// settings changes the stored settings, as an admin would.
func (f *fixture) settings(change func(*desk.Settings)) desk.Settings {
	f.t.Helper()
	st, err := f.store.Settings(f.ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	prev := st.Version
	change(&st)
	st.Version++
	if err := f.store.SaveSettings(f.ctx, st, prev); err != nil {
		f.t.Fatal(err)
	}
	return st
}

// at moves the desk's clock.
func (f *fixture) at(t time.Time) { f.clock.Set(t) }

// tick runs a job as the scheduler would at time at.
func (f *fixture) tick(job string, at time.Time) bool {
	f.t.Helper()
	f.at(at)
	ran, err := f.sched.Tick(f.ctx, job, at)
	if err != nil {
		f.t.Fatalf("tick %s at %s: %v", job, at, err)
	}
	return ran
}

func (f *fixture) report(w desk.Window) *desk.Ticket {
	f.t.Helper()
	r := desk.Report{
		Location:    desk.Location{Zone: f.cat.Zones[0].Name, Building: f.cat.Zones[0].Buildings[0], Room: "101"},
		ProblemType: f.cat.ProblemTypes[0], Title: "Lamp", Description: "It flickers", Contact: "13800000000",
		Window: w,
	}
	tk, err := f.svc.Report(f.ctx, f.req, r)
	if err != nil {
		f.t.Fatal(err)
	}
	return tk
}

// do runs a service call at time at and fails the test on an error.
func (f *fixture) do(at time.Time, call func() (*desk.Ticket, error)) *desk.Ticket {
	f.t.Helper()
	f.at(at)
	tk, err := call()
	if err != nil {
		f.t.Fatal(err)
	}
	return tk
}

func (f *fixture) claim(id string, at time.Time) *desk.Ticket {
	return f.do(at, func() (*desk.Ticket, error) { return f.svc.Claim(f.ctx, f.tech, id) })
}

func (f *fixture) suspend(id string, at time.Time) *desk.Ticket {
	return f.do(at, func() (*desk.Ticket, error) { return f.svc.RequestSuspension(f.ctx, f.tech, id, "no parts", nil) })
}

func (f *fixture) review(id string, approve bool, at time.Time) *desk.Ticket {
	return f.do(at, func() (*desk.Ticket, error) { return f.svc.Review(f.ctx, f.sup, id, approve, "") })
}

func (f *fixture) complete(id string, at time.Time) *desk.Ticket {
	return f.do(at, func() (*desk.Ticket, error) {
		return f.svc.Complete(f.ctx, f.tech, id, f.cat.RepairTypes[0], "Fixed", nil)
	})
}

func (f *fixture) rate(id string, at time.Time) *desk.Ticket {
	return f.do(at, func() (*desk.Ticket, error) { return f.svc.Rate(f.ctx, f.req, id, 5, "") })
}

func (f *fixture) get(id string) *desk.Ticket {
	f.t.Helper()
	tk, err := f.store.Get(f.ctx, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return tk
}

// notices returns the notices of kind the ticket owes or has delivered.
func (f *fixture) notices(id, kind string) []desk.Notice {
	f.t.Helper()
	var out []desk.Notice
	for _, n := range f.get(id).Outbox {
		if string(n.Kind) == kind {
			out = append(out, n)
		}
	}
	return out
}

// delivered marks every notice of the ticket as sent, as the dispatcher
// does after delivering them.
func (f *fixture) delivered(id string) {
	f.t.Helper()
	tk := f.get(id)
	if err := f.store.MarkSent(f.ctx, id, tk.Sent, len(tk.Outbox)); err != nil {
		f.t.Fatal(err)
	}
}

// live reports whether the ticket is still in the live collection.
func (f *fixture) live(id string) bool {
	f.t.Helper()
	ts, err := f.store.Live(f.ctx, desk.Filter{})
	if err != nil {
		f.t.Fatal(err)
	}
	for _, tk := range ts {
		if tk.ID == id {
			return true
		}
	}
	return false
}
