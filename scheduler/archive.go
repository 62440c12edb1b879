package scheduler

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/repairdesk/repairdesk/desk"
)

// archive moves settled tickets out of the live collection, which every
// conditional update and sweep reads, so that it stays small however long
// the desk runs. A ticket leaves only once nothing can change it any more
// (desk.Ticket.Settled: cancelled, or completed and rated) and every
// notice it owes has been delivered: a change is written to the live
// collection only, and the dispatcher reads and marks the outbox there. So
// a completed ticket waits for its rating, as long as its window is open.
func (s *Scheduler) archive(ctx context.Context, at time.Time) error {
	st, err := s.svc.Settings(ctx)
	if err != nil {
		return err
	}
	ts, err := s.svc.LiveTickets(ctx, desk.Completed, desk.Cancelled)
	if err != nil {
		return fmt.Errorf("list tickets: %w", err)
	}
	var errs []error
	for _, t := range ts {
		if !t.Settled(at, st) || t.Owed() {
			continue
		}
		if err := ctx.Err(); err != nil {
			return errors.Join(append(errs, err)...)
		}
		// Archive is idempotent, so a copy that loses a race with another
		// (or crashes half-way) leaves nothing wrong behind.
		if err := s.svc.Archive(ctx, t.ID); err != nil {
			errs = append(errs, fmt.Errorf("archive %s: %w", t.Ref(), err))
		}
	}
	return errors.Join(errs...)
}

// prune makes the seen store forget keys older than a week: platform
// update ids and deliveries (a job's ticks are not kept there: ClaimTick).
// MongoDB would do it with a TTL index; the embedded store has none.
func (s *Scheduler) prune(ctx context.Context, at time.Time) error {
	n, err := s.store.PruneSeen(ctx, at.Add(-seenFor))
	if err != nil {
		return err
	}
	if n > 0 {
		s.log.Debug("pruned the seen store", "forgot", n)
	}
	return nil
}
