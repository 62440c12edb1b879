package desk

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// Priority is how soon a ticket must be seen to. An urgent ticket (🚨) has
// deadlines of its own (Settings.UrgentClaimAfter, …), goes first in the
// lists, and its 超 tag and escalations come sooner.
type Priority string

const (
	PriorityNormal Priority = ""       // the default, stored as nothing
	PriorityUrgent Priority = "urgent" // 🚨
)

// UrgentTag is the tag of an urgent ticket in posts and lists.
const UrgentTag = "🚨"

// Urgent reports whether the ticket is urgent.
func (t *Ticket) Urgent() bool { return t.Priority == PriorityUrgent }

// Answers to a request to make a ticket urgent.
const (
	AskWaiting   = "waiting"
	AskConfirmed = "confirmed"
	AskDeclined  = "declined"
	// AskSettled: a supervisor changed the priority themselves, or the
	// ticket ended, while the request waited.
	AskSettled = "settled"
)

// PriorityAsk is one request (🚨 on the dispatch post) that a supervisor
// make the ticket urgent, and what they answered.
type PriorityAsk struct {
	By         Person    `bson:"by"`
	At         time.Time `bson:"at"`
	Answer     string    `bson:"answer"`
	AnsweredBy Person    `bson:"answeredBy"`
	AnsweredAt time.Time `bson:"answeredAt"`
}

// WaitingAsk returns the number (from 1) of the request waiting for a
// supervisor's answer, 0 if none.
func (t *Ticket) WaitingAsk() int {
	if n := len(t.PriorityAsks); n > 0 && t.PriorityAsks[n-1].Answer == AskWaiting {
		return n
	}
	return 0
}

// Priority actions. Asking is open to the requester and to staff; only a
// supervisor answers a request or changes the priority.
const (
	ActUrgentAsk     Action = "urgent"         // 🚨: ask a supervisor to make it urgent
	ActUrgentConfirm Action = "urgent_confirm" // a supervisor confirms the request
	ActUrgentDecline Action = "urgent_decline" // a supervisor declines it
	ActPriority      Action = "priority"       // a supervisor raises or lowers it, with a reason
)

// Notices of a priority change, to the dispatch chat (its post is edited
// to show the tag, and the thread told), the requester and the
// technician. Note is the reason.
const (
	NoticeRaised  NoticeKind = "raised"
	NoticeLowered NoticeKind = "lowered"
	// NoticeRaisedOnAsk: raised by a supervisor's confirmation of a
	// request; Note is who asked.
	NoticeRaisedOnAsk NoticeKind = "raised_on_ask"
)

var openStates = []State{Pending, Accepted, Suspended}

func init() {
	rules[ActUrgentAsk] = rule{from: openStates, may: anyOf(isOwner, isTechnician, isSupervisor)}
	rules[ActUrgentConfirm] = rule{from: openStates, may: isSupervisor}
	rules[ActUrgentDecline] = rule{from: openStates, may: isSupervisor}
	rules[ActPriority] = rule{from: openStates, may: isSupervisor}
}

// CheckPriority is Check for the priority actions, with what they need
// besides role and state: no request waiting and not urgent yet for an
// ask; the request answered (ask, from 1) still waiting for an answer;
// a different priority for a change.
func CheckPriority(t *Ticket, a Action, actor *User, now time.Time, s Settings, ask int, to Priority) error {
	if err := Check(t, a, actor, now, s); err != nil {
		return err
	}
	switch a {
	case ActUrgentAsk:
		if t.Urgent() {
			return errorf(ErrConflict, "err.already_urgent", t.Ref())
		}
		if t.WaitingAsk() != 0 {
			return errorf(ErrConflict, "err.urgent_waiting", t.Ref())
		}
	case ActUrgentConfirm, ActUrgentDecline:
		if ask < 1 || ask > len(t.PriorityAsks) || t.WaitingAsk() != ask {
			return errorf(ErrConflict, "err.urgent_answered", t.Ref())
		}
	case ActPriority:
		if to != PriorityNormal && to != PriorityUrgent {
			return errorf(ErrInvalid, "err.want_choice")
		}
		if to == t.Priority {
			return errorf(ErrConflict, "err.priority_same", t.Ref())
		}
	}
	return nil
}

