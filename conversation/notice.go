package conversation

import (
	"context"
	"errors"
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
		return i18n.T(i18n.Zh, key) + " " + strings.TrimLeft(i18n.T(i18n.En, key), "✎✖🙋👉↩⏸✅❌▶✔⏰💬⭐🖼 ")
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
	return talk.Button{Label: v.label(key), Token: ticketToken(action, id, arg...)}
}

// card is the ticket as the dispatch chat shows it.
func (v noticeView) card(t *desk.Ticket) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s【%s】%s\n", t.Ref(), t.ProblemType, t.Title)
	fmt.Fprintf(&b, "📍 %s %s %s %s\n", t.Location.Zone, t.Location.Building, t.Location.Room, t.Location.Address)
	fmt.Fprintf(&b, "📝 %s\n", t.Description)
	if !t.Window.Start.IsZero() {
		fmt.Fprintf(&b, "🕒 %s\n", fmtWindow(i18n.En, t.Window, v.loc))
	}
	fmt.Fprintf(&b, "👤 %s  ☎ %s", t.Requester.Name, t.Contact)
	return b.String()
}

// Render returns the message a notice becomes for one reader.
func (v noticeView) Render(t *desk.Ticket, n desk.Notice) talk.Message {
	id, ref, actor := t.ID, t.Ref(), n.Actor.Name
	details := v.button("btn.details", "detail", id)
	one := func(bs ...talk.Button) []talk.Row { return []talk.Row{{Buttons: bs}} }
	switch n.Kind {
	case "create", "edit", "release":
		text := v.card(t)
		switch n.Kind {
		case "edit":
			text = v.T("notice.edited") + "\n" + text
		case "release":
			text = v.T("notice.released", ref, actor, n.Note) + "\n" + text
		}
		if n.To == desk.ToRequester {
			return talk.Message{Text: v.T("notice.released_you", ref, actor, n.Note), Rows: one(details)}
		}
		return talk.Message{Text: text, Photos: t.Photos, Rows: one(v.button("act.claim", "claim", id))}
	case "claim":
		if n.To == desk.ToDispatch {
			return talk.Message{Text: v.card(t) + "\n\n" + v.T("notice.claimed_by", actor)}
		}
		return talk.Message{Text: v.T("notice.claimed_you", ref, actor), Rows: one(details)}
	case "assign":
		if n.To == desk.ToDispatch {
			return talk.Message{Text: v.card(t) + "\n\n" + v.T("notice.assigned_to", actor)}
		}
		return talk.Message{Text: v.T("notice.assigned_you", ref, actor) + "\n\n" + v.card(t), Photos: t.Photos, Rows: one(details)}
	case "unassign":
		return talk.Message{Text: v.T("notice.unassigned", ref, actor)}
	case "cancel":
		if n.To == desk.ToDispatch {
			return talk.Message{Text: v.card(t) + "\n\n" + v.T("notice.cancelled", actor, n.Note)}
		}
		return talk.Message{Text: v.T("notice.cancelled_you", ref, actor, n.Note), Rows: one(details)}
	case "suspend":
		s := t.WaitingSuspension()
		var photos []string
		if s != nil {
			photos = s.Photos
		}
		return talk.Message{Text: v.T("notice.suspend_request", ref, actor, n.Note) + "\n\n" + v.card(t), Photos: photos,
			Rows: one(v.button("act.approve", "approve", id), v.button("act.reject", "reject", id))}
	case "approve", "reject":
		result := map[string]string{"approve": "approved", "reject": "rejected"}[n.Kind]
		key := "notice." + result
		switch n.To {
		case desk.ToSupervisors:
			return talk.Message{Text: v.TL("notice.review_done", func(l string) []any {
				return []any{ref, i18n.T(l, "review."+result), actor, n.Note}
			})}
		case desk.ToRequester:
			s := t.LastSuspension()
			return talk.Message{Text: v.T("notice.suspended_you", ref, s.Reason, actor), Photos: s.Photos, Rows: one(details)}
		}
		rows := one(details)
		if n.Kind == "approve" {
			rows = one(v.button("act.resume", "resume", id), details)
		}
		return talk.Message{Text: v.T(key, ref, actor, n.Note), Rows: rows}
	case "withdraw":
		return talk.Message{Text: v.TL("notice.review_done", func(l string) []any {
			return []any{ref, i18n.T(l, "review.withdrawn"), actor, i18n.T(l, "withdraw."+n.Note)}
		})}
	case "resume":
		return talk.Message{Text: v.T("notice.resumed", ref, actor), Rows: one(details)}
	case "complete":
		if n.To == desk.ToDispatch {
			return talk.Message{Text: v.card(t) + "\n\n" + v.T("notice.completed_by", actor)}
		}
		c := t.Completion
		return talk.Message{Text: v.T("notice.completed_you", ref, actor, c.RepairType, c.Result), Photos: c.Photos, Rows: v.stars(id)}
	case "urge":
		if n.To == desk.ToSupervisors {
			return talk.Message{Text: v.TL("notice.urged_sup", func(l string) []any {
				return []any{ref, actor, i18n.T(l, "state."+string(t.State)), len(t.Urges)}
			}) + "\n\n" + v.card(t),
				Rows: one(v.button("act.assign", "assign", id), details)}
		}
		return talk.Message{Text: v.T("notice.urged_tech", ref, actor), Rows: one(details)}
	case "reply":
		return talk.Message{Text: v.T("notice.reply", actor, ref, n.Note), Photos: lastReplyPhotos(t), Rows: one(v.button("act.reply", "reply", id), details)}
	case "rate":
		return talk.Message{Text: v.T("notice.rated", ref, t.Rating.Stars, n.Note)}
	}
	return v.reminder(t, n)
}

