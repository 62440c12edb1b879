package repo_test

import (
	"testing"

	"github.com/repairdesk/repairdesk/repo"
)

// A release drops the claim; the stored ticket must lose it too, or a
// pending ticket would show who "claimed" it when read back, and still
// count as that technician's job after a restart.
func TestUpdateRemovesWhatTheTicketNoLongerHas(t *testing.T) {
	inBothModes(t, func(t *testing.T, store *repo.Store) {
		ctx := t.Context()
		svc, req, techs := newDesk(t, store, 1)
		tk := report(t, svc, store, req)
		if _, err := svc.Claim(ctx, techs[0], tk.ID); err != nil {
			t.Fatal(err)
		}
		released, err := svc.Release(ctx, techs[0], tk.ID, "Needs an electrician")
		if err != nil {
			t.Fatal(err)
		}
		if released.Claim != nil {
			t.Fatalf("released ticket keeps its claim: %+v", released.Claim)
		}
		got, err := store.Get(ctx, tk.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Claim != nil || got.State != released.State {
			t.Fatalf("stored after release: state %s, claim %+v", got.State, got.Claim)
		}
		// And a later claim is stored again.
		if _, err := svc.Claim(ctx, techs[0], tk.ID); err != nil {
			t.Fatal(err)
		}
		if got, err = store.Get(ctx, tk.ID); err != nil || got.Claim == nil || got.Claim.By.ID != techs[0].ID {
			t.Fatalf("stored after claiming again: %+v, %v", got, err)
		}
	})
}
