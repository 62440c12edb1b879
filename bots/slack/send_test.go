package slack_test

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/bots/slack/fakeslack"
	"github.com/repairdesk/repairdesk/talk"
)

var claimRows = []talk.Row{{Buttons: []talk.Button{{Label: "Claim", Token: "t:claim:1001"}}}}

// The dispatcher's sends: to a channel, to a person's DM (opened once),
// and the edit that replaces a post.
func TestSendAndEdit(t *testing.T) {
	r := newRig(t, socketMode, &recorder{}, nil)
	ctx := t.Context()
	if r.bot.Platform() != "slack" || r.bot.DispatchChat() != "slack:"+dispatch || r.bot.SupervisorChat() != "slack:"+supervisor {
		t.Errorf("platform %q, chats %q %q", r.bot.Platform(), r.bot.DispatchChat(), r.bot.SupervisorChat())
	}
	ts, err := r.bot.Send(ctx, talk.Target{Platform: "slack", Chat: r.bot.DispatchChat()},
		talk.Message{Text: "#1001 Leaking tap", Rows: claimRows})
	if err != nil || ts == "" {
		t.Fatalf("Send to the dispatch channel: %q, %v", ts, err)
	}
	post, _ := r.srv.Last(dispatch)
	if btn, ok := post.Button("Claim"); post.TS != ts || !ok || btn.Value != "t:claim:1001" {
		t.Errorf("posted %+v", post)
	}
	if err := r.bot.Edit(ctx, "slack:"+dispatch, ts, talk.Message{Text: "#1001 claimed by Tom"}); err != nil {
		t.Fatalf("Edit: %v", err)
	}
	post, _ = r.srv.Last(dispatch)
	if post.TS != ts || post.Edits != 1 || post.Body() != "#1001 claimed by Tom" || len(post.Buttons()) != 0 {
		t.Errorf("after the edit: %+v", post)
	}

	for range 2 {
		if _, err := r.bot.Send(ctx, talk.Target{Platform: "slack", Account: "slack:" + team + "/" + bo},
			talk.Message{Text: "您的工单 #1001 已被接单"}); err != nil {
			t.Fatalf("Send to an account: %v", err)
		}
	}
	if got := r.dm(bo, 2); got[1].Body() != "您的工单 #1001 已被接单" {
		t.Errorf("DM says %q", got[1].Body())
	}
	if n := len(r.srv.Calls("conversations.open")); n != 1 {
		t.Errorf("conversations.open called %d times, want once", n)
	}
}

// Targets that will never take a message are ErrUndeliverable, so the
// dispatcher drops them instead of retrying for ever.
func TestUndeliverable(t *testing.T) {
	r := newRig(t, socketMode, &recorder{}, nil)
	ctx := t.Context()
	r.srv.RemoveChannel(supervisor)
	msg := talk.Message{Text: "hello"}
	for name, send := range map[string]func() error{
		"channel-gone": func() error {
			_, err := r.bot.Send(ctx, talk.Target{Chat: r.bot.SupervisorChat()}, msg)
			return err
		},
		"unknown-person": func() error {
			_, err := r.bot.Send(ctx, talk.Target{Account: "slack:" + team + "/U0NOBODY"}, msg)
			return err
		},
		"other-platform": func() error {
			_, err := r.bot.Send(ctx, talk.Target{Account: "telegram:42"}, msg)
			return err
		},
		"message-gone": func() error { return r.bot.Edit(ctx, "slack:"+dispatch, "1.000001", msg) },
		"no-message":   func() error { return r.bot.Edit(ctx, "slack:"+dispatch, "", msg) },
	} {
		t.Run(name, func(t *testing.T) {
			if err := send(); !errors.Is(err, talk.ErrUndeliverable) {
				t.Errorf("got %v, want ErrUndeliverable", err)
			}
		})
	}
	// An outage is not undeliverable: the dispatcher tries again later.
	r.srv.FailStatus("chat.postMessage", 10, 503)
	_, err := r.bot.Send(ctx, talk.Target{Chat: r.bot.DispatchChat()}, msg)
	if err == nil || errors.Is(err, talk.ErrUndeliverable) {
		t.Errorf("during an outage: %v, want a retryable error", err)
	}
}

