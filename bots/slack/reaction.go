package slack

import (
	"strings"

	"github.com/repairdesk/repairdesk/talk"
)

// Emoji actions on the dispatch channel's posts, as Slack-native desks
// have them: 👀 claims the ticket for whoever put it, ✅ opens the
// completion dialogue for its technician (in their DM: a reaction brings
// no trigger_id to open a modal with), 🚨 asks a supervisor to make it
// urgent. Each does what the button of the same action does, with the
// same checks; someone the desk refuses is told in a message only they
// see (chat.postEphemeral), and the ticket is left as it was.

// postReactions maps the emoji names Slack sends (reaction_added's
// reaction) to what they ask of the desk.
var postReactions = map[string]string{
	"eyes":             talk.ReactClaim,
	"white_check_mark": talk.ReactComplete,
	"rotating_light":   talk.ReactUrgent,
}

// readPostReaction reads a reaction on one of the desk's posts in the
// dispatch channel; nil for any other reaction (🎫 is readReaction's).
// Which ticket the post is, and whether it is a dispatch post at all, is
// the desk's to find when the event is handled.
func (b *Bot) readPostReaction(in *inner, ev *event) *event {
	name, _, _ := strings.Cut(in.Reaction, "::") // "eyes::skin-tone-2"
	what, ok := postReactions[name]
	if !ok || in.Item.Type != "message" || in.Item.TS == "" || in.Item.Channel == "" ||
		in.Item.Channel != b.cfg.DispatchChannel {
		return nil
	}
	if in.ItemUser != "" && in.ItemUser != b.botUser() {
		return nil // on someone's message: people talking
	}
	ev.channel, ev.thread = in.Item.Channel, in.Item.TS
	ev.kind, ev.text = talk.KindReaction, what
	return ev
}
