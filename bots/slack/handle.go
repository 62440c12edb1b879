package slack

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"github.com/repairdesk/repairdesk/bots/internal/edge"
	"github.com/repairdesk/repairdesk/bots/internal/lanes"
	"github.com/repairdesk/repairdesk/bots/internal/photo"
	"github.com/repairdesk/repairdesk/bots/internal/units"
	"github.com/repairdesk/repairdesk/talk"
)

// handleTimeout bounds one event: the desk's turn and the answer's
// writes, including waits Slack asks for.
const handleTimeout = 3 * time.Minute

// errClosing refuses an event while the adapter shuts down: Slack
// delivers it again, after the restart or to another copy.
var errClosing = errors.New("slack: shutting down")

// receive takes an event from Slack into the inbox, behind the earlier
// ones of the same person. One with Slack's id for it is kept in the store
// first: an error means it is not, and Slack must deliver it again.
func (b *Bot) receive(ctx context.Context, ev *event) error {
	if ev.team == "" {
		ev.team = b.team()
	}
	ev.lane = laneOf(ev.team, ev.user)
	if ev.once == "" {
		if b.inbox.Push(ev.lane, ev) == lanes.Closed {
			return errClosing
		}
		return nil
	}
	data, err := keep(ev)
	if err != nil {
		return err
	}
	_, err = b.inbox.Take(ctx, ev.lane, ev.once, ev, data)
	return err
}

// handle answers one event. One that arrived again after it was handled
// is caught before (edge.Inbox); one handed over again after a crash
// carries its key to the desk, which acts on it once.
//
// It returns an error when an answer did not get through and Slack may
// take it later (it failed, or asked to wait): the inbox then hands the
// event over again, and the desk answers it again without acting twice.
func (b *Bot) handle(ctx context.Context, ev *event) error {
	ctx, cancel := context.WithTimeout(ctx, handleTimeout)
	defer cancel()
	ev.unanswered = nil // this try's, not the last one's
	var in talk.Input
	defer func() {
		if edge.Caught(recover(), b.log, "slack: panic while handling an event", "kind", ev.what(), "account", in.Account) {
			b.tell(ctx, ev, in, say(in.Lang, "failed"))
		}
	}()
	if ev.ownDM {
		b.people.learnDM(ev.user, ev.channel)
	}
	b.fillQuote(ctx, ev)
	in = b.input(ctx, ev)
	b.serve(ctx, ev, in)
	return ev.unanswered
}

// input is the neutral form of ev. A profile Slack could not tell leaves
// Lang and Name empty: the desk uses what it knows.
func (b *Bot) input(ctx context.Context, ev *event) talk.Input {
	pr := b.people.profile(ctx, ev.user)
	in := talk.Input{
		Platform: platform, Account: account(ev.team, ev.user), Group: ev.group(),
		Lang: pr.lang, Name: pr.name,
		Kind: ev.kind, Text: ev.text, Command: ev.command, Token: ev.token, MessageID: ev.ts,
		Background: ev.refresh, Key: ev.once, ReplyTo: ev.thread, Quote: ev.quote,
	}
	switch {
	case ev.channel != "":
		in.Chat = chat(ev.channel)
	default:
		// The Home tab belongs to the person's DM with the bot.
		if dm, err := b.people.dm(ctx, ev.user, forAnswers); err == nil {
			in.Chat = chat(dm)
		} else {
			in.Chat = in.Account
		}
	}
	return in
}

// serve gets the desk's answers to ev and delivers them.
func (b *Bot) serve(ctx context.Context, ev *event, in talk.Input) {
	switch {
	case ev.reply != "":
		b.respond(ctx, ev, in, note(say(in.Lang, ev.reply)))
	case ev.home:
		b.publishHome(ctx, ev, in)
	case ev.report != nil:
		b.fileForm(ctx, ev, in)
	case ev.kind == talk.KindButton && ev.token == formToken,
		ev.kind == talk.KindCommand && ev.command == "form":
		b.openForm(ctx, ev, in)
	case len(ev.files) > 0:
		// Each picture is one input, as if sent one by one; the text
		// typed with them goes with the first.
		for i, f := range ev.files {
			id, err := b.fetch(ctx, f)
			if err != nil {
				key := "photo_failed"
				if errors.Is(err, photo.ErrTooBig) {
					key = "photo_too_big"
				} else {
					b.log.Warn("slack: picture not taken", "account", in.Account, "file", f.ID, "err", err)
				}
				b.respond(ctx, ev, in, note(say(in.Lang, key)))
				continue
			}
			one := in
			one.Kind, one.Photo = talk.KindPhoto, id
			if i > 0 {
				one.Text = ""
				if one.Key != "" {
					// Each picture is an input of its own to the desk.
					one.Key += "/" + strconv.Itoa(i)
				}
			}
			b.respond(ctx, ev, one, b.ask(ctx, one))
		}
	default:
		b.respond(ctx, ev, in, b.ask(ctx, in))
		if ev.fromHome {
			// What was pressed on the Home tab may have changed what it
			// shows (an urged ticket, a claimed job).
			b.publishHome(ctx, ev, in)
		}
	}
}

