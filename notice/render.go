package notice

import (
	"fmt"
	"strings"
	"time"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/i18n"
	"github.com/repairdesk/repairdesk/talk"
)

// noticeView renders notices. lang is the reader's language, or "" for a
// group chat, where every text appears in both languages.
type noticeView struct {
	lang string
	loc  *time.Location
}

func (v noticeView) T(key string, args ...any) string {
	if v.lang == "" {
		return i18n.Both(key, args...)
	}
	return i18n.T(v.lang, key, args...)
}

// label is a button label; groups get both languages on one line.
func (v noticeView) label(key string) string {
	if v.lang == "" {
		return i18n.T(i18n.Zh, key) + " " + strings.TrimLeft(i18n.T(i18n.En, key), "✎✖🙋👉↩⏸✅❌▶✔⏰💬⭐🖼🚨 ")
	}
	return i18n.T(v.lang, key)
}

// TL formats key with arguments that depend on the language, such as a
// translated state.
func (v noticeView) TL(key string, args func(lang string) []any) string {
	if v.lang != "" {
		return i18n.T(v.lang, key, args(v.lang)...)
	}
	zh, en := i18n.T(i18n.Zh, key, args(i18n.Zh)...), i18n.T(i18n.En, key, args(i18n.En)...)
	return zh + "\n" + en
}

func (v noticeView) button(key, action, id string, arg ...string) talk.Button {
	return talk.Button{Label: v.label(key), Token: talk.TicketToken(action, id, arg...)}
}

// card is the ticket as the dispatch chat shows it.
func (v noticeView) card(t *desk.Ticket) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s%s【%s】%s\n", urgentHead(t), t.Ref(), t.ProblemType, t.Title)
	b.WriteString(urgentLine(t))
	fmt.Fprintf(&b, "📍 %s %s %s %s\n", t.Location.Zone, t.Location.Building, t.Location.Room, t.Location.Address)
	if t.Queue != nil {
		fmt.Fprintf(&b, "👥 %s\n", t.Queue.Name)
	}
	fmt.Fprintf(&b, "📝 %s\n", t.Description)
	if !t.Window.Start.IsZero() {
		fmt.Fprintf(&b, "🕒 %s\n", i18n.Window(i18n.En, t.Window, v.loc))
	}
	fmt.Fprintf(&b, "👤 %s  ☎ %s", t.Requester.Name, t.Contact)
	return b.String()
}

// Render returns the message a notice becomes for one reader.
func (v noticeView) Render(t *desk.Ticket, n desk.Notice) talk.Message {
	id, ref, actor := t.ID, t.Ref(), n.Actor.Name
	details := v.button("btn.details", "detail", id)
	one := func(bs ...talk.Button) []talk.Row { return []talk.Row{{Buttons: bs}} }
	if n.To == desk.ToDispatch && n.Threaded() {
		// Technicians follow the ticket in its thread: what happened,
		// without the buttons meant for the requester or supervisors.
		return v.Line(t, n)
	}
	if m, ok := v.priority(t, n); ok {
		return m
	}
	switch desk.Action(n.Kind) {
	case desk.ActCreate, desk.ActEdit, desk.ActRelease:
		text := v.card(t)
		switch desk.Action(n.Kind) {
		case desk.ActEdit:
			text = v.T("notice.edited") + "\n" + text
		case desk.ActRelease:
			text = v.T("notice.released", ref, actor, n.Note) + "\n" + text
		}
		if n.To == desk.ToRequester {
			return talk.Message{Text: v.T("notice.released_you", ref, actor, n.Note), Rows: one(details)}
		}
		return talk.Message{Text: text, Photos: t.Photos, Rows: v.claimRows(t)}
	case desk.ActClaim:
		if n.To == desk.ToDispatch {
			return talk.Message{Text: v.card(t) + "\n\n" + v.T("notice.claimed_by", actor)}
		}
		return talk.Message{Text: v.T("notice.claimed_you", ref, actor), Rows: one(details)}
	case desk.ActAssign:
		if n.To == desk.ToDispatch {
			return talk.Message{Text: v.card(t) + "\n\n" + v.T("notice.assigned_to", actor)}
		}
		return talk.Message{Text: v.T("notice.assigned_you", ref, actor) + "\n\n" + v.card(t), Photos: t.Photos, Rows: one(details)}
	case desk.Action(desk.NoticeUnassign):
		if n.Note != "" { // released by a supervisor, with the reason
			return talk.Message{Text: v.T("notice.taken_off", ref, actor, n.Note), Rows: one(details)}
		}
		return talk.Message{Text: v.T("notice.unassigned", ref, actor)}
	case desk.ActCancel:
		if n.To == desk.ToDispatch {
			return talk.Message{Text: v.card(t) + "\n\n" + v.T("notice.cancelled", actor, n.Note)}
		}
		return talk.Message{Text: v.T("notice.cancelled_you", ref, actor, n.Note), Rows: one(details)}
	case desk.ActSuspend:
		s := t.WaitingSuspension()
		var photos []string
		if s != nil {
			photos = s.Photos
		}
		return talk.Message{Text: v.T("notice.suspend_request", ref, actor, n.Note) + "\n\n" + v.card(t), Photos: photos,
			Rows: one(v.button("act.approve", "approve", id), v.button("act.reject", "reject", id))}
	case desk.ActApprove, desk.ActReject:
		result := map[desk.NoticeKind]string{desk.KindOf(desk.ActApprove): "approved", desk.KindOf(desk.ActReject): "rejected"}[n.Kind]
		key := "notice." + result
		switch n.To {
		case desk.ToSupervisors:
			return talk.Message{Text: v.reviewed(t, n, func(l string) []string { return []string{i18n.T(l, "review."+result), n.Note} })}
		case desk.ToRequester:
			s := t.LastSuspension()
			return talk.Message{Text: v.T("notice.suspended_you", ref, s.Reason, actor), Photos: s.Photos, Rows: one(details)}
		}
		rows := one(details)
		if n.Kind == desk.KindOf(desk.ActApprove) {
			rows = one(v.button("act.resume", "resume", id), details)
		}
		return talk.Message{Text: v.T(key, ref, actor, n.Note), Rows: rows}
	case desk.Action(desk.NoticeWithdraw):
		return talk.Message{Text: v.reviewed(t, n, func(l string) []string {
			return []string{i18n.T(l, "review.withdrawn"), i18n.T(l, "withdraw."+n.Note)}
		})}
	case desk.ActResume:
		return talk.Message{Text: v.T("notice.resumed", ref, actor), Rows: one(details)}
	case desk.ActComplete:
		if n.To == desk.ToDispatch {
			return talk.Message{Text: v.card(t) + "\n\n" + v.T("notice.completed_by", actor)}
		}
		c := t.Completion
		return talk.Message{Text: v.T("notice.completed_you", ref, actor, c.RepairType, c.Result), Photos: c.Photos, Rows: v.stars(id)}
	case desk.ActUrge:
		if n.To == desk.ToSupervisors {
			return talk.Message{Text: v.TL("notice.urged_sup", func(l string) []any {
				return []any{ref, actor, i18n.T(l, "state."+string(t.State)), len(t.Urges)}
			}) + "\n\n" + v.card(t),
				Rows: one(v.button("act.assign", "assign", id), details)}
		}
		return talk.Message{Text: v.T("notice.urged_tech", ref, actor), Rows: one(details)}
	case desk.ActReply:
		return talk.Message{Text: v.T("notice.reply", actor, ref, n.Note), Photos: lastReplyPhotos(t), Rows: one(v.button("act.reply", "reply", id), details)}
	case desk.ActRate:
		return talk.Message{Text: v.T("notice.rated", ref, t.Rating.Stars, n.Note)}
	}
	return v.reminder(t, n)
}

