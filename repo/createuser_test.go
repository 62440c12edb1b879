package repo_test

import (
	"errors"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo/repotest"
)

// An account whose link names a user who does not exist (what a kill
// between the link and the user left, when links came first) does not
// lock its person out: their next message gets them a user of their own.
func TestAccountLinkedToAMissingUserHeals(t *testing.T) {
	db := repotest.OpenDB(t, t.TempDir())
	ctx := t.Context()
	_, err := db.Store.DB().Collection("accounts").InsertOne(ctx, bson.D{{Key: "_id", Value: "telegram:42"}, {Key: "user", Value: "gone"}})
	if err != nil {
		t.Fatal(err)
	}
	svc := desk.NewService(db.Store, db.Store, db.Store, db.Store)
	u, err := svc.Account(ctx, "telegram:42", "en")
	if err != nil {
		t.Fatalf("first message after the kill: %v", err)
	}
	again, err := svc.Account(ctx, "telegram:42", "en")
	if err != nil || again.ID != u.ID || u.ID == "gone" {
		t.Errorf("the next message: %+v, %v; want the user %s made by the first", again, err, u.ID)
	}
}

// A user whose account is taken is not created: neither the user nor a
// link of theirs is left behind.
func TestUserWithATakenAccountLeavesNothing(t *testing.T) {
	s := repotest.Open(t)
	ctx := t.Context()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	first := &desk.User{ID: "u1", Accounts: []string{"telegram:1"}, CreatedAt: now, Version: 1}
	if err := s.CreateUser(ctx, first); err != nil {
		t.Fatal(err)
	}
	second := &desk.User{ID: "u2", Accounts: []string{"slack:T1:U2", "telegram:1"}, CreatedAt: now, Version: 1}
	if err := s.CreateUser(ctx, second); !errors.Is(err, desk.ErrConflict) {
		t.Fatalf("a user with a taken account: %v, want a conflict", err)
	}
	if _, err := s.User(ctx, "u2"); !errors.Is(err, desk.ErrNotFound) {
		t.Errorf("the refused user is stored: %v", err)
	}
	if _, err := s.ByAccount(ctx, "slack:T1:U2"); !errors.Is(err, desk.ErrNotFound) {
		t.Errorf("the refused user's other account is linked: %v", err)
	}
	if u, err := s.ByAccount(ctx, "telegram:1"); err != nil || u.ID != "u1" {
		t.Errorf("the taken account moved: %+v, %v", u, err)
	}
}
