package desk

import (
	"slices"
	"testing"
	"time"
)

// An urgent ticket is held to the urgent deadlines: its 超 tag comes after
// UrgentClaimAfter instead of OverdueAfter, and its job is due
// UrgentRepairAfter after the claim even when the requester hoped for a
// later end. A normal ticket keeps the usual ones.
func TestUrgentDeadlines(t *testing.T) {
	s := DefaultSettings()
	s.WorkHours = "" // every minute counts, to keep the arithmetic plain
	for _, c := range []struct {
		name    string
		urgent  bool
		after   time.Duration
		overdue bool
	}{
		{"normal/31m", false, 31 * time.Minute, false},
		{"normal/2h1m", false, 2*time.Hour + time.Minute, true},
		{"urgent/29m", true, 29 * time.Minute, false},
		{"urgent/31m", true, 31 * time.Minute, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			tk := situations()["pending"]
			if c.urgent {
				tk.Priority = PriorityUrgent
			}
			// t0 is a Friday 09:00 UTC, 17:00 in Shanghai: count from a
			// Monday morning so that working days do not interfere.
			tk.CreatedAt = time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)
			if got := tk.Overdue(tk.CreatedAt.Add(c.after), s); got != c.overdue {
				t.Errorf("overdue after %v: %v, want %v", c.after, got, c.overdue)
			}
			tags := tk.Tags(tk.CreatedAt.Add(c.after), s)
			if got := slices.Contains(tags, UrgentTag); got != c.urgent {
				t.Errorf("tags %v: 🚨 %v, want %v", tags, got, c.urgent)
			}
		})
	}

	t.Run("repair", func(t *testing.T) {
		tk := situations()["accepted"]
		claimed := time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)
		tk.Claim.At = claimed
		tk.Window = Window{Start: claimed, End: claimed.Add(48 * time.Hour)}
		if due := tk.RepairDue(s, claimed); !due.Equal(tk.Window.End) {
			t.Errorf("a normal job is due at the window's end %v, got %v", tk.Window.End, due)
		}
		tk.Priority = PriorityUrgent
		want := AddWorkingTime(s, claimed, 4*time.Hour)
		if due := tk.RepairDue(s, claimed); !due.Equal(want) {
			t.Errorf("an urgent job is due after 4h at %v, got %v", want, due)
		}
	})

	t.Run("limits", func(t *testing.T) {
		tk := situations()["pending"]
		if l := tk.Limits(s); l.Overdue != s.OverdueAfter || l.Escalate != s.EscalateAfter || l.Repair != s.RepairAfter {
			t.Errorf("a normal ticket's limits %+v", l)
		}
		tk.Priority = PriorityUrgent
		l := tk.Limits(s)
		if l.Overdue != s.UrgentClaimAfter || l.Escalate != s.UrgentEscalateAfter || l.Repair != s.UrgentRepairAfter ||
			l.RepairEscalate != s.UrgentEscalateAfter {
			t.Errorf("an urgent ticket's limits %+v", l)
		}
		// Settings stored before the urgent deadlines existed: the
		// usual ones hold rather than none.
		old := s
		old.UrgentClaimAfter, old.UrgentEscalateAfter, old.UrgentRepairAfter = 0, 0, 0
		if l := tk.Limits(old); l.Overdue != s.OverdueAfter || l.Escalate != s.EscalateAfter {
			t.Errorf("without urgent settings: %+v", l)
		}
	})
}

// Urgent tickets go first; within each priority the order is kept.
func TestUrgentFirst(t *testing.T) {
	mk := func(id string, p Priority) *Ticket { return &Ticket{ID: id, Priority: p} }
	ts := []*Ticket{mk("1", ""), mk("2", PriorityUrgent), mk("3", ""), mk("4", PriorityUrgent)}
	UrgentFirst(ts)
	var got []string
	for _, tk := range ts {
		got = append(got, tk.ID)
	}
	if want := []string{"2", "4", "1", "3"}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

// A priority change is shown on the dispatch post (edited) and a request
// answered on its own post; the request itself makes that post.
func TestPriorityNoticesEditTheirPosts(t *testing.T) {
	for _, c := range []struct {
		n     Notice
		edits PostKind
		makes PostKind
	}{
		{Notice{Kind: NoticeRaised, To: ToDispatch}, PostDispatch, ""},
		{Notice{Kind: NoticeLowered, To: ToDispatch}, PostDispatch, ""},
		{Notice{Kind: NoticeRaisedOnAsk, To: ToDispatch}, PostDispatch, ""},
		{Notice{Kind: KindOf(ActUrgentAsk), To: ToSupervisors}, "", PostUrgent},
		{Notice{Kind: KindOf(ActUrgentConfirm), To: ToSupervisors}, PostUrgent, ""},
		{Notice{Kind: KindOf(ActUrgentDecline), To: ToSupervisors}, PostUrgent, ""},
		{Notice{Kind: KindOf(ActUrgentAsk), To: ToDispatch}, "", ""},
	} {
		if got := c.n.Edits(); got != c.edits {
			t.Errorf("%s to %s edits %q, want %q", c.n.Kind, c.n.To, got, c.edits)
		}
		if got := c.n.Makes(); got != c.makes {
			t.Errorf("%s to %s makes %q, want %q", c.n.Kind, c.n.To, got, c.makes)
		}
	}
}
