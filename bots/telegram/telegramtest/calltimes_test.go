package telegramtest_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/bots/telegram/telegramtest"
)

// Each call records when it arrived and the retry_after a 429 asked for,
// so that a test can tell whether the bot waited it out.
func TestCallsRecordTimeAndRetryAfter(t *testing.T) {
	srv := telegramtest.NewServer(token)
	defer srv.Close()
	srv.SendText(alice, telegramtest.Private(alice), "hi") // so the bot may write
	srv.FailMethod("sendMessage", 1, http.StatusTooManyRequests, 7)
	before := time.Now()
	for range 2 {
		res, err := http.Post(srv.URL+"/bot"+srv.Token+"/sendMessage", "application/json",
			strings.NewReader(`{"chat_id":5,"text":"hello"}`))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	calls := srv.Calls("sendMessage")
	if len(calls) != 2 {
		t.Fatalf("got %d calls, want 2", len(calls))
	}
	if c := calls[0]; c.Status != http.StatusTooManyRequests || c.RetryAfter != 7 {
		t.Errorf("first call: status %d, retry_after %d; want 429, 7", c.Status, c.RetryAfter)
	}
	if c := calls[1]; c.Status != http.StatusOK || c.RetryAfter != 0 {
		t.Errorf("second call: status %d, retry_after %d; want 200, 0", c.Status, c.RetryAfter)
	}
	if calls[0].At.Before(before) || calls[1].At.Before(calls[0].At) {
		t.Errorf("call times %v, %v: want in order, after %v", calls[0].At, calls[1].At, before)
	}
}
