package scheduler_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/scheduler"
)

// Each rule is checked a minute before and a minute after its threshold
// (ticks are a minute apart), then over a day of further ticks, in which
// it must not fire again.
func TestReminderThresholds(t *testing.T) {
	d := desk.DefaultSettings()
	tests := []struct {
		name      string
		job, rule string
		to        []desk.Audience
		// setup prepares a ticket and returns it with the moment the
		// rule's threshold counts from.
		setup     func(f *fixture) (id string, from time.Time)
		threshold time.Duration
	}{
		{
			name: "overdue", job: scheduler.JobOverdue, rule: "overdue", to: []desk.Audience{desk.ToDispatch},
			setup:     func(f *fixture) (string, time.Time) { return f.report(desk.Window{}).ID, base },
			threshold: d.OverdueAfter.D(),
		},
		{
			name: "escalate", job: scheduler.JobOverdue, rule: "escalate", to: []desk.Audience{desk.ToSupervisors},
			setup:     func(f *fixture) (string, time.Time) { return f.report(desk.Window{}).ID, base },
			threshold: d.EscalateAfter.D(),
		},
		{
			name: "repair_late/no-window", job: scheduler.JobRepair, rule: "repair_late", to: []desk.Audience{desk.ToTechnician},
			setup: func(f *fixture) (string, time.Time) {
				tk := f.claim(f.report(desk.Window{}).ID, base.Add(10*time.Minute))
				return tk.ID, tk.Claim.At // due RepairAfter after the claim
			},
			threshold: d.RepairAfter.D(),
		},
		{
			name: "repair_late/window-end", job: scheduler.JobRepair, rule: "repair_late", to: []desk.Audience{desk.ToTechnician},
			setup: func(f *fixture) (string, time.Time) {
				end := base.Add(3 * time.Hour)
				tk := f.report(desk.Window{Start: base.Add(time.Hour), End: end})
				f.claim(tk.ID, base.Add(10*time.Minute))
				return tk.ID, end // due when the requester's window ends
			},
		},
		{
			name: "repair_escalate", job: scheduler.JobRepair, rule: "repair_escalate", to: []desk.Audience{desk.ToSupervisors},
			setup: func(f *fixture) (string, time.Time) {
				tk := f.claim(f.report(desk.Window{}).ID, base)
				late := tk.RepairDue(d, base).Add(time.Minute)
				f.tick(scheduler.JobRepair, late)
				if n := len(f.notices(tk.ID, "repair_late")); n != 1 {
					f.t.Fatalf("%d repair_late notices, want 1", n)
				}
				return tk.ID, late // counted from the technician's reminder
			},
			threshold: d.RepairEscalateAfter.D(),
		},
		{
			name: "review_remind", job: scheduler.JobReview, rule: "review_remind", to: []desk.Audience{desk.ToSupervisors},
			setup: func(f *fixture) (string, time.Time) {
				id := f.claim(f.report(desk.Window{}).ID, base).ID
				f.suspend(id, base.Add(5*time.Minute))
				return id, base.Add(5 * time.Minute)
			},
			threshold: d.ReviewRemindAfter.D(),
		},
		{
			name: "suspended_long", job: scheduler.JobSuspended, rule: "suspended_long",
			to: []desk.Audience{desk.ToTechnician, desk.ToSupervisors},
			setup: func(f *fixture) (string, time.Time) {
				id := f.claim(f.report(desk.Window{}).ID, base).ID
				f.suspend(id, base.Add(5*time.Minute))
				f.review(id, true, base.Add(20*time.Minute))
				return id, base.Add(20 * time.Minute) // counted from the approval
			},
			threshold: d.SuspendedRemindAfter.D(),
		},
		{
			name: "rate_remind", job: scheduler.JobRate, rule: "rate_remind", to: []desk.Audience{desk.ToRequester},
			setup: func(f *fixture) (string, time.Time) {
				id := f.claim(f.report(desk.Window{}).ID, base).ID
				f.complete(id, base.Add(30*time.Minute))
				return id, base.Add(30 * time.Minute)
			},
			threshold: d.RateRemindAfter.D(),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			id, from := tt.setup(f)
			due := from.Add(tt.threshold)

			f.tick(tt.job, due.Add(-time.Minute))
			if n := len(f.notices(id, tt.rule)); n != 0 {
				t.Fatalf("a minute before the threshold: %d %s notices, want 0", n, tt.rule)
			}
			f.tick(tt.job, due.Add(time.Minute))
			got := f.notices(id, tt.rule)
			var to []desk.Audience
			for _, n := range got {
				to = append(to, n.To)
				if !n.At.Equal(due.Add(time.Minute)) {
					t.Errorf("notice at %s, want %s", n.At, due.Add(time.Minute))
				}
			}
			if !slices.Equal(to, tt.to) {
				t.Fatalf("a minute after the threshold: notices to %v, want %v", to, tt.to)
			}
			if marks := firedAt(f.get(id), tt.rule); len(marks) != 1 || !marks[0].Equal(due.Add(time.Minute)) {
				t.Errorf("reminder marks %v, want one at %s", marks, due.Add(time.Minute))
			}
			for i := 1; i <= 24; i++ {
				f.tick(tt.job, due.Add(time.Minute+time.Duration(i)*time.Hour))
			}
			if n := len(f.notices(id, tt.rule)); n != len(tt.to) {
				t.Fatalf("after a day of ticks: %d %s notices, want %d", n, tt.rule, len(tt.to))
			}
		})
	}
}

