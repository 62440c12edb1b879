package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/bots/slack/fakeslack"
	"github.com/repairdesk/repairdesk/bots/telegram/telegramtest"
)

// Requests a platform's adapter refuses at its door, a webhook post
// without Telegram's secret or an event without Slack's signature, are
// counted on /metrics by platform, from zero.
func TestRejectedRequestsOnMetrics(t *testing.T) {
	tg := telegramtest.NewServer("4242:metrics-token")
	t.Cleanup(tg.Close)
	sl := fakeslack.New()
	t.Cleanup(sl.Close)
	env := map[string]string{
		"TELEGRAM_TOKEN": tg.Token, "TELEGRAM_API_URL": tg.URL,
		"TELEGRAM_WEBHOOK_URL": "https://desk.example.org/tg/hook", "TELEGRAM_WEBHOOK_SECRET": "right-secret",
		"SLACK_BOT_TOKEN": sl.BotToken, "SLACK_SIGNING_SECRET": sl.SigningSecret, "SLACK_API_URL": sl.APIURL,
	}
	addr := freeAddr(t)
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"-http", addr, "-data", t.TempDir()}, func(k string) string { return env[k] }, io.Discard, io.Discard)
	}()
	defer func() {
		stop()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Error("did not stop within 30 s")
		}
	}()
	base := "http://" + addr
	waitUntil(t, "the desk to be ready", func() bool {
		res, err := http.Get(base + "/readyz")
		if err == nil {
			res.Body.Close()
		}
		return err == nil && res.StatusCode == http.StatusOK
	}, func() string { return "" })
	metrics := func() string {
		t.Helper()
		res, err := http.Get(base + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return string(b)
	}
	post := func(path string, header http.Header) int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, base+path, strings.NewReader(`{"update_id":1}`))
		for k, v := range header {
			req.Header[k] = v
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}

	for _, want := range []string{`repairdesk_requests_rejected_total{platform="telegram"} 0`,
		`repairdesk_requests_rejected_total{platform="slack"} 0`} {
		if !strings.Contains(metrics(), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	for _, h := range []http.Header{{}, {"X-Telegram-Bot-Api-Secret-Token": {"wrong"}}} {
		if code := post("/tg/hook", h); code != http.StatusUnauthorized {
			t.Errorf("a webhook post without the secret: %d", code)
		}
	}
	for range 3 {
		if code := post("/slack/events", http.Header{"X-Slack-Signature": {"v0=forged"},
			"X-Slack-Request-Timestamp": {"1"}}); code != http.StatusUnauthorized {
			t.Errorf("an unsigned event: %d", code)
		}
	}
	got := metrics()
	for _, want := range []string{`repairdesk_requests_rejected_total{platform="telegram"} 2`,
		`repairdesk_requests_rejected_total{platform="slack"} 3`} {
		if !strings.Contains(got, want) {
			t.Errorf("/metrics lacks %q:\n%s", want, grep(got, "rejected"))
		}
	}
}

// grep is the lines of s that hold word.
func grep(s, word string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, word) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
