package telegram

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/repairdesk/repairdesk/bots/internal/edge"
	"github.com/repairdesk/repairdesk/bots/internal/pace"
	"github.com/repairdesk/repairdesk/bots/internal/photo"
	"github.com/repairdesk/repairdesk/bots/internal/units"
	"github.com/repairdesk/repairdesk/talk"
)

// handleTimeout bounds one update: the desk's turn and the answer's
// sends, including waits Telegram asks for.
const handleTimeout = 3 * time.Minute

// handle answers one update. One that arrived again after it was
// handled is caught before (edge.Inbox); one handed over again after a
// crash carries its key to the desk, which acts on it once.
//
// It returns an error when the answer did not get through and Telegram
// may take it later (it failed, or asked to wait): the inbox then hands
// the update over again, and the desk answers it again without acting
// twice.
func (b *Bot) handle(ctx context.Context, u *models.Update) (unanswered error) {
	ctx, cancel := context.WithTimeout(ctx, handleTimeout)
	defer cancel()
	// The person is waiting for this answer: under Telegram's overall
	// limit it goes ahead of the dispatcher's broadcasts.
	ctx = pace.Reply(ctx, time.Now())
	var ev *event
	defer func() {
		if edge.Caught(recover(), b.log, "telegram: panic while handling an update", "update", u.ID) && ev != nil {
			b.tell(ctx, ev, say(ev.lang(), "failed"))
		}
	}()
	ev, ok := read(u, b.username())
	if !ok {
		if q := u.CallbackQuery; q != nil {
			b.answer(ctx, &event{callback: q.ID}, "")
		}
		return nil
	}
	ev.in.Key = updateKey(u.ID)
	b.fetchQuote(ctx, ev)
	return b.serve(ctx, ev)
}

// serve gets the desk's answer to ev and delivers it.
func (b *Bot) serve(ctx context.Context, ev *event) error {
	if ev.reply != "" {
		resp := note(say(ev.lang(), ev.reply))
		if ev.reply == "own_contact" {
			// Offer the share button again, as the desk asks for it.
			resp.Messages[0].AskContact = true
			resp.Messages[0].Rows = []talk.Row{{Buttons: []talk.Button{{Label: say(ev.lang(), "share_phone")}}}}
		}
		return b.respond(ctx, ev, resp)
	}
	if ev.photo != "" {
		id, err := b.fetch(ctx, ev.photo)
		if err != nil {
			key := "photo_failed"
			if errors.Is(err, photo.ErrTooBig) {
				key = "photo_too_big"
			} else {
				b.log.Warn("telegram: photo not taken", "account", ev.in.Account, "err", err)
			}
			return b.respond(ctx, ev, note(say(ev.lang(), key)))
		}
		ev.in.Photo = id
	}
	if name := b.username(); name != "" {
		ev.in.StartLink = "https://t.me/" + name + "?start=" // a room code's link
	}
	resp, err := b.engine.Handle(ctx, ev.in)
	if err != nil {
		b.log.Error("telegram: the desk failed to answer", "update", ev.update, "account", ev.in.Account, "err", err)
		if len(resp.Messages) == 0 {
			resp = note(say(ev.lang(), "failed"))
		}
	}
	if err := b.respond(ctx, ev, resp); err != nil {
		return err
	}
	b.staffMenu(ctx, ev)
	b.deliverHeld(ctx, ev)
	return nil
}

// note is an answer of one short text, also shown as the toast of a
// pressed button.
func note(text string) talk.Response {
	return talk.Response{Toast: text, Messages: []talk.Message{{Text: text}}}
}

// tell says text to the person after a failure, never panicking again.
func (b *Bot) tell(ctx context.Context, ev *event, text string) {
	defer func() { edge.Caught(recover(), b.log, "telegram: panic while reporting a failure") }()
	if err := b.respond(ctx, ev, note(text)); err != nil {
		b.log.Warn("telegram: failure not reported", "account", ev.in.Account, "err", err)
	}
}

