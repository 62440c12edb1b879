package repo_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo"
	"github.com/repairdesk/repairdesk/repo/repotest"
)

// newDesk returns a service over a fresh embedded store, with a requester
// and n technicians.
func newDesk(t testing.TB, store *repo.Store, n int) (*desk.Service, *desk.User, []*desk.User) {
	t.Helper()
	ctx := context.Background()
	if _, err := store.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	svc := desk.NewService(store, store, store, store)
	mk := func(acc string, roles ...desk.Role) *desk.User {
		u, err := svc.Account(ctx, acc, "en")
		if err != nil {
			t.Fatal(err)
		}
		if u, err = svc.Register(ctx, u, desk.Profile{Name: acc, Phone: "13800000000", Department: "Test"}); err != nil {
			t.Fatal(err)
		}
		if len(roles) > 0 {
			if u, err = svc.GrantBootstrap(ctx, u.ID, roles...); err != nil {
				t.Fatal(err)
			}
		}
		return u
	}
	req := mk("test:requester")
	var techs []*desk.User
	for i := range n {
		techs = append(techs, mk(fmt.Sprintf("test:tech%d", i), desk.RoleTechnician))
	}
	return svc, req, techs
}

func sampleReport(c desk.Catalog) desk.Report {
	return desk.Report{
		Location:    desk.Location{Zone: c.Zones[0].Name, Building: c.Zones[0].Buildings[0], Room: "101"},
		ProblemType: c.ProblemTypes[0], Title: "Lamp", Description: "It flickers", Contact: "13800000000",
	}
}

// report opens a ticket as the requester, lifting the hourly limit.
func report(t testing.TB, svc *desk.Service, store *repo.Store, req *desk.User) *desk.Ticket {
	t.Helper()
	ctx := context.Background()
	st, _ := store.Settings(ctx)
	if st.ReportsPerHour < 1000 {
		if _, err := svc.SetSetting(ctx, &desk.User{Roles: []desk.Role{desk.RoleAdmin}}, "reportsPerHour", "1000"); err != nil {
			t.Fatal(err)
		}
	}
	c, _ := store.Catalog(ctx)
	tk, err := svc.Report(ctx, req, sampleReport(c))
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// TestFirstClaimWins presses Claim 64 times at once, round after round:
// one winner each time. It runs with the embedded store's in-process check
// and with the database filter that a MongoDB deployment uses.
func TestFirstClaimWins(t *testing.T) {
	for _, mode := range []struct {
		name       string
		inDatabase bool
		rounds     int
	}{{"embedded", false, 100}, {"database-filter", true, 10}} {
		t.Run(mode.name, func(t *testing.T) {
			db, err := repo.Open(context.Background(), repo.Options{DataDir: t.TempDir(), CompareInDatabase: mode.inDatabase}, slog.New(slog.DiscardHandler))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			claimRace(t, db.Store, mode.rounds)
		})
	}
}

func claimRace(t *testing.T, store *repo.Store, rounds int) {
	svc, req, techs := newDesk(t, store, 64)
	ctx := t.Context()
	for round := range rounds {
		tk := report(t, svc, store, req)
		var wins atomic.Int32
		var wg sync.WaitGroup
		start := make(chan struct{})
		for _, tech := range techs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, err := svc.Claim(ctx, tech, tk.ID)
				switch {
				case err == nil:
					wins.Add(1)
				case !errors.Is(err, desk.ErrConflict):
					t.Errorf("round %d: claim: %v", round, err)
				}
			}()
		}
		close(start)
		wg.Wait()
		if n := wins.Load(); n != 1 {
			t.Fatalf("round %d: %d winners, want 1", round, n)
		}
		got, err := store.Get(ctx, tk.ID)
		if err != nil {
			t.Fatal(err)
		}
		claims := 0
		for _, e := range got.History {
			if e.Action == desk.ActClaim {
				claims++
			}
		}
		if got.State != desk.Accepted || claims != 1 {
			t.Fatalf("round %d: state %s with %d claims in history", round, got.State, claims)
		}
	}
}

