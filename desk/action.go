package desk

import (
	"slices"
	"time"
)

// Action is something that happens to a ticket. Every action is recorded in
// the ticket's history.
type Action string

const (
	ActCreate   Action = "create"
	ActEdit     Action = "edit"
	ActCancel   Action = "cancel"
	ActClaim    Action = "claim"
	ActAssign   Action = "assign"
	ActRelease  Action = "release"
	ActSuspend  Action = "suspend" // request a suspension
	ActApprove  Action = "approve" // approve the waiting suspension request
	ActReject   Action = "reject"  // reject the waiting suspension request
	ActResume   Action = "resume"
	ActComplete Action = "complete"
	ActUrge     Action = "urge"
	ActReply    Action = "reply"
	ActRate     Action = "rate"
	ActNote     Action = "note"   // an internal note among staff
	ActRemind   Action = "remind" // the scheduler's reminders and escalations
)

// Actions lists every action a person can take, for tables and tests.
var Actions = []Action{ActEdit, ActCancel, ActClaim, ActAssign, ActRelease, ActSuspend,
	ActApprove, ActReject, ActResume, ActComplete, ActUrge, ActReply, ActRate, ActNote}

// rule says in which states an action is allowed and who may take it.
type rule struct {
	from []State
	// may reports whether actor may take the action on t. It checks the
	// role and the person's relation to the ticket, not the state.
	may func(actor *User, t *Ticket) bool
}

func isOwner(u *User, t *Ticket) bool { return u != nil && t.Requester.ID == u.ID }

func isHolder(u *User, t *Ticket) bool {
	return u != nil && t.Claim != nil && t.Claim.By.ID == u.ID && u.Is(RoleTechnician)
}

func isSupervisor(u *User, _ *Ticket) bool { return u.Is(RoleSupervisor) }

func isTechnician(u *User, _ *Ticket) bool { return u.Is(RoleTechnician) }

func anyOf(fs ...func(*User, *Ticket) bool) func(*User, *Ticket) bool {
	return func(u *User, t *Ticket) bool {
		for _, f := range fs {
			if f(u, t) {
				return true
			}
		}
		return false
	}
}

// rules is the whole state machine. A combination not listed is refused.
var rules = map[Action]rule{
	ActEdit:     {from: []State{Pending}, may: isOwner},
	ActCancel:   {from: []State{Pending}, may: anyOf(isOwner, isSupervisor)},
	ActClaim:    {from: []State{Pending}, may: isTechnician},
	ActAssign:   {from: []State{Pending, Accepted}, may: isSupervisor},
	ActRelease:  {from: []State{Accepted}, may: anyOf(isHolder, isSupervisor)},
	ActSuspend:  {from: []State{Accepted}, may: isHolder},
	ActApprove:  {from: []State{Accepted}, may: isSupervisor},
	ActReject:   {from: []State{Accepted}, may: isSupervisor},
	ActResume:   {from: []State{Suspended}, may: anyOf(isHolder, isSupervisor)},
	ActComplete: {from: []State{Accepted}, may: isHolder},
	ActUrge:     {from: []State{Pending, Accepted, Suspended}, may: isOwner},
	ActReply:    {from: []State{Pending, Accepted, Suspended}, may: anyOf(isOwner, isHolder, isSupervisor)},
	ActRate:     {from: []State{Completed}, may: isOwner},
	ActNote:     {from: []State{Pending, Accepted, Suspended}, may: anyOf(isTechnician, isSupervisor)},
}

// Check reports whether actor may take action a on t now, and if not, why,
// as an *Error of kind ErrForbidden, ErrConflict or ErrTooSoon. The
// conversation layer uses it to offer only the buttons that would work; the
// Service uses it again on the stored ticket before every change.
func Check(t *Ticket, a Action, actor *User, now time.Time, s Settings) error {
	r, ok := rules[a]
	if !ok {
		return errorf(ErrForbidden, "err.forbidden")
	}
	if t.Archived {
		return errorf(ErrConflict, "err.archived", t.Ref())
	}
	if !r.may(actor, t) {
		if a == ActClaim || a == ActAssign || a == ActApprove || a == ActReject {
			return errorf(ErrForbidden, "err.forbidden")
		}
		if !actor.Is(RoleTechnician) && !isOwner(actor, t) {
			return errorf(ErrForbidden, "err.not_yours")
		}
		if t.Claim != nil && (a == ActSuspend || a == ActComplete || a == ActRelease || a == ActResume) {
			return errorf(ErrForbidden, "err.held_by", t.Claim.By.Name)
		}
		return errorf(ErrForbidden, "err.forbidden")
	}
	if !slices.Contains(r.from, t.State) {
		if a == ActClaim && t.Claim != nil {
			return errorf(ErrConflict, "err.already_claimed", t.Ref(), t.Claim.By.Name)
		}
		return errorf(ErrConflict, "err.wrong_state", t.Ref(), t.State)
	}
	switch a {
	case ActSuspend:
		if t.WaitingSuspension() != nil {
			return errorf(ErrConflict, "err.suspension_waiting", t.Ref())
		}
	case ActApprove, ActReject:
		if t.WaitingSuspension() == nil {
			return errorf(ErrConflict, "err.no_suspension_waiting", t.Ref())
		}
	case ActRate:
		if t.Rating != nil {
			return errorf(ErrConflict, "err.already_rated", t.Ref())
		}
		if rateClosed(t, now, s) {
			return errorf(ErrConflict, "err.rate_closed", t.Ref())
		}
	case ActUrge:
		if wait := UrgeWait(t, now, s); wait > 0 {
			return errorf(ErrTooSoon, "err.urge_too_soon", wait)
		}
	}
	return nil
}

// UrgeWait is how long the requester must still wait before urging t: the
// manual allows urging after a wait (2 hours by default), and the cooldown
// keeps one ticket from being urged every minute. Both are counted in
// working time when working hours are set, as the overdue tag is: nobody
// is there to hurry on a Saturday.
func UrgeWait(t *Ticket, now time.Time, s Settings) time.Duration {
	wait := AddWorkingTime(s, t.CreatedAt, s.UrgeAfter.D()).Sub(now)
	if n := len(t.Urges); n > 0 {
		if w := AddWorkingTime(s, t.Urges[n-1].At, s.UrgeCooldown.D()).Sub(now); w > wait {
			wait = w
		}
	}
	return max(wait, 0)
}
