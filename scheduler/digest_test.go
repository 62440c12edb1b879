package scheduler_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/scheduler"
)

// digests records the digests delivered, failing while fail is set.
type digests struct {
	got  []desk.Digest
	fail bool
}

func (d *digests) send(_ context.Context, _ string, st desk.Digest) error {
	if d.fail {
		return errors.New("chat API down")
	}
	d.got = append(d.got, st)
	return nil
}

func TestDigest(t *testing.T) {
	d := &digests{}
	f := newFixture(t, scheduler.WithDigest(d.send))
	f.settings(func(s *desk.Settings) { s.DigestAt = "08:30" })
	f.report(desk.Window{})
	day := time.Date(2026, 3, 3, 0, 0, 0, 0, shanghai)
	at := func(hhmm string) time.Time {
		c, _ := time.Parse("15:04", hhmm)
		return day.Add(time.Duration(c.Hour())*time.Hour + time.Duration(c.Minute())*time.Minute)
	}
	expect := func(when string, n int) {
		t.Helper()
		if len(d.got) != n {
			t.Fatalf("%s: %d digests delivered, want %d", when, len(d.got), n)
		}
	}

	f.tick(scheduler.JobDigest, at("08:29"))
	expect("08:29", 0)
	f.tick(scheduler.JobDigest, at("08:30"))
	expect("08:30", 1)
	if dg := d.got[0]; dg.Live != 1 {
		t.Errorf("digest counts %d open tickets, want 1", dg.Live)
	}
	for _, hm := range []string{"08:31", "12:00", "23:59"} {
		f.tick(scheduler.JobDigest, at(hm))
	}
	expect("the rest of the day", 1)

	// The next day's delivery fails; it is tried again at the next tick,
	// and counts as done only once it succeeded.
	day = day.AddDate(0, 0, 1)
	f.tick(scheduler.JobDigest, at("08:29"))
	expect("next day 08:29", 1)
	d.fail = true
	f.at(at("08:30"))
	if ran, err := f.sched.Tick(f.ctx, scheduler.JobDigest, at("08:30")); !ran || err == nil {
		t.Fatalf("failed delivery: ran %v, err %v; want a run with an error", ran, err)
	}
	expect("failed 08:30", 1)
	d.fail = false
	f.tick(scheduler.JobDigest, at("08:31"))
	expect("retry at 08:31", 2)
	f.tick(scheduler.JobDigest, at("08:32"))
	expect("08:32", 2)

	// A time of day changed in the settings applies the next day.
	f.settings(func(s *desk.Settings) { s.DigestAt = "17:00" })
	day = day.AddDate(0, 0, 1)
	f.tick(scheduler.JobDigest, at("08:30"))
	expect("08:30 with the digest moved to 17:00", 2)
	f.tick(scheduler.JobDigest, at("17:00"))
	expect("17:00", 3)
}

func TestNoDigestWithoutHook(t *testing.T) {
	f := newFixture(t)
	if slices.Contains(f.sched.Jobs(), scheduler.JobDigest) {
		t.Fatal("a digest job with nowhere to send it")
	}
	if _, err := f.sched.Tick(f.ctx, scheduler.JobDigest, base); !errors.Is(err, scheduler.ErrUnknownJob) {
		t.Fatalf("Tick(digest) = %v, want ErrUnknownJob", err)
	}
}

// A platform that stays broken must not make the digest go out every
// minute: attempts back off, at most an hour apart, and the digest is
// delivered at the first attempt after the platform is back.
func TestDigestBackoff(t *testing.T) {
	d := &digests{fail: true}
	var attempts []time.Time
	send := func(ctx context.Context, key string, st desk.Digest) error {
		attempts = append(attempts, time.Now())
		return d.send(ctx, key, st)
	}
	f := newFixture(t, scheduler.WithDigest(send))
	f.settings(func(s *desk.Settings) { s.DigestAt = "08:30" })
	f.report(desk.Window{}) // something to say
	due := time.Date(2026, 3, 3, 8, 30, 0, 0, shanghai)
	var failedAt []int // minutes after the digest time
	for m := range 4 * 60 {
		at := due.Add(time.Duration(m) * time.Minute)
		f.at(at)
		before := len(attempts)
		if _, err := f.sched.Tick(f.ctx, scheduler.JobDigest, at); (err != nil) != (len(attempts) > before) {
			t.Fatalf("minute %d: error %v after %d attempts", m, err, len(attempts)-before)
		}
		if len(attempts) > before {
			failedAt = append(failedAt, m)
		}
	}
	want := []int{0, 1, 3, 7, 15, 31, 63, 123, 183}
	if !slices.Equal(failedAt, want) {
		t.Fatalf("attempts at minutes %v, want %v", failedAt, want)
	}
	d.fail = false
	for m := 4 * 60; m <= 5*60; m++ {
		f.tick(scheduler.JobDigest, due.Add(time.Duration(m)*time.Minute))
	}
	if len(d.got) != 1 {
		t.Fatalf("%d digests delivered once the platform was back, want 1", len(d.got))
	}
	if len(attempts) != len(want)+1 {
		t.Fatalf("%d attempts, want %d", len(attempts), len(want)+1)
	}
}

// A desk with nothing to say says nothing: no digest of all zeros, not
// even one caught up late. A ticket reported later that day does not
// bring that day's digest back in the afternoon; the next day's has it.
func TestNoDigestFromAnEmptyDesk(t *testing.T) {
	d := &digests{}
	f := newFixture(t, scheduler.WithDigest(d.send))
	f.settings(func(s *desk.Settings) { s.DigestAt = "08:30" })
	day := time.Date(2026, 3, 3, 8, 30, 0, 0, shanghai)
	f.tick(scheduler.JobDigest, day)
	f.tick(scheduler.JobDigest, day.Add(time.Minute))
	if len(d.got) != 0 {
		t.Fatalf("an empty desk sent %d digests: %+v", len(d.got), d.got)
	}
	f.at(day.Add(time.Hour))
	f.report(desk.Window{})
	f.tick(scheduler.JobDigest, day.Add(time.Hour+time.Minute))
	if len(d.got) != 0 {
		t.Fatalf("the morning's empty digest was sent when a ticket came in")
	}
	f.tick(scheduler.JobDigest, day.AddDate(0, 0, 1))
	if len(d.got) != 1 || d.got[0].Live != 1 || d.got[0].Day.Opened != 1 {
		t.Fatalf("next morning: digests %+v, want one with the ticket reported the day before", d.got)
	}
}

// A desk first started after the day's digest time does not catch up a
// digest for a moment before it existed.
func TestNoDigestForBeforeTheDeskExisted(t *testing.T) {
	d := &digests{}
	f := newFixture(t, scheduler.WithDigest(d.send))
	started := time.Date(2026, 3, 3, 14, 0, 0, 0, shanghai)
	f.settings(func(s *desk.Settings) {
		s.DigestAt = "08:30"
		s.Since = started
	})
	f.at(started)
	f.report(desk.Window{})
	f.tick(scheduler.JobDigest, started.Add(time.Minute))
	if len(d.got) != 0 {
		t.Fatalf("a desk started at 14:00 caught up the 08:30 digest")
	}
	f.tick(scheduler.JobDigest, time.Date(2026, 3, 4, 8, 30, 0, 0, shanghai))
	if len(d.got) != 1 {
		t.Fatalf("%d digests the next morning, want 1", len(d.got))
	}
}