func (v noticeView) stars(id string) []talk.Row {
	var r talk.Row
	for i := 1; i <= 5; i++ {
		r.Buttons = append(r.Buttons, talk.Button{Label: strings.Repeat("★", i), Token: ticketToken("rate", id, fmt.Sprint(i))})
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
	// late still says what was true.
	lang := v.lang
	if lang == "" {
		lang = i18n.En
	}
	waited := fmtDuration(lang, n.At.Sub(t.CreatedAt))
	text := v.T("notice."+n.Kind, t.Ref(), waited)
	switch n.Kind {
	case "overdue":
		return talk.Message{Text: text + "\n\n" + v.card(t), Rows: []talk.Row{{Buttons: []talk.Button{v.button("act.claim", "claim", id)}}}}
	case "escalate", "repair_escalate", "suspended_long":
		if n.To == desk.ToSupervisors {
			return talk.Message{Text: text + "\n\n" + v.card(t), Rows: []talk.Row{{Buttons: []talk.Button{v.button("act.assign", "assign", id), v.button("btn.details", "detail", id)}}}}
		}
	case "review_remind":
		return talk.Message{Text: text, Rows: []talk.Row{{Buttons: []talk.Button{v.button("act.approve", "approve", id), v.button("act.reject", "reject", id)}}}}
	case "rate_remind":
		return talk.Message{Text: text, Rows: v.stars(id)}
	}
	return talk.Message{Text: text, Rows: []talk.Row{{Buttons: []talk.Button{v.button("btn.details", "detail", id)}}}}
}

// DigestMessage is the supervisors' daily digest, in both languages for
// their channel.
func DigestMessage(st desk.Stats) talk.Message {
	text := i18n.Both("notice.digest") + "\n\n" + statsText(i18n.Zh, st) + "\n\n" + statsText(i18n.En, st)
	if len(st.Late) > 0 {
		// One list for both languages: its lines are numbers, tags and
		// what the requester wrote.
		text += "\n\n" + i18n.T(i18n.Zh, "overdue.title") + " / " + i18n.T(i18n.En, "overdue.title") + " (" + itoa(st.Overdue) + ")"
		for _, t := range st.Late {
			text += "\n" + lateLine(t)
		}
	}
	return talk.Message{Text: text}
}

// Digest sends the digest named key to the supervisors' channel of every
// platform. It fails if any platform failed, so the scheduler tries again;
// each channel that got it is marked in seen under key, so the retry
// reaches only the others. A crash between a send and its mark may still
// repeat one, which beats a channel that never gets it.
func Digest(ctx context.Context, senders []talk.Sender, seen SeenStore, key string, st desk.Stats) error {
	var errs []error
	for _, s := range senders {
		room := s.SupervisorChat()
		if room == "" {
			continue
		}
		mark := key + "|" + s.Platform() + "|" + room
		if done, err := seen.Seen(ctx, mark); err != nil || done {
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", s.Platform(), err))
			}
			continue
		}
		if _, err := s.Send(ctx, talk.Target{Platform: s.Platform(), Chat: room}, DigestMessage(st)); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", s.Platform(), err))
			continue
		}
		if _, err := seen.FirstTime(ctx, mark); err != nil {
			errs = append(errs, fmt.Errorf("%s: mark the digest sent: %w", s.Platform(), err))
		}
	}
	return errors.Join(errs...)
}

// lateLine is one overdue ticket in the digest: number, tags, title, place
// and who holds it.
func lateLine(t *desk.Ticket) string {
	line := t.Ref() + " 超" // every ticket listed is overdue
	if t.Urged() {
		line += " 催"
	}
	line += " " + t.Title + " · " + t.Location.Building
	if tech, ok := t.Technician(); ok {
		line += " · " + tech.Name
	}
	return line
}
