package desk

import (
	"testing"
	"time"
)

// The timers that measure the technician stop while the job is out of
// their hands: from a suspension request until the supervisors answer it,
// and, when they approve it, until the job is resumed. With working hours
// set, the time left is counted in working time.
func TestRepairDuePausesForTheTechnician(t *testing.T) {
	plain := DefaultSettings()
	plain.RepairAfter = Duration(24 * time.Hour)
	working := DefaultSettings()
	working.WorkHours = "08:00-18:00"
	working.RepairAfter = Duration(8 * time.Hour)
	loc := working.Location()
	fri := func(h int) time.Time { return time.Date(2026, 11, 20, h, 0, 0, 0, loc) }
	mon := func(h int) time.Time { return time.Date(2026, 11, 23, h, 0, 0, 0, loc) }
	h := func(n float64) time.Time { return t0.Add(time.Duration(n * float64(time.Hour))) }

	type step struct {
		a  Action
		at time.Time
	}
	cases := []struct {
		name    string
		s       Settings
		window  time.Time // the requester's expected end, if any
		steps   []step
		now     time.Time
		due     time.Time
		overdue bool
	}{
		{"no-pause", plain, time.Time{}, []step{{ActClaim, h(0)}}, h(24) /* on the dot */, h(24), false},
		{"no-pause/late", plain, time.Time{}, []step{{ActClaim, h(0)}}, h(24.1), h(24), true},
		{"suspended-three-days/resumed", plain, time.Time{},
			[]step{{ActClaim, h(0)}, {ActSuspend, h(1)}, {ActApprove, h(1)}, {ActResume, h(73)}},
			h(73.1), h(96), false},
		{"suspended-three-days/late-after", plain, time.Time{},
			[]step{{ActClaim, h(0)}, {ActSuspend, h(1)}, {ActApprove, h(1)}, {ActResume, h(73)}},
			h(96.1), h(96), true},
		{"suspended/still", plain, time.Time{},
			[]step{{ActClaim, h(0)}, {ActSuspend, h(1)}, {ActApprove, h(2)}},
			h(200), h(223), false},
		{"review-wait/rejected", plain, time.Time{},
			[]step{{ActClaim, h(0)}, {ActSuspend, h(20)}, {ActReject, h(30)}},
			h(30.1), h(34), false},
		{"review-wait/still-waiting", plain, time.Time{},
			[]step{{ActClaim, h(0)}, {ActSuspend, h(20)}},
			h(40), h(44), false},
		{"review-wait/then-approved", plain, time.Time{},
			[]step{{ActClaim, h(0)}, {ActSuspend, h(10)}, {ActApprove, h(12)}, {ActResume, h(20)}},
			h(30), h(34), false},
		{"late-before-the-pause", plain, time.Time{},
			[]step{{ActClaim, h(0)}, {ActSuspend, h(30)}, {ActApprove, h(31)}, {ActResume, h(40)}},
			h(40.1), h(24), true},
		{"window-end/moved-by-the-pause", plain, h(10),
			[]step{{ActClaim, h(0)}, {ActSuspend, h(2)}, {ActApprove, h(2)}, {ActResume, h(5)}},
			h(12), h(13), false},
		{"working-hours/no-pause", working, time.Time{},
			[]step{{ActClaim, fri(16)}}, mon(13), mon(14), false},
		{"working-hours/paused-over-the-weekend", working, time.Time{},
			// 1h worked on Friday, 7h left at 17:00, resumed Monday 10:00
			[]step{{ActClaim, fri(16)}, {ActSuspend, fri(17)}, {ActApprove, fri(17)}, {ActResume, mon(10)}},
			mon(16), mon(17), false},
		{"working-hours/window-end", working, mon(12),
			// 5 working hours left at Friday 17:00: due 5 working hours
			// after Monday 09:00, not 64 wall-clock hours after noon
			[]step{{ActClaim, fri(10)}, {ActSuspend, fri(17)}, {ActApprove, fri(17)}, {ActResume, mon(9)}},
			mon(15), mon(14), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tk := &Ticket{ID: "1042", State: Pending, CreatedAt: c.steps[0].at.Add(-time.Hour),
				Requester: Person{ID: owner.ID}, Report: Report{Window: Window{End: c.window}}}
			if !c.window.IsZero() {
				tk.Window.Start = tk.CreatedAt
			}
			for _, st := range c.steps {
				by := holder
				if st.a == ActApprove || st.a == ActReject {
					by = supervisor
				}
				if err := Check(tk, st.a, by, st.at, c.s); err != nil {
					t.Fatalf("%s: %v", st.a, err)
				}
				apply(tk, st.a, change{actor: by, now: st.at, text: "parts"})
			}
			if got := tk.RepairDue(c.s, c.now); !got.Equal(c.due) {
				t.Errorf("due %s, want %s", got.In(loc).Format("Mon 15:04"), c.due.In(loc).Format("Mon 15:04"))
			}
			if got := tk.Overdue(c.now, c.s); got != c.overdue {
				t.Errorf("overdue (超) %v, want %v", got, c.overdue)
			}
		})
	}
}

// With working hours set, the wait before urging counts working time: a
// fault reported at five on Friday may be urged on Monday at nine, not on
// Friday evening.
func TestUrgeWaitInWorkingTime(t *testing.T) {
	s := DefaultSettings()
	s.WorkHours = "08:00-18:00"
	loc := s.Location()
	created := time.Date(2026, 11, 20, 17, 0, 0, 0, loc)
	tk := &Ticket{ID: "1042", State: Pending, CreatedAt: created, Requester: Person{ID: owner.ID}}
	for _, c := range []struct {
		name string
		at   time.Time
		wait time.Duration
	}{
		{"friday-evening", time.Date(2026, 11, 20, 20, 0, 0, 0, loc), 61 * time.Hour},
		{"monday-08:59", time.Date(2026, 11, 23, 8, 59, 0, 0, loc), time.Minute},
		{"monday-09:00", time.Date(2026, 11, 23, 9, 0, 0, 0, loc), 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := UrgeWait(tk, c.at, s); got != c.wait {
				t.Errorf("wait %v, want %v", got, c.wait)
			}
		})
	}
	urged := time.Date(2026, 11, 23, 17, 50, 0, 0, loc)
	apply(tk, ActUrge, change{actor: owner, now: urged})
	// The 30-minute cooldown runs out at 08:20 on Tuesday.
	if got := UrgeWait(tk, urged.Add(time.Hour), s); got != 13*time.Hour+30*time.Minute {
		t.Errorf("cooldown after an urge at 17:50: wait %v, want 13h30m", got)
	}
}