// A 429 is waited out and the message goes through; a long wait is handed
// back to the dispatcher as *talk.RateLimited at once.
func TestRateLimited(t *testing.T) {
	rec := &recorder{}
	r := newRig(t, socketMode, rec, nil)
	ctx := t.Context()

	r.srv.RateLimit("chat.postMessage", 1, 1)
	start := time.Now()
	if _, err := r.bot.Send(ctx, talk.Target{Chat: r.bot.DispatchChat()}, talk.Message{Text: "one"}); err != nil {
		t.Fatalf("Send after a short 429: %v", err)
	}
	if waited := time.Since(start); waited < time.Second {
		t.Errorf("sent again after %v, before Retry-After", waited)
	}
	calls := r.srv.Calls("chat.postMessage")
	if len(calls) != 2 || calls[0].Status != 429 || calls[1].Status != 200 {
		t.Errorf("calls %+v", calls)
	}

	r.srv.RateLimit("chat.postMessage", 1, 30)
	start = time.Now()
	_, err := r.bot.Send(ctx, talk.Target{Chat: r.bot.DispatchChat()}, talk.Message{Text: "two"})
	var limited *talk.RateLimited
	if !errors.As(err, &limited) || limited.Wait != 30*time.Second {
		t.Fatalf("Send after a long 429: %v, want RateLimited 30s", err)
	}
	if w, ok := talk.RetryAfter(err); !ok || w != 30*time.Second || time.Since(start) > 5*time.Second {
		t.Errorf("RetryAfter %v %v after %v", w, ok, time.Since(start))
	}

	// An answer to a person waits out a 429 too.
	r.srv.RateLimit("chat.postMessage", 1, 1)
	r.srv.SendDM(alice, "hi")
	if got := r.dm(alice, 1)[0].Body(); got != "got text hi" {
		t.Errorf("answer %q", got)
	}
	// A Slack outage on one call is tried again.
	r.srv.FailStatus("chat.postMessage", 1, 500)
	r.srv.SendDM(alice, "again")
	if got := r.dm(alice, 2)[1].Body(); got != "got text again" {
		t.Errorf("answer %q", got)
	}
}

func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A picture shared in the DM is downloaded with the bot token, kept in the
// photo store and handed to the desk; the desk's photos are uploaded and
// shared into the DM.
func TestPhotos(t *testing.T) {
	rec := &recorder{answer: func(in talk.Input) (talk.Response, error) {
		if in.Kind == talk.KindPhoto {
			return talk.Response{Messages: []talk.Message{{Text: "Photo added: " + in.Text, Photos: []string{in.Photo}}}}, nil
		}
		return echo(in), nil
	}}
	r := newRig(t, socketMode, rec, nil)
	data := pngBytes(t)
	r.acked(r.srv.ShareFile(alice, "tap.png", "image/png", data, "the tap <drips>"))
	in := rec.wait(t, r.srv, 1)[0]
	if in.Kind != talk.KindPhoto || in.Photo == "" || in.Text != "the tap <drips>" {
		t.Fatalf("shared picture read as %+v", in)
	}
	stored, mime, err := r.store.Photo(t.Context(), in.Photo)
	if err != nil || !bytes.Equal(stored, data) || mime != "image/png" {
		t.Errorf("stored %d bytes %q %v", len(stored), mime, err)
	}
	downloads := r.srv.Downloads()
	if len(downloads) != 1 || !downloads[0].Authorized {
		t.Errorf("downloads %+v, want one with the bot token", downloads)
	}
	if got := r.dm(alice, 2); got[1].Body() != "Photo added: the tap <drips>" {
		t.Errorf("answer %q", bodies(got))
	}
	uploads := r.srv.Uploads()
	if len(uploads) != 1 || !bytes.Equal(uploads[0].Data, data) || uploads[0].Channel != fakeslack.DMOf(alice) {
		t.Fatalf("uploads %+v", uploads)
	}
	for _, m := range []string{"files.getUploadURLExternal", "upload", "files.completeUploadExternal"} {
		if len(r.srv.Calls(m)) != 1 {
			t.Errorf("%s called %d times", m, len(r.srv.Calls(m)))
		}
	}

	// Not pictures: a document, and a "picture" that is not one.
	r.srv.ShareFile(alice, "manual.pdf", "application/pdf", []byte("%PDF-1.4"), "")
	r.srv.ShareFile(alice, "fake.png", "image/png", []byte("just text, not an image"), "")
	got := r.dm(alice, 4)
	if got[2].Body() != "Please send text or a picture." || got[3].Body() != "The picture did not come through, please send it again." {
		t.Errorf("answers %q", bodies(got[2:]))
	}
	if n := len(rec.got()); n != 1 {
		t.Errorf("the desk got %d inputs, want only the picture", n)
	}
}

