package notice

import (
	"strconv"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/i18n"
	"github.com/repairdesk/repairdesk/talk"
)

// Urgent tickets in posts: the 🚨 tag and reason on the card, a 🚨 button
// on a pending dispatch post (what 🚨 as a Slack reaction does too), the
// supervisors' request post with Confirm and Decline, and the notices of
// a change of priority.

// urgentHead is what an urgent ticket's card starts with.
func urgentHead(t *desk.Ticket) string {
	if t.Urgent() && !t.State.Final() {
		return desk.UrgentTag + " "
	}
	return ""
}

// urgentLine is the card's line with the requester's reason for urgency.
func urgentLine(t *desk.Ticket) string {
	if t.Urgent() && t.UrgentReason != "" {
		return desk.UrgentTag + " " + t.UrgentReason + "\n"
	}
	return ""
}

// claimRows are a pending dispatch post's buttons: Claim, and 🚨 while
// the ticket is not urgent.
func (v noticeView) claimRows(t *desk.Ticket) []talk.Row {
	r := talk.Row{Buttons: []talk.Button{v.button("act.claim", "claim", t.ID)}}
	if !t.Urgent() {
		r.Buttons = append(r.Buttons, v.button("act.urgent", string(desk.ActUrgentAsk), t.ID))
	}
	return []talk.Row{r}
}

// standing is the dispatch post as the ticket stands now.
func (v noticeView) standing(t *desk.Ticket) talk.Message {
	if c := t.Claim; c != nil && t.State != desk.Pending {
		return talk.Message{Text: v.card(t) + "\n\n" + v.T("notice.claimed_by", c.By.Name)}
	}
	return talk.Message{Text: v.card(t), Photos: t.Photos, Rows: v.claimRows(t)}
}

// priority renders the priority notices; false for any other.
func (v noticeView) priority(t *desk.Ticket, n desk.Notice) (talk.Message, bool) {
	ref, actor := t.Ref(), n.Actor.Name
	details := []talk.Row{{Buttons: []talk.Button{v.button("btn.details", "detail", t.ID)}}}
	switch n.Kind {
	case desk.NoticeRaised, desk.NoticeLowered, desk.NoticeRaisedOnAsk:
		if n.To == desk.ToDispatch {
			return v.standing(t), true
		}
		return talk.Message{Text: v.T("notice."+string(n.Kind)+"_you", ref, actor, n.Note), Rows: details}, true
	case desk.KindOf(desk.ActUrgentAsk):
		ask := strconv.Itoa(len(t.PriorityAsks))
		return talk.Message{Text: v.T("notice.urgent_ask", ref, actor) + "\n\n" + v.card(t), Rows: []talk.Row{{Buttons: []talk.Button{
			v.button("act.urgent_confirm", string(desk.ActUrgentConfirm), t.ID, ask),
			v.button("act.urgent_decline", string(desk.ActUrgentDecline), t.ID, ask),
			v.button("btn.details", "detail", t.ID),
		}}}}, true
	case desk.KindOf(desk.ActUrgentConfirm), desk.KindOf(desk.ActUrgentDecline):
		if n.To == desk.ToTechnician { // the one who asked, declined
			return talk.Message{Text: v.T("notice.urgent_declined_you", ref, actor), Rows: details}, true
		}
		outcome := "urgent.confirmed"
		switch {
		case n.Note == desk.AskSettled:
			outcome = "urgent.settled"
		case n.Kind == desk.KindOf(desk.ActUrgentDecline):
			outcome = "urgent.declined"
		}
		text := v.TL("notice.urgent_answer", func(l string) []any { return []any{ref, i18n.T(l, outcome), actor} })
		return talk.Message{Text: text + "\n\n" + v.card(t)}, true
	}
	return talk.Message{}, false
}

// priorityLine is the thread's line of a request settled by a change of
// priority; false for every other notice.
func (v noticeView) priorityLine(t *desk.Ticket, n desk.Notice) (talk.Message, bool) {
	if n.Kind == desk.KindOf(desk.ActUrgentConfirm) && n.Note == desk.AskSettled {
		return talk.Message{Text: v.T("line.urgent_settled", t.Ref(), n.Actor.Name)}, true
	}
	return talk.Message{}, false
}