// respond delivers the desk's answer in the person's private chat. A
// button pressed in private may have its message replaced (Edit); one
// pressed in a group never does, since that message is the group's.
//
// It returns an error when the messages did not all get through for a
// reason that may pass (see handle).
func (b *Bot) respond(ctx context.Context, ev *event, resp talk.Response) error {
	editID := 0
	if !ev.in.Group && ev.in.MessageID != "" {
		editID, _ = strconv.Atoi(ev.in.MessageID)
	}
	if !ev.in.Group {
		// Stop the button's spinner before the answer's messages.
		b.answer(ctx, ev, resp.Toast)
	}
	var err error
	if ev.in.Group {
		err = b.answerFromGroup(ctx, ev, resp.Messages)
	} else {
		err = b.deliverAnswer(ctx, ev, resp.Messages, editID)
	}
	if !ev.in.Group {
		if err != nil && !blocked(err) {
			b.log.Error("telegram: answer not delivered", "account", ev.in.Account, "err", err)
			return passing(err)
		}
		return nil
	}
	toast, link := resp.Toast, ""
	switch {
	case blocked(err):
		// The person never opened a private chat with the bot (or
		// blocked it): Telegram will not let it write first. A pressed
		// button can open that chat for them. The toast still says what
		// the press did ("You claimed #1001"), and the answer waits for
		// them to start the chat.
		toast = b.openPrivate(ev.lang())
		if resp.Toast != "" {
			toast = units.Clip(resp.Toast+"\n"+toast, maxToast)
		}
		b.holdForStart(ctx, ev, resp.Messages)
		if ev.callback == "" {
			b.hint(ctx, ev, toast)
		} else if name := b.username(); name != "" {
			link = "https://t.me/" + name + "?start=" + startFromGroup
		}
	case err != nil:
		b.log.Error("telegram: answer not delivered", "account", ev.in.Account, "err", err)
	case toast == "" && len(resp.Messages) > 0:
		toast = say(ev.lang(), "sent_private")
	}
	b.answerLink(ctx, ev, toast, link)
	if blocked(err) {
		return nil
	}
	return passing(err)
}

// passing returns err if it may pass (Telegram failed or asked to wait),
// nil if trying again cannot help (the chat is gone, the request is
// wrong).
func passing(err error) error {
	if err == nil || errors.Is(err, talk.ErrUndeliverable) || errors.Is(err, tg.ErrorBadRequest) ||
		errors.Is(err, tg.ErrorForbidden) || errors.Is(err, tg.ErrorNotFound) || errors.Is(err, tg.ErrorUnauthorized) {
		return nil
	}
	return err
}

// deliverAnswer delivers an answer's messages, and the file a message
// carries after its words, skipping the steps an earlier try of the same
// update got through (edge.Progress).
func (b *Bot) deliverAnswer(ctx context.Context, ev *event, msgs []talk.Message, editID int) error {
	return b.progress.Deliver(ev.in.Key, msgs, func(m talk.Message, edit bool) error {
		id := 0
		if edit {
			id = editID
		}
		return b.deliver(ctx, ev.private(), []talk.Message{m}, id)
	}, func(f *talk.File) error {
		_, err := b.sendFile(ctx, ev.private(), f, forAnswers)
		return err
	})
}

// startFromGroup is the /start payload of the link that opens a private
// chat from a group; the desk takes it as a plain /start.
const startFromGroup = "group"

// hint says in the group what a person there must do, for a command that
// has no button to answer with a toast.
func (b *Bot) hint(ctx context.Context, ev *event, text string) {
	if _, err := b.post(ctx, ev.chat, talk.Message{Text: text}, forAnswers); err != nil {
		b.log.Warn("telegram: hint not posted in the group", "chat", ev.chat.key(), "err", err)
	}
}

// deliver sends msgs in order to chat. The first message marked Edit
// replaces message editID instead, or is sent anew when Telegram will not
// edit it (too old, deleted, or already showing it).
func (b *Bot) deliver(ctx context.Context, chat chatID, msgs []talk.Message, editID int) error {
	for _, m := range msgs {
		if m.Edit && editID != 0 && len(m.Photos) == 0 && !m.AskContact {
			id := editID
			editID = 0
			err := b.edit(ctx, chat, id, m, forAnswers)
			if err == nil {
				continue
			}
			if !errors.Is(err, tg.ErrorBadRequest) {
				return err
			}
			if strings.Contains(err.Error(), "message is not modified") {
				// It shows this answer already: given again after a
				// crash.
				continue
			}
			b.log.Debug("telegram: message not edited, sending anew", "chat", chat.key(), "message", id, "err", err)
		}
		if _, err := b.post(ctx, chat, m, forAnswers); err != nil {
			return err
		}
	}
	return nil
}

// answer answers a callback query once, with an optional toast. Telegram
// shows a spinner on the button until it is answered.
func (b *Bot) answer(ctx context.Context, ev *event, toast string) { b.answerLink(ctx, ev, toast, "") }

// answerLink answers a callback query with a toast and a t.me link, which
// Telegram opens: the bot's private chat.
func (b *Bot) answerLink(ctx context.Context, ev *event, toast, link string) {
	if ev.callback == "" || ev.answered {
		return
	}
	ev.answered = true
	_, err := b.api.AnswerCallbackQuery(ctx, &tg.AnswerCallbackQueryParams{CallbackQueryID: ev.callback,
		Text: units.Clip(toast, maxToast), URL: link})
	if err != nil {
		// Mostly a query older than Telegram keeps: nothing to do.
		b.log.Debug("telegram: callback not answered", "err", err)
	}
}
