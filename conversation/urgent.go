package conversation

import (
	"slices"
	"strconv"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// Urgent tickets in the dialogues: a requester marks a report urgent
// from its summary, with a reason; a supervisor raises or lowers a
// ticket's priority from its details, with a reason; the 🚨 button on a
// dispatch post asks the supervisors, whose Confirm or Decline answers.

const (
	stepUrgent   = "urgent"
	flowPriority = string(desk.ActPriority)
)

// Summary buttons that mark a report urgent and take the mark off.
const (
	pressUrgent    = "urgent"
	pressNotUrgent = "not_urgent"
)

// urgentSteps is the report's question for the reason it is urgent,
// asked from the summary and answered back into it.
func urgentSteps() map[string]step {
	return map[string]step{
		stepUrgent: {
			ask: func(t *turn) talk.Message { return t.question("rep.urgent_reason", nil) },
			take: func(t *turn) (string, error) {
				s, err := t.textAnswer(desk.MaxText, true)
				if err != nil {
					return "", err
				}
				t.s.Draft.UrgentReason = s
				return stepSummary, nil
			},
		},
	}
}

// summaryUrgent takes a summary press that marks the report urgent or
// takes the mark off; false for any other press.
func (t *turn) summaryUrgent() (string, bool) {
	if t.s.Flow != flowReport {
		return "", false
	}
	switch t.pressed {
	case pressUrgent:
		return stepUrgent, true
	case pressNotUrgent:
		t.s.Draft.UrgentReason = ""
		return stepSummary, true
	}
	return "", false
}

// urgentSummary adds the report's urgency to its summary: the reason, and
// a button to mark it or to take the mark off. An edit of a ticket
// leaves its priority alone (a supervisor changes it).
func (t *turn) urgentSummary(text string, rows []talk.Row) (string, []talk.Row) {
	if t.s.Flow != flowReport {
		return text, rows
	}
	if r := t.s.Draft.UrgentReason; r != "" {
		text += t.T("field.urgent") + ": " + r + "\n"
		return text, append(rows, talk.Row{Buttons: []talk.Button{t.choice(t.T("btn.not_urgent"), pressNotUrgent)}})
	}
	return text, append(rows, talk.Row{Buttons: []talk.Button{t.choice(t.T("btn.mark_urgent"), pressUrgent)}})
}

// fileDraft files the draft, urgent when the requester said why.
func (t *turn) fileDraft(key string) (*desk.Ticket, error) {
	return t.fileAs(t.s.Draft.Report, key, t.s.Draft.UrgentReason)
}

// fileAs files r under key: urgent when there is a reason, which the desk
// requires of an urgent report.
func (t *turn) fileAs(r desk.Report, key, urgentReason string) (*desk.Ticket, error) {
	if urgentReason != "" {
		return t.svc().ReportUrgent(t.ctx, t.user, r, key, urgentReason)
	}
	return t.svc().ReportOnce(t.ctx, t.user, r, key)
}

// priorityFlow is a supervisor's change of priority: the reason, then
// the change, to urgent or back to normal (Draft.Choice).
func priorityFlow() flow {
	return flow{first: "text", steps: map[string]step{
		"text": {
			ask: func(t *turn) talk.Message {
				key := "priority.up_reason"
				if t.s.Draft.Choice == string(desk.PriorityNormal) {
					key = "priority.down_reason"
				}
				ref := "#" + t.s.Draft.Ticket
				return t.textForm(t.question(key, nil, ref), "priority.form", desk.MaxText, false, ref)
			},
			take: func(t *turn) (string, error) {
				s, err := t.textAnswer(desk.MaxText, true)
				if err != nil {
					return "", err
				}
				to := desk.Priority(t.s.Draft.Choice)
				tk, err := t.svc().SetPriority(t.ctx, t.user, t.s.Draft.Ticket, to, s)
				if err != nil {
					t.endFlow()
					return "", err
				}
				done := "priority.up_done"
				if to == desk.PriorityNormal {
					done = "priority.down_done"
				}
				return t.finish(tk, done)
			},
		},
	}}
}

// priorityButton is the details' button for a supervisor to change the
// ticket's priority, when they may.
func (t *turn) priorityButton(tk *desk.Ticket) (talk.Button, bool) {
	if _, err := t.priorityChange(tk); err != nil {
		return talk.Button{}, false
	}
	return button(t.T("act.priority"), talk.TicketToken(string(desk.ActPriority), tk.ID)), true
}

// priorityChange is the priority a supervisor's change would give the
// ticket, the other one, with the refusal if they may not change it.
func (t *turn) priorityChange(tk *desk.Ticket) (desk.Priority, error) {
	to := desk.PriorityUrgent
	if tk.Urgent() {
		to = desk.PriorityNormal
	}
	return to, desk.CheckPriority(tk, desk.ActPriority, t.user, t.now(), t.Settings(), 0, to)
}

// addPriorityButtons adds the priority actions' buttons to ticketButtons.
func addPriorityButtons() {
	ticketButtons[string(desk.ActUrgentAsk)] = immediate(desk.ActUrgentAsk, (*desk.Service).AskUrgent)
	for _, a := range []desk.Action{desk.ActUrgentConfirm, desk.ActUrgentDecline} {
		ticketButtons[string(a)] = func(t *turn, id, arg string) error {
			ask, err := strconv.Atoi(arg)
			if err != nil {
				return &desk.Error{Kind: desk.ErrInvalid, Msg: "err.unknown_button"}
			}
			res, err := t.svc().AnswerUrgent(t.ctx, t.user, id, ask, a == desk.ActUrgentConfirm)
			if err != nil {
				return err
			}
			t.acted = true
			t.toast = t.T(string(a)+".done", res.Ref())
			t.say(string(a)+".done", res.Ref())
			return nil
		}
	}
	ticketButtons[flowPriority] = func(t *turn, id, _ string) error {
		tk, err := t.svc().Ticket(t.ctx, t.user, id)
		if err != nil {
			return err
		}
		to, err := t.priorityChange(tk)
		if err != nil {
			return err
		}
		t.toast = t.T("act.priority")
		t.startFlow(flowPriority, Draft{Ticket: id, Choice: string(to)})
		return nil
	}
}

// reactionActions are what an emoji on a dispatch post does, by the
// neutral names the adapters give them (talk.KindReaction): the same as
// the post's buttons, or the details' for ✅.
var reactionActions = map[string]desk.Action{
	talk.ReactClaim:    desk.ActClaim,
	talk.ReactComplete: desk.ActComplete,
	talk.ReactUrgent:   desk.ActUrgentAsk,
}

// reaction takes an emoji put on a ticket's dispatch post: what the
// button of the same action does, with the same checks. On anything but
// a dispatch post it is nothing to the desk. A refusal is said in the
// toast only (on Slack, a message only the person sees), where the
// emoji was put.
func (t *turn) reaction() {
	a, ok := reactionActions[t.in.Text]
	if !ok || !t.in.Group {
		return
	}
	id, err := t.svc().TicketOfPost(t.ctx, t.in.Chat, t.in.ReplyTo)
	if err != nil {
		return
	}
	posts, err := t.svc().Posts(t.ctx, id)
	if err != nil || !slices.ContainsFunc(posts, func(p desk.Post) bool {
		return p.Kind == desk.PostDispatch && p.Chat == t.in.Chat && p.MessageID == t.in.ReplyTo
	}) {
		return
	}
	if !t.user.Registered {
		t.toast = t.T("err.forbidden")
		return
	}
	if err := ticketButtons[string(a)](t, id, ""); err != nil {
		key, args := desk.MessageOf(err)
		t.toast = t.T(key, localArgs(t.lang, args)...)
	}
}