// A rule does not fire when what it waits for happened in time.
func TestNoReminderWhenHandledInTime(t *testing.T) {
	d := desk.DefaultSettings()
	tests := []struct {
		name, job, rule string
		setup           func(f *fixture) string
		at              time.Time
	}{
		{"overdue/claimed", scheduler.JobOverdue, "overdue", func(f *fixture) string {
			return f.claim(f.report(desk.Window{}).ID, base.Add(time.Hour)).ID
		}, base.Add(d.EscalateAfter.D() + time.Hour)},
		{"overdue/cancelled", scheduler.JobOverdue, "overdue", func(f *fixture) string {
			id := f.report(desk.Window{}).ID
			f.do(base.Add(time.Hour), func() (*desk.Ticket, error) { return f.svc.Cancel(f.ctx, f.req, id, "fixed itself") })
			return id
		}, base.Add(d.EscalateAfter.D() + time.Hour)},
		{"repair_late/completed", scheduler.JobRepair, "repair_late", func(f *fixture) string {
			id := f.claim(f.report(desk.Window{}).ID, base).ID
			return f.complete(id, base.Add(time.Hour)).ID
		}, base.Add(d.RepairAfter.D() + time.Hour)},
		{"repair_late/suspension-waiting", scheduler.JobRepair, "repair_late", func(f *fixture) string {
			id := f.claim(f.report(desk.Window{}).ID, base).ID
			return f.suspend(id, base.Add(time.Hour)).ID
		}, base.Add(d.RepairAfter.D() + time.Hour)},
		{"review_remind/reviewed", scheduler.JobReview, "review_remind", func(f *fixture) string {
			id := f.claim(f.report(desk.Window{}).ID, base).ID
			f.suspend(id, base.Add(time.Minute))
			return f.review(id, false, base.Add(30*time.Minute)).ID
		}, base.Add(d.ReviewRemindAfter.D() + time.Hour)},
		{"suspended_long/resumed", scheduler.JobSuspended, "suspended_long", func(f *fixture) string {
			id := f.claim(f.report(desk.Window{}).ID, base).ID
			f.suspend(id, base.Add(time.Minute))
			f.review(id, true, base.Add(2*time.Minute))
			return f.do(base.Add(time.Hour), func() (*desk.Ticket, error) { return f.svc.Resume(f.ctx, f.tech, id) }).ID
		}, base.Add(d.SuspendedRemindAfter.D() + time.Hour)},
		{"rate_remind/rated", scheduler.JobRate, "rate_remind", func(f *fixture) string {
			id := f.claim(f.report(desk.Window{}).ID, base).ID
			f.complete(id, base.Add(time.Minute))
			return f.rate(id, base.Add(time.Hour)).ID
		}, base.Add(d.RateRemindAfter.D() + time.Hour)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			id := tt.setup(f)
			f.tick(tt.job, tt.at)
			if n := len(f.notices(id, tt.rule)); n != 0 {
				t.Fatalf("%d %s notices, want 0", n, tt.rule)
			}
		})
	}
}

