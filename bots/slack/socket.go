package slack

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/repairdesk/repairdesk/bots/internal/edge"
)

// runSocket receives events over Socket Mode until ctx ends. slack-go's
// client keeps the websocket open and reconnects when Slack asks; this
// loop acknowledges each envelope as soon as its event is kept in the
// store, well within Slack's three seconds, and the inbox does the work
// after.
func (b *Bot) runSocket(ctx context.Context) error {
	sm := socketmode.New(b.client, socketmode.OptionLog(logWriter{b.log}))
	done := make(chan error, 1)
	go func() { done <- sm.RunContext(ctx) }()
	for {
		select {
		case err := <-done:
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("slack: socket mode: %w", err)
		case e := <-sm.Events:
			b.socketEvent(ctx, sm, e)
		}
	}
}

// socketEvent takes one thing the Socket Mode client reports. A panic
// here would end the program; it is logged instead, and the envelope is
// left unacknowledged for Slack to deliver again.
func (b *Bot) socketEvent(ctx context.Context, sm *socketmode.Client, e socketmode.Event) {
	defer func() {
		edge.Caught(recover(), b.log, "slack: panic while reading a Socket Mode envelope", "type", e.Type)
	}()
	switch e.Type {
	case socketmode.EventTypeConnecting:
		b.log.Debug("slack: connecting to Socket Mode")
	case socketmode.EventTypeConnected:
		b.log.Info("slack: Socket Mode connected")
	case socketmode.EventTypeConnectionError, socketmode.EventTypeIncomingError, socketmode.EventTypeErrorWriteFailed:
		if ctx.Err() != nil {
			return // the connection closing at shutdown
		}
		b.log.Warn("slack: Socket Mode trouble", "type", e.Type, "data", fmt.Sprint(e.Data))
	case socketmode.EventTypeErrorBadMessage:
		// An event slack-go cannot parse (a type it does not know) is
		// still acknowledged, or Slack would send it again and again.
		if bad, ok := e.Data.(*socketmode.ErrorBadMessage); ok {
			var env struct {
				EnvelopeID string `json:"envelope_id"`
			}
			if json.Unmarshal(bad.Message, &env) == nil && env.EnvelopeID != "" {
				b.ack(ctx, sm, env.EnvelopeID, nil)
			}
			b.log.Debug("slack: envelope not understood", "err", bad.Cause)
		}
	case socketmode.EventTypeEventsAPI:
		if e.Request == nil {
			return
		}
		ev, err := b.readCallback(e.Request.Payload)
		if err != nil {
			b.log.Warn("slack: event unreadable", "err", err)
		}
		b.take(ctx, sm, e.Request.EnvelopeID, ev, nil)
	case socketmode.EventTypeInteractive:
		ic, ok := e.Data.(slack.InteractionCallback)
		if !ok || e.Request == nil {
			return
		}
		if payload, handled := b.modalSubmission(ctx, &ic); handled {
			b.ack(ctx, sm, e.Request.EnvelopeID, payload)
			return
		}
		b.take(ctx, sm, e.Request.EnvelopeID, b.readInteraction(&ic), nil)
	case socketmode.EventTypeSlashCommand:
		cmd, ok := e.Data.(slack.SlashCommand)
		if !ok || e.Request == nil {
			return
		}
		ev := b.readCommand(&cmd)
		b.take(ctx, sm, e.Request.EnvelopeID, ev, b.commandReply(ev))
	}
}

// take keeps ev and then acknowledges its envelope. An event that cannot
// be kept is left unacknowledged: Slack delivers it again, to this
// program or, after a restart, to the next.
func (b *Bot) take(ctx context.Context, sm *socketmode.Client, envelope string, ev *event, payload any) {
	if ev != nil {
		if err := b.receive(ctx, ev); err != nil {
			b.log.Warn("slack: event not kept; Slack delivers it again", "kind", ev.what(), "err", err)
			return
		}
	}
	b.ack(ctx, sm, envelope, payload)
}

func (b *Bot) ack(ctx context.Context, sm *socketmode.Client, envelope string, payload any) {
	if err := sm.AckCtx(ctx, envelope, payload); err != nil && ctx.Err() == nil {
		b.log.Warn("slack: envelope not acknowledged", "envelope", envelope, "err", err)
	}
}

// commandReply is the immediate answer to a slash command typed outside
// the DM with the bot, shown to the person alone: the desk's answer is in
// the DM. Inside the DM nothing is needed.
func (b *Bot) commandReply(ev *event) any {
	if ev == nil || !ev.group() {
		return nil
	}
	lang := b.people.cachedLang(ev.user)
	return map[string]string{"response_type": "ephemeral", "text": say(lang, "answered_dm")}
}
