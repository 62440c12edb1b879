package scheduler

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/repairdesk/repairdesk/desk"
)

// Each reminder fires under one of desk's rules (desk.RuleOverdue, …),
// which is the kind of the notice it owes. desk.Service.Remind keeps a
// mark on the ticket so the rule fires once per episode: the ticket's
// pending time for the overdue and escalation rules (counted from the
// report, so a release does not make it overdue anew), each claim for the
// late-repair rules (a reassigned job is late for its new technician too),
// each suspension request for the review and long-suspension rules, and
// the completion for the rating reminder.

// overdue reminds the dispatch chat of pending tickets nobody claimed in
// time, and escalates to supervisors those still unclaimed later.
func (s *Scheduler) overdue(ctx context.Context, at time.Time) error {
	tr, err := s.escalationTiers(ctx)
	if err != nil {
		return err
	}
	return s.sweep(ctx, at, []desk.State{desk.Pending}, func(st desk.Settings, t *desk.Ticket) []reminder {
		waited, limits := desk.WorkingTime(st, t.CreatedAt, at), t.Limits(st)
		return append([]reminder{
			{desk.RuleOverdue, "", past(waited, limits.Overdue), []desk.Audience{desk.ToDispatch}},
		}, tr.escalate(t, desk.RuleEscalate, "", func(k int) bool { return past(waited, limits.Escalate*desk.Duration(k)) })...)
	})
}

// repair reminds a technician whose job is past its expected end, and
// escalates to supervisors if it is still open RepairEscalateAfter after
// that reminder. Both count only the time the job was in the technician's
// hands: a suspension, and the wait for its review, move the due time on
// (desk.Ticket.RepairDue) and do not count towards the escalation
// (desk.Ticket.ActiveTime).
func (s *Scheduler) repair(ctx context.Context, at time.Time) error {
	tr, err := s.escalationTiers(ctx)
	if err != nil {
		return err
	}
	return s.sweep(ctx, at, []desk.State{desk.Accepted}, func(st desk.Settings, t *desk.Ticket) []reminder {
		// While a suspension request waits, the job is in the supervisors'
		// hands; "review_remind" is the reminder that applies.
		if t.WaitingSuspension() != nil {
			return nil
		}
		if t.Claim == nil {
			return nil
		}
		due := t.RepairDue(st, at)
		claim := fmt.Sprintf("@%d", t.Claim.At.Unix())
		reminded, ok := t.Reminders[string(desk.RuleRepairLate)+claim]
		escalate := func(k int) bool {
			return ok && past(t.ActiveTime(st, reminded, at), t.Limits(st).RepairEscalate*desk.Duration(k))
		}
		return append([]reminder{
			{desk.RuleRepairLate, claim, !due.IsZero() && at.After(due), []desk.Audience{desk.ToTechnician}},
		}, tr.escalate(t, desk.RuleRepairEscalate, claim, escalate)...)
	})
}

// review reminds supervisors of a suspension request left unreviewed.
func (s *Scheduler) review(ctx context.Context, at time.Time) error {
	return s.sweep(ctx, at, []desk.State{desk.Accepted}, func(st desk.Settings, t *desk.Ticket) []reminder {
		w := t.WaitingSuspension()
		if w == nil {
			return nil
		}
		return []reminder{{desk.RuleReviewRemind, request(t), past(desk.WorkingTime(st, w.RequestedAt, at), st.ReviewRemindAfter),
			[]desk.Audience{desk.ToSupervisors}}}
	})
}

// suspended reminds the technician and supervisors of a job on hold for
// long, counted from the approval that suspended it.
func (s *Scheduler) suspended(ctx context.Context, at time.Time) error {
	return s.sweep(ctx, at, []desk.State{desk.Suspended}, func(st desk.Settings, t *desk.Ticket) []reminder {
		l := t.LastSuspension()
		if l == nil {
			return nil
		}
		since := l.ReviewedAt
		if since.IsZero() {
			since = l.RequestedAt
		}
		return []reminder{{desk.RuleSuspendedLong, request(t), past(desk.WorkingTime(st, since, at), st.SuspendedRemindAfter),
			[]desk.Audience{desk.ToTechnician, desk.ToSupervisors}}}
	})
}

// rate reminds the requester, once, of a completed ticket not yet rated.
func (s *Scheduler) rate(ctx context.Context, at time.Time) error {
	return s.sweep(ctx, at, []desk.State{desk.Completed}, func(st desk.Settings, t *desk.Ticket) []reminder {
		if t.Rating != nil || t.Completion == nil {
			return nil
		}
		return []reminder{{desk.RuleRateRemind, "", past(desk.WorkingTime(st, t.Completion.At, at), st.RateRemindAfter),
			[]desk.Audience{desk.ToRequester}}}
	})
}

// reminder is one rule's verdict on one ticket.
type reminder struct {
	rule desk.NoticeKind
	// episode tells this firing of the rule from earlier ones on the same
	// ticket; "" when the rule fires once per ticket.
	episode string
	due     bool
	to      []desk.Audience
}

// mark is the key under which the ticket remembers this reminder fired.
func (r reminder) mark() string { return string(r.rule) + r.episode }

// request names the ticket's latest suspension request, an episode.
func request(t *desk.Ticket) string { return fmt.Sprintf("#%d", len(t.Suspensions)) }

// past reports whether waited exceeds the threshold. A threshold of zero
// (a settings document from before the setting existed) disables the rule
// rather than reminding about every ticket at once.
func past(waited time.Duration, threshold desk.Duration) bool {
	return threshold > 0 && waited > threshold.D()
}

// sweep reads the settings and the live tickets in the given states, and
// fires every due reminder that has not fired yet. One ticket's failure
// does not stop the others; the errors are returned together.
func (s *Scheduler) sweep(ctx context.Context, at time.Time, states []desk.State,
	rules func(desk.Settings, *desk.Ticket) []reminder) error {
	st, err := s.svc.Settings(ctx)
	if err != nil {
		return fmt.Errorf("read settings: %w", err)
	}
	ts, err := s.svc.LiveTickets(ctx, states...)
	if err != nil {
		return fmt.Errorf("list tickets: %w", err)
	}
	var errs []error
	for _, t := range ts {
		for _, r := range rules(st, t) {
			if !r.due {
				continue
			}
			if _, done := t.Reminders[r.mark()]; done {
				continue // saves Remind a read; it would refuse anyway
			}
			if err := ctx.Err(); err != nil {
				return errors.Join(append(errs, err)...)
			}
			_, err := s.svc.Remind(ctx, t.ID, r.rule, r.mark(), stillDue(st, states, rules, r.mark()), r.to...)
			if err != nil && !errors.Is(err, desk.ErrNotFound) {
				errs = append(errs, fmt.Errorf("remind %s of %s: %w", t.Ref(), r.rule, err))
			}
		}
	}
	return errors.Join(errs...)
}

// stillDue asks a rule again of a ticket as Remind reads it at the moment
// of writing.
func stillDue(st desk.Settings, states []desk.State, rules func(desk.Settings, *desk.Ticket) []reminder, mark string) func(*desk.Ticket) bool {
	return func(t *desk.Ticket) bool {
		if !slices.Contains(states, t.State) {
			return false
		}
		for _, r := range rules(st, t) {
			if r.mark() == mark {
				return r.due
			}
		}
		return false
	}
}