func TestTicketNumbersUniqueUnderConcurrency(t *testing.T) {
	store := repotest.Open(t)
	ctx := t.Context()
	const n = 1000
	var mu sync.Mutex
	seen := map[int64]bool{}
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range n / 50 {
				num, err := store.NextNumber(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				if err := store.Create(ctx, &desk.Ticket{ID: fmt.Sprint(num), Number: num, State: desk.Pending, Version: 1}); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				seen[num] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(seen) != n {
		t.Fatalf("%d distinct numbers, want %d", len(seen), n)
	}
	live, err := store.Live(ctx, desk.Filter{})
	if err != nil || len(live) != n {
		t.Fatalf("%d tickets stored (%v), want %d", len(live), err, n)
	}
}

func TestDataSurvivesReopening(t *testing.T) {
	dir := t.TempDir()
	ctx := t.Context()
	db, err := repo.Open(ctx, repo.Options{DataDir: dir}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	svc, req, _ := newDesk(t, db.Store, 0)
	tk := report(t, svc, db.Store, req)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = repotest.OpenDB(t, dir)
	got, err := db.Store.Get(ctx, tk.ID)
	if err != nil {
		t.Fatalf("after reopening: %v", err)
	}
	if got.Title != tk.Title || got.Requester.ID != req.ID || !got.CreatedAt.Equal(tk.CreatedAt.Truncate(time.Millisecond)) {
		t.Fatalf("after reopening: %+v", got)
	}
	if u, err := db.Store.ByAccount(ctx, "test:requester"); err != nil || u.ID != req.ID {
		t.Fatalf("user after reopening: %v %v", u, err)
	}
}

func TestSecondOpenOfDataFolderRefused(t *testing.T) {
	dir := t.TempDir()
	repotest.OpenDB(t, dir)
	_, err := repo.Open(t.Context(), repo.Options{DataDir: dir}, slog.New(slog.DiscardHandler))
	if !errors.Is(err, repo.ErrDataDirInUse) {
		t.Fatalf("second open in this process: %v, want ErrDataDirInUse", err)
	}
	// And from another process, as a second copy of the program would.
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperOpen$")
	cmd.Env = append(os.Environ(), "REPAIRDESK_HELPER_DIR="+dir)
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("second process opened the folder:\n%s", out)
	}
	if want := "in use by another repairdesk process"; !contains(string(out), want) {
		t.Fatalf("second process said:\n%s\nwant %q", out, want)
	}
}

// TestHelperOpen is run by TestSecondOpenOfDataFolderRefused in a child
// process.
func TestHelperOpen(t *testing.T) {
	dir := os.Getenv("REPAIRDESK_HELPER_DIR")
	if dir == "" {
		t.Skip("run by TestSecondOpenOfDataFolderRefused")
	}
	db, err := repo.Open(context.Background(), repo.Options{DataDir: dir}, slog.New(slog.DiscardHandler))
	if err != nil {
		fmt.Println(err)
		os.Exit(3)
	}
	db.Close()
}

func contains(s, sub string) bool {
	return len(s) >= len(sub) && (s == sub || len(sub) == 0 || indexOf(s, sub) >= 0)
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func TestTextThatLooksLikeAQueryIsStoredLiterally(t *testing.T) {
	store := repotest.Open(t)
	svc, req, _ := newDesk(t, store, 0)
	ctx := t.Context()
	c, _ := store.Catalog(ctx)
	r := sampleReport(c)
	r.Title = `$where`
	r.Description = `{"$gt": ""}`
	r.Location.Room = `{"$ne": null}`
	tk, err := svc.Report(ctx, req, r)
	if err != nil {
		t.Fatal(err)
	}
	got, err := store.Get(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != r.Title || got.Description != r.Description || got.Location.Room != r.Location.Room {
		t.Fatalf("stored %q %q %q", got.Title, got.Description, got.Location.Room)
	}
	// An ID that is an operator document is just an unknown ID.
	if _, err := store.Get(ctx, `{"$gt": ""}`); !errors.Is(err, desk.ErrNotFound) {
		t.Fatalf("get by operator-looking id: %v", err)
	}
}

func TestArchiveKeepsTicketsReachable(t *testing.T) {
	store := repotest.Open(t)
	svc, req, techs := newDesk(t, store, 1)
	ctx := t.Context()
	a := report(t, svc, store, req)
	b := report(t, svc, store, req)
	if _, err := svc.Cancel(ctx, req, a.ID, "fixed itself"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Claim(ctx, techs[0], b.ID); err != nil {
		t.Fatal(err)
	}
	if err := store.Archive(ctx, b.ID); !errors.Is(err, desk.ErrConflict) {
		t.Fatalf("archive an open ticket: %v, want ErrConflict", err)
	}
	if err := store.Archive(ctx, a.ID); !errors.Is(err, desk.ErrConflict) {
		t.Fatalf("archive a ticket that owes notices: %v, want ErrConflict", err)
	}
	delivered(t, store, a.ID)
	for range 2 { // archiving twice is harmless
		if err := store.Archive(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
	}
	live, _ := store.Live(ctx, desk.Filter{})
	if len(live) != 1 || live[0].ID != b.ID {
		t.Fatalf("live after archive: %d tickets", len(live))
	}
	got, err := store.Get(ctx, a.ID)
	if err != nil || got.State != desk.Cancelled {
		t.Fatalf("archived ticket: %v %v", got, err)
	}
	mine, err := store.Recent(ctx, req.ID, 20)
	if err != nil || len(mine) != 2 || mine[0].ID != b.ID || mine[1].ID != a.ID {
		t.Fatalf("recent: %v %v", mine, err)
	}
	tot, _ := store.Totals(ctx)
	if tot.Cancelled != 1 {
		t.Fatalf("totals: %+v", tot)
	}
}

// inBothModes runs f on a fresh store twice: comparing versions in this
// process, as the embedded store does, and in the update's filter, as
// MongoDB does.
func inBothModes(t *testing.T, f func(t *testing.T, store *repo.Store)) {
	for _, mode := range []struct {
		name       string
		inDatabase bool
	}{{"embedded", false}, {"database-filter", true}} {
		t.Run(mode.name, func(t *testing.T) {
			db, err := repo.Open(t.Context(), repo.Options{DataDir: t.TempDir(), CompareInDatabase: mode.inDatabase}, slog.New(slog.DiscardHandler))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			f(t, db.Store)
		})
	}
}

// delivered marks every notice the ticket owes as delivered, as the
// dispatcher does.
func delivered(t testing.TB, store *repo.Store, id string) {
	t.Helper()
	tk, err := store.Get(t.Context(), id)
	if err == nil {
		err = store.MarkSent(t.Context(), id, tk.Sent, len(tk.Outbox))
	}
	if err != nil {
		t.Fatal(err)
	}
}

func TestSessionsAndSeen(t *testing.T) {
	store := repotest.Open(t)
	ctx := t.Context()
	if ok, err := store.FirstTime(ctx, "telegram:update:1"); !ok || err != nil {
		t.Fatalf("first time: %v %v", ok, err)
	}
	if ok, err := store.FirstTime(ctx, "telegram:update:1"); ok || err != nil {
		t.Fatalf("second time: %v %v", ok, err)
	}
	n, err := store.PruneSeen(ctx, time.Now().Add(time.Minute))
	if err != nil || n != 1 {
		t.Fatalf("prune: %d %v", n, err)
	}
}

// A reply, like a report, carries at most MaxPhotos photos; a refused reply
// changes nothing stored.
func TestReplyPhotoLimit(t *testing.T) {
	store := repotest.Open(t)
	svc, req, _ := newDesk(t, store, 1)
	tk := report(t, svc, store, req)
	photos := make([]string, desk.MaxPhotos+1)
	for i := range photos {
		photos[i] = fmt.Sprintf("photo%d", i)
	}
	if _, err := svc.Reply(t.Context(), req, tk.ID, "", photos); !errors.Is(err, desk.ErrInvalid) {
		t.Fatalf("a reply with %d photos: %v, want ErrInvalid", len(photos), err)
	}
	if got, err := store.Get(t.Context(), tk.ID); err != nil || got.Version != tk.Version || len(got.Replies) != 0 {
		t.Fatalf("after the refused reply: %+v, %v", got, err)
	}
}

// The first start records when the desk was set up; a later start, and an
// admin's change of a setting, keep it.
func TestSeedRecordsWhenTheDeskBegan(t *testing.T) {
	store := repotest.Open(t)
	ctx := t.Context()
	before := time.Now().Add(-time.Second)
	if _, err := store.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	st, err := store.Settings(ctx)
	if err != nil || st.Since.Before(before) || st.Since.After(time.Now()) {
		t.Fatalf("since %v (%v), want the first start", st.Since, err)
	}
	since := st.Since
	prev := st.Version
	st.Version++
	st.DigestAt = "09:00"
	if err := store.SaveSettings(ctx, st, prev); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	if st, err := store.Settings(ctx); err != nil || !st.Since.Equal(since) {
		t.Fatalf("since %v after a change and a restart, want %v (%v)", st.Since, since, err)
	}
}
