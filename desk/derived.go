package desk

import "time"

// Waited is how long the ticket waited before someone claimed it: until the
// claim, the cancellation, or now.
func (t *Ticket) Waited(now time.Time) time.Duration {
	end := now
	switch {
	case t.firstClaimAt() != (time.Time{}):
		end = t.firstClaimAt()
	case t.Cancel != nil:
		end = t.Cancel.At
	}
	return max(end.Sub(t.CreatedAt), 0)
}

// firstClaimAt finds the first claim in the history, so that releasing and
// re-claiming a job does not make the wait look shorter than it was.
func (t *Ticket) firstClaimAt() time.Time {
	for _, e := range t.History {
		if e.Action == ActClaim || e.Action == ActAssign {
			return e.At
		}
	}
	return time.Time{}
}

// UnderRepair is the time the job has been in a technician's hands, from
// the claim until completion (or now), not counting approved suspensions.
func (t *Ticket) UnderRepair(now time.Time) time.Duration {
	if t.Claim == nil {
		return 0
	}
	end := now
	if t.Completion != nil {
		end = t.Completion.At
	}
	d := end.Sub(t.Claim.At)
	for _, s := range t.Suspensions {
		if s.Review != ReviewApproved || s.ReviewedAt.Before(t.Claim.At) {
			continue
		}
		resumed := s.ResumedAt
		if resumed.IsZero() || resumed.After(end) {
			resumed = end
		}
		d -= resumed.Sub(s.ReviewedAt)
	}
	return max(d, 0)
}

// Overdue reports the 超 tag: pending for longer than the overdue threshold,
// or claimed and past its expected end (or the repair threshold when the
// requester gave none). Working hours count when they are set.
func (t *Ticket) Overdue(now time.Time, s Settings) bool {
	switch t.State {
	case Pending:
		return WorkingTime(s, t.CreatedAt, now) > s.OverdueAfter.D()
	case Accepted:
		return now.After(t.RepairDue(s))
	}
	return false
}

// RepairDue is when a claimed job should be done.
func (t *Ticket) RepairDue(s Settings) time.Time {
	if !t.Window.End.IsZero() {
		return t.Window.End
	}
	if t.Claim == nil {
		return time.Time{}
	}
	return AddWorkingTime(s, t.Claim.At, s.RepairAfter.D())
}

// Urged reports the 催 tag: urged while still open.
func (t *Ticket) Urged() bool { return len(t.Urges) > 0 && !t.State.Final() }

// Tags returns the list tags of t: "超", "催", both or none.
func (t *Ticket) Tags(now time.Time, s Settings) []string {
	var tags []string
	if t.Overdue(now, s) {
		tags = append(tags, "超")
	}
	if t.Urged() {
		tags = append(tags, "催")
	}
	return tags
}