// applyPriority performs a priority action that passed CheckPriority and
// returns the history's note.
func (t *Ticket) applyPriority(a Action, c change) string {
	by := c.person()
	switch a {
	case ActUrgentAsk:
		t.PriorityAsks = append(t.PriorityAsks, PriorityAsk{By: by, At: c.now, Answer: AskWaiting})
		t.notify(KindOf(a), ToSupervisors, Person{}, by, "", c.now)
		t.notify(KindOf(a), ToDispatch, Person{}, by, "", c.now)
		return ""
	case ActUrgentConfirm, ActUrgentDecline:
		ask := &t.PriorityAsks[c.ask-1]
		ask.Answer, ask.AnsweredBy, ask.AnsweredAt = AskDeclined, by, c.now
		if a == ActUrgentConfirm {
			ask.Answer = AskConfirmed
		}
		t.notify(KindOf(a), ToSupervisors, Person{}, by, "", c.now)
		if a == ActUrgentDecline {
			t.notify(KindOf(a), ToDispatch, Person{}, by, "", c.now)
			if ask.By.ID != by.ID {
				t.notify(KindOf(a), ToTechnician, ask.By, by, "", c.now)
			}
			return ""
		}
		t.setPriority(PriorityUrgent, NoticeRaisedOnAsk, by, ask.By.Name, c.now)
		return ask.By.Name
	case ActPriority:
		if n := t.WaitingAsk(); n > 0 {
			ask := &t.PriorityAsks[n-1]
			ask.Answer, ask.AnsweredBy, ask.AnsweredAt = AskSettled, by, c.now
			t.notify(KindOf(ActUrgentConfirm), ToSupervisors, Person{}, by, AskSettled, c.now)
		}
		kind := NoticeRaised
		if c.priority == PriorityNormal {
			kind = NoticeLowered
		}
		t.setPriority(c.priority, kind, by, c.text, c.now)
		// UrgentReason says why the ticket is urgent now: a supervisor's
		// reason replaces the requester's, and a lowered ticket has none.
		t.UrgentReason = ""
		name := "normal"
		if c.priority == PriorityUrgent {
			t.UrgentReason, name = c.text, string(PriorityUrgent)
		}
		return name + ": " + c.text
	}
	return ""
}

// setPriority changes the priority and owes the notices of the change.
func (t *Ticket) setPriority(p Priority, kind NoticeKind, by Person, reason string, now time.Time) {
	t.Priority = p
	t.notify(kind, ToDispatch, Person{}, by, reason, now)
	if t.Requester.ID != by.ID {
		t.notify(kind, ToRequester, t.Requester, by, reason, now)
	}
	if tech, ok := t.Technician(); ok && tech.ID != by.ID {
		t.notify(kind, ToTechnician, tech, by, reason, now)
	}
}

// AskUrgent asks the supervisors to make a ticket urgent (🚨 on its
// dispatch post, or its button). Nothing changes until one confirms.
func (s *Service) AskUrgent(ctx context.Context, actor *User, id string) (*Ticket, error) {
	return s.actPriority(ctx, id, ActUrgentAsk, change{actor: actor})
}

// AnswerUrgent is a supervisor's answer to the request numbered ask (from
// 1): confirmed, the ticket becomes urgent. A request already answered,
// or an older one than the latest, changes nothing: a press repeated, or
// delivered again after a crash, raises the priority once.
func (s *Service) AnswerUrgent(ctx context.Context, actor *User, id string, ask int, confirm bool) (*Ticket, error) {
	a := ActUrgentDecline
	if confirm {
		a = ActUrgentConfirm
	}
	return s.actPriority(ctx, id, a, change{actor: actor, ask: ask})
}

// SetPriority is a supervisor raising or lowering a ticket's priority,
// with a reason. A request still waiting is settled by it.
func (s *Service) SetPriority(ctx context.Context, actor *User, id string, p Priority, reason string) (*Ticket, error) {
	reason, err := CleanText(reason, MaxText, true)
	if err != nil {
		return nil, err
	}
	return s.actPriority(ctx, id, ActPriority, change{actor: actor, priority: p, text: reason})
}