// Thresholds are read at each run: an admin's change applies at the next
// tick, and a threshold of zero turns its rule off.
func TestThresholdsReadAtEachRun(t *testing.T) {
	f := newFixture(t)
	id := f.report(desk.Window{}).ID
	f.tick(scheduler.JobOverdue, base.Add(time.Hour))
	if n := len(f.notices(id, "overdue")); n != 0 {
		t.Fatalf("%d overdue notices after an hour, want 0", n)
	}
	f.settings(func(s *desk.Settings) { s.OverdueAfter = desk.Duration(30 * time.Minute); s.EscalateAfter = 0 })
	f.tick(scheduler.JobOverdue, base.Add(time.Hour+time.Minute))
	if n := len(f.notices(id, "overdue")); n != 1 {
		t.Fatalf("%d overdue notices after the setting changed, want 1", n)
	}
	f.tick(scheduler.JobOverdue, base.Add(48*time.Hour))
	if n := len(f.notices(id, "escalate")); n != 0 {
		t.Fatalf("%d escalations with escalateAfter 0, want 0", n)
	}
}

// With working hours, only working time on working days counts: a fault
// reported at 23:00 on Friday is not overdue over the weekend, and is
// overdue two working hours into Monday.
func TestWorkingHours(t *testing.T) {
	friday := time.Date(2026, 3, 6, 23, 0, 0, 0, shanghai)
	monday := time.Date(2026, 3, 9, 0, 0, 0, 0, shanghai)
	tuesday := monday.AddDate(0, 0, 1)
	if friday.Weekday() != time.Friday || monday.Weekday() != time.Monday {
		t.Fatal("calendar mistake in the test")
	}
	type check struct {
		at             time.Time
		overdue, escal int
	}
	tests := []struct {
		name     string
		holidays []string
		checks   []check
	}{
		{"weekend", nil, []check{
			{friday.Add(time.Hour), 0, 0},                     // Saturday 00:00
			{friday.Add(11 * time.Hour), 0, 0},                // Saturday 10:00
			{friday.Add(37 * time.Hour), 0, 0},                // Sunday 12:00
			{monday.Add(9*time.Hour + 59*time.Minute), 0, 0},  // 1h59m of work
			{monday.Add(10*time.Hour + time.Minute), 1, 0},    // 2h01m
			{monday.Add(18 * time.Hour), 1, 0},                // 10h: Monday is over
			{monday.Add(23 * time.Hour), 1, 0},                // the evening does not count
			{tuesday.Add(9*time.Hour + 59*time.Minute), 1, 0}, // 11h59m
			{tuesday.Add(10*time.Hour + time.Minute), 1, 1},   // 12h01m
		}},
		{"monday-holiday", []string{"2026-03-09"}, []check{
			{monday.Add(12 * time.Hour), 0, 0},
			{tuesday.Add(9*time.Hour + 59*time.Minute), 0, 0},
			{tuesday.Add(10*time.Hour + time.Minute), 1, 0},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			st := f.settings(func(s *desk.Settings) {
				s.WorkHours = "08:00-18:00"
				s.WorkDays = []int{1, 2, 3, 4, 5}
				s.Holidays = tt.holidays
				s.OverdueAfter = desk.Duration(2 * time.Hour)
				s.EscalateAfter = desk.Duration(12 * time.Hour)
			})
			f.at(friday)
			id := f.report(desk.Window{}).ID
			for _, c := range tt.checks {
				f.tick(scheduler.JobOverdue, c.at)
				o, e := len(f.notices(id, "overdue")), len(f.notices(id, "escalate"))
				if o != c.overdue || e != c.escal {
					t.Fatalf("%s: %d overdue, %d escalate notices; want %d, %d",
						c.at.Format("Mon 15:04"), o, e, c.overdue, c.escal)
				}
				// The reminder and the list's 超 tag agree.
				if tag := f.get(id).Overdue(c.at, st); tag != (c.overdue == 1) {
					t.Errorf("%s: the ticket's overdue tag is %v", c.at.Format("Mon 15:04"), tag)
				}
			}
		})
	}
}

