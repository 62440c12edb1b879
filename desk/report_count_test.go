package desk_test

import (
	"context"
	"errors"
	"testing"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo"
	"github.com/repairdesk/repairdesk/repo/repotest"
)

// dyingTickets fails the ticket's creation while dead is set, as if the
// process were killed after the report was counted and before it was
// filed.
type dyingTickets struct {
	*repo.Store
	dead bool
}

func (s *dyingTickets) Create(ctx context.Context, t *desk.Ticket) error {
	if s.dead {
		return errors.New("killed before the ticket was filed")
	}
	return s.Store.Create(ctx, t)
}

// A keyed report killed between being counted against the hourly limit and
// being filed, then filed again, counts once: the person is not refused
// later for a report they made once.
func TestReportCountedOnceAfterCrash(t *testing.T) {
	store := repotest.Open(t)
	ctx := t.Context()
	if _, err := store.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	tickets := &dyingTickets{Store: store, dead: true}
	svc := desk.NewService(tickets, store, store, store)
	cat, err := store.Catalog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	report := desk.Report{Location: desk.Location{Zone: cat.Zones[0].Name, Building: cat.Zones[0].Buildings[0]},
		ProblemType: cat.ProblemTypes[0], Title: "Leak", Description: "Drips", Contact: "13800000000"}
	u := person(t, svc, "counted", desk.Profile{Name: "Counted", Phone: "13800000000", Department: "Library"})

	if _, err := svc.ReportOnce(ctx, u, report, "submit:1"); err == nil {
		t.Fatal("the first filing succeeded; want it killed")
	}
	tickets.dead = false
	first, err := svc.ReportOnce(ctx, u, report, "submit:1")
	if err != nil {
		t.Fatal(err)
	}
	// A second, different report is counted as it should be.
	if _, err := svc.ReportOnce(ctx, u, report, "submit:2"); err != nil {
		t.Fatal(err)
	}
	stored, err := svc.Known(ctx, "test:counted")
	if err != nil {
		t.Fatal(err)
	}
	if len(stored.Reports) != 2 {
		t.Fatalf("%d reports counted for two tickets (the first filed after a crash), want 2", len(stored.Reports))
	}
	if first.Number == 0 {
		t.Fatal("no ticket filed after the crash")
	}
}
