package telegram

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/repairdesk/repairdesk/bots/internal/photo"
	"github.com/repairdesk/repairdesk/talk"
)

// Threads and reports from any message. In a group the desk's notices
// about a ticket reply to its post, so a reply to one of them is staff
// speaking to the ticket's requester; "/report" sent in reply to anyone's
// message turns that message into a report.

// readGroupReply reads text or a photo in a group that replies to one of
// the bot's own messages, and reports false for anything else said
// there: people talking to each other. Telegram sends bots replies to
// their messages even in privacy mode.
func readGroupReply(ev *event, m *models.Message, botName string) bool {
	r := m.ReplyToMessage
	if r == nil || r.From == nil || !r.From.IsBot || (botName != "" && !strings.EqualFold(r.From.Username, botName)) {
		return false
	}
	in := &ev.in
	switch {
	case len(m.Photo) > 0:
		in.Kind, in.Text = talk.KindPhoto, m.Caption
		ev.photo = largestPhoto(m.Photo)
	case m.Text != "":
		in.Kind, in.Text = talk.KindText, m.Text
	default:
		return false
	}
	in.ReplyTo = strconv.Itoa(r.ID)
	return true
}

// readQuote takes the message a /report replies to as the report's
// start: its text or caption, and its photo, fetched before the desk
// hears of it (fetchQuote).
func readQuote(ev *event, m *models.Message) {
	r := m.ReplyToMessage
	if r == nil || ev.in.Command != "report" {
		return
	}
	text := r.Text
	if text == "" {
		text = r.Caption
	}
	ev.in.Quote = &talk.Quote{Text: text}
	if len(r.Photo) > 0 {
		ev.quotePhoto = largestPhoto(r.Photo)
	}
}

// fetchQuote keeps the photo of a quoted message in the photo store. A
// photo that cannot be had is left out: the report goes on with the words.
func (b *Bot) fetchQuote(ctx context.Context, ev *event) {
	if ev.quotePhoto == "" || ev.in.Quote == nil {
		return
	}
	id, err := b.fetch(ctx, ev.quotePhoto)
	if err != nil {
		if !errors.Is(err, photo.ErrTooBig) {
			b.log.Warn("telegram: photo of the reported message not taken", "account", ev.in.Account, "err", err)
		}
		return
	}
	ev.in.Quote.Photos = []string{id}
}
