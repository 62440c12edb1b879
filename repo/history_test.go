package repo_test

import (
	"context"
	"log/slog"
	"slices"
	"strconv"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo"
	"github.com/repairdesk/repairdesk/repo/repotest"
)

// history lists what History gives, as ticket IDs.
func history(t *testing.T, store *repo.Store, since time.Time, hints ...string) []string {
	t.Helper()
	var ids []string
	var q *desk.Query
	if len(hints) > 0 {
		q = &desk.Query{Words: hints}
	}
	err := store.History(t.Context(), since, q, func(tk *desk.Ticket) bool {
		ids = append(ids, tk.ID)
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// Archiving a ticket writes it into the history once, however often it
// is repeated; the history holds what a report reads.
func TestHistoryFollowsArchive(t *testing.T) {
	inBothModes(t, func(t *testing.T, store *repo.Store) {
		ctx := t.Context()
		svc, req, techs := newDesk(t, store, 1)
		c, _ := store.Catalog(ctx)
		a, b, open := report(t, svc, store, req), report(t, svc, store, req), report(t, svc, store, req)
		if _, err := svc.Cancel(ctx, req, a.ID, "fixed itself"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Claim(ctx, techs[0], b.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Complete(ctx, techs[0], b.ID, c.RepairTypes[0], "Fixed", nil); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Rate(ctx, req, b.ID, 2, "slow"); err != nil {
			t.Fatal(err)
		}
		if got := history(t, store, time.Time{}); len(got) != 0 {
			t.Fatalf("history before archiving: %v", got)
		}
		delivered(t, store, a.ID)
		delivered(t, store, b.ID)
		for _, id := range []string{a.ID, b.ID, a.ID, b.ID} {
			if err := store.Archive(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
		// Within a month, the highest number first.
		if got := history(t, store, time.Time{}); !slices.Equal(got, []string{b.ID, a.ID}) {
			t.Fatalf("history %v, want %s and %s once each", got, b.ID, a.ID)
		}
		var rated *desk.Ticket
		store.History(ctx, time.Time{}, nil, func(tk *desk.Ticket) bool { rated = tk; return false })
		if rated.ID != b.ID || rated.Rating == nil || rated.Rating.Comment != "slow" || rated.Completion == nil ||
			rated.Completion.By.ID != techs[0].ID || rated.Claim == nil || rated.Title != "Lamp" {
			t.Fatalf("history's ticket: %+v", rated)
		}
		// A query may leave out tickets that lack a word; the open
		// ticket is never in the history.
		if got := history(t, store, time.Time{}, "flickers"); len(got) != 2 {
			t.Fatalf("hint flickers: %v", got)
		}
		if got := history(t, store, time.Time{}, "nowhere"); len(got) != 0 {
			t.Fatalf("hint nowhere: %v", got)
		}
		if got := history(t, store, time.Now().AddDate(0, 2, 0)); len(got) != 0 {
			t.Fatalf("history since a later month: %v", got)
		}
		if slices.Contains(history(t, store, time.Time{}), open.ID) {
			t.Fatal("an open ticket in the history")
		}
	})
}

// A store whose archive predates the history builds it when it opens; a
// tool that fills tickets_done directly rebuilds it.
func TestHistoryRebuiltFromArchive(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db, err := repo.Open(ctx, repo.Options{DataDir: dir}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	var docs []any
	months := []time.Time{time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC), time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC)}
	for i := range 6 {
		at := months[i%2]
		n := int64(2000 + i)
		docs = append(docs, desk.Ticket{ID: strconv.FormatInt(n, 10), Number: n, State: desk.Cancelled, CreatedAt: at,
			UpdatedAt: at, Cancel: &desk.Cancellation{At: at}, Posts: []desk.Post{}})
	}
	if _, err := db.Store.DB().Collection("tickets_done").InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}
	// As a store from before the history: no index of it.
	if _, err := db.Store.DB().Collection("config").DeleteOne(ctx, bson.D{{Key: "_id", Value: "history"}}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = repotest.OpenDB(t, dir)
	want := []string{"2005", "2003", "2001", "2004", "2002", "2000"} // March first
	if got := history(t, db.Store, time.Time{}); !slices.Equal(got, want) {
		t.Fatalf("history after reopening: %v, want %v", got, want)
	}
	if got := history(t, db.Store, months[1]); !slices.Equal(got, want[:3]) {
		t.Fatalf("history since March: %v", got)
	}
	if err := db.Store.RebuildHistory(ctx); err != nil {
		t.Fatal(err)
	}
	if got := history(t, db.Store, time.Time{}); !slices.Equal(got, want) {
		t.Fatalf("history rebuilt again: %v, want %v", got, want)
	}
}
