package conversation

import (
	"errors"
	"strings"
	"unicode"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// noteMarkers begin a message in a ticket's thread that stays among
// staff: an internal note, never sent to the requester.
var noteMarkers = []string{"!note", "！note", "!备注", "！备注"}

// inThread reports whether the input is something written in a thread
// of a group chat: text or a photo answering an earlier message there.
func (t *turn) inThread() bool {
	return t.in.Group && t.in.ReplyTo != "" && (t.in.Kind == talk.KindText || t.in.Kind == talk.KindPhoto)
}

// threadReply takes what staff write in a ticket's thread in a group
// chat: a reply to the requester (desk.Service.Reply), who answers in
// private and is heard in the thread again; or, after a note marker, an
// internal note (desk.Service.Note). A thread that is not a ticket's is
// people talking to each other, and is left alone.
//
// Success is quiet: what was written is in the thread for all to see,
// and an answer in private for every line would drown the person.
func (t *turn) threadReply() {
	id, err := t.svc().TicketOfPost(t.ctx, t.in.Chat, t.in.ReplyTo)
	if errors.Is(err, desk.ErrNotFound) {
		return
	}
	if err != nil {
		t.fail(err)
		return
	}
	if !t.user.Registered {
		t.fail(&desk.Error{Kind: desk.ErrForbidden, Msg: "err.forbidden"})
		return
	}
	var photos []string
	if t.in.Photo != "" {
		photos = []string{t.in.Photo}
	}
	text, note := cutNote(t.in.Text)
	key := "thread.sent"
	if note {
		_, err = t.svc().Note(t.ctx, t.user, id, text, photos)
		key = "thread.noted"
	} else {
		_, err = t.svc().Reply(t.ctx, t.user, id, text, photos)
	}
	if !note && errors.Is(err, desk.ErrForbidden) && t.user.Is(desk.RoleTechnician) {
		// Another technician's job: say what they can do instead.
		t.toast = t.T("thread.not_holder", "#"+id)
		t.say("thread.not_holder", "#"+id)
		return
	}
	if err != nil {
		t.fail(err)
		return
	}
	t.acted = true
	t.toast = t.T(key, "#"+id)
}

// cutNote removes a note marker from the start of text, and reports
// whether there was one.
func cutNote(text string) (string, bool) {
	s := strings.TrimSpace(text)
	for _, m := range noteMarkers {
		if len(s) >= len(m) && strings.EqualFold(s[:len(m)], m) {
			rest := s[len(m):]
			if rest == "" || unicode.IsSpace([]rune(rest)[0]) || strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "：") {
				return strings.TrimSpace(strings.TrimLeft(strings.TrimLeft(rest, ":"), "：")), true
			}
		}
	}
	return text, false
}
