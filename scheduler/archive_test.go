package scheduler_test

import (
	"errors"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/scheduler"
)

func TestArchive(t *testing.T) {
	t.Run("cancelled/waits-for-delivery", func(t *testing.T) {
		f := newFixture(t)
		id := f.report(desk.Window{}).ID
		f.do(base.Add(time.Minute), func() (*desk.Ticket, error) { return f.svc.Cancel(f.ctx, f.req, id, "fixed itself") })
		f.tick(scheduler.JobArchive, base.Add(2*time.Minute))
		if !f.live(id) {
			t.Fatal("archived with notices still owed")
		}
		f.delivered(id)
		f.tick(scheduler.JobArchive, base.Add(3*time.Minute))
		if f.live(id) {
			t.Fatal("a delivered cancelled ticket stayed live")
		}
		if got := f.get(id); got.State != desk.Cancelled || got.Cancel == nil {
			t.Fatalf("archived ticket reads back as %s", got.State)
		}
		f.tick(scheduler.JobArchive, base.Add(4*time.Minute)) // nothing left to do, no error
	})
	t.Run("completed/rated", func(t *testing.T) {
		f := newFixture(t)
		id := f.claim(f.report(desk.Window{}).ID, base).ID
		f.complete(id, base.Add(time.Hour))
		f.delivered(id)
		f.tick(scheduler.JobArchive, base.Add(2*time.Hour))
		if !f.live(id) {
			t.Fatal("an unrated ticket was archived before archiveAfter")
		}
		f.rate(id, base.Add(3*time.Hour))
		f.tick(scheduler.JobArchive, base.Add(3*time.Hour+time.Minute))
		if !f.live(id) {
			t.Fatal("archived before the rating's notice was delivered")
		}
		f.delivered(id)
		f.tick(scheduler.JobArchive, base.Add(3*time.Hour+2*time.Minute))
		if f.live(id) {
			t.Fatal("a rated, delivered ticket stayed live")
		}
		got := f.get(id)
		if got.Rating == nil || got.Rating.Stars != 5 {
			t.Fatalf("archived ticket lost its rating: %+v", got.Rating)
		}
		// The requester still finds it among their tickets.
		mine, err := f.svc.Mine(f.ctx, f.req, desk.Completed, 10)
		if err != nil || len(mine) != 1 || mine[0].ID != id {
			t.Fatalf("Mine = %v, %v", mine, err)
		}
	})
	t.Run("completed/unrated-stays", func(t *testing.T) {
		// Open to its rating, it stays where a rating is written and
		// its notice delivered (see TestLateRatingIsKeptAndDelivered).
		f := newFixture(t)
		id := f.claim(f.report(desk.Window{}).ID, base).ID
		done := base.Add(time.Hour)
		f.complete(id, done)
		f.tick(scheduler.JobRate, done.Add(desk.DefaultSettings().RateRemindAfter.D()+time.Minute))
		f.delivered(id)
		window := desk.DefaultSettings().RateWithin.D()
		f.tick(scheduler.JobArchive, done.Add(window-time.Minute))
		if !f.live(id) {
			t.Fatal("an unrated ticket was archived while it could still be rated")
		}
		if got := f.get(id); got.State != desk.Completed || len(got.Reminders) != 1 {
			t.Fatalf("live ticket: %s, reminders %v", got.State, got.Reminders)
		}
		// Once its rating window closes it is settled and leaves, so
		// unrated tickets do not gather in the live tickets for ever.
		f.tick(scheduler.JobArchive, done.Add(window))
		if f.live(id) {
			t.Fatal("an unrated ticket stayed live after its rating window closed")
		}
	})
	t.Run("open-tickets-stay", func(t *testing.T) {
		f := newFixture(t)
		pending := f.report(desk.Window{}).ID
		accepted := f.claim(f.report(desk.Window{}).ID, base).ID
		suspended := f.claim(f.report(desk.Window{}).ID, base).ID
		f.suspend(suspended, base.Add(time.Minute))
		f.review(suspended, true, base.Add(2*time.Minute))
		for _, id := range []string{pending, accepted, suspended} {
			f.delivered(id)
		}
		f.tick(scheduler.JobArchive, base.Add(30*24*time.Hour))
		for _, id := range []string{pending, accepted, suspended} {
			if !f.live(id) {
				t.Errorf("open ticket %s was archived", id)
			}
		}
	})
}

// The seen store forgets keys older than a week, including the
// scheduler's own leases.
func TestPruneSeen(t *testing.T) {
	f := newFixture(t)
	now := time.Now()
	if _, err := f.store.FirstTime(f.ctx, "update:test:1"); err != nil {
		t.Fatal(err)
	}
	seen := func() bool {
		ok, err := f.store.Seen(f.ctx, "update:test:1")
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	f.tick(scheduler.JobPrune, now.Add(6*24*time.Hour))
	if !seen() {
		t.Fatal("forgot a key after six days")
	}
	f.tick(scheduler.JobPrune, now.Add(8*24*time.Hour))
	if seen() {
		t.Fatal("remembered a key after eight days")
	}
}

// A completed ticket nobody rated stays where a rating can reach it while
// its window is open: a rating given weeks later is written, conditionally
// like any change, and its notice to the technician is delivered from the
// live tickets before the rated ticket goes to the history.
func TestLateRatingIsKeptAndDelivered(t *testing.T) {
	f := newFixture(t)
	id := f.claim(f.report(desk.Window{}).ID, base).ID
	done := base.Add(time.Hour)
	f.complete(id, done)
	f.delivered(id)
	late := done.Add(desk.DefaultSettings().RateWithin.D() - time.Hour)
	f.tick(scheduler.JobArchive, late)

	rated := f.do(late.Add(time.Minute), func() (*desk.Ticket, error) { return f.svc.Rate(f.ctx, f.req, id, 4, "late but fine") })
	if rated.Rating == nil || rated.Rating.Stars != 4 {
		t.Fatalf("rating answered %+v", rated.Rating)
	}
	owed, err := f.svc.Owed(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	var notice *desk.Notice
	for _, tk := range owed {
		for _, n := range tk.Outbox[tk.Sent:] {
			if tk.ID == id && n.Kind == desk.KindOf(desk.ActRate) && n.User.ID == f.tech.ID {
				notice = &n
			}
		}
	}
	if notice == nil {
		t.Fatal("the dispatcher does not see the rating's notice to the technician")
	}
	f.tick(scheduler.JobArchive, late.Add(2*time.Minute))
	if !f.live(id) {
		t.Fatal("archived before the rating's notice was delivered")
	}
	f.delivered(id)
	f.tick(scheduler.JobArchive, late.Add(3*time.Minute))
	if f.live(id) {
		t.Fatal("a rated, delivered ticket stayed live")
	}
	if got := f.get(id); got.Rating == nil || got.Rating.Stars != 4 || got.Owed() {
		t.Fatalf("archived: rating %+v, owes notices %v", got.Rating, got.Owed())
	}
	if _, err := f.svc.Rate(f.ctx, f.req, id, 1, "again"); !errors.Is(err, desk.ErrConflict) {
		t.Fatalf("a second rating: %v, want a conflict", err)
	}
}
