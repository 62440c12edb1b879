package slack

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"

	"github.com/slack-go/slack"

	"github.com/repairdesk/repairdesk/bots/internal/edge"
)

// maxRequestBytes bounds a request from Slack: an event or an interaction
// is a few kilobytes, a modal's state some more.
const maxRequestBytes = 1 << 20

// Handler serves Slack's requests in HTTP mode, at the request URLs the
// app's configuration names:
//
//	POST /slack/events         Events API (and its URL verification)
//	POST /slack/interactivity  button presses, modal submissions
//	POST /slack/commands       the /repair slash command
//
// Every request must carry a valid v0 signature made with the signing
// secret, within five minutes of its timestamp; any other is answered 401
// and nothing is handled. A request is answered as soon as its event is
// kept in the store, within Slack's three seconds; the work follows.
func (b *Bot) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST /slack/events", b.signed(b.httpEvent))
	mux.Handle("POST /slack/interactivity", b.signed(b.httpInteraction))
	mux.Handle("POST /slack/commands", b.signed(b.httpCommand))
	return mux
}

// signed checks a request's signature and timestamp before fn sees its
// body. A panic in fn is logged and answered 500.
func (b *Bot) signed(fn func(w http.ResponseWriter, r *http.Request, body []byte)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if edge.Caught(recover(), b.log, "slack: panic while reading a request", "path", r.URL.Path) {
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBytes+1))
		if err != nil || len(body) > maxRequestBytes {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		if err := b.verify(r.Header, body); err != nil {
			n := b.rejected.Add(1)
			b.log.Warn("slack: request refused", "path", r.URL.Path, "remote", r.RemoteAddr, "err", err, "refused_so_far", n)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		fn(w, r, body)
	})
}

// verify checks Slack's v0 signature of body, and that its timestamp is
// within five minutes of now (slack.NewSecretsVerifier), so that a
// recorded request cannot be replayed later.
func (b *Bot) verify(h http.Header, body []byte) error {
	if b.cfg.SigningSecret == "" {
		return errors.New("no signing secret configured")
	}
	v, err := slack.NewSecretsVerifier(h, b.cfg.SigningSecret)
	if err != nil {
		return err
	}
	if _, err := v.Write(body); err != nil {
		return err
	}
	return v.Ensure()
}

func (b *Bot) httpEvent(w http.ResponseWriter, r *http.Request, body []byte) {
	var probe struct {
		Type      string `json:"type"`
		Challenge string `json:"challenge"`
	}
	if err := json.Unmarshal(body, &probe); err != nil {
		http.Error(w, "bad event", http.StatusBadRequest)
		return
	}
	if probe.Type == "url_verification" {
		writeJSON(w, map[string]string{"challenge": probe.Challenge})
		return
	}
	ev, err := b.readCallback(body)
	if err != nil {
		b.log.Warn("slack: event unreadable", "err", err)
		http.Error(w, "bad event", http.StatusBadRequest)
		return
	}
	if n := r.Header.Get("X-Slack-Retry-Num"); n != "" {
		b.log.Debug("slack: event delivered again", "retry", n, "reason", r.Header.Get("X-Slack-Retry-Reason"))
	}
	b.accept(w, r, ev, nil)
}

func (b *Bot) httpInteraction(w http.ResponseWriter, r *http.Request, body []byte) {
	form, err := url.ParseQuery(string(body))
	var ic slack.InteractionCallback
	if err == nil {
		err = json.Unmarshal([]byte(form.Get("payload")), &ic)
	}
	if err != nil {
		http.Error(w, "bad payload", http.StatusBadRequest)
		return
	}
	if payload, handled := b.modalSubmission(r.Context(), &ic); handled {
		writeJSON(w, payload)
		return
	}
	b.accept(w, r, b.readInteraction(&ic), nil)
}

func (b *Bot) httpCommand(w http.ResponseWriter, r *http.Request, body []byte) {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "bad command", http.StatusBadRequest)
		return
	}
	cmd := slack.SlashCommand{
		TeamID: form.Get("team_id"), ChannelID: form.Get("channel_id"), ChannelName: form.Get("channel_name"),
		UserID: form.Get("user_id"), UserName: form.Get("user_name"), Command: form.Get("command"),
		Text: form.Get("text"), TriggerID: form.Get("trigger_id"), ResponseURL: form.Get("response_url"),
	}
	ev := b.readCommand(&cmd)
	b.accept(w, r, ev, b.commandReply(ev))
}

// accept keeps ev and then answers Slack: 200, with payload if any. An
// event that cannot be kept is answered 503, and Slack delivers it again
// later; a flood is answered 200 and dropped.
func (b *Bot) accept(w http.ResponseWriter, r *http.Request, ev *event, payload any) {
	if ev != nil {
		if err := b.receive(r.Context(), ev); err != nil {
			b.log.Warn("slack: event not kept; Slack delivers it again", "kind", ev.what(), "err", err)
			http.Error(w, "not now", http.StatusServiceUnavailable)
			return
		}
	}
	if payload != nil {
		writeJSON(w, payload)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
