package scheduler

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// sendDigest delivers the supervisors' digest once a day, at the first
// tick at or after Settings.DigestAt in the desk's time zone.
//
// A digest belongs to no ticket, so it cannot ride in a ticket's outbox;
// instead the day is marked done in the seen store ("digest:2026-03-06"),
// and only after the hook succeeded, so that a failed delivery is tried
// again at the next tick. A copy that starts after the hour sends the
// day's digest late rather than never, unless the desk did not exist yet
// at that hour (its first start).
//
// A desk with nothing to say says nothing: a digest with no open ticket
// and nothing done on either of its days (desk.Digest.Empty) is not
// sent, and the day counts as done, so that a ticket reported in the
// afternoon does not bring the morning's digest after all.
//
// Retries back off (one tick, two, four, ... at most an hour apart): the
// hook fails when any one platform fails, and a platform that stays broken
// all day must not make the others post the digest every minute.
func (s *Scheduler) sendDigest(ctx context.Context, at time.Time) error {
	st, err := s.svc.Settings(ctx)
	if err != nil {
		return fmt.Errorf("read settings: %w", err)
	}
	clock, err := time.Parse("15:04", st.DigestAt)
	if err != nil {
		return nil // no digest time set: no digest
	}
	local := at.In(st.Location())
	y, m, d := local.Date()
	due := time.Date(y, m, d, clock.Hour(), clock.Minute(), 0, 0, local.Location())
	if local.Before(due) || due.Before(st.Since) {
		return nil
	}
	key := "digest:" + local.Format(time.DateOnly)
	done, err := s.store.Seen(ctx, key)
	if err != nil {
		return fmt.Errorf("digest of %s: %w", key, err)
	}
	tick := at.Truncate(s.tick)
	if done || !s.retry.ready(key, tick) {
		return nil
	}
	dg, err := s.svc.DailyDigest(ctx)
	if err != nil {
		return fmt.Errorf("digest: figures: %w", err)
	}
	if dg.Empty() {
		s.log.Debug("no digest: nothing to report", "day", key)
	} else if err := s.digest(ctx, key, dg); err != nil {
		s.retry.failed(tick, s.tick)
		return fmt.Errorf("digest: deliver: %w", err)
	}
	if _, err := s.store.FirstTime(ctx, key); err != nil {
		return fmt.Errorf("digest: mark %s done: %w", key, err)
	}
	return nil
}

// backoff spaces out the attempts at one day's digest. It lives in memory:
// with several copies each backs off on its own, which bounds the repeats
// by the number of copies.
type backoff struct {
	mu    sync.Mutex
	key   string // the day the attempts are for
	fails int
	next  time.Time
}

// ready reports whether an attempt for key may be made at tick.
func (b *backoff) ready(key string, tick time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.key != key {
		b.key, b.fails, b.next = key, 0, time.Time{}
	}
	return !tick.Before(b.next)
}

// failed records a failed attempt at tick; the next waits twice as long
// as the last, starting at one tick.
func (b *backoff) failed(tick time.Time, unit time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.fails++
	limit := max(time.Hour, unit)
	wait := limit
	if b.fails <= 20 {
		wait = min(unit<<(b.fails-1), limit)
	}
	b.next = tick.Add(wait)
}
