package desk_test

import (
	"errors"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo/repotest"
)

// A ticket already in the history (a desk that archived unrated tickets
// did so) can no longer change there, and says so: no action is offered
// on it, and a stale ⭐ press is refused with that reason instead of the
// desk claiming to be busy.
func TestArchivedTicketRefusesChangesPlainly(t *testing.T) {
	store := repotest.Open(t)
	ctx := t.Context()
	if _, err := store.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	svc := desk.NewService(store, store, store, store)
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	svc.Now = func() time.Time { return now }
	person := func(account string, roles ...desk.Role) *desk.User {
		u, err := svc.Account(ctx, account, "en")
		if err == nil {
			u, err = svc.Register(ctx, u, desk.Profile{Name: account, Phone: "13800000000", Department: "Lab"})
		}
		if err == nil && len(roles) > 0 {
			u, err = svc.GrantBootstrap(ctx, u.ID, roles...)
		}
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	req, tech := person("test:req"), person("test:tech", desk.RoleTechnician)
	cat, _ := store.Catalog(ctx)
	tk, err := svc.Report(ctx, req, desk.Report{Location: desk.Location{Zone: cat.Zones[0].Name, Building: cat.Zones[0].Buildings[0]},
		ProblemType: cat.ProblemTypes[0], Title: "Leak", Description: "Drips", Contact: "13800000000"})
	if err == nil {
		_, err = svc.Claim(ctx, tech, tk.ID)
	}
	if err == nil {
		tk, err = svc.Complete(ctx, tech, tk.ID, cat.RepairTypes[0], "done", nil)
	}
	if err == nil {
		err = store.MarkSent(ctx, tk.ID, tk.Sent, len(tk.Outbox))
	}
	if err == nil {
		err = store.Archive(ctx, tk.ID)
	}
	if err != nil {
		t.Fatal(err)
	}
	now = now.Add(8 * 24 * time.Hour)
	settings, _ := svc.Settings(ctx)
	if _, err := svc.Allowed(ctx, req, tk.ID, desk.ActRate, settings); !archivedErr(err) {
		t.Fatalf("rating offered on an archived ticket: %v", err)
	}
	if _, err := svc.Rate(ctx, req, tk.ID, 5, ""); !archivedErr(err) {
		t.Fatalf("rate an archived ticket: %v, want the reason it cannot change", err)
	}
	got, err := store.Get(ctx, tk.ID)
	if err != nil || got.Rating != nil || got.Version != tk.Version {
		t.Fatalf("stored after the refusal: %+v, %v", got, err)
	}
}

func archivedErr(err error) bool {
	var de *desk.Error
	return errors.As(err, &de) && errors.Is(err, desk.ErrConflict) && de.Msg == "err.archived"
}

// An urgent ticket claimed after its urgent claim limit, but within a
// normal one, became overdue; a report says so whether the ticket is live
// or archived.
func TestArchivedUrgentTicketKeepsItsLimits(t *testing.T) {
	store := repotest.Open(t)
	ctx := t.Context()
	if _, err := store.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	svc := desk.NewService(store, store, store, store)
	now := time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC) // Monday 09:00 Shanghai
	svc.Now = func() time.Time { return now }
	req := person(t, svc, "req", desk.Profile{Name: "Req", Phone: "13800000000", Department: "Lab"})
	tech := person(t, svc, "tech", desk.Profile{Name: "Tech", Phone: "13800000001", Department: "Ops"}, desk.RoleTechnician)
	sup := person(t, svc, "sup", desk.Profile{Name: "Sup", Phone: "13800000002", Department: "Ops"}, desk.RoleSupervisor)
	cat, _ := store.Catalog(ctx)
	r := desk.Report{Location: desk.Location{Zone: cat.Zones[0].Name, Building: cat.Zones[0].Buildings[0]},
		ProblemType: cat.ProblemTypes[0], Title: "Leak", Description: "Drips", Contact: "13800000000"}
	tk, err := svc.ReportUrgent(ctx, req, r, "k1", "water everywhere")
	must(t, err)
	now = now.Add(45 * time.Minute)
	_, err = svc.Claim(ctx, tech, tk.ID)
	must(t, err)
	now = now.Add(time.Hour)
	_, err = svc.Complete(ctx, tech, tk.ID, cat.RepairTypes[0], "fixed", nil)
	must(t, err)
	now = now.Add(time.Minute)
	_, err = svc.Rate(ctx, req, tk.ID, 5, "")
	must(t, err)
	before, err := svc.PeriodReport(ctx, sup, "today")
	must(t, err)
	archive(t, svc, store, tk.ID)
	after, err := svc.PeriodReport(ctx, sup, "today")
	must(t, err)
	if before.Overdue != 1 || after.Overdue != 1 {
		t.Errorf("became overdue: %d while live, %d once archived", before.Overdue, after.Overdue)
	}
}
