package desk_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo"
	"github.com/repairdesk/repairdesk/repo/repotest"
)

// shanghai, the desk's zone in these tests, is declared with the
// period reports' tests.

// local is a time in the desk's zone: March 2026, day d, hour h, minute m.
func local(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, shanghai) }

// february is local for the days of February 2026.
func february(d, h, m int) time.Time { return time.Date(2026, 2, d, h, m, 0, 0, shanghai) }

// weekDesk is a desk with a requester, a technician, a supervisor and an
// admin, whose clock the test moves.
type weekDesk struct {
	t      *testing.T
	ctx    context.Context
	store  *repo.Store
	svc    *desk.Service
	now    time.Time
	cat    desk.Catalog
	people map[string]*desk.User
}

func newWeekDesk(t *testing.T) *weekDesk {
	store := repotest.Open(t)
	ctx := t.Context()
	if _, err := store.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	w := &weekDesk{t: t, ctx: ctx, store: store, svc: desk.NewService(store, store, store, store), people: map[string]*desk.User{}}
	w.svc.Now = func() time.Time { return w.now }
	admin := &desk.User{Roles: []desk.Role{desk.RoleAdmin}}
	if _, err := w.svc.SetSetting(ctx, admin, "reportsPerHour", "1000"); err != nil {
		t.Fatal(err)
	}
	w.cat, _ = store.Catalog(ctx)
	for who, role := range map[string]desk.Role{"owner": "", "tech": desk.RoleTechnician, "boss": desk.RoleSupervisor, "admin": desk.RoleAdmin} {
		u, err := w.svc.Account(ctx, "test:"+who, "en")
		if err == nil {
			u, err = w.svc.Register(ctx, u, desk.Profile{Name: who, Phone: "13800000000", Department: "Lab"})
		}
		if err == nil && role != "" {
			u, err = w.svc.GrantBootstrap(ctx, u.ID, role)
		}
		if err != nil {
			t.Fatal(err)
		}
		w.people[who] = u
	}
	return w
}

// at runs step at the given time, failing the test on an error.
func (w *weekDesk) at(when time.Time, step func() (*desk.Ticket, error)) *desk.Ticket {
	w.t.Helper()
	w.now = when
	tk, err := step()
	if err != nil {
		w.t.Fatalf("at %s: %v", when, err)
	}
	return tk
}

// report opens a ticket at when, in a building and of a problem type
// given by their positions in the catalogue.
func (w *weekDesk) report(when time.Time, building, problem int) *desk.Ticket {
	w.t.Helper()
	var b []string
	zone := ""
	for _, z := range w.cat.Zones {
		if building < len(z.Buildings) {
			zone, b = z.Name, z.Buildings
			break
		}
		building -= len(z.Buildings)
	}
	r := desk.Report{Location: desk.Location{Zone: zone, Building: b[building]}, ProblemType: w.cat.ProblemTypes[problem],
		Title: "Fault", Description: "Broken", Contact: "13800000000"}
	return w.at(when, func() (*desk.Ticket, error) { return w.svc.Report(w.ctx, w.people["owner"], r) })
}

func (w *weekDesk) claim(when time.Time, tk *desk.Ticket) {
	w.at(when, func() (*desk.Ticket, error) { return w.svc.Claim(w.ctx, w.people["tech"], tk.ID) })
}

func (w *weekDesk) complete(when time.Time, tk *desk.Ticket) {
	w.at(when, func() (*desk.Ticket, error) {
		return w.svc.Complete(w.ctx, w.people["tech"], tk.ID, w.cat.RepairTypes[0], "done", nil)
	})
}

func (w *weekDesk) cancel(when time.Time, tk *desk.Ticket) {
	w.at(when, func() (*desk.Ticket, error) { return w.svc.Cancel(w.ctx, w.people["owner"], tk.ID, "never mind") })
}

// archive delivers what the ticket owes and moves it to the archive, as
// the dispatcher and the scheduler would.
func (w *weekDesk) archive(tk *desk.Ticket) {
	w.t.Helper()
	got, err := w.store.Get(w.ctx, tk.ID)
	if err != nil {
		w.t.Fatal(err)
	}
	for seq := got.Sent; seq < len(got.Outbox); seq++ {
		if err := w.svc.MarkDelivered(w.ctx, tk.ID, seq); err != nil {
			w.t.Fatal(err)
		}
	}
	if err := w.svc.Archive(w.ctx, tk.ID); err != nil {
		w.t.Fatal(err)
	}
}

