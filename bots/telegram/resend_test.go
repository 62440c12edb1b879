package telegram_test

import (
	"net/http"
	"testing"

	"github.com/repairdesk/repairdesk/talk"
)

// A notice whose photos reached the group before its text failed is sent
// again by the dispatcher, whole: the photos are not posted twice.
func TestNoticeSentAgainPostsItsPhotosOnce(t *testing.T) {
	r := newRig(t, &recorder{})
	ctx := t.Context()
	// Two photos: an album carries no buttons, so the words and the
	// Claim button follow it in a message of their own.
	id, err := r.store.PutPhoto(ctx, pngPhoto(t, 90), "image/png")
	if err != nil {
		t.Fatal(err)
	}
	id2, err := r.store.PutPhoto(ctx, pngPhoto(t, 91), "image/png")
	if err != nil {
		t.Fatal(err)
	}
	to := talk.Target{Platform: "telegram", Chat: r.bot.DispatchChat()}
	claim := []talk.Row{{Buttons: []talk.Button{{Label: "Claim", Token: "t:claim:7"}}}}
	msg := talk.Message{Text: "New ticket #7", Photos: []string{id, id2}, Rows: claim}
	r.srv.FailMethod("sendMessage", 3, http.StatusInternalServerError, 0)
	if _, err := r.bot.Send(ctx, to, msg); err == nil {
		t.Fatal("Send succeeded while Telegram failed the text")
	}
	post, err := r.bot.Send(ctx, to, msg)
	if err != nil {
		t.Fatal(err)
	}
	photos, texts := 0, 0
	for _, m := range r.srv.MessagesTo(techs.ID) {
		if len(m.Photo) > 0 {
			photos++
		} else {
			texts++
			if itoa(m.ID) != post {
				t.Errorf("Send returned %q, the post is message %d", post, m.ID)
			}
		}
	}
	if photos != 2 || texts != 1 {
		t.Errorf("%d photos and %d texts in the group, want the album's two and one text", photos, texts)
	}

	// Sent whole at the first try, the next notice has its photos again.
	if _, err := r.bot.Send(ctx, to, talk.Message{Text: "New ticket #8", Photos: []string{id, id2}, Rows: claim}); err != nil {
		t.Fatal(err)
	}
	if n := len(r.srv.MessagesTo(techs.ID)); n != 6 {
		t.Errorf("%d messages in the group after a second notice, want 6", n)
	}
}