// A job past its expected end, counted in working time: claimed on Friday
// afternoon with eight working hours to do it, it is late on Monday.
func TestRepairDueInWorkingTime(t *testing.T) {
	f := newFixture(t)
	f.settings(func(s *desk.Settings) {
		s.WorkHours = "08:00-18:00"
		s.RepairAfter = desk.Duration(8 * time.Hour)
		s.RepairEscalateAfter = desk.Duration(2 * time.Hour)
	})
	friday := time.Date(2026, 3, 6, 16, 0, 0, 0, shanghai)
	monday := time.Date(2026, 3, 9, 0, 0, 0, 0, shanghai)
	f.at(friday)
	id := f.claim(f.report(desk.Window{}).ID, friday).ID
	for _, c := range []struct {
		at          time.Time
		late, escal int
	}{
		{friday.Add(8 * time.Hour), 0, 0},                 // Saturday 00:00
		{monday.Add(13*time.Hour + 59*time.Minute), 0, 0}, // 2h Friday + 5h59m Monday
		{monday.Add(14*time.Hour + time.Minute), 1, 0},    // reminded at 14:01
		{monday.Add(16 * time.Hour), 1, 0},
		{monday.Add(16*time.Hour + 2*time.Minute), 1, 1}, // two working hours after the reminder
	} {
		f.tick(scheduler.JobRepair, c.at)
		l, e := len(f.notices(id, "repair_late")), len(f.notices(id, "repair_escalate"))
		if l != c.late || e != c.escal {
			t.Fatalf("%s: %d repair_late, %d repair_escalate; want %d, %d", c.at.Format("Mon 15:04"), l, e, c.late, c.escal)
		}
	}
}

// firedAt lists when rule fired on t, once per episode: its marks are the
// rule's name, alone or followed by the episode ("@<claim>", "#<request>").
func firedAt(t *desk.Ticket, rule string) []time.Time {
	var out []time.Time
	for mark, at := range t.Reminders {
		if rest, ok := strings.CutPrefix(mark, rule); ok && (rest == "" || rest[0] == '@' || rest[0] == '#') {
			out = append(out, at)
		}
	}
	return out
}

// Rules about a technician's job fire once per episode: a second
// suspension request gets its own review reminder, and a job reassigned
// after its technician was told it is late is late for the new technician
// too, who is told in turn.
func TestReminderPerEpisode(t *testing.T) {
	d := desk.DefaultSettings()
	t.Run("review_remind", func(t *testing.T) {
		f := newFixture(t)
		id := f.claim(f.report(desk.Window{}).ID, base).ID
		f.suspend(id, base)
		f.tick(scheduler.JobReview, base.Add(d.ReviewRemindAfter.D()+time.Minute))
		second := base.Add(d.ReviewRemindAfter.D() + time.Hour)
		f.review(id, false, second)
		f.suspend(id, second)
		f.tick(scheduler.JobReview, second.Add(time.Minute))
		if n := len(f.notices(id, "review_remind")); n != 1 {
			t.Fatalf("%d review reminders before the second request waited long, want 1", n)
		}
		f.tick(scheduler.JobReview, second.Add(d.ReviewRemindAfter.D()+time.Minute))
		if n := len(f.notices(id, "review_remind")); n != 2 {
			t.Fatalf("%d review reminders after two requests waited long, want 2", n)
		}
	})
	t.Run("repair_late", func(t *testing.T) {
		f := newFixture(t)
		tk := f.claim(f.report(desk.Window{}).ID, base)
		late := tk.RepairDue(d, base).Add(time.Minute)
		f.tick(scheduler.JobRepair, late)
		other := f.user("test:tech2", desk.RoleTechnician)
		f.do(late, func() (*desk.Ticket, error) { return f.svc.Assign(f.ctx, f.sup, tk.ID, other.ID) })
		f.tick(scheduler.JobRepair, late.Add(time.Minute))
		if n := len(f.notices(tk.ID, "repair_late")); n != 1 {
			t.Fatalf("%d lateness reminders right after the reassignment, want 1", n)
		}
		reassigned := f.get(tk.ID)
		f.tick(scheduler.JobRepair, reassigned.RepairDue(d, late).Add(time.Minute))
		got := f.notices(tk.ID, "repair_late")
		if len(got) != 2 || got[0].User.ID != f.tech.ID || got[1].User.ID != other.ID {
			t.Fatalf("lateness reminders %+v, want one to each technician", got)
		}
	})
}

