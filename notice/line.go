package notice

import (
	"strconv"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/i18n"
	"github.com/repairdesk/repairdesk/talk"
)

// Line is what a notice adds to the ticket's thread in a group chat: one
// short line naming the ticket, what happened and who did it. The post
// at the head of the thread is kept as the ticket stands (Render); the
// thread tells how it got there, in order.
func (v noticeView) Line(t *desk.Ticket, n desk.Notice) talk.Message {
	ref, actor, note := t.Ref(), n.Actor.Name, n.Note
	if m, ok := v.priorityLine(t, n); ok {
		return m
	}
	switch n.Kind {
	case desk.KindOf(desk.ActReply):
		return talk.Message{Text: v.T("line.reply", ref, actor, note), Photos: lastReplyPhotos(t)}
	case desk.KindOf(desk.ActRate):
		stars := 0
		if t.Rating != nil {
			stars = t.Rating.Stars
		}
		return talk.Message{Text: v.T("line.rate", ref, strconv.Itoa(stars), note)}
	case desk.KindOf(desk.ActSuspend):
		var photos []string
		if s := t.LastSuspension(); s != nil {
			photos = s.Photos
		}
		return talk.Message{Text: v.T("line.suspend", ref, actor, note), Photos: photos}
	case desk.KindOf(desk.ActComplete):
		var photos []string
		if c := t.Completion; c != nil {
			photos = c.Photos
		}
		return talk.Message{Text: v.T("line.complete", ref, actor, note), Photos: photos}
	case desk.NoticeWithdraw:
		return talk.Message{Text: v.TL("line.withdraw", func(l string) []any {
			return []any{ref, actor, i18n.T(l, "withdraw."+note)}
		})}
	}
	key := "line." + string(n.Kind)
	if !i18n.Has(key) {
		return v.reminder(t, n)
	}
	return talk.Message{Text: v.T(key, ref, actor, note)}
}
