package telegram_test

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/bots/telegram"
	"github.com/repairdesk/repairdesk/bots/telegram/telegramtest"
	"github.com/repairdesk/repairdesk/repo/repotest"
)

const secret = "s3cret_-token"

// With a webhook, updates come only with the secret: a request without it
// is refused with 401, counted, and not handled.
func TestWebhookRequiresTheSecret(t *testing.T) {
	h := &recorder{}
	var bot *telegram.Bot
	mux := http.NewServeMux()
	mux.Handle("/hook/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { bot.WebhookHandler().ServeHTTP(w, r) }))
	front := httptest.NewServer(mux)
	t.Cleanup(front.Close)
	r := newRig(t, h, func(c *telegram.Config) {
		c.WebhookURL, c.WebhookSecret = front.URL+"/hook/telegram", secret
	})
	bot = r.bot
	if p := bot.WebhookPath(); p != "/hook/telegram" {
		t.Errorf("WebhookPath = %q", p)
	}

	r.waitFor("the webhook", func() bool { u, _ := r.srv.Webhook(); return u != "" })
	if u, s := r.srv.Webhook(); u != front.URL+"/hook/telegram" || s != secret {
		t.Fatalf("webhook set to %q with secret %q", u, s)
	}
	forged := `{"update_id":900,"message":{"message_id":1,"date":1700000000,"chat":{"id":101,"type":"private"},` +
		`"from":{"id":101,"is_bot":false,"first_name":"Mallory"},"text":"/admin"}}`
	for _, header := range []string{"", "wrong", secret + "x"} {
		req, _ := http.NewRequest(http.MethodPost, front.URL+"/hook/telegram", strings.NewReader(forged))
		if header != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", header)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("secret %q: status %d, want 401", header, res.StatusCode)
		}
	}
	if n := r.bot.WebhookRejected(); n != 3 {
		t.Errorf("WebhookRejected = %d, want 3", n)
	}

	// Telegram's own delivery carries the secret and is handled, once
	// even when delivered twice.
	id := r.srv.SendText(alice, telegramtest.Private(alice), "hello by webhook")
	r.said(alice.ID, 1)
	r.srv.Redeliver(id)
	r.srv.SendText(alice, telegramtest.Private(alice), "second")
	r.said(alice.ID, 2)
	got := h.got()
	if len(got) != 2 || got[0].Text != "hello by webhook" || got[1].Text != "second" {
		t.Errorf("handled %+v", got)
	}
	if n := r.srv.Handed(id); n != 2 {
		t.Errorf("the update was delivered %d times, want 2", n)
	}
	if r.srv.Polls() != 0 {
		t.Errorf("the bot polled while on a webhook")
	}
}

// With ListenAddr, Run serves the webhook itself at the URL's path.
func TestWebhookServedOnListenAddr(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	h := &recorder{}
	r := newRig(t, h, func(c *telegram.Config) {
		c.WebhookURL, c.WebhookSecret, c.ListenAddr = "http://"+addr+"/tg", secret, addr
	})
	r.srv.SendCommand(bob, telegramtest.Private(bob), "start", "")
	r.said(bob.ID, 1)
	res, err := http.Post("http://"+addr+"/tg", "application/json", strings.NewReader(`{"update_id":1}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized || r.bot.WebhookRejected() != 1 {
		t.Errorf("a post without the secret: %d, rejected %d", res.StatusCode, r.bot.WebhookRejected())
	}
	r.stop()
	if _, err := http.Post("http://"+addr+"/tg", "application/json", strings.NewReader(`{}`)); err == nil {
		t.Errorf("the webhook is still served after Run returned")
	}
}

// A webhook without a secret is a configuration error.
func TestWebhookNeedsASecret(t *testing.T) {
	store := repotest.Open(t)
	for _, s := range []string{"", "has space", strings.Repeat("x", 257)} {
		_, err := telegram.New(telegram.Config{Token: token, WebhookURL: "https://desk.example.org/tg", WebhookSecret: s},
			&recorder{}, store, store, nil)
		if err == nil {
			t.Errorf("secret %q accepted", s)
		}
	}
}
