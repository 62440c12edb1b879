package telegram_test

import (
	"log/slog"
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/bots/telegram/telegramtest"
	"github.com/repairdesk/repairdesk/conversation"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/notice"
	"github.com/repairdesk/repairdesk/repo/repotest"
)

// The real desk through Telegram: a person registers, sharing their phone
// with Telegram's button and a photo; their ticket is posted in the
// dispatch group; a technician claims it there, is answered in private,
// and the group's post changes to "claimed by".
func TestRealDeskThroughTelegram(t *testing.T) {
	srv := telegramtest.NewServer(token)
	t.Cleanup(srv.Close)
	r := &rig{t: t, srv: srv}
	r.store = repotest.Open(t)
	ctx := t.Context()
	if _, err := r.store.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	svc := desk.NewService(r.store, r.store, r.store, r.store)
	engine := conversation.New(svc, r.store, logger)
	r.start(deskEngine{engine})
	dispatcher := notice.NewDispatcher(svc, r.store, logger, r.bot)
	flush := func() {
		t.Helper()
		if left, _, err := dispatcher.Flush(ctx); err != nil || left != 0 {
			t.Fatalf("notices: %d left, %v", left, err)
		}
	}

	// Alice registers.
	dm := telegramtest.Private(alice)
	srv.SendCommand(alice, dm, "start", "")
	r.waitFor("the name question", func() bool { return strings.Contains(srv.Last(alice.ID).Text, "Your name?") })
	keep, ok := srv.Last(alice.ID).Button("Alice Smith")
	if !ok {
		t.Fatalf("no button to keep Telegram's name:\n%s", srv.Transcript(alice.ID))
	}
	srv.Press(alice, srv.Last(alice.ID), keep.Data)
	r.waitFor("the phone question", func() bool { return strings.Contains(srv.Last(alice.ID).Text, "phone number") })
	ask := srv.Last(alice.ID)
	if len(ask.ReplyKeyboard) != 1 || !ask.ReplyKeyboard[0][0].RequestContact || ask.ReplyKeyboard[0][0].Text != "📱 Share my phone" {
		t.Fatalf("phone question keyboard: %+v", ask.ReplyKeyboard)
	}
	srv.SendContact(alice, dm, "+86 138 0000 0001", alice.ID)
	r.waitFor("the department question", func() bool { return strings.Contains(srv.Last(alice.ID).Text, "department") })
	if !srv.Last(alice.ID).RemoveKeyboard {
		t.Errorf("the share button stays after the phone was given")
	}
	srv.SendText(alice, dm, "Library")
	r.waitFor("registration", func() bool { return strings.Contains(srv.Transcript(alice.ID), "You are registered, Alice Smith") })

	// A photo she sends reaches the store.
	shot := pngPhoto(t, 10)
	before := len(srv.MessagesTo(alice.ID))
	srv.SendPhoto(alice, dm, shot, "")
	r.waitFor("an answer to the photo", func() bool { return len(srv.MessagesTo(alice.ID)) > before })

	// Her ticket, and carol, a registered technician.
	user, err := svc.Account(ctx, "telegram:101", "en")
	if err != nil || !user.Registered || user.Phone == "" {
		t.Fatalf("alice: %+v, %v", user, err)
	}
	cat := desk.DefaultCatalog()
	ticket, err := svc.Report(ctx, user, desk.Report{
		Location:    desk.Location{Zone: cat.Zones[0].Name, Building: cat.Zones[0].Buildings[0], Room: "101"},
		ProblemType: cat.ProblemTypes[0], Title: "Lamp out", Description: "The reading lamp is dead", Contact: user.Phone,
	})
	if err != nil {
		t.Fatal(err)
	}
	tech, err := svc.Account(ctx, "telegram:103", "en")
	if err == nil {
		tech, err = svc.Register(ctx, tech, desk.Profile{Name: "Carol", Phone: "13800000003", Department: "Maintenance"})
	}
	if err == nil {
		_, err = svc.GrantBootstrap(ctx, tech.ID, desk.RoleTechnician)
	}
	if err != nil {
		t.Fatal(err)
	}
	srv.SendCommand(carol, telegramtest.Private(carol), "help", "")
	r.said(carol.ID, 1)

	flush()
	post := r.said(techs.ID, 1)[0]
	if !strings.Contains(post.Text, "Lamp out") {
		t.Errorf("dispatch post: %q", post.Text)
	}
	var claim telegramtest.Button
	for _, row := range post.Buttons {
		for _, b := range row {
			if strings.HasPrefix(b.Data, "t:claim:") {
				claim = b
			}
		}
	}
	if claim.Data == "" {
		t.Fatalf("no claim button on the post: %+v", post.Buttons)
	}

	srv.Press(carol, post, claim.Data)
	r.waitFor("carol's answer", func() bool { return strings.Contains(srv.Transcript(carol.ID), "You claimed") })
	if n := len(srv.MessagesTo(techs.ID)); n != 1 {
		t.Errorf("%d messages in the group, want the post alone", n)
	}
	flush()
	r.waitFor("the post to change", func() bool { return strings.Contains(srv.MessagesTo(techs.ID)[0].Text, "Claimed by Carol") })
	if p := srv.MessagesTo(techs.ID)[0]; p.ID != post.ID || len(p.Buttons) != 0 {
		t.Errorf("post after the claim: %+v", p)
	}
	// The claim is told in the post's thread too: a reply to it.
	r.waitFor("the claim in the thread", func() bool { return len(srv.MessagesTo(techs.ID)) == 2 })
	if line := srv.Last(techs.ID); line.ReplyTo != post.ID || !strings.Contains(line.Text, "claimed by Carol") {
		t.Errorf("thread after the claim: %+v", line)
	}
	if !strings.Contains(srv.Transcript(alice.ID), "was claimed by Carol") {
		t.Errorf("alice was not told:\n%s", srv.Transcript(alice.ID))
	}
	if got, err := r.store.Get(ctx, ticket.ID); err != nil || got.State != desk.Accepted {
		t.Errorf("ticket: %+v, %v", got, err)
	}
}
