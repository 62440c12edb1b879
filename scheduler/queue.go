package scheduler

import (
	"context"
	"fmt"

	"github.com/repairdesk/repairdesk/desk"
)

// Escalation in tiers. A ticket of a queue with supervisors is escalated
// to them first, in private (desk.ToQueueSupervisor), when the rule's
// threshold passes; if it is still due once the threshold has passed a
// second time, to all supervisors in their channel. Any other ticket goes
// to the channel at the first threshold, as on a desk without queues.

// queueTier marks the first tier of an escalation, to the queue's
// supervisors, on the ticket. The channel's tier keeps the rule's own
// mark whichever threshold brings it, so that a ticket whose queue loses
// its supervisors after the first tier still reaches the channel, and one
// whose queue gains them after the channel heard is not escalated twice.
const queueTier = "+queue"

// tiers knows which queues have supervisors, read once per sweep.
type tiers struct{ supervised map[string][]string }

// escalationTiers reads the queues' supervisors for a sweep.
func (s *Scheduler) escalationTiers(ctx context.Context) (tiers, error) {
	sups, err := s.svc.QueueSupervisors(ctx)
	if err != nil {
		return tiers{}, fmt.Errorf("read queues: %w", err)
	}
	return tiers{supervised: sups}, nil
}

// escalate is the reminders of one escalation rule for t: passed(k)
// reports whether its threshold has passed k times.
func (tr tiers) escalate(t *desk.Ticket, rule desk.NoticeKind, episode string, passed func(k int) bool) []reminder {
	if t.Queue == nil || len(tr.supervised[t.Queue.ID]) == 0 {
		return []reminder{{rule, episode, passed(1), []desk.Audience{desk.ToSupervisors}}}
	}
	return []reminder{
		{rule, episode + queueTier, passed(1), []desk.Audience{desk.ToQueueSupervisor}},
		{rule, episode, passed(2), []desk.Audience{desk.ToSupervisors}},
	}
}
