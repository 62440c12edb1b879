package web

import "github.com/repairdesk/repairdesk/talk"

// Reports from any message. In a group pane, "/report" written as a reply
// in a message's thread, or the message's 🎫 Report action, starts a
// report for the person in their private chat with that message's words
// and photos filled in, as Telegram's "/report" sent in reply does.

// quote is message id of chat as a report's start; false if the chat no
// longer holds it.
func (h *history) quote(chat, id string) (*talk.Quote, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, e := range h.chats[chat] {
		if e.ID == id {
			return &talk.Quote{Text: e.Text, Photos: append([]string(nil), e.Photos...)}, true
		}
	}
	return nil, false
}

// reportFrom makes in the "report" command made from message id of the
// group it was sent in; false if it is not there to be quoted.
func (c *Chat) reportFrom(in *talk.Input, id string) bool {
	q, ok := c.history.quote(in.Chat, id)
	if !ok {
		return false
	}
	in.Kind, in.Command, in.Text, in.Quote = talk.KindCommand, "report", "", q
	return true
}