// The desk's messages as Block Kit: escaped mrkdwn, buttons carrying
// their tokens with unique action ids, a long text split within Slack's
// limits with the buttons on the last message; every message is one the
// fake (which checks those limits) accepted.
func TestBlockKit(t *testing.T) {
	long := strings.Repeat("A pipe <burst> & the floor is wet. ", 400) // ~14,000 characters
	var rows []talk.Row
	for i := range 12 {
		var row talk.Row
		for j := range 3 {
			row.Buttons = append(row.Buttons, talk.Button{Label: "#" + string(rune('A'+i)) + string(rune('0'+j)), Token: "t:detail:" + string(rune('1'+j))})
		}
		rows = append(rows, row)
	}
	rec := &recorder{answer: func(in talk.Input) (talk.Response, error) {
		switch in.Text {
		case "long":
			return talk.Response{Messages: []talk.Message{{Text: long, Rows: rows}}}, nil
		case "wide":
			row := talk.Row{}
			for i := range 60 {
				row.Buttons = append(row.Buttons, talk.Button{Label: strings.Repeat("x", 100) + string(rune('a'+i%26)), Token: "m:faq"})
			}
			return talk.Response{Messages: []talk.Message{{Text: "Many", Rows: []talk.Row{row, {Buttons: []talk.Button{{Label: "No token"}}}}}}}, nil
		}
		return echo(in), nil
	}}
	r := newRig(t, socketMode, rec, nil)
	r.srv.SendDM(alice, "long")
	r.srv.WaitFor(wait, func() bool { return len(rec.got()) == 1 && r.bot != nil })
	if !r.srv.WaitFor(wait, func() bool {
		ms := r.srv.BotMessagesTo(alice)
		return len(ms) > 0 && len(ms[len(ms)-1].Buttons()) > 0
	}) {
		t.Fatalf("the buttons never came: %d messages", len(r.srv.BotMessagesTo(alice)))
	}
	ms := r.srv.BotMessagesTo(alice)
	var text strings.Builder
	for i, m := range ms {
		if len(m.Blocks) > 50 {
			t.Errorf("message %d has %d blocks", i, len(m.Blocks))
		}
		for _, b := range m.Blocks {
			if b.Type == "section" && strings.Contains(b.Text.Text, "<") {
				t.Errorf("unescaped mrkdwn: %.60q", b.Text.Text)
			}
			if b.Type == "section" && len([]rune(b.Text.Text)) > 3000 {
				t.Errorf("section of %d characters", len([]rune(b.Text.Text)))
			}
		}
		if i < len(ms)-1 && len(m.Buttons()) > 0 {
			t.Errorf("buttons on message %d of %d", i, len(ms))
		}
		text.WriteString(m.Body())
	}
	if got := strings.Join(strings.Fields(text.String()), " "); got != strings.TrimSpace(long) {
		t.Errorf("the text read back differs (%d characters, want %d)", len(got), len(strings.TrimSpace(long)))
	}
	buttons := ms[len(ms)-1].Buttons()
	if len(buttons) != 36 || buttons[0].Label != "#A0" || buttons[0].Value != "t:detail:1" || buttons[35].Value != "t:detail:3" {
		t.Errorf("buttons %+v", buttons)
	}
	for _, c := range r.srv.Calls("chat.postMessage") {
		if c.Error != "" {
			t.Errorf("Slack refused a message: %s", c.Error)
		}
	}

	r.srv.SendDM(alice, "wide")
	if !r.srv.WaitFor(wait, func() bool { last, _ := r.srv.Last(fakeslack.DMOf(alice)); return last.Body() == "Many" }) {
		t.Fatalf("the wide message never came; calls %+v", r.srv.Calls("chat.postMessage")[len(ms):])
	}
	last, _ := r.srv.Last(fakeslack.DMOf(alice))
	if n := len(last.Buttons()); n != 60 {
		t.Errorf("%d buttons, want 60 (the one without a token left out)", n)
	}
	for _, b := range last.Buttons() {
		if len([]rune(b.Label)) > 75 {
			t.Errorf("label of %d characters", len([]rune(b.Label)))
		}
	}
}

