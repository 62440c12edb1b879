package repo

import (
	"context"
	"testing"

	"github.com/repairdesk/repairdesk/desk"
)

// A ticket is added to the totals once whatever step of its archiving a
// kill cut short: after it was set aside and before it left the live
// collection (archived again, counted once), or after it left and before
// it was added (added by the next archive).
func TestTotalsCountEachArchivedTicketOnce(t *testing.T) {
	ctx := context.Background()
	db := opener(t, t.TempDir())()
	defer db.Close()
	s := db.Store
	cancelled := func(id string) *desk.Ticket {
		tk := &desk.Ticket{ID: id, State: desk.Cancelled, Version: 1, Requester: desk.Person{ID: "u1"}}
		if err := s.Create(ctx, tk); err != nil {
			t.Fatal(err)
		}
		return tk
	}
	// cutShort runs the steps of Archive up to the kill.
	cutShort := func(tk *desk.Ticket, left bool) {
		if err := s.archiveCopy(ctx, tk); err != nil {
			t.Fatal(err)
		}
		if err := s.pendTotals(ctx, tk, totalsOf(tk)); err != nil {
			t.Fatal(err)
		}
		if left {
			if err := s.leaveLive(ctx, tk); err != nil {
				t.Fatal(err)
			}
		}
	}
	counted := func(when string, want int) {
		t.Helper()
		got, err := s.Totals(ctx)
		if err != nil || got.Cancelled != want {
			t.Errorf("%s: %d cancelled counted (%v), want %d", when, got.Cancelled, err, want)
		}
	}

	gone, stayed, next := cancelled("1001"), cancelled("1002"), cancelled("1003")
	cutShort(gone, true)
	cutShort(stayed, false)
	counted("after two archives cut short", 0)
	if err := s.Archive(ctx, next.ID); err != nil {
		t.Fatal(err)
	}
	counted("after the next archive", 2) // 1001, settled, and 1003
	if err := s.Archive(ctx, stayed.ID); err != nil {
		t.Fatal(err)
	}
	counted("after the one still live is archived again", 3)
	for _, id := range []string{"1001", "1002", "1003"} {
		if err := s.Archive(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	counted("after archiving each again", 3)
}
