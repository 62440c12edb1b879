package repo

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
)

// An export passes every ticket the filter selects once, live and
// archived, more than a batch of them, and a ticket caught in both
// collections (a crash between the archive's copy and its delete, or an
// export running beside an archiving) once, as it is live.
func TestExportPassesEachTicketOnce(t *testing.T) {
	ctx := t.Context()
	db, err := Open(ctx, Options{DataDir: t.TempDir()}, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := db.Store
	day := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	var want []string
	for i := range 2*exportBatch + 10 {
		id := fmt.Sprint(1000 + i)
		tk := &desk.Ticket{ID: id, Number: int64(1000 + i), State: desk.Pending, Version: 1, CreatedAt: day.Add(time.Duration(i) * time.Minute)}
		if i%2 == 0 {
			tk.State, tk.Cancel = desk.Cancelled, &desk.Cancellation{At: tk.CreatedAt.Add(time.Minute)}
		}
		if err := s.Create(ctx, tk); err != nil {
			t.Fatal(err)
		}
		if tk.State == desk.Cancelled && i%4 == 0 {
			if err := s.Archive(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
		want = append(want, id)
	}
	// Copied to the archive and still live.
	both, err := s.Get(ctx, "1002")
	if err != nil || both.Archived {
		t.Fatalf("ticket 1002: %+v, %v", both, err)
	}
	if _, err := s.c(colArchive).InsertOne(ctx, both); err != nil {
		t.Fatal(err)
	}
	// Outside the period.
	if err := s.Create(ctx, &desk.Ticket{ID: "999", Number: 999, State: desk.Pending, Version: 1, CreatedAt: day.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}

	var got []string
	err = s.Export(ctx, desk.ExportFilter{From: day, To: day.AddDate(0, 0, 1)}, func(tk *desk.Ticket) error {
		got = append(got, tk.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("exported %d tickets, want %d: %v", len(got), len(want), got)
	}
	var cancelled int
	err = s.Export(ctx, desk.ExportFilter{State: desk.Cancelled}, func(tk *desk.Ticket) error {
		cancelled++
		return nil
	})
	if err != nil || cancelled != len(want)/2 {
		t.Fatalf("cancelled: %d, %v; want %d", cancelled, err, len(want)/2)
	}
}