// A button pressed in the DM may have its message replaced; one pressed
// in a channel never does: the toast is shown to the person alone and
// the answer goes to the DM.
func TestButtonAnswers(t *testing.T) {
	rec := &recorder{answer: func(in talk.Input) (talk.Response, error) {
		switch {
		case in.Kind == talk.KindButton && in.Group:
			return talk.Response{Toast: "Claimed #1001", Messages: []talk.Message{{Text: "You claimed #1001", Edit: true}}}, nil
		case in.Kind == talk.KindButton:
			return talk.Response{Toast: "ok", Messages: []talk.Message{{Text: "Chosen: " + in.Token, Edit: true}, {Text: "Next question"}}}, nil
		}
		return withButtons(in)
	}}
	r := newRig(t, httpMode, rec, nil)
	r.srv.SendDM(alice, "start")
	question := r.dm(alice, 1)[0]
	yes, _ := question.Button("Yes")
	r.srv.Press(alice, question, yes)
	got := r.dm(alice, 2)
	if len(got) != 2 || got[0].TS != question.TS || got[0].Edits != 1 || got[0].Body() != "Chosen: d:1:yes" ||
		len(got[0].Buttons()) != 0 || got[1].Body() != "Next question" {
		t.Errorf("after the press: %q (edits %d)", bodies(got), got[0].Edits)
	}

	ts, err := r.bot.Send(t.Context(), talk.Target{Chat: r.bot.DispatchChat()}, talk.Message{Text: "#1001", Rows: claimRows})
	if err != nil {
		t.Fatal(err)
	}
	post, _ := r.srv.Last(dispatch)
	claim, _ := post.Button("Claim")
	r.srv.Press(bo, post, claim)
	if got := r.dm(bo, 1)[0]; got.Body() != "You claimed #1001" {
		t.Errorf("answer in the DM: %q", got.Body())
	}
	if post, _ = r.srv.Last(dispatch); post.TS != ts || post.Edits != 0 {
		t.Errorf("the channel's post was changed: %+v", post)
	}
	if !r.srv.WaitFor(wait, func() bool { return len(r.srv.Ephemerals(bo)) == 1 }) {
		t.Fatal("no toast in the channel")
	}
	if e := r.srv.Ephemerals(bo)[0]; e.Channel != dispatch || e.Body() != "Claimed #1001" {
		t.Errorf("toast %+v", e)
	}
}
