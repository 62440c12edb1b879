package telegram

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/repairdesk/repairdesk/bots/internal/pace"
	"github.com/repairdesk/repairdesk/bots/internal/photo"
	"github.com/repairdesk/repairdesk/talk"
)

// patience is how long a send may keep trying. An answer to a person waits
// out Telegram's retry_after, within reason; the dispatcher, which has its
// own backoff and many notices to deliver, is handed a RateLimited error
// instead of a long sleep.
type patience struct {
	maxWait  time.Duration // the longest retry_after to wait out
	attempts int
}

var (
	forAnswers = patience{maxWait: time.Minute, attempts: 4}
	forNotices = patience{maxWait: 10 * time.Second, attempts: 3}
)

// call makes one Bot API call for chat: paced by the limiter, repeated
// after a 429 or a failure of Telegram or the network, a bounded number of
// times. fn gets the chat's current id, which changes when a group becomes
// a supergroup.
func (b *Bot) call(ctx context.Context, chat chatID, p patience, fn func(ctx context.Context, chat any) error) error {
	for attempt := 1; ; attempt++ {
		chat = b.current(chat)
		// Calls about no chat (getFile) are not paced.
		if !chat.zero() {
			if d := b.limits.Delay(chat.key(), b.rate(chat)); d > p.maxWait {
				// Still held back after a 429: no use queueing up.
				return &talk.RateLimited{Wait: d, Err: errHeldBack}
			}
			if err := b.limits.Wait(ctx, chat.key(), b.rate(chat)); err != nil {
				return err
			}
		}
		err := fn(ctx, chat.param())
		if err == nil {
			return nil
		}
		var tooMany *tg.TooManyRequestsError
		var moved *tg.MigrateError
		switch {
		case ctx.Err() != nil:
			return err
		case errors.As(err, &tooMany):
			wait := max(time.Duration(tooMany.RetryAfter)*time.Second, time.Second)
			if !chat.zero() {
				b.limits.Pause(chat.key(), b.rate(chat), wait)
			}
			if wait > p.maxWait || attempt >= p.attempts {
				return &talk.RateLimited{Wait: wait, Err: err}
			}
			b.log.Info("telegram: rate limited, waiting", "chat", chat.key(), "retry_after", wait)
			if !pace.Sleep(ctx, wait) {
				return err
			}
		case errors.As(err, &moved) && moved.MigrateToChatID != 0 && attempt < p.attempts:
			b.migrate(chat, int64(moved.MigrateToChatID))
		case transient(err) && attempt < p.attempts:
			if !pace.Sleep(ctx, time.Duration(attempt)*500*time.Millisecond) {
				return err
			}
		default:
			return err
		}
	}
}

// rate is the pace Telegram allows chat: groups are slower than people.
func (b *Bot) rate(chat chatID) pace.Rate {
	if chat.group() {
		return b.cfg.Limits.Group.pace()
	}
	return b.cfg.Limits.Chat.pace()
}

// errHeldBack is a send not tried because Telegram asked the bot to wait.
var errHeldBack = errors.New("telegram: the chat is held back after a 429")

// transient reports whether an error may pass by itself: Telegram's own
// failures (5xx) and the network's. Errors Telegram explains (400, 401,
// 403, 404, 409) would only repeat.
func transient(err error) bool {
	for _, permanent := range []error{tg.ErrorBadRequest, tg.ErrorForbidden, tg.ErrorUnauthorized, tg.ErrorNotFound, tg.ErrorConflict} {
		if errors.Is(err, permanent) {
			return false
		}
	}
	return !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

// current follows a group's move to a supergroup.
func (b *Bot) current(c chatID) chatID {
	b.mu.Lock()
	defer b.mu.Unlock()
	if to, ok := b.migrated[c.id]; ok && c.name == "" {
		return chatID{id: to}
	}
	return c
}

func (b *Bot) migrate(from chatID, to int64) {
	b.log.Warn("telegram: group became a supergroup; update the configured chat id", "old", from.key(), "new", to)
	b.mu.Lock()
	b.migrated[from.id] = to
	b.mu.Unlock()
}

// undeliverable marks errors that will never pass for this chat or
// message, so the dispatcher drops the notice instead of retrying it for
// ever: the bot was blocked or removed (403), the chat or message is gone
// or the request is wrong (400).
func undeliverable(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, tg.ErrorForbidden) || errors.Is(err, tg.ErrorBadRequest) {
		return fmt.Errorf("%w: %w", talk.ErrUndeliverable, err)
	}
	return err
}

// blocked reports whether Telegram refused to let the bot write to a
// person: they never started it, or blocked it.
func blocked(err error) bool { return errors.Is(err, tg.ErrorForbidden) }

// notModified is Telegram's answer to an edit that changes nothing: the
// message already says what the desk wants it to say.
func notModified(err error) bool {
	return errors.Is(err, tg.ErrorBadRequest) && strings.Contains(err.Error(), "message is not modified")
}

// noText is Telegram's answer to editing the text of a photo.
func noText(err error) bool {
	return errors.Is(err, tg.ErrorBadRequest) && strings.Contains(err.Error(), "no text in the message")
}

// Send delivers a notice to a chat, or to the private chat of an account,
// and returns the ID of the message to edit later (the one with the
// buttons). A chat that cannot be written to is ErrUndeliverable; a long
// retry_after is a *talk.RateLimited.
func (b *Bot) Send(ctx context.Context, to talk.Target, msg talk.Message) (string, error) {
	where := to.Chat
	if where == "" {
		where = to.Account
	}
	if !strings.HasPrefix(where, platformPrefix) {
		return "", fmt.Errorf("telegram cannot send to %q: %w", where, talk.ErrUndeliverable)
	}
	chat, err := parseChat(where)
	if err != nil {
		return "", fmt.Errorf("%w: %w", talk.ErrUndeliverable, err)
	}
	var reply *models.ReplyParameters
	if to.ReplyTo != "" {
		if n, err := strconv.Atoi(to.ReplyTo); err == nil {
			reply = replyTo(n)
		}
	}
	// A notice whose photos went out before its text failed is sent again
	// whole: send only what is missing.
	sentKey := photo.SentKey(chat.key(), msg.Text, msg.Photos)
	if b.photosSent.Has(sentKey) {
		msg.Photos = nil
	}
	id, err := b.postReply(ctx, chat, reply, msg, forNotices)
	switch {
	case err == nil:
		b.photosSent.Forget(sentKey)
	case id != "" && len(msg.Photos) > 0:
		// post names a message only once the photos are in the chat.
		b.photosSent.Add(sentKey)
	}
	if err != nil {
		return id, fmt.Errorf("telegram send to %s: %w", chat, undeliverable(err))
	}
	return id, nil
}

// Edit replaces the text and buttons of an earlier message. A message that
// is gone or cannot be edited is ErrUndeliverable.
func (b *Bot) Edit(ctx context.Context, chat, messageID string, msg talk.Message) error {
	c, err := parseChat(chat)
	if err != nil {
		return fmt.Errorf("%w: %w", talk.ErrUndeliverable, err)
	}
	id, err := strconv.Atoi(messageID)
	if err != nil {
		return fmt.Errorf("telegram message id %q: %w", messageID, talk.ErrUndeliverable)
	}
	if err := b.edit(ctx, c, id, msg, forNotices); err != nil {
		return fmt.Errorf("telegram edit %s in %s: %w", messageID, c, undeliverable(err))
	}
	return nil
}