// actPriority is act for the priority actions.
func (s *Service) actPriority(ctx context.Context, id string, a Action, c change) (*Ticket, error) {
	return s.actWith(ctx, id, a, c, func(t *Ticket, c change, settings Settings) error {
		return CheckPriority(t, a, c.actor, c.now, settings, c.ask, c.priority)
	}, func(t *Ticket, c change) {
		note := t.applyPriority(a, c)
		t.History = append(t.History, Event{Action: a, By: c.person(), At: c.now, Note: note})
		t.UpdatedAt = c.now
	})
}

// ReportUrgent opens a ticket as ReportOnce does, marked urgent by its
// requester for the reason given: it is urgent from the start, and the
// reason is in its history and on its dispatch post.
func (s *Service) ReportUrgent(ctx context.Context, actor *User, r Report, key, reason string) (*Ticket, error) {
	reason, err := CleanText(reason, MaxText, true)
	if err != nil {
		return nil, err
	}
	return s.report(ctx, actor, r, key, func(t *Ticket) {
		t.Priority = PriorityUrgent
		t.UrgentReason = reason
		t.History = append(t.History, Event{Action: ActPriority, By: t.Requester, At: t.CreatedAt,
			Note: string(PriorityUrgent) + ": " + reason})
	})
}

// Limits are the deadlines a ticket is held to, by its priority.
type Limits struct {
	Overdue        Duration // pending this long: the 超 tag, the dispatch chat reminded
	Escalate       Duration // pending this long: the supervisors told
	Repair         Duration // claimed this long (with no window): late
	RepairEscalate Duration // late this long after the reminder: the supervisors told
}

// Limits returns the deadlines of t: the urgent ones for an urgent
// ticket, where they are set (a desk set up before they existed has
// none: the usual ones hold).
func (t *Ticket) Limits(s Settings) Limits {
	l := Limits{s.OverdueAfter, s.EscalateAfter, s.RepairAfter, s.RepairEscalateAfter}
	if !t.Urgent() {
		return l
	}
	shorter := func(urgent, usual Duration) Duration {
		if urgent > 0 && (usual <= 0 || urgent < usual) {
			return urgent
		}
		return usual
	}
	return Limits{
		Overdue:        shorter(s.UrgentClaimAfter, s.OverdueAfter),
		Escalate:       shorter(s.UrgentEscalateAfter, s.EscalateAfter),
		Repair:         shorter(s.UrgentRepairAfter, s.RepairAfter),
		RepairEscalate: shorter(s.UrgentEscalateAfter, s.RepairEscalateAfter),
	}
}

// UrgentFirst orders tickets urgent first, keeping the order within each
// priority (oldest first, as the store lists them).
func UrgentFirst(ts []*Ticket) { slices.SortStableFunc(ts, ByUrgency) }

// ByUrgency compares two tickets by priority alone, the urgent first: a
// stable sort by it keeps any other order within each priority.
func ByUrgency(a, b *Ticket) int { return cmp.Compare(b.rank(), a.rank()) }

func (t *Ticket) rank() int {
	if t.Urgent() {
		return 1
	}
	return 0
}

// urgentSettings are the urgent deadlines, for the admin's settings.
var urgentSettings = []Setting{
	durationSetting("urgentClaimAfter", func(s *Settings) *Duration { return &s.UrgentClaimAfter }),
	durationSetting("urgentEscalateAfter", func(s *Settings) *Duration { return &s.UrgentEscalateAfter }),
	durationSetting("urgentRepairAfter", func(s *Settings) *Duration { return &s.UrgentRepairAfter }),
}

func init() { SettingsTable = append(SettingsTable, urgentSettings...) }

// priorityEdits is Notice.Edits for the priority notices: a change of
// priority is shown on the dispatch post (its tag, and the 🚨 button
// gone), and an answer to a request on the request's post.
func priorityEdits(n Notice) PostKind {
	switch {
	case n.To == ToDispatch && (n.Kind == NoticeRaised || n.Kind == NoticeLowered || n.Kind == NoticeRaisedOnAsk):
		return PostDispatch
	case n.To == ToSupervisors && (n.Kind == KindOf(ActUrgentConfirm) || n.Kind == KindOf(ActUrgentDecline)):
		return PostUrgent
	}
	return ""
}
