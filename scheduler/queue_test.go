package scheduler_test

import (
	"slices"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/scheduler"
)

// A ticket of a queue with a supervisor is escalated to that supervisor
// first, in private, and to all supervisors in their channel once the
// threshold has passed again; each tier once. The same for a late job.
func TestEscalationTiersOfAQueue(t *testing.T) {
	f := newFixture(t)
	d := desk.DefaultSettings()
	admin, q := electricians(f, true)
	audiences := func(id, kind string) []string {
		var out []string
		for _, n := range f.notices(id, kind) {
			out = append(out, string(n.To)+":"+n.User.ID)
		}
		return out
	}
	check := func(what string, got []string, want ...string) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%s: %v, want %v", what, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%s: %v, want %v", what, got, want)
			}
		}
	}
	first, all := string(desk.ToQueueSupervisor)+":"+f.sup.ID, string(desk.ToSupervisors)+":"

	pending := f.report(desk.Window{})
	if pending.Queue == nil || pending.Queue.ID != q.ID {
		t.Fatalf("routed to %+v", pending.Queue)
	}
	th := d.EscalateAfter.D()
	f.tick(scheduler.JobOverdue, base.Add(th-time.Minute))
	check("before the threshold", audiences(pending.ID, "escalate"))
	f.tick(scheduler.JobOverdue, base.Add(th+time.Minute))
	check("past it once", audiences(pending.ID, "escalate"), first)
	f.tick(scheduler.JobOverdue, base.Add(2*th-time.Minute))
	check("not yet twice", audiences(pending.ID, "escalate"), first)
	f.tick(scheduler.JobOverdue, base.Add(2*th+time.Minute))
	check("past it twice", audiences(pending.ID, "escalate"), first, all)
	f.tick(scheduler.JobOverdue, base.Add(30*time.Hour))
	check("a day later", audiences(pending.ID, "escalate"), first, all)

	// A late job: the technician is reminded, then the queue's
	// supervisor, then everyone.
	job := f.claim(f.report(desk.Window{}).ID, base.Add(31*time.Hour))
	late := job.RepairDue(d, job.Claim.At).Add(time.Minute)
	f.tick(scheduler.JobRepair, late)
	rth := d.RepairEscalateAfter.D()
	f.tick(scheduler.JobRepair, late.Add(rth+time.Minute))
	check("late job, once", audiences(job.ID, "repair_escalate"), first)
	f.tick(scheduler.JobRepair, late.Add(2*rth+time.Minute))
	check("late job, twice", audiences(job.ID, "repair_escalate"), first, all)

	// Without supervisors the queue's tickets go to the channel at once.
	if _, err := f.svc.SetQueueMember(f.ctx, admin, q.ID, desk.MemberSupervisor, f.sup.ID, false); err != nil {
		t.Fatal(err)
	}
	at := base.Add(60 * time.Hour)
	f.at(at)
	plain := f.report(desk.Window{})
	f.tick(scheduler.JobOverdue, at.Add(th+time.Minute))
	check("a queue without supervisors", audiences(plain.ID, "escalate"), all)
	f.tick(scheduler.JobOverdue, at.Add(3*th))
	check("…and only once", audiences(plain.ID, "escalate"), all)
}

// A ticket escalated to its queue's supervisor whose queue is then
// removed still reaches the supervisors' channel: the two tiers keep
// marks of their own.
func TestEscalationReachesTheChannelAfterItsQueueIsRemoved(t *testing.T) {
	f := newFixture(t)
	d := desk.DefaultSettings()
	admin, q := electricians(f, false)
	tk := f.report(desk.Window{})
	th := d.EscalateAfter.D()
	f.tick(scheduler.JobOverdue, base.Add(th+time.Minute))
	if err := f.svc.RemoveQueue(f.ctx, admin, q.ID); err != nil {
		t.Fatal(err)
	}
	f.tick(scheduler.JobOverdue, base.Add(2*th+time.Minute))
	var got []string
	for _, n := range f.notices(tk.ID, "escalate") {
		got = append(got, string(n.To)+":"+n.User.ID)
	}
	want := []string{string(desk.ToQueueSupervisor) + ":" + f.sup.ID, string(desk.ToSupervisors) + ":"}
	if !slices.Equal(got, want) {
		t.Errorf("escalations %v, want %v", got, want)
	}
}

// electricians is a queue of the first problem type with the fixture's
// supervisor, and its technician when withTech, made by an admin whom it
// returns with it.
func electricians(f *fixture, withTech bool) (*desk.User, desk.Queue) {
	f.t.Helper()
	admin := f.user("test:admin", desk.RoleAdmin)
	q, err := f.svc.AddQueue(f.ctx, admin, "Electricians")
	if err == nil {
		_, err = f.svc.EditQueue(f.ctx, admin, q.ID, desk.SetProblemType(f.cat.ProblemTypes[0], true))
	}
	if err == nil {
		_, err = f.svc.SetQueueMember(f.ctx, admin, q.ID, desk.MemberSupervisor, f.sup.ID, true)
	}
	if err == nil && withTech {
		_, err = f.svc.SetQueueMember(f.ctx, admin, q.ID, desk.MemberTechnician, f.tech.ID, true)
	}
	if err != nil {
		f.t.Fatal(err)
	}
	return admin, q
}
