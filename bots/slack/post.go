package slack

import (
	"context"
	"strings"

	"github.com/repairdesk/repairdesk/talk"
	"github.com/slack-go/slack"
)

// post sends msg to channel and returns the ts of the message to edit
// later: the last one, which holds the buttons. Photos go first, as file
// shares in the channel: image blocks would need public URLs, and the
// desk's photos are not public.
func (b *Bot) post(ctx context.Context, channel string, msg talk.Message, p patience) (string, error) {
	return b.postIn(ctx, channel, "", msg, p)
}

// postIn is post into the thread of message thread ("" for none): the
// photos and every page of the text go there.
func (b *Bot) postIn(ctx context.Context, channel, thread string, msg talk.Message, p patience) (string, error) {
	if len(msg.Photos) > 0 {
		if err := b.sendPhotos(ctx, channel, thread, msg.Photos, p); err != nil {
			return "", err
		}
	}
	if strings.TrimSpace(msg.Text) == "" && !hasButtons(msg) {
		return "", nil
	}
	ts := ""
	for _, pg := range render(msg) {
		err := b.call(ctx, channel, p, func(ctx context.Context) error {
			opts := pg.options()
			if thread != "" {
				opts = append(opts, slack.MsgOptionTS(thread))
			}
			_, sent, err := b.api.PostMessageContext(ctx, channel, opts...)
			if err == nil {
				ts = sent
			}
			return err
		})
		if err != nil {
			return ts, err
		}
	}
	return ts, nil
}

// update replaces the text and buttons of message ts. An edit cannot add
// photos; the desk sends a message with photos anew.
func (b *Bot) update(ctx context.Context, channel, ts string, msg talk.Message, p patience) error {
	pg := renderOne(msg)
	return b.call(ctx, channel, p, func(ctx context.Context) error {
		_, _, _, err := b.api.UpdateMessageContext(ctx, channel, ts, pg.options()...)
		return err
	})
}

// options are a page as chat.postMessage and chat.update take it. The
// blocks are always sent, even none, so that an update clears the
// buttons of the message it replaces.
func (pg page) options() []slack.MsgOption {
	return []slack.MsgOption{
		slack.MsgOptionText(pg.fallback, true),
		slack.MsgOptionBlocks(pg.blocks...),
	}
}

func hasButtons(msg talk.Message) bool {
	for _, r := range msg.Rows {
		for _, btn := range r.Buttons {
			if btn.Token != "" {
				return true
			}
		}
	}
	return false
}