// reviewed is the supervisors' request post once it is answered: the
// outcome and its note in the reader's language on top, and below it the
// request as it was asked (reason and ticket), so the post still says
// what was decided on. It has no buttons.
func (v noticeView) reviewed(t *desk.Ticket, n desk.Notice, outcome func(lang string) []string) string {
	text := v.TL("notice.review_done", func(l string) []any {
		o := outcome(l)
		return []any{t.Ref(), o[0], n.Actor.Name, o[1]}
	})
	if s := t.LastSuspension(); s != nil {
		text += "\n\n" + v.T("notice.suspend_request", t.Ref(), s.By.Name, s.Reason)
	}
	return text + "\n\n" + v.card(t)
}

func (v noticeView) stars(id string) []talk.Row {
	var r talk.Row
	for i := 1; i <= 5; i++ {
		r.Buttons = append(r.Buttons, talk.Button{Label: strings.Repeat("★", i), Token: talk.TicketToken("rate", id, fmt.Sprint(i))})
	}
	return []talk.Row{r}
}

func lastReplyPhotos(t *desk.Ticket) []string {
	if n := len(t.Replies); n > 0 {
		return t.Replies[n-1].Photos
	}
	return nil
}

// reminder renders the scheduler's reminders and escalations. The rule
// name is the notice's kind; its text key is "notice.<rule>".
func (v noticeView) reminder(t *desk.Ticket, n desk.Notice) talk.Message {
	id := t.ID
	// The wait as it was when the rule fired, so that a notice delivered
	// late still says what was true, written in each reader's language.
	waited := n.At.Sub(t.CreatedAt)
	text := v.TL("notice."+string(n.Kind), func(l string) []any { return []any{t.Ref(), i18n.Duration(l, waited)} })
	switch n.Kind {
	case desk.RuleOverdue:
		return talk.Message{Text: text + "\n\n" + v.card(t), Rows: v.claimRows(t)}
	case desk.RuleEscalate, desk.RuleRepairEscalate, desk.RuleSuspendedLong:
		if n.To == desk.ToSupervisors || n.To == desk.ToQueueSupervisor {
			return talk.Message{Text: text + "\n\n" + v.card(t), Rows: []talk.Row{{Buttons: []talk.Button{v.button("act.assign", "assign", id), v.button("btn.details", "detail", id)}}}}
		}
	case desk.RuleReviewRemind:
		return talk.Message{Text: text, Rows: []talk.Row{{Buttons: []talk.Button{v.button("act.approve", "approve", id), v.button("act.reject", "reject", id)}}}}
	case desk.RuleRateRemind:
		return talk.Message{Text: text, Rows: v.stars(id)}
	}
	return talk.Message{Text: text, Rows: []talk.Row{{Buttons: []talk.Button{v.button("btn.details", "detail", id)}}}}
}
