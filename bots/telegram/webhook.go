package telegram

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/repairdesk/repairdesk/bots/internal/edge"
)

// maxUpdateBytes bounds a webhook request: an update is a few kilobytes.
const maxUpdateBytes = 1 << 20

// secretHeader is where Telegram puts the webhook's secret_token.
const secretHeader = "X-Telegram-Bot-Api-Secret-Token"

// WebhookHandler receives updates Telegram posts to the webhook. It is the
// adapter's own rather than the library's, which answers 200 to a request
// without the secret: this one answers 401 and counts it (WebhookRejected),
// so that probing shows. An update is answered 200 only once it is kept
// in the store; one that cannot be kept is answered 503, and Telegram
// delivers it again later.
func (b *Bot) WebhookHandler() http.Handler {
	secret := []byte(b.cfg.WebhookSecret)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		got := []byte(r.Header.Get(secretHeader))
		if len(secret) == 0 || subtle.ConstantTimeCompare(got, secret) != 1 {
			n := b.rejected.Add(1)
			b.log.Warn("telegram: webhook request without the secret refused", "remote", r.RemoteAddr, "refused_so_far", n)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		raw, err := io.ReadAll(io.LimitReader(r.Body, maxUpdateBytes))
		var u models.Update
		if err == nil {
			err = json.Unmarshal(raw, &u)
		}
		if err != nil {
			b.log.Warn("telegram: webhook update unreadable", "err", err)
			http.Error(w, "bad update", http.StatusBadRequest)
			return
		}
		if err := b.receive(r.Context(), &u, raw); err != nil {
			b.log.Warn("telegram: webhook update not kept; Telegram delivers it again", "update", u.ID, "err", err)
			http.Error(w, "not now", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}

// WebhookPath is the path of the webhook URL, where a program serving
// WebhookHandler itself mounts it; "" without a webhook.
func (b *Bot) WebhookPath() string {
	if b.cfg.WebhookURL == "" {
		return ""
	}
	if u, err := url.Parse(b.cfg.WebhookURL); err == nil && u.Path != "" {
		return u.Path
	}
	return "/"
}

// WebhookRejected is how many webhook requests came without the right
// secret, for metrics.
func (b *Bot) WebhookRejected() int64 { return b.rejected.Load() }

// runWebhook registers the webhook with Telegram and, with ListenAddr
// set, serves it until ctx ends. The webhook stays registered on exit:
// another copy of the program may be serving it.
func (b *Bot) runWebhook(ctx context.Context) error {
	err := edge.Retry(ctx, b.log, "telegram: webhook not set, retrying", func(ctx context.Context) error {
		_, err := b.api.SetWebhook(ctx, &tg.SetWebhookParams{URL: b.cfg.WebhookURL, SecretToken: b.cfg.WebhookSecret,
			AllowedUpdates: allowedUpdates})
		return err
	}, func(err error) bool { return errors.Is(err, tg.ErrorUnauthorized) })
	if err != nil || ctx.Err() != nil {
		return err
	}
	b.log.Info("telegram: receiving updates by webhook", "url", b.cfg.WebhookURL)
	// Served at the path of the webhook URL, as a proxy forwards it.
	mux := http.NewServeMux()
	mux.Handle(b.WebhookPath(), b.WebhookHandler())
	return edge.Listen(ctx, b.cfg.ListenAddr, mux, nil)
}