// TestWeek works out a week by hand and compares every figure: tickets
// from before the week, one suspended across two days, live and archived
// ones, and one reported after the week ended.
func TestWeek(t *testing.T) {
	w := newWeekDesk(t)
	h := time.Hour

	// Closed and archived before the week: in none of its figures.
	a := w.report(february(25, 9, 0), 0, 0)
	w.cancel(february(25, 10, 0), a)
	w.archive(a)
	// Reported before the week, first claimed on its Monday after 71
	// hours, completed on Tuesday, archived.
	b := w.report(february(27, 10, 0), 0, 0)
	w.claim(local(2, 9, 0), b)
	w.complete(local(3, 15, 0), b)
	w.archive(b)
	// Monday: claimed after 2 hours, suspended from Monday noon until
	// Wednesday 10:00, completed on Wednesday, archived.
	c := w.report(local(2, 8, 0), 1, 1)
	w.claim(local(2, 10, 0), c)
	w.at(local(2, 11, 0), func() (*desk.Ticket, error) {
		return w.svc.RequestSuspension(w.ctx, w.people["tech"], c.ID, "parts", nil)
	})
	w.at(local(2, 12, 0), func() (*desk.Ticket, error) { return w.svc.Review(w.ctx, w.people["boss"], c.ID, true, "ok") })
	w.at(local(4, 10, 0), func() (*desk.Ticket, error) { return w.svc.Resume(w.ctx, w.people["tech"], c.ID) })
	w.complete(local(4, 16, 0), c)
	w.archive(c)
	// Tuesday: cancelled an hour later, archived.
	d := w.report(local(3, 10, 0), 1, 2)
	w.cancel(local(3, 11, 0), d)
	w.archive(d)
	// Thursday: claimed after 3 hours, still under repair.
	e := w.report(local(5, 9, 0), 4, 1)
	w.claim(local(5, 12, 0), e)
	// Saturday night: still waiting.
	w.report(local(7, 20, 0), 1, 1)
	// The Monday after the week.
	w.report(local(9, 8, 0), 4, 0)
	w.now = local(10, 12, 0)

	building := func(i int) string { return w.cat.Zones[0].Buildings[i] }
	tests := []struct {
		name      string
		end       time.Time
		days      []desk.Day // Date is filled in from the first day
		first     time.Time
		buildings []desk.Count
		problems  []desk.Count
	}{
		{
			name:  "last-week",
			end:   local(9, 0, 0),
			first: local(2, 0, 0),
			days: []desk.Day{
				{Opened: 1, Backlog: 2, OnHold: 1, Claimed: 2, ClaimMedian: (71*h + 2*h) / 2}, // Mon
				{Opened: 1, Closed: 2, Backlog: 1, OnHold: 1},                                 // Tue
				{Closed: 1}, // Wed
				{Opened: 1, Backlog: 1, Claimed: 1, ClaimMedian: 3 * h}, // Thu
				{Backlog: 1},            // Fri
				{Opened: 1, Backlog: 2}, // Sat
				{Backlog: 2},            // Sun
			},
			buildings: []desk.Count{{building(1), 3}, {w.cat.Zones[1].Buildings[1], 1}},
			problems:  []desk.Count{{w.cat.ProblemTypes[1], 3}, {w.cat.ProblemTypes[2], 1}},
		},
		{
			name:  "up-to-now",
			first: local(4, 0, 0),
			days: []desk.Day{
				{Closed: 1}, // Wed
				{Opened: 1, Backlog: 1, Claimed: 1, ClaimMedian: 3 * h}, // Thu
				{Backlog: 1},            // Fri
				{Opened: 1, Backlog: 2}, // Sat
				{Backlog: 2},            // Sun
				{Opened: 1, Backlog: 3}, // Mon
				{Backlog: 3},            // Tue, until noon
			},
			buildings: []desk.Count{{w.cat.Zones[1].Buildings[1], 2}, {building(1), 1}},
			problems:  []desk.Count{{w.cat.ProblemTypes[1], 2}, {w.cat.ProblemTypes[0], 1}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := w.svc.Week(w.ctx, w.people["boss"], tc.end)
			if err != nil {
				t.Fatal(err)
			}
			for i := range tc.days {
				tc.days[i].Date = tc.first.AddDate(0, 0, i)
			}
			for i, day := range got.Days {
				if !day.Date.Equal(tc.days[i].Date) {
					t.Errorf("day %d starts %s, want %s", i, day.Date, tc.days[i].Date)
				}
				day.Date = tc.days[i].Date
				if day != tc.days[i] {
					t.Errorf("%s: got %+v, want %+v", day.Date.Format("Mon 01-02"), day, tc.days[i])
				}
			}
			if len(got.Days) != len(tc.days) {
				t.Errorf("%d days, want %d", len(got.Days), len(tc.days))
			}
			if !reflect.DeepEqual(got.Buildings, tc.buildings) {
				t.Errorf("buildings %v, want %v", got.Buildings, tc.buildings)
			}
			if !reflect.DeepEqual(got.Problems, tc.problems) {
				t.Errorf("problem types %v, want %v", got.Problems, tc.problems)
			}
			if got.Total != 7 {
				t.Errorf("total %d, want 7", got.Total)
			}
		})
	}
}

func TestWeekPermissions(t *testing.T) {
	w := newWeekDesk(t)
	w.now = local(10, 12, 0)
	for who, ok := range map[string]bool{"owner": false, "tech": false, "boss": true, "admin": true} {
		t.Run(who, func(t *testing.T) {
			_, err := w.svc.Week(w.ctx, w.people[who], time.Time{})
			if ok && err != nil {
				t.Fatalf("%s: %v", who, err)
			}
			if !ok && !errors.Is(err, desk.ErrForbidden) {
				t.Fatalf("%s: got %v, want ErrForbidden", who, err)
			}
		})
	}
}

// A desk that never had a ticket says so: the weekly chart skips it.
func TestWeekOfAnEmptyDesk(t *testing.T) {
	w := newWeekDesk(t)
	w.now = local(10, 12, 0)
	got, err := w.svc.WeekSummary(w.ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Total != 0 || len(got.Days) != desk.WeekDays || got.Opened() != 0 {
		t.Fatalf("empty desk: %+v", got)
	}
}
