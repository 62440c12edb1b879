package slack

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/slack-go/slack"

	"github.com/repairdesk/repairdesk/bots/internal/photo"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// Threads and reports from any message. A reply in the thread of one of
// the desk's posts in its channels is staff speaking to a ticket's
// requester; the "Report as a fault" message shortcut, or a 🎫 reaction,
// turns a message anyone wrote into a report.

// shortcutCallback is the callback_id of the message shortcut in the
// app's manifest (README).
const shortcutCallback = "report_message"

// ticketReaction is the emoji (🎫, :ticket:) that asks the desk to turn a
// message into a report for its author.
const ticketReaction = "ticket"

// threadReply reports whether a channel message is a reply in a thread
// of one of the desk's group channels, or in the thread of one of the
// desk's own posts anywhere (a queue's channel, which an admin sets while
// the desk runs).
func (b *Bot) threadReply(in *inner) bool {
	if in.ThreadTS == "" || in.ThreadTS == in.TS || in.Channel == "" {
		return false
	}
	own := in.ParentUserID != "" && in.ParentUserID == b.botUser()
	return own || in.Channel == b.cfg.DispatchChannel || in.Channel == b.cfg.SupervisorChannel
}

// readReaction reads a 🎫 on a message: a report for the message's
// author, in their DM, from what it says. The message itself is read
// when the event is handled (fillQuote), not while Slack waits for the
// acknowledgement. Other reactions, and one on the desk's own message,
// are nothing to the desk.
func (b *Bot) readReaction(team string, in *inner, ev *event) *event {
	if in.Reaction != ticketReaction || in.Item.Type != "message" || in.Item.Channel == "" ||
		in.ItemUser == "" || in.ItemUser == b.botUser() {
		return nil
	}
	// The report is the author's: their lane, their DM.
	ev.user, ev.lane = in.ItemUser, laneOf(team, in.ItemUser)
	ev.channel = ""
	ev.kind, ev.command = talk.KindCommand, "report"
	ev.quoteAt = &messageRef{channel: in.Item.Channel, ts: in.Item.TS}
	return ev
}

// messageRef names a message in a channel.
type messageRef struct{ channel, ts string }

// pair is r as the store keeps it, nil for none.
func (r *messageRef) pair() []string {
	if r == nil {
		return nil
	}
	return []string{r.channel, r.ts}
}

// readShortcut reads the "Report as a fault" message shortcut: the
// report form for the person who chose it, with the message's words
// filled in and its pictures to go with the report.
func (b *Bot) readShortcut(ic *slack.InteractionCallback) *event {
	if ic.CallbackID != shortcutCallback || ic.User.ID == "" || ic.User.IsBot {
		return nil
	}
	team := ic.User.TeamID
	if team == "" {
		team = ic.Team.ID
	}
	ev := &event{team: team, user: ic.User.ID, kind: talk.KindCommand, command: "form",
		trigger: ic.TriggerID, lane: laneOf(team, ic.User.ID)}
	if ic.TriggerID != "" {
		ev.once = "slack:trigger:" + ic.TriggerID
	}
	ev.quote = &talk.Quote{Text: plain(ic.Message.Text)}
	ev.quoteFiles = pictures(ic.Message.Files)
	return ev
}

// pictures are the files of a message the desk can keep with a report.
func pictures(files []slack.File) []slack.File {
	var out []slack.File
	for _, f := range files {
		if !f.IsExternal && strings.HasPrefix(f.Mimetype, "image/") {
			out = append(out, f)
		}
	}
	return out
}

// fillQuote reads the message a 🎫 was put on (conversations.history)
// into the report it starts. One Slack will not show any more is
// reported from nothing: the dialogue asks for every field.
func (b *Bot) fillQuote(ctx context.Context, ev *event) {
	ref := ev.quoteAt
	if ref == nil {
		return
	}
	ev.quote = &talk.Quote{}
	var found *slack.Message
	err := b.call(ctx, "", forAnswers, func(ctx context.Context) error {
		res, err := b.api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{
			ChannelID: ref.channel, Latest: ref.ts, Inclusive: true, Limit: 1})
		if err == nil && len(res.Messages) > 0 && res.Messages[0].Timestamp == ref.ts {
			found = &res.Messages[0]
		}
		return err
	})
	if err != nil || found == nil {
		b.log.Warn("slack: the message to report was not read", "channel", ref.channel, "err", err)
		return
	}
	ev.quote.Text = plain(found.Text)
	ev.quote.Photos = b.fetchQuoted(ctx, pictures(found.Files))
}

// fetchQuoted keeps the pictures of a quoted message in the photo store,
// for the report. A picture that cannot be had is left out: the report
// goes on with the words.
func (b *Bot) fetchQuoted(ctx context.Context, files []slack.File) []string {
	var ids []string
	for _, f := range files {
		id, err := b.fetch(ctx, f)
		if err != nil {
			if !errors.Is(err, photo.ErrTooBig) {
				b.log.Warn("slack: picture of the reported message not taken", "file", f.ID, "err", err)
			}
			continue
		}
		ids = append(ids, id)
	}
	return ids
}

// formFiles is what the report form carries in its private_metadata
// beside its language: the pictures of the message it was opened from,
// fetched once the report is filed rather than while Slack waits for the
// form to open.
type formFiles struct {
	Lang  string        `json:"lang"`
	Files []formPicture `json:"files,omitempty"`
}

type formPicture struct {
	ID   string `json:"id"`
	URL  string `json:"url"`
	Size int    `json:"size"`
	Mime string `json:"mime"`
}

// formMetadata writes the form's private_metadata: its language alone,
// as forms have always carried, or with the pictures as JSON.
func formMetadata(lang string, files []slack.File) string {
	if len(files) == 0 {
		return lang
	}
	m := formFiles{Lang: lang}
	for _, f := range files {
		url := f.URLPrivateDownload
		if url == "" {
			url = f.URLPrivate
		}
		m.Files = append(m.Files, formPicture{ID: f.ID, URL: url, Size: f.Size, Mime: f.Mimetype})
	}
	data, _ := json.Marshal(m)
	return string(data)
}

// readFormMetadata reads formMetadata.
func readFormMetadata(s string) (string, []slack.File) {
	var m formFiles
	if !strings.HasPrefix(s, "{") || json.Unmarshal([]byte(s), &m) != nil {
		return s, nil
	}
	var files []slack.File
	for _, f := range m.Files {
		files = append(files, slack.File{ID: f.ID, URLPrivateDownload: f.URL, Size: f.Size, Mimetype: f.Mime})
	}
	return m.Lang, files
}

// prefill fills the report form from the message it was opened from:
// its title and description, and the pictures to fetch when it is filed.
func prefill(view *slack.ModalViewRequest, lang string, q *talk.Quote, files []slack.File) {
	title, description := desk.FromMessage(q.Text)
	for _, blk := range view.Blocks.BlockSet {
		in, ok := blk.(*slack.InputBlock)
		if !ok {
			continue
		}
		el, ok := in.Element.(*slack.PlainTextInputBlockElement)
		if !ok {
			continue
		}
		switch in.BlockID {
		case fieldTitle:
			el.InitialValue = title
		case fieldDescription:
			el.InitialValue = description
		}
	}
	view.PrivateMetadata = formMetadata(lang, files)
}
