package scheduler_test

import (
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/scheduler"
)

// An urgent ticket's 超 reminder and escalation come after the urgent
// deadlines (30 minutes and an hour by default), a normal ticket's after
// the usual ones; an urgent job is late, and escalated, sooner too.
func TestUrgentTicketsAreChasedSooner(t *testing.T) {
	f := newFixture(t)
	d := desk.DefaultSettings()
	normal := f.report(desk.Window{})
	urgent, err := f.svc.ReportUrgent(f.ctx, f.req, desk.Report{
		Location:    desk.Location{Zone: f.cat.Zones[0].Name, Building: f.cat.Zones[0].Buildings[0], Room: "102"},
		ProblemType: f.cat.ProblemTypes[0], Title: "Flood", Description: "Water everywhere", Contact: "13800000000",
	}, "", "The lab is flooding")
	if err != nil {
		t.Fatal(err)
	}
	count := func(id, rule string) int { return len(f.notices(id, rule)) }

	f.tick(scheduler.JobOverdue, base.Add(d.UrgentClaimAfter.D()+time.Minute))
	if count(urgent.ID, "overdue") != 1 || count(normal.ID, "overdue") != 0 {
		t.Fatalf("after %v: overdue urgent %d, normal %d; want 1, 0", d.UrgentClaimAfter, count(urgent.ID, "overdue"), count(normal.ID, "overdue"))
	}
	if count(urgent.ID, "escalate") != 0 {
		t.Fatal("escalated before its deadline")
	}
	f.tick(scheduler.JobOverdue, base.Add(d.UrgentEscalateAfter.D()+time.Minute))
	if count(urgent.ID, "escalate") != 1 || count(normal.ID, "escalate") != 0 {
		t.Fatalf("after %v: escalated urgent %d, normal %d; want 1, 0", d.UrgentEscalateAfter, count(urgent.ID, "escalate"), count(normal.ID, "escalate"))
	}
	f.tick(scheduler.JobOverdue, base.Add(d.OverdueAfter.D()+time.Minute))
	if count(normal.ID, "overdue") != 1 || count(normal.ID, "escalate") != 0 {
		t.Fatalf("the normal ticket at %v: overdue %d escalated %d", d.OverdueAfter, count(normal.ID, "overdue"), count(normal.ID, "escalate"))
	}

	// The urgent job: late UrgentRepairAfter after the claim, escalated
	// UrgentEscalateAfter after the reminder.
	claimed := base.Add(3 * time.Hour)
	f.claim(urgent.ID, claimed)
	f.tick(scheduler.JobRepair, claimed.Add(d.UrgentRepairAfter.D()-time.Minute))
	if count(urgent.ID, "repair_late") != 0 {
		t.Fatal("late before its urgent deadline")
	}
	late := claimed.Add(d.UrgentRepairAfter.D() + time.Minute)
	f.tick(scheduler.JobRepair, late)
	if count(urgent.ID, "repair_late") != 1 {
		t.Fatalf("not late after %v", d.UrgentRepairAfter)
	}
	f.tick(scheduler.JobRepair, late.Add(d.UrgentEscalateAfter.D()+time.Minute))
	if count(urgent.ID, "repair_escalate") != 1 {
		t.Fatalf("not escalated %v after the reminder", d.UrgentEscalateAfter)
	}
}
