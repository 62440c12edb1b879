package repo_test

import (
	"sync"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo"
)

// A rating given while the ticket is being archived is never lost: either
// the rating is refused (the ticket had left) or it stays, live, with the
// notice it owes still there to be delivered.
func TestArchiveRacingARating(t *testing.T) {
	inBothModes(t, func(t *testing.T, store *repo.Store) {
		ctx := t.Context()
		svc, req, techs := newDesk(t, store, 1)
		c, err := store.Catalog(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var rated, refused int
		for round := range 30 {
			tk := report(t, svc, store, req)
			if _, err := svc.Claim(ctx, techs[0], tk.ID); err != nil {
				t.Fatal(err)
			}
			done, err := svc.Complete(ctx, techs[0], tk.ID, c.RepairTypes[0], "Fixed", nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := store.MarkSent(ctx, tk.ID, done.Sent, len(done.Outbox)); err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			var rateErr error
			// The rating starts a little later each round, so that
			// over the rounds it lands before, during and after the
			// archive's copy.
			start := make(chan struct{})
			wg.Go(func() {
				<-start
				time.Sleep(time.Duration(round%10) * 300 * time.Microsecond)
				_, rateErr = svc.Rate(ctx, req, tk.ID, 5, "quick")
			})
			wg.Go(func() { <-start; store.Archive(ctx, tk.ID) })
			close(start)
			wg.Wait()

			live, err := store.Live(ctx, desk.Filter{Requester: req.ID, States: []desk.State{desk.Completed}})
			if err != nil {
				t.Fatal(err)
			}
			var still *desk.Ticket
			for _, l := range live {
				if l.ID == tk.ID {
					still = l
				}
			}
			if rateErr == nil {
				rated++
				if still == nil || still.Rating == nil || !still.Owed() {
					t.Fatalf("%s: rated, but the live ticket is %+v", tk.Ref(), still)
				}
			} else {
				refused++
				got, err := store.Get(ctx, tk.ID)
				if err != nil || got.Rating != nil || got.Owed() {
					t.Fatalf("%s: rating refused (%v), stored %+v, %v", tk.Ref(), rateErr, got, err)
				}
			}
			// Once its notices are delivered the rated ticket leaves.
			if still != nil {
				if err := store.MarkSent(ctx, tk.ID, still.Sent, len(still.Outbox)); err != nil {
					t.Fatal(err)
				}
				if err := store.Archive(ctx, tk.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		t.Logf("%d rated first, %d refused after archiving", rated, refused)
		mine, err := store.Recent(ctx, req.ID, 100)
		if err != nil || len(mine) != 30 {
			t.Fatalf("recent lists %d tickets (%v), want each of the 30 once", len(mine), err)
		}
	})
}
