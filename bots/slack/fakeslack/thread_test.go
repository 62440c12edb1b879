package fakeslack_test

import (
	"context"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/repairdesk/repairdesk/bots/slack/fakeslack"
)

// A reply names its thread with thread_ts: the thread of the message it
// names, or of that message's parent when it names a reply; a ts that
// names no message is refused.
func TestThreads(t *testing.T) {
	srv := fakeslack.New()
	defer srv.Close()
	srv.AddChannel("C0D", "repairs")
	ctx := context.Background()
	api := client(srv, srv.BotToken)
	_, head, err := api.PostMessageContext(ctx, "C0D", slack.MsgOptionText("the ticket", false))
	if err != nil {
		t.Fatal(err)
	}
	_, first, err := api.PostMessageContext(ctx, "C0D", slack.MsgOptionText("claimed", false), slack.MsgOptionTS(head))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := api.PostMessageContext(ctx, "C0D", slack.MsgOptionText("done", false), slack.MsgOptionTS(first)); err != nil {
		t.Fatal(err)
	}
	_, _, err = api.PostMessageContext(ctx, "C0D", slack.MsgOptionText("lost", false), slack.MsgOptionTS("1.000000"))
	if got := slackErr(err); got != "thread_not_found" {
		t.Errorf("reply to no message: %q, want thread_not_found", got)
	}
	if top := srv.TopLevel("C0D"); len(top) != 1 || top[0].TS != head {
		t.Errorf("the channel shows %+v, want the head alone", top)
	}
	th := srv.Thread("C0D", head)
	if len(th) != 2 || th[0].Text != "claimed" || th[1].Text != "done" {
		t.Errorf("thread: %+v", th)
	}
	if _, err := api.UploadFileContext(ctx, slack.UploadFileParameters{Reader: strings.NewReader("png"), FileSize: 3,
		Filename: "p.png", Channel: "C0D", ThreadTimestamp: head}); err != nil {
		t.Fatal(err)
	}
	if th := srv.Thread("C0D", head); len(th) != 3 || len(th[2].Files) != 1 {
		t.Errorf("a photo shared in the thread: %+v", th)
	}
}
