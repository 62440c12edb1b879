package repo_test

import (
	"errors"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo/repotest"
)

// A link code is taken once: its taker gets it again, even after it ran
// out, anyone else is refused; a code that ran out cannot be taken first;
// a taker without a name cannot take it again; codes a day out of date
// are forgotten.
func TestLinkCodeTakenOnce(t *testing.T) {
	s := repotest.Open(t)
	ctx := t.Context()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	put := func(code string, until time.Time) {
		t.Helper()
		if err := s.PutLinkCode(ctx, code, "u1", until); err != nil {
			t.Fatal(err)
		}
	}
	take := func(code, taker string, at time.Time) error {
		user, err := s.TakeLinkCode(ctx, code, taker, at)
		if err == nil && user != "u1" {
			t.Errorf("code %s gave user %q", code, user)
		}
		return err
	}
	put("111111", now.Add(10*time.Minute))
	if err := take("111111", "a", now); err != nil {
		t.Fatalf("first take: %v", err)
	}
	if err := take("111111", "a", now.Add(time.Hour)); err != nil {
		t.Errorf("the same taker again, after the code ran out: %v", err)
	}
	for _, taker := range []string{"b", ""} {
		if err := take("111111", taker, now); !errors.Is(err, desk.ErrNotFound) {
			t.Errorf("taker %q took a code taken by a: %v", taker, err)
		}
	}
	put("222222", now.Add(10*time.Minute))
	if err := take("222222", "a", now.Add(11*time.Minute)); !errors.Is(err, desk.ErrNotFound) {
		t.Errorf("a code that ran out was taken: %v", err)
	}
	put("333333", now.Add(10*time.Minute))
	if err := take("333333", "", now); err != nil {
		t.Fatalf("taken by a taker without a name: %v", err)
	}
	if err := take("333333", "", now); !errors.Is(err, desk.ErrNotFound) {
		t.Errorf("taken twice by takers without a name: %v", err)
	}
	put("444444", now.Add(25*time.Hour+10*time.Minute)) // forgets the first three
	if err := take("111111", "a", now); !errors.Is(err, desk.ErrNotFound) {
		t.Errorf("a code a day out of date was kept: %v", err)
	}
}
