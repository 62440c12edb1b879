package desk_test

import (
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo"
	"github.com/repairdesk/repairdesk/repo/repotest"
)

// storeDesk is a desk over the embedded store, at a clock the test moves,
// with an owner, a technician and a supervisor registered, and a report
// of a leak ready to file.
type storeDesk struct {
	svc    *desk.Service
	store  *repo.Store
	now    time.Time
	people map[string]*desk.User
	report desk.Report
}

func newStoreDesk(t *testing.T) *storeDesk {
	t.Helper()
	store := repotest.Open(t)
	ctx := t.Context()
	if _, err := store.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	d := &storeDesk{svc: desk.NewService(store, store, store, store), store: store,
		now: time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC), people: map[string]*desk.User{}}
	d.svc.Now = func() time.Time { return d.now }
	for who, role := range map[string]desk.Role{"owner": "", "tech": desk.RoleTechnician, "boss": desk.RoleSupervisor} {
		u, err := d.svc.Account(ctx, "test:"+who, "en")
		if err == nil {
			u, err = d.svc.Register(ctx, u, desk.Profile{Name: who, Phone: "13800000000", Department: "Lab"})
		}
		if err == nil && role != "" {
			u, err = d.svc.GrantBootstrap(ctx, u.ID, role)
		}
		if err != nil {
			t.Fatal(err)
		}
		d.people[who] = u
	}
	cat, err := store.Catalog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d.report = desk.Report{Location: desk.Location{Zone: cat.Zones[0].Name, Building: cat.Zones[0].Buildings[0]},
		ProblemType: cat.ProblemTypes[0], Title: "Leak", Description: "Drips", Contact: "13800000000"}
	return d
}

// An action asked again under the input that made it (handed over again
// after a crash) is not made again, whether it would now be refused (a
// second claim) or allowed (a second urge); the ticket comes back as it
// is. Under another input it is made, or refused, as usual.
func TestActionOfTheSameInputIsMadeOnce(t *testing.T) {
	d := newStoreDesk(t)
	ctx := t.Context()
	owner, tech := d.people["owner"], d.people["tech"]
	tk, err := d.svc.Report(ctx, owner, d.report)
	if err != nil {
		t.Fatal(err)
	}
	press := desk.WithInput(ctx, "telegram:update:7")
	for i := range 2 {
		got, err := d.svc.Claim(press, tech, tk.ID)
		if err != nil || got.Claim == nil || got.Claim.By.ID != tech.ID {
			t.Fatalf("claim %d under one input: %v; want it claimed by the technician", i+1, err)
		}
	}
	if _, err := d.svc.Claim(desk.WithInput(ctx, "telegram:update:8"), tech, tk.ID); err == nil {
		t.Error("a second claim under another input was not refused")
	}

	// An urge may be repeated once the cooldown has passed: under the
	// input that made it, it is not; under a new one, it is.
	d.now = d.now.Add(48 * time.Hour)
	urge := desk.WithInput(ctx, "telegram:update:9")
	if _, err := d.svc.Urge(urge, owner, tk.ID); err != nil {
		t.Fatal(err)
	}
	d.now = d.now.Add(time.Hour)
	if got, err := d.svc.Urge(urge, owner, tk.ID); err != nil || len(got.Urges) != 1 {
		t.Fatalf("the urge again under its input: %v, %v; want one urge", got.Urges, err)
	}
	if got, err := d.svc.Urge(desk.WithInput(ctx, "telegram:update:10"), owner, tk.ID); err != nil || len(got.Urges) != 2 {
		t.Fatalf("an urge under a new input after the cooldown: %v, %v; want two urges", got.Urges, err)
	}
	tk, err = d.svc.Ticket(ctx, owner, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n := countEvents(tk, desk.ActClaim); n != 1 {
		t.Errorf("claimed %d times, want once", n)
	}
	if n := countEvents(tk, desk.ActUrge); n != 2 {
		t.Errorf("%d urges in the history, want 2", n)
	}
}

// countEvents counts the events of action a in t's history.
func countEvents(t *desk.Ticket, a desk.Action) int {
	n := 0
	for _, e := range t.History {
		if e.Action == a {
			n++
		}
	}
	return n
}

// An edit made by an input, handed over again once its time window has
// passed, is answered as made, not refused for the window.
func TestEditOfTheSameInputAfterItsWindowPassed(t *testing.T) {
	d := newStoreDesk(t)
	ctx := t.Context()
	owner := d.people["owner"]
	tk, err := d.svc.Report(ctx, owner, d.report)
	if err != nil {
		t.Fatal(err)
	}
	edited := d.report
	edited.Title = "Leak under the sink"
	edited.Window = desk.Window{Start: d.now.Add(time.Hour), End: d.now.Add(2 * time.Hour)}
	press := desk.WithInput(ctx, "telegram:update:11")
	if _, err := d.svc.Edit(press, owner, tk.ID, edited); err != nil {
		t.Fatal(err)
	}
	d.now = d.now.Add(3 * time.Hour)
	got, err := d.svc.Edit(press, owner, tk.ID, edited)
	if err != nil || got.Title != edited.Title {
		t.Errorf("the edit handed over again after its window: %v, %v", got, err)
	}
	if _, err := d.svc.Edit(desk.WithInput(ctx, "telegram:update:12"), owner, tk.ID, edited); err == nil {
		t.Error("a new edit with a window in the past was not refused")
	}
}
