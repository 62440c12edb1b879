package desk

import (
	"testing"
	"time"
)

// A job taken off its technician tells them: reassigned (no reason), or
// released by a supervisor (with the reason). A technician who releases
// their own job is not told what they did.
func TestTakingAJobOffTellsItsTechnician(t *testing.T) {
	now := t0.Add(time.Hour)
	for _, c := range []struct {
		name   string
		a      Action
		by     *User
		target *User
		told   bool
		note   string
	}{
		{"released by a supervisor", ActRelease, supervisor, nil, true, "why"},
		{"reassigned", ActAssign, supervisor, otherTech, true, ""},
		{"released by the technician", ActRelease, holder, nil, false, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			tk := situations()["accepted"]
			sent := len(tk.Outbox)
			apply(tk, c.a, change{actor: c.by, now: now, text: "why", target: c.target})
			var got []Notice
			for _, n := range tk.Outbox[sent:] {
				if n.Kind == NoticeUnassign {
					got = append(got, n)
				}
			}
			if !c.told {
				if len(got) != 0 {
					t.Fatalf("the technician is told of their own release: %+v", got)
				}
				return
			}
			if len(got) != 1 || got[0].To != ToTechnician || got[0].User.ID != holder.ID || got[0].Note != c.note {
				t.Fatalf("notices to the technician: %+v, want one to %s with note %q", got, holder.ID, c.note)
			}
		})
	}
}
