package scheduler

import (
	"context"
	"fmt"
	"time"
)

// sendDigest delivers the supervisors' digest once a day, at the first
// tick at or after Settings.DigestAt in the desk's time zone.
//
// A digest belongs to no ticket, so it cannot ride in a ticket's outbox;
// instead the day is marked done in the seen store ("digest:2026-03-06"),
// and only after the hook succeeded, so that a failed delivery is tried
// again at the next tick. A copy that starts after the hour sends the
// day's digest late rather than never.
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
	if local.Before(due) {
		return nil
	}
	key := "digest:" + local.Format(time.DateOnly)
	done, err := s.store.Seen(ctx, key)
	if err != nil {
		return fmt.Errorf("digest of %s: %w", key, err)
	}
	if done {
		return nil
	}
	stats, err := s.svc.Summary(ctx)
	if err != nil {
		return fmt.Errorf("digest: summary: %w", err)
	}
	if err := s.digest(ctx, stats); err != nil {
		return fmt.Errorf("digest: deliver: %w", err)
	}
	if _, err := s.store.FirstTime(ctx, key); err != nil {
		return fmt.Errorf("digest: mark %s done: %w", key, err)
	}
	return nil
}
