package telegram

import (
	"context"
	"strconv"
	"strings"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/repairdesk/repairdesk/bots/internal/units"
	"github.com/repairdesk/repairdesk/talk"
)

// Telegram's lengths, counted in UTF-16 code units.
const (
	maxText    = 4096
	maxCaption = 1024
	maxToast   = 200
)

// post sends msg to chat as one or more Bot API messages and returns the
// ID of the one to edit later: the one with the buttons, else the last.
//
// Photos go first. They carry the text as a caption only when there are
// no buttons and the text fits: a message with buttons is edited later
// ("claimed by …"), and a text message can always be edited to any text
// up to 4096, a caption only to 1024. Long text is split at line breaks;
// the buttons go with the last part.
func (b *Bot) post(ctx context.Context, chat chatID, msg talk.Message, p patience) (string, error) {
	return b.postReply(ctx, chat, nil, msg, p)
}

// replyTo is a reply to message id of the same chat, sent even if that
// message has been deleted meanwhile: the ticket's post is the group's to
// delete, and a notice must not fail for it.
func replyTo(id int) *models.ReplyParameters {
	return &models.ReplyParameters{MessageID: id, AllowSendingWithoutReply: true}
}

// postReply is post with every message sent as a reply (reply_parameters),
// nil for none: the ticket's post in a group, so that the group reads as
// one thread per ticket.
func (b *Bot) postReply(ctx context.Context, chat chatID, reply *models.ReplyParameters, msg talk.Message, p patience) (string, error) {
	rows := msg.Rows
	var markup, extra models.ReplyMarkup
	if msg.AskContact && !chat.group() {
		// Only a reply keyboard can ask for the phone, and a message has
		// one keyboard: other buttons follow in a message of their own.
		label, rest := contactRows(msg)
		markup = contactKeyboard(label)
		extra = b.inline(chat, rest)
		b.setContactKeyboard(chat, true)
	} else {
		if msg.AskContact {
			// No reply keyboards in groups: the number can be typed.
			_, rows = contactRows(msg)
		}
		markup = b.inline(chat, rows)
		if markup == nil && b.setContactKeyboard(chat, false) {
			markup = &removeKeyboard{Remove: true}
		}
	}
	text := strings.TrimSpace(msg.Text)
	id := ""
	if len(msg.Photos) > 0 {
		caption := ""
		var photoMarkup models.ReplyMarkup
		_, inlineButtons := markup.(*inlineKeyboard)
		switch {
		case markup == nil && extra == nil && units.Len(text) <= maxCaption:
			caption, text = text, ""
		case len(msg.Photos) == 1 && inlineButtons && extra == nil && units.Len(text) <= maxCaption:
			// One photo carries the text and the buttons: the ticket is
			// one post (its edits change the caption), not a bare photo
			// above a message with the words.
			caption, text, photoMarkup, markup = text, "", markup, nil
		}
		var err error
		if id, err = b.sendPhotos(ctx, chat, reply, msg.Photos, caption, photoMarkup, p); err != nil {
			return "", err
		}
		if id == "" && photoMarkup != nil {
			// The photo is gone from the store: the words and buttons
			// go as a message of their own.
			text, markup = caption, photoMarkup
		}
	}
	if text == "" && markup != nil {
		// Buttons need a message to sit on.
		text = say("", "more_buttons")
	}
	parts := units.Split(text, maxText, units.Of)
	for i, part := range parts {
		params := &tg.SendMessageParams{Text: part, ReplyParameters: reply}
		if i == len(parts)-1 {
			params.ReplyMarkup = markup
		}
		sent, err := b.sendText(ctx, chat, params, p)
		if err != nil {
			return id, err
		}
		id = sent
	}
	if extra != nil {
		sent, err := b.sendText(ctx, chat, &tg.SendMessageParams{Text: say("", "more_buttons"), ReplyMarkup: extra, ReplyParameters: reply}, p)
		if err != nil {
			return id, err
		}
		id = sent
	}
	if msg.File != nil {
		if _, err := b.sendFile(ctx, chat, msg.File, p); err != nil {
			return id, err
		}
	}
	return id, nil
}

func (b *Bot) sendText(ctx context.Context, chat chatID, params *tg.SendMessageParams, p patience) (string, error) {
	var sent *models.Message
	err := b.call(ctx, chat, p, func(ctx context.Context, c any) error {
		params.ChatID = c
		var err error
		sent, err = b.api.SendMessage(ctx, params)
		return err
	})
	if err != nil {
		return "", err
	}
	return strconv.Itoa(sent.ID), nil
}

// edit replaces the text and buttons of message id. A photo's caption is
// edited instead of its text.
func (b *Bot) edit(ctx context.Context, chat chatID, id int, msg talk.Message, p patience) error {
	rows := msg.Rows
	if msg.AskContact {
		// An edit cannot add a reply keyboard: the number can be typed.
		_, rows = contactRows(msg)
	}
	markup := b.inline(chat, rows)
	text := units.Clip(strings.TrimSpace(msg.Text), maxText)
	if text == "" {
		text = say("", "more_buttons")
	}
	err := b.call(ctx, chat, p, func(ctx context.Context, c any) error {
		_, err := b.api.EditMessageText(ctx, &tg.EditMessageTextParams{ChatID: c, MessageID: id, Text: text, ReplyMarkup: markup})
		return err
	})
	if noText(err) {
		err = b.call(ctx, chat, p, func(ctx context.Context, c any) error {
			_, err := b.api.EditMessageCaption(ctx, &tg.EditMessageCaptionParams{ChatID: c, MessageID: id,
				Caption: units.Clip(text, maxCaption), ReplyMarkup: markup})
			return err
		})
	}
	if notModified(err) {
		return nil
	}
	return err
}

// inline renders rows, logging the buttons Telegram would refuse.
func (b *Bot) inline(chat chatID, rows []talk.Row) models.ReplyMarkup {
	return inline(rows, func(btn talk.Button) {
		if btn.Token != "" {
			b.log.Error("telegram: button left out", "chat", chat.key(), "label", btn.Label, "token_bytes", len(btn.Token))
		}
	})
}

// setContactKeyboard records whether chat shows the share-my-phone
// keyboard, and reports whether it did before.
func (b *Bot) setContactKeyboard(chat chatID, shown bool) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	was := b.contactKeyboard[chat.key()]
	if shown {
		b.contactKeyboard[chat.key()] = true
	} else {
		delete(b.contactKeyboard, chat.key())
	}
	return was
}