// ask hands one input to the desk.
func (b *Bot) ask(ctx context.Context, in talk.Input) talk.Response {
	resp, err := b.engine.Handle(ctx, in)
	if err != nil {
		b.log.Error("slack: the desk failed to answer", "account", in.Account, "kind", in.Kind, "err", err)
		if len(resp.Messages) == 0 {
			resp = note(say(in.Lang, "failed"))
		}
	}
	return resp
}

// note is an answer of one short text.
func note(text string) talk.Response {
	return talk.Response{Toast: text, Messages: []talk.Message{{Text: text}}}
}

// tell says text to the person after a failure, never panicking again.
func (b *Bot) tell(ctx context.Context, ev *event, in talk.Input, text string) {
	defer func() { edge.Caught(recover(), b.log, "slack: panic while reporting a failure") }()
	b.respond(ctx, ev, in, note(text))
}

// respond delivers the desk's answer in the person's DM with the bot,
// wherever the input came from. A button pressed in the DM may have its
// message replaced (Edit); one pressed in a channel never does, since
// that message is the channel's: there the toast is shown to the person
// alone (an ephemeral message), as Slack has no toasts.
func (b *Bot) respond(ctx context.Context, ev *event, in talk.Input, resp talk.Response) {
	n := len(resp.Messages)
	resp.Messages = b.askInForm(ctx, ev, in, resp.Messages)
	asked := len(resp.Messages) < n // in a modal, which says enough
	if ev.group() && (ev.kind == talk.KindButton || ev.kind == talk.KindReaction) && resp.Toast != "" && !asked {
		err := b.call(ctx, ev.channel, forAnswers, func(ctx context.Context) error {
			_, err := b.api.PostEphemeralContext(ctx, ev.channel, ev.user, slack.MsgOptionText(units.Clip(resp.Toast, maxFallback), true))
			return err
		})
		if err != nil {
			b.log.Debug("slack: toast not shown", "channel", ev.channel, "err", err)
		}
	}
	if len(resp.Messages) == 0 {
		return
	}
	dm, err := b.people.dm(ctx, ev.user, forAnswers)
	if err != nil {
		b.log.Error("slack: no DM with the person; answer dropped", "account", in.Account, "err", err)
		return
	}
	editTS := ""
	if ev.channel == dm && !ev.group() {
		editTS = ev.ts
	}
	if err := b.deliverAnswer(ctx, dm, in.Account, resp.Messages, editTS, in.Key); err != nil {
		b.log.Error("slack: answer not delivered", "account", in.Account, "err", err)
		if undeliverable(err) == err && !refused(err) {
			ev.unanswered = err // it may pass: keep the event to answer again
		}
	}
}

// deliverAnswer delivers an answer's messages to account's DM, and the
// file a message carries after its words, skipping the steps an earlier
// try of the same event got through (edge.Progress).
func (b *Bot) deliverAnswer(ctx context.Context, dm, account string, msgs []talk.Message, editTS, key string) error {
	return b.progress.Deliver(key, msgs, func(m talk.Message, edit bool) error {
		ts := ""
		if edit {
			ts = editTS
		}
		return b.deliver(ctx, dm, []talk.Message{m}, ts)
	}, func(f *talk.File) error { return b.sendFile(ctx, dm, account, f) })
}

// deliver sends msgs in order to channel. The first message marked Edit
// replaces message editTS instead, or is sent anew when Slack will not
// edit it (deleted, or too old).
func (b *Bot) deliver(ctx context.Context, channel string, msgs []talk.Message, editTS string) error {
	for _, m := range msgs {
		if m.Edit && editTS != "" && len(m.Photos) == 0 {
			ts := editTS
			editTS = ""
			err := b.update(ctx, channel, ts, m, forAnswers)
			if err == nil {
				continue
			}
			if !goneErrors[slackError(err)] {
				return err
			}
			b.log.Debug("slack: message not edited, sending anew", "channel", channel, "ts", ts, "err", err)
		}
		if _, err := b.post(ctx, channel, m, forAnswers); err != nil {
			return err
		}
	}
	return nil
}
