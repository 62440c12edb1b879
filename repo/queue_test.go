package repo_test

import (
	"errors"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo/repotest"
)

// Queues are kept one document each: inserted once, replaced only from
// the version read, listed oldest first, deleted once.
func TestQueueStore(t *testing.T) {
	s := repotest.Open(t)
	ctx := t.Context()
	at := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	q := func(id, name string, created time.Time) desk.Queue {
		return desk.Queue{ID: id, Name: name, ProblemTypes: []string{"电气 Electrical"}, Zones: []string{},
			Chats: []string{"telegram:-100123", "slack:C0ELEC"}, Technicians: []string{"u1", "u2"},
			Supervisors: []string{"u3"}, CreatedAt: created, Version: 1}
	}
	for _, x := range []desk.Queue{q("q10", "Later", at.Add(time.Hour)), q("q2", "Second", at), q("q1", "First", at)} {
		if err := s.SaveQueue(ctx, x, 0); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SaveQueue(ctx, q("q1", "Again", at), 0); !errors.Is(err, desk.ErrConflict) {
		t.Errorf("a second insert of q1: %v, want a conflict", err)
	}
	qs, err := s.Queues(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 3 || qs[0].ID != "q1" || qs[1].ID != "q2" || qs[2].ID != "q10" {
		t.Fatalf("queues: %+v", qs)
	}
	if got := qs[0]; got.Name != "First" || len(got.Chats) != 2 || got.Technicians[1] != "u2" || !got.CreatedAt.Equal(at) {
		t.Errorf("q1 read back as %+v", got)
	}

	changed := qs[0]
	changed.Name, changed.Version = "Renamed", 2
	if err := s.SaveQueue(ctx, changed, 1); err != nil {
		t.Fatal(err)
	}
	stale := qs[0]
	stale.Name, stale.Version = "Stale", 2
	if err := s.SaveQueue(ctx, stale, 1); !errors.Is(err, desk.ErrConflict) {
		t.Errorf("a write from a stale version: %v, want a conflict", err)
	}
	if err := s.DeleteQueue(ctx, "q2"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteQueue(ctx, "q2"); !errors.Is(err, desk.ErrNotFound) {
		t.Errorf("deleting q2 again: %v, want not found", err)
	}
	qs, _ = s.Queues(ctx)
	if len(qs) != 2 || qs[0].Name != "Renamed" || qs[1].ID != "q10" {
		t.Errorf("after the changes: %+v", qs)
	}
}

// The embedded store answers Queues from memory: no command after the
// first read, until a queue is saved or removed; a caller changing what it
// got changes nothing stored.
func TestQueuesFromMemory(t *testing.T) {
	dir := t.TempDir()
	db := repotest.OpenDB(t, dir)
	s := db.Store
	ctx := t.Context()
	q := desk.Queue{ID: "q1", Name: "Electrical", ProblemTypes: []string{"电气 Electrical"},
		Technicians: []string{"u1"}, CreatedAt: time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC), Version: 1}
	if err := s.SaveQueue(ctx, q, 0); err != nil {
		t.Fatal(err)
	}
	finds := func() int64 { return s.Commands()["find"] }
	if qs, err := s.Queues(ctx); err != nil || len(qs) != 1 {
		t.Fatalf("queues: %v, %v", qs, err)
	}
	before := finds()
	qs, _ := s.Queues(ctx)
	if n := finds() - before; n != 0 {
		t.Errorf("a second read made %d finds, want none", n)
	}
	qs[0].Technicians[0], qs[0].Name = "intruder", "Changed"
	if again, _ := s.Queues(ctx); again[0].Technicians[0] != "u1" || again[0].Name != "Electrical" {
		t.Errorf("a caller's change reached the memory: %+v", again[0])
	}
	renamed := q
	renamed.Name, renamed.Version = "Power", 2
	if err := s.SaveQueue(ctx, renamed, 1); err != nil {
		t.Fatal(err)
	}
	if qs, _ := s.Queues(ctx); len(qs) != 1 || qs[0].Name != "Power" {
		t.Errorf("after a rename: %+v", qs)
	}
	if err := s.SaveQueue(ctx, q, 1); !errors.Is(err, desk.ErrConflict) {
		t.Fatalf("a stale write: %v", err)
	}
	if qs, _ := s.Queues(ctx); len(qs) != 1 || qs[0].Name != "Power" {
		t.Errorf("after a refused write: %+v", qs)
	}
	if err := s.DeleteQueue(ctx, "q1"); err != nil {
		t.Fatal(err)
	}
	if qs, _ := s.Queues(ctx); len(qs) != 0 {
		t.Errorf("after removing it: %+v", qs)
	}
}
