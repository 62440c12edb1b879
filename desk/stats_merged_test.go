package desk_test

import (
	"testing"

	"github.com/repairdesk/repairdesk/desk"
)

// A technician who linked a second account is one person in the figures:
// the jobs done under the account merged away (one archived, one live)
// count with those done since, under the name they have now.
func TestFiguresCountALinkedTechnicianOnce(t *testing.T) {
	d := newStoreDesk(t)
	ctx := t.Context()
	owner, tech, boss := d.people["owner"], d.people["tech"], d.people["boss"]
	other, err := d.svc.Account(ctx, "test:tech-on-slack", "en")
	if err == nil {
		other, err = d.svc.Register(ctx, other, desk.Profile{Name: "tech on slack", Phone: "13800000000", Department: "Lab"})
	}
	if err == nil {
		other, err = d.svc.GrantBootstrap(ctx, other.ID, desk.RoleTechnician)
	}
	if err != nil {
		t.Fatal(err)
	}
	cat, err := d.store.Catalog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	job := func(by *desk.User) *desk.Ticket {
		t.Helper()
		tk, err := d.svc.Report(ctx, owner, d.report)
		if err == nil {
			_, err = d.svc.Claim(ctx, by, tk.ID)
		}
		if err == nil {
			tk, err = d.svc.Complete(ctx, by, tk.ID, cat.RepairTypes[0], "Fixed", nil)
		}
		if err == nil {
			err = d.store.MarkSent(ctx, tk.ID, tk.Sent, len(tk.Outbox))
		}
		if err != nil {
			t.Fatal(err)
		}
		return tk
	}
	archived := job(other)
	if err := d.store.Archive(ctx, archived.ID); err != nil {
		t.Fatal(err)
	}
	job(other) // live, completed under the other account
	code, err := d.svc.LinkCode(ctx, tech)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.svc.Link(ctx, other, "test:tech-on-slack", code); err != nil {
		t.Fatal(err)
	}
	job(tech)
	st, err := d.svc.PeriodReport(ctx, boss, "today")
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Technicians) != 1 {
		t.Fatalf("technicians %+v, want the linked one once", st.Technicians)
	}
	if got := st.Technicians[0]; got.Tech.ID != tech.ID || got.Tech.Name != tech.Name || got.Completed != 3 || got.Claimed != 3 {
		t.Errorf("the linked technician: %+v, want %s (%s) with 3 claimed and 3 completed", got, tech.Name, tech.ID)
	}
}
