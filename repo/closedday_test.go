package repo_test

import (
	"slices"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/repairdesk/repairdesk/repo/repotest"
)

// Archived finds archived tickets by the day they closed, those archived
// before the index existed included, and only within the times asked.
func TestArchivedByClosingDay(t *testing.T) {
	store := repotest.Open(t)
	ctx := t.Context()
	svc, req, _ := newDesk(t, store, 0)
	now := time.Date(2026, 3, 3, 23, 30, 0, 0, time.UTC)
	svc.Now = func() time.Time { return now }
	var ids []string
	for range 3 {
		tk := report(t, svc, store, req)
		if _, err := svc.Cancel(ctx, req, tk.ID, "never mind"); err != nil {
			t.Fatal(err)
		}
		delivered(t, store, tk.ID)
		if err := store.Archive(ctx, tk.ID); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tk.ID)
		now = now.Add(time.Hour) // the next closes on the next UTC day
	}
	got := func(from, to time.Time) []string {
		t.Helper()
		ts, err := store.Archived(ctx, from, to)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, tk := range ts {
			out = append(out, tk.ID)
		}
		slices.Sort(out)
		return out
	}
	day := time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)
	if all := got(day, day.Add(48*time.Hour)); !slices.Equal(all, ids) {
		t.Fatalf("archived over two days: %v, want %v", all, ids)
	}
	if first := got(day, day.Add(24*time.Hour)); !slices.Equal(first, ids[:1]) {
		t.Fatalf("archived on the first day: %v, want %v", first, ids[:1])
	}
	if later := got(day.Add(24*time.Hour+31*time.Minute), day.Add(48*time.Hour)); !slices.Equal(later, ids[2:]) {
		t.Fatalf("archived from 00:31 on the second day: %v, want %v", later, ids[2:])
	}

	// A store whose archive predates the index builds it once.
	if _, err := store.DB().Collection("closed_days").DeleteMany(ctx, bson.D{}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.DB().Collection("config").DeleteOne(ctx, bson.D{{Key: "_id", Value: "closedDaysBuilt"}}); err != nil {
		t.Fatal(err)
	}
	if all := got(day, day.Add(48*time.Hour)); !slices.Equal(all, ids) {
		t.Fatalf("archived after rebuilding the index: %v, want %v", all, ids)
	}
}