// A job is not late for the time it spent suspended or waiting for the
// supervisors' review: neither the lateness reminder, nor its escalation,
// nor the 超 tag counts it.
func TestRepairTimersPauseWhileOutOfTheTechniciansHands(t *testing.T) {
	d := desk.DefaultSettings()
	t.Run("suspended-three-days", func(t *testing.T) {
		f := newFixture(t)
		id := f.claim(f.report(desk.Window{}).ID, base).ID
		f.suspend(id, base.Add(time.Hour))
		f.review(id, true, base.Add(time.Hour))
		resumed := base.Add(time.Hour + 72*time.Hour)
		f.do(resumed, func() (*desk.Ticket, error) { return f.svc.Resume(f.ctx, f.tech, id) })
		f.tick(scheduler.JobRepair, resumed.Add(time.Minute))
		if n := len(f.notices(id, "repair_late")); n != 0 {
			t.Fatalf("%d lateness reminders a minute after the resumption, want 0", n)
		}
		if late, err := f.svc.OverdueTickets(f.ctx); err != nil || len(late) != 0 {
			t.Fatalf("overdue list %v, %v; want none", late, err)
		}
		due := base.Add(d.RepairAfter.D() + 72*time.Hour)
		f.tick(scheduler.JobRepair, due.Add(-time.Minute))
		if n := len(f.notices(id, "repair_late")); n != 0 {
			t.Fatalf("%d lateness reminders before the due time moved by the suspension, want 0", n)
		}
		f.tick(scheduler.JobRepair, due.Add(time.Minute))
		if n := len(f.notices(id, "repair_late")); n != 1 {
			t.Fatalf("%d lateness reminders after it, want 1", n)
		}
	})
	t.Run("escalation-waits-out-a-review", func(t *testing.T) {
		f := newFixture(t)
		tk := f.claim(f.report(desk.Window{}).ID, base)
		late := base.Add(d.RepairAfter.D() + time.Minute)
		f.tick(scheduler.JobRepair, late)
		if n := len(f.notices(tk.ID, "repair_late")); n != 1 {
			t.Fatalf("%d lateness reminders, want 1", n)
		}
		// Asked to suspend an hour after the reminder; the supervisors
		// took ten hours to say no.
		f.suspend(tk.ID, late.Add(time.Hour))
		rejected := late.Add(11 * time.Hour)
		f.review(tk.ID, false, rejected)
		f.tick(scheduler.JobRepair, rejected.Add(time.Minute))
		if n := len(f.notices(tk.ID, "repair_escalate")); n != 0 {
			t.Fatalf("escalated two hours of the technician's time after the reminder")
		}
		f.tick(scheduler.JobRepair, rejected.Add(d.RepairEscalateAfter.D()-time.Hour+time.Minute))
		if n := len(f.notices(tk.ID, "repair_escalate")); n != 1 {
			t.Fatalf("%d escalations after %s of the technician's time, want 1", n, d.RepairEscalateAfter)
		}
	})
}
