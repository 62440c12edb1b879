package telegram_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/bots/telegram"
	"github.com/repairdesk/repairdesk/bots/telegram/telegramtest"
	"github.com/repairdesk/repairdesk/repo/repotest"
	"github.com/repairdesk/repairdesk/talk"
)

var dave = telegramtest.User{ID: 104, FirstName: "Dave", LanguageCode: "en"}

// A button pressed in a group is answered in the presser's private chat,
// never in the group; someone the bot may not write to yet is told, in a
// toast, to open a chat with it.
func TestGroupPressAnsweredInPrivate(t *testing.T) {
	h := &recorder{answer: func(in talk.Input) talk.Response {
		if in.Kind == talk.KindButton {
			return talk.Response{Messages: []talk.Message{{Text: "You claimed #7.", Edit: true}}}
		}
		return talk.Response{Messages: []talk.Message{{Text: "Welcome"}}}
	}}
	r := newRig(t, h)
	ctx := t.Context()
	post, err := r.bot.Send(ctx, talk.Target{Platform: "telegram", Chat: r.bot.DispatchChat()},
		talk.Message{Text: "New ticket #7", Rows: []talk.Row{{Buttons: []talk.Button{{Label: "Claim", Token: "t:claim:7"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	onGroup := r.said(techs.ID, 1)[0]
	if itoa(onGroup.ID) != post {
		t.Fatalf("Send returned %q for message %d", post, onGroup.ID)
	}

	r.srv.SendCommand(carol, telegramtest.Private(carol), "start", "")
	r.said(carol.ID, 1)
	r.srv.Press(carol, onGroup, "t:claim:7")
	ms := r.said(carol.ID, 2)
	if ms[1].Text != "You claimed #7." {
		t.Errorf("carol's private chat: %s", texts(ms))
	}
	r.waitFor("the toast", func() bool { return len(r.srv.Answers()) == 1 })
	if a := r.srv.Answers()[0]; !strings.Contains(a.Text, "private chat") {
		t.Errorf("toast = %q", a.Text)
	}
	if g := r.srv.MessagesTo(techs.ID); len(g) != 1 || g[0].Text != "New ticket #7" || g[0].Edits != 0 {
		t.Errorf("the group's post changed: %+v", g)
	}
	in := h.got()[1]
	if !in.Group || in.Chat != r.bot.DispatchChat() || in.Account != "telegram:103" || in.MessageID != post {
		t.Errorf("press = %+v", in)
	}

	// Dave never opened a chat with the bot.
	r.srv.Press(dave, onGroup, "t:claim:7")
	r.waitFor("dave's toast", func() bool { return len(r.srv.Answers()) == 2 })
	if a := r.srv.Answers()[1]; !strings.Contains(a.Text, "https://t.me/repairdesk_test_bot") ||
		a.URL != "https://t.me/repairdesk_test_bot?start=group" {
		t.Errorf("dave's answer = %+v", a)
	}
	// Typed in the group, the same hint goes to the group, as there is no
	// toast to show.
	r.srv.SendCommand(dave, techs, "jobs", "")
	r.waitFor("the hint in the group", func() bool { return len(r.srv.MessagesTo(techs.ID)) == 2 })
	if g := r.srv.Last(techs.ID); !strings.Contains(g.Text, "https://t.me/repairdesk_test_bot") {
		t.Errorf("hint in the group = %q", g.Text)
	}
}

// The dispatcher's sends: to a group or a person, edits of earlier posts,
// and errors it can act on.
func TestSender(t *testing.T) {
	r := newRig(t, &recorder{})
	ctx := t.Context()
	var s talk.Sender = r.bot
	if s.Platform() != "telegram" || s.DispatchChat() != "telegram:-1001000000001" || s.SupervisorChat() != "telegram:-1001000000002" {
		t.Fatalf("platform %q, chats %q %q", s.Platform(), s.DispatchChat(), s.SupervisorChat())
	}
	r.srv.SendCommand(alice, telegramtest.Private(alice), "start", "")
	r.said(alice.ID, 1)

	id, err := s.Send(ctx, talk.Target{Platform: "telegram", Account: "telegram:101"}, talk.Message{Text: "Your ticket #7 was claimed."})
	if err != nil || r.srv.Last(alice.ID).Text != "Your ticket #7 was claimed." {
		t.Fatalf("send to alice: %q, %v", id, err)
	}

	post, err := s.Send(ctx, talk.Target{Platform: "telegram", Chat: s.SupervisorChat()},
		talk.Message{Text: "Suspend #7?", Rows: []talk.Row{{Buttons: []talk.Button{{Label: "Approve", Token: "t:approve:7"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Edit(ctx, s.SupervisorChat(), post, talk.Message{Text: "Approved by Chen"}); err != nil {
		t.Fatal(err)
	}
	if m := r.srv.Last(leaders.ID); m.Text != "Approved by Chen" || len(m.Buttons) != 0 || m.Edits != 1 {
		t.Errorf("after the edit: %+v", m)
	}
	// The same edit again changes nothing, and is no error.
	if err := s.Edit(ctx, s.SupervisorChat(), post, talk.Message{Text: "Approved by Chen"}); err != nil {
		t.Errorf("repeated edit: %v", err)
	}

	for _, c := range []struct {
		name string
		err  func() error
	}{
		{"never-started", func() error {
			_, err := s.Send(ctx, talk.Target{Account: "telegram:104"}, talk.Message{Text: "hi"})
			return err
		}},
		{"other-platform", func() error {
			_, err := s.Send(ctx, talk.Target{Account: "slack:T1/U1"}, talk.Message{Text: "hi"})
			return err
		}},
		{"edit-missing-message", func() error {
			return s.Edit(ctx, s.DispatchChat(), "4242", talk.Message{Text: "Claimed"})
		}},
	} {
		t.Run("undeliverable/"+c.name, func(t *testing.T) {
			if err := c.err(); !errors.Is(err, talk.ErrUndeliverable) {
				t.Errorf("err = %v, want ErrUndeliverable", err)
			}
		})
	}

	t.Run("long-retry-after", func(t *testing.T) {
		r.srv.FailNext(1, 429, 30)
		start := time.Now()
		_, err := s.Send(ctx, talk.Target{Chat: s.DispatchChat()}, talk.Message{Text: "New ticket #8"})
		var rl *talk.RateLimited
		if !errors.As(err, &rl) || rl.Wait != 30*time.Second {
			t.Fatalf("err = %v, want RateLimited for 30s", err)
		}
		if w, ok := talk.RetryAfter(err); !ok || w != 30*time.Second {
			t.Errorf("RetryAfter = %v %v", w, ok)
		}
		// The chat is held back: the next notice is not even tried.
		calls := len(r.srv.Calls())
		_, err = s.Send(ctx, talk.Target{Chat: s.DispatchChat()}, talk.Message{Text: "New ticket #8"})
		if w, ok := talk.RetryAfter(err); !ok || w < 25*time.Second {
			t.Errorf("second send: %v, want RateLimited for the rest of the 30s", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("Send slept %v", d)
		}
		if n := len(r.srv.Calls()) - calls; n != 0 {
			t.Errorf("%d calls made to a chat held back", n)
		}
	})
	t.Run("short-retry-after", func(t *testing.T) {
		// Another chat: the dispatch chat is held back for the 30 s
		// Telegram asked for above.
		r.srv.FailNext(1, 429, 1)
		if _, err := s.Send(ctx, talk.Target{Chat: s.SupervisorChat()}, talk.Message{Text: "Urged: #9"}); err != nil {
			t.Fatalf("err = %v, want the send to wait and succeed", err)
		}
	})
}

// Bad configuration is refused, every problem at once.
func TestConfig(t *testing.T) {
	store := repotest.Open(t)
	_, err := telegram.New(telegram.Config{DispatchChat: "dispatch", SupervisorChat: "42", APIBase: "::"}, &recorder{}, store, store, nil)
	if err == nil {
		t.Fatal("accepted")
	}
	for _, want := range []string{"no bot token", "dispatch chat", "supervisor chat", "API base"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	b, err := telegram.New(telegram.Config{Token: token, DispatchChat: "telegram:@repair_dispatch"}, &recorder{}, store, store, nil)
	if err != nil {
		t.Fatal(err)
	}
	if b.DispatchChat() != "telegram:@repair_dispatch" || b.SupervisorChat() != "" {
		t.Errorf("chats %q %q", b.DispatchChat(), b.SupervisorChat())
	}
}

// A token Telegram refuses stops Run with an error, rather than retrying
// for ever.
func TestRunFailsOnARefusedToken(t *testing.T) {
	srv := telegramtest.NewServer(token)
	t.Cleanup(srv.Close)
	store := repotest.Open(t)
	b, err := telegram.New(telegram.Config{Token: "4242:wrong", APIBase: srv.URL}, &recorder{}, store, store, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), wait)
	defer cancel()
	if err := b.Run(ctx); err == nil || !strings.Contains(err.Error(), "token was refused") {
		t.Errorf("Run = %v", err)
	}
}
