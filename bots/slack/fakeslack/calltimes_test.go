package fakeslack_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/repairdesk/repairdesk/bots/slack/fakeslack"
)

// Each call records when it arrived and the Retry-After a 429 asked for,
// so that a test can tell whether the bot waited it out.
func TestCallsRecordTimeAndRetryAfter(t *testing.T) {
	srv := fakeslack.New()
	defer srv.Close()
	srv.AddChannel("C0D", "repairs")
	srv.RateLimit("chat.postMessage", 1, 7)
	api := client(srv, srv.BotToken)
	before := time.Now()
	for range 2 {
		_, _, _ = api.PostMessageContext(context.Background(), "C0D", slack.MsgOptionText("hello", false))
	}
	calls := srv.Calls("chat.postMessage")
	if len(calls) != 2 {
		t.Fatalf("got %d calls, want 2", len(calls))
	}
	if c := calls[0]; c.Status != http.StatusTooManyRequests || c.RetryAfter != 7 {
		t.Errorf("first call: status %d, Retry-After %d; want 429, 7", c.Status, c.RetryAfter)
	}
	if c := calls[1]; c.Status != http.StatusOK || c.RetryAfter != 0 {
		t.Errorf("second call: status %d, Retry-After %d; want 200, 0", c.Status, c.RetryAfter)
	}
	if calls[0].At.Before(before) || calls[1].At.Before(calls[0].At) {
		t.Errorf("call times %v, %v: want in order, after %v", calls[0].At, calls[1].At, before)
	}
}
