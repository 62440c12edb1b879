package desk

import (
	"slices"
	"time"
)

// Audience is who a notice is for.
type Audience string

const (
	ToRequester   Audience = "requester"   // the ticket's requester
	ToTechnician  Audience = "technician"  // the person in Notice.User
	ToDispatch    Audience = "dispatch"    // the technicians' dispatch chats
	ToSupervisors Audience = "supervisors" // the supervisors' channels
)

// NoticeKind is what a notice tells: an action taken on the ticket, the
// withdrawal of a suspension request, or a reminder rule that fired.
type NoticeKind string

// The kinds that are not actions. An action's notice has the action's
// name as its kind (KindOf).
const (
	NoticeUnassign NoticeKind = "unassign" // the technician a job was taken from: reassigned, or released (Note: why)
	NoticeWithdraw NoticeKind = "withdraw" // a waiting suspension request outlived its job

	// Reminder rules. A rule fires once per episode of the ticket (see
	// Service.Remind).
	RuleOverdue        NoticeKind = "overdue"         // pending too long: the dispatch chat
	RuleEscalate       NoticeKind = "escalate"        // pending much too long: the supervisors
	RuleRepairLate     NoticeKind = "repair_late"     // the job is past its due time: its technician
	RuleRepairEscalate NoticeKind = "repair_escalate" // …and well past it: the supervisors
	RuleReviewRemind   NoticeKind = "review_remind"   // a suspension request still waits
	RuleSuspendedLong  NoticeKind = "suspended_long"  // a suspended job has been on hold long
	RuleRateRemind     NoticeKind = "rate_remind"     // a finished ticket is still unrated
)

// KindOf is the kind of the notices an action owes.
func KindOf(a Action) NoticeKind { return NoticeKind(a) }

// Notice is one message a ticket owes somebody because something happened.
// It is recorded in the same update that changes the ticket (Ticket.Outbox),
// so a notice cannot be lost between the change and its delivery.
type Notice struct {
	Seq    int        `bson:"seq"`  // position in the ticket's outbox
	Kind   NoticeKind `bson:"kind"` // an action, or a reminder rule
	To     Audience   `bson:"to"`
	User   Person     `bson:"user"`  // the recipient for ToRequester and ToTechnician
	Actor  Person     `bson:"actor"` // who caused it
	Note   string     `bson:"note"`
	At     time.Time  `bson:"at"`
	Ticket string     `bson:"-"` // filled on delivery
}

// Edits says which earlier posts of the ticket a notice changes instead of
// being posted anew: a claim turns every copy of the dispatch post into
// "claimed by …", a review answers the supervisors' request post. "" for
// a notice that is always a new message.
func (n Notice) Edits() PostKind {
	switch {
	case n.To == ToDispatch && slices.Contains([]NoticeKind{KindOf(ActClaim), KindOf(ActAssign),
		KindOf(ActCancel), KindOf(ActComplete), KindOf(ActEdit), KindOf(ActRelease)}, n.Kind):
		return PostDispatch
	case n.To == ToSupervisors && slices.Contains([]NoticeKind{KindOf(ActApprove), KindOf(ActReject), NoticeWithdraw}, n.Kind):
		return PostReview
	}
	return priorityEdits(n)
}

// Makes says which kind of post a notice leaves behind for later notices
// to change (Edits, Settles), "" if none.
func (n Notice) Makes() PostKind {
	switch {
	case n.To == ToDispatch && (n.Kind == KindOf(ActCreate) || n.Kind == RuleOverdue):
		return PostDispatch
	case n.To == ToSupervisors && n.Kind == KindOf(ActSuspend):
		return PostReview
	case n.To == ToSupervisors && slices.Contains([]NoticeKind{KindOf(ActUrge), RuleEscalate,
		RuleRepairEscalate, RuleSuspendedLong, RuleReviewRemind}, n.Kind):
		return PostAlert
	case n.To == ToSupervisors && n.Kind == KindOf(ActUrgentAsk):
		return PostUrgent
	}
	return ""
}

// Settles says which posts elsewhere a notice makes stale: once a ticket
// is claimed, assigned, cancelled or completed, the urges and escalations
// about it in the supervisors' channel offer an Assign that no longer
// fits; once a request is reviewed or withdrawn, its reminders offer an
// Approve that no longer applies. The dispatcher changes those posts to
// what the notice says, without buttons, on the platform it delivers to.
func (n Notice) Settles() PostKind {
	switch {
	case n.To == ToDispatch && slices.Contains([]NoticeKind{KindOf(ActClaim), KindOf(ActAssign),
		KindOf(ActCancel), KindOf(ActComplete)}, n.Kind):
		return PostAlert
	case n.To == ToSupervisors && slices.Contains([]NoticeKind{KindOf(ActApprove), KindOf(ActReject), NoticeWithdraw}, n.Kind):
		return PostAlert
	}
	return ""
}

// notify appends a notice to t's outbox.
func (t *Ticket) notify(kind NoticeKind, to Audience, user, actor Person, note string, at time.Time) {
	t.Outbox = append(t.Outbox, Notice{
		Seq: len(t.Outbox), Kind: kind, To: to, User: user, Actor: actor, Note: note, At: at,
	})
}

// Threaded reports whether a notice to a group chat only adds a line to
// the ticket's thread there (a suspension asked, an urge, the rating):
// with no thread in that chat (its post is gone, or was never made) it is
// not said, since alone it would be a line about a ticket nobody there
// has in front of them. Notices that make or change posts are always said.
func (n Notice) Threaded() bool {
	return (n.To == ToDispatch || n.To == ToSupervisors) && n.Edits() == "" && n.Makes() == ""
}
