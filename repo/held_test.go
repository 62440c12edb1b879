package repo_test

import (
	"fmt"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/repo"
	"github.com/repairdesk/repairdesk/repo/repotest"
)

// Answers held for a person are kept per account, replaced by the next
// hold, listed by account with the time of their last hold, still there
// when the store is opened again, and gone once dropped.
func TestHeldAnswersSurviveReopening(t *testing.T) {
	dir := t.TempDir()
	ctx := t.Context()
	// Opened and closed here, as a desk that stops; repotest closes the
	// second opening.
	db, err := repo.Open(ctx, repo.Options{DataDir: dir}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	before := time.Now().Add(-time.Second)
	if err := db.Store.HoldAnswers(ctx, "telegram:201", []byte("first")); err != nil {
		t.Fatalf("HoldAnswers: %v", err)
	}
	if err := db.Store.HoldAnswers(ctx, "telegram:201", []byte("first and second")); err != nil {
		t.Fatalf("HoldAnswers again: %v", err)
	}
	if err := db.Store.HoldAnswers(ctx, "telegram:202", []byte("other")); err != nil {
		t.Fatalf("HoldAnswers: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	store := repotest.OpenDB(t, dir).Store
	accounts, at, err := store.HeldAccounts(ctx)
	if err != nil {
		t.Fatalf("HeldAccounts: %v", err)
	}
	slices.Sort(accounts)
	if fmt.Sprint(accounts) != "[telegram:201 telegram:202]" {
		t.Errorf("HeldAccounts = %v, want telegram:201 and telegram:202", accounts)
	}
	for i, a := range at {
		if a.Before(before) || a.After(time.Now()) {
			t.Errorf("held at %v, want about now (%v)", a, accounts[i])
		}
	}
	if data, err := store.HeldAnswers(ctx, "telegram:201"); err != nil || string(data) != "first and second" {
		t.Errorf("HeldAnswers = %q, %v; want what the last hold kept", data, err)
	}
	for range 2 { // dropping what is gone is no error
		if err := store.DropHeld(ctx, "telegram:201"); err != nil {
			t.Fatalf("DropHeld: %v", err)
		}
	}
	if data, err := store.HeldAnswers(ctx, "telegram:201"); err != nil || data != nil {
		t.Errorf("after DropHeld, HeldAnswers = %q, %v; want nothing", data, err)
	}
	if accounts, _, err := store.HeldAccounts(ctx); err != nil || fmt.Sprint(accounts) != "[telegram:202]" {
		t.Errorf("after DropHeld, HeldAccounts = %v, %v; want telegram:202 only", accounts, err)
	}
}
