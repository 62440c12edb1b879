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

// pause is a span in which the job was out of its technician's hands.
type pause struct{ from, to time.Time }

// pauses lists, in order, the spans since the current claim in which the
// job was out of its technician's hands: from each suspension request
// until the supervisors answered it (or the request was withdrawn), and
// for an approved one on until the job was resumed. A span still open
// ends at now. Nothing a technician can hurry counts against them.
func (t *Ticket) pauses(now time.Time) []pause {
	if t.Claim == nil {
		return nil
	}
	var out []pause
	for _, s := range t.Suspensions {
		if s.RequestedAt.Before(t.Claim.At) {
			continue // asked for by an earlier holder of the job
		}
		end := s.ReviewedAt
		switch s.Review {
		case ReviewWaiting:
			end = now
		case ReviewApproved:
			end = s.ResumedAt
			if end.IsZero() {
				end = now
			}
		}
		if end.After(now) {
			end = now
		}
		if end.After(s.RequestedAt) {
			out = append(out, pause{s.RequestedAt, end})
		}
	}
	return out
}

// UnderRepair is the time the job has been in a technician's hands, from
// the claim until completion (or now), not counting the time it waited for
// a suspension's review nor the time it was suspended.
func (t *Ticket) UnderRepair(now time.Time) time.Duration {
	if t.Claim == nil {
		return 0
	}
	end := now
	if t.Completion != nil {
		end = t.Completion.At
	}
	d := end.Sub(t.Claim.At)
	for _, p := range t.pauses(end) {
		d -= p.to.Sub(p.from)
	}
	return max(d, 0)
}

// ActiveTime is the working time between from and to in which the job was
// in its technician's hands: WorkingTime less the pauses, for a timer that
// measures the technician from some moment on (the escalation after a
// lateness reminder).
func (t *Ticket) ActiveTime(s Settings, from, to time.Time) time.Duration {
	d := WorkingTime(s, from, to)
	for _, p := range t.pauses(to) {
		d -= WorkingTime(s, maxTime(p.from, from), p.to)
	}
	return max(d, 0)
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// Overdue reports the 超 tag: pending for longer than the overdue threshold,
// or claimed and past its expected end (or the repair threshold when the
// requester gave none). Working hours count when they are set, and a job
// does not grow late while it waits for a review or is suspended.
func (t *Ticket) Overdue(now time.Time, s Settings) bool {
	switch t.State {
	case Pending:
		return WorkingTime(s, t.CreatedAt, now) > t.Limits(s).Overdue.D()
	case Accepted:
		due := t.RepairDue(s, now)
		return !due.IsZero() && now.After(due)
	}
	return false
}

// RepairDue is when a claimed job should be done, as of now: the end of
// the requester's window, or RepairAfter of working time after the claim,
// moved later by every pause (see pauses) that began before the job was
// late. The time a pause took from the job is given back in working time:
// what was left of it when the pause began is left when it ends. While a
// pause lasts, the due time moves along with now. Zero if nobody holds
// the job.
func (t *Ticket) RepairDue(s Settings, now time.Time) time.Time {
	if t.Claim == nil {
		return time.Time{}
	}
	due := t.Window.End
	if limit := AddWorkingTime(s, t.Claim.At, t.Limits(s).Repair.D()); due.IsZero() || (t.Urgent() && limit.Before(due)) {
		// An urgent job is due by its own deadline even when the
		// requester hoped for a later end.
		due = limit
	}
	for _, p := range t.pauses(now) {
		if !p.from.Before(due) {
			break // late already: a pause does not excuse it
		}
		due = AddWorkingTime(s, p.to, WorkingTime(s, p.from, due))
	}
	return due
}

// Urged reports the 催 tag: urged while still open.
func (t *Ticket) Urged() bool { return len(t.Urges) > 0 && !t.State.Final() }

// Tags returns the list tags of t: "🚨" (urgent), "超", "催", or none.
func (t *Ticket) Tags(now time.Time, s Settings) []string {
	var tags []string
	if t.Urgent() && !t.State.Final() {
		tags = append(tags, UrgentTag)
	}
	if t.Overdue(now, s) {
		tags = append(tags, "超")
	}
	if t.Urged() {
		tags = append(tags, "催")
	}
	return tags
}
