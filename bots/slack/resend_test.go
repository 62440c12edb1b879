package slack_test

import (
	"net/http"
	"testing"

	"github.com/repairdesk/repairdesk/talk"
)

// A notice whose photos reached the channel before its text failed is
// sent again by the dispatcher, whole: the photos are not posted twice.
func TestNoticeSentAgainPostsItsPhotosOnce(t *testing.T) {
	r := newRig(t, socketMode, &recorder{}, nil)
	ctx := t.Context()
	id, err := r.store.PutPhoto(ctx, pngBytes(t), "image/png")
	if err != nil {
		t.Fatal(err)
	}
	to := talk.Target{Platform: "slack", Chat: r.bot.DispatchChat()}
	msg := talk.Message{Text: "#1001 Leaking tap", Photos: []string{id}, Rows: claimRows}
	r.srv.FailStatus("chat.postMessage", 3, http.StatusInternalServerError)
	if _, err := r.bot.Send(ctx, to, msg); err == nil {
		t.Fatal("Send succeeded while Slack failed the text")
	}
	ts, err := r.bot.Send(ctx, to, msg)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(r.srv.Uploads()); n != 1 {
		t.Errorf("the photo was uploaded %d times, want once", n)
	}
	if post, _ := r.srv.Last(dispatch); post.TS != ts || post.Body() != "#1001 Leaking tap" {
		t.Errorf("Send returned %q; the last post is %+v", ts, post)
	}

	// Sent whole at the first try, the next notice has its photos again.
	if _, err := r.bot.Send(ctx, to, talk.Message{Text: "#1002 Broken window", Photos: []string{id}, Rows: claimRows}); err != nil {
		t.Fatal(err)
	}
	if n := len(r.srv.Uploads()); n != 2 {
		t.Errorf("%d uploads after a second notice, want 2", n)
	}
}
