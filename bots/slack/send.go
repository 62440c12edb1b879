package slack

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/slack-go/slack"

	"github.com/repairdesk/repairdesk/bots/internal/pace"
	"github.com/repairdesk/repairdesk/bots/internal/photo"
	"github.com/repairdesk/repairdesk/talk"
)

// patience is how long a call may keep trying. An answer to a person
// waits out Slack's Retry-After, within reason; the dispatcher, which has
// its own backoff and many notices to deliver, is handed a
// *talk.RateLimited instead of a long sleep.
type patience struct {
	maxWait  time.Duration // the longest Retry-After to wait out
	attempts int
}

var (
	forAnswers = patience{maxWait: time.Minute, attempts: 4}
	forNotices = patience{maxWait: 10 * time.Second, attempts: 3}
)

// call makes one Web API call about channel: paced by the limiter when
// it writes to a channel, repeated after a 429 or a failure of Slack or
// the network, a bounded number of times.
func (b *Bot) call(ctx context.Context, channel string, p patience, fn func(ctx context.Context) error) error {
	for attempt := 1; ; attempt++ {
		if channel != "" {
			if err := b.limits.Wait(ctx, channel, b.cfg.Pace.rate()); err != nil {
				return err
			}
		}
		err := fn(ctx)
		if err == nil {
			return nil
		}
		var limited *slack.RateLimitedError
		switch {
		case ctx.Err() != nil:
			return err
		case errors.As(err, &limited):
			wait := max(limited.RetryAfter, time.Second)
			if channel != "" {
				b.limits.Pause(channel, b.cfg.Pace.rate(), wait)
			}
			if wait > p.maxWait || attempt >= p.attempts {
				return &talk.RateLimited{Wait: wait, Err: err}
			}
			b.log.Info("slack: rate limited, waiting", "channel", channel, "retry_after", wait)
			if !pace.Sleep(ctx, wait) {
				return err
			}
		case transient(err) && attempt < p.attempts:
			if !pace.Sleep(ctx, time.Duration(attempt)*500*time.Millisecond) {
				return err
			}
		default:
			return err
		}
	}
}

// transient reports whether an error may pass by itself: Slack's own
// failures (5xx, internal_error) and the network's. Errors Slack explains
// would only repeat.
func transient(err error) bool {
	var status slack.StatusCodeError
	if errors.As(err, &status) {
		return status.Code >= 500
	}
	var resp slack.SlackErrorResponse
	if errors.As(err, &resp) {
		switch resp.Err {
		case "internal_error", "fatal_error", "service_unavailable", "request_timeout":
			return true
		}
		return false
	}
	var netErr net.Error
	return errors.As(err, &netErr) && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

// slackError is the error code Slack answered with, "" for other errors.
func slackError(err error) string {
	var resp slack.SlackErrorResponse
	if errors.As(err, &resp) {
		return resp.Err
	}
	return ""
}

// refused reports whether Slack refused the token itself.
func refused(err error) bool {
	switch slackError(err) {
	case "invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired":
		return true
	}
	return false
}

// goneErrors are Slack's answers that will never change for this channel,
// person or message: the dispatcher drops the notice for that target
// instead of retrying it for ever.
var goneErrors = map[string]bool{
	"channel_not_found": true, "not_in_channel": true, "is_archived": true,
	"user_not_found": true, "user_not_visible": true, "user_disabled": true, "cannot_dm_bot": true,
	"message_not_found": true, "cant_update_message": true, "edit_window_closed": true,
	"msg_too_long": true, "no_text": true, "invalid_blocks": true, "invalid_blocks_format": true,
	"restricted_action": true, "restricted_action_read_only_channel": true,
	"restricted_action_non_threadable_channel": true, "ekm_access_denied": true,
	"team_access_not_granted": true, "too_many_attachments": true,
}

// undeliverable marks errors that will never pass for this target.
func undeliverable(err error) error {
	if err == nil {
		return nil
	}
	if goneErrors[slackError(err)] {
		return fmt.Errorf("%w: %w", talk.ErrUndeliverable, err)
	}
	return err
}

// Send delivers a notice to a channel ("slack:<channel>"), or to the DM
// of an account ("slack:<team>/<user>"), and returns the ts of the
// message to edit later: the one with the buttons. A target that cannot
// be written to is ErrUndeliverable; a long Retry-After is a
// *talk.RateLimited.
func (b *Bot) Send(ctx context.Context, to talk.Target, msg talk.Message) (string, error) {
	var channel string
	switch {
	case to.Chat != "":
		c, ok := chatOf(to.Chat)
		if !ok {
			return "", fmt.Errorf("slack cannot send to %q: %w", to.Chat, talk.ErrUndeliverable)
		}
		channel = c
	default:
		user, ok := userOf(to.Account)
		if !ok {
			return "", fmt.Errorf("slack cannot send to %q: %w", to.Account, talk.ErrUndeliverable)
		}
		c, err := b.people.dm(ctx, user, forNotices)
		if err != nil {
			return "", fmt.Errorf("slack send to %s: %w", to.Account, undeliverable(err))
		}
		channel = c
	}
	// A notice whose photos went out before its text failed is sent again
	// whole: send only what is missing. The photos go first, as post
	// sends them, but here their success is known apart.
	sentKey := photo.SentKey(channel, msg.Text, msg.Photos)
	if len(msg.Photos) > 0 && !b.photosSent.Has(sentKey) {
		err := b.sendPhotos(ctx, channel, to.ReplyTo, msg.Photos, forNotices)
		if to.ReplyTo != "" && lostThread(err) {
			err = b.sendPhotos(ctx, channel, "", msg.Photos, forNotices)
		}
		if err != nil {
			return "", fmt.Errorf("slack send to %s: %w", channel, undeliverable(err))
		}
		b.photosSent.Add(sentKey)
	}
	msg.Photos = nil
	ts, err := b.postIn(ctx, channel, to.ReplyTo, msg, forNotices)
	if to.ReplyTo != "" && lostThread(err) {
		// The ticket's post is gone from the channel: say it on its own
		// rather than not at all.
		ts, err = b.post(ctx, channel, msg, forNotices)
	}
	if err != nil {
		return ts, fmt.Errorf("slack send to %s: %w", channel, undeliverable(err))
	}
	b.photosSent.Forget(sentKey)
	b.changed(to)
	return ts, nil
}

// lostThread reports whether Slack refused a reply because the message
// it answers no longer heads a thread there.
func lostThread(err error) bool {
	switch slackError(err) {
	case "thread_not_found", "invalid_thread_ts":
		return true
	}
	return false
}

// changed refreshes the Home tabs a notice to to may have made wrong: the
// person's own, or, for a shared channel, everyone's.
func (b *Bot) changed(to talk.Target) {
	if to.Chat != "" {
		b.homes.changedAll()
		return
	}
	if user, ok := userOf(to.Account); ok {
		b.homes.changed(user)
	}
}

// Edit replaces an earlier message (chat.update). A message that is gone
// or can no longer be edited is ErrUndeliverable.
func (b *Bot) Edit(ctx context.Context, chat, ts string, msg talk.Message) error {
	channel, ok := chatOf(chat)
	if !ok || ts == "" {
		return fmt.Errorf("slack cannot edit %q in %q: %w", ts, chat, talk.ErrUndeliverable)
	}
	if err := b.update(ctx, channel, ts, msg, forNotices); err != nil {
		return fmt.Errorf("slack edit %s in %s: %w", ts, channel, undeliverable(err))
	}
	b.changed(talk.Target{Platform: platform, Chat: chat})
	return nil
}
