package main

import (
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/bots/telegram/telegramtest"
)

// telegramLounge is a group the bot is in where people talk.
const telegramLounge = -1000000000333

// tgThreads are the fake Telegram's groups read as threads: a message
// replying to a ticket's post is in its thread.
type tgThreads struct{ srv *telegramtest.Server }

var _ threads = tgThreads{}

// post finds the post of ref in g: the bot's first message about it that
// replies to nothing (its words are a photo's caption when it has one).
func (th tgThreads) post(g group, ref string) (telegramtest.Message, bool) {
	for _, m := range th.srv.MessagesTo(telegramGroup(g)) {
		if m.ReplyTo == 0 && m.Body() != "" && strings.Contains(m.Body(), ref) {
			return m, true
		}
	}
	return telegramtest.Message{}, false
}

func (th tgThreads) thread(g group, ref string) (string, []string, []string) {
	head, ok := th.post(g, ref)
	if !ok {
		return "", nil, nil
	}
	var replies, others []string
	for _, m := range th.srv.Messages(head.Chat) {
		switch {
		case m.ReplyTo == head.ID:
			replies = append(replies, m.Body())
		case m.FromBot && m.ID != head.ID && strings.Contains(m.Body(), ref):
			others = append(others, m.Body())
		}
	}
	return head.Body(), replies, others
}

func (th tgThreads) replyIn(p person, g group, ref, text string) {
	tp := p.(*tgPerson)
	head, ok := th.post(g, ref)
	if !ok {
		tp.t.Fatalf("no post of %s in %d", ref, telegramGroup(g))
	}
	th.srv.Reply(tp.user, telegramtest.Group(telegramGroup(g), "group"), head.ID, text)
}

// TestTelegramThreads: on Telegram, a ticket's whole life is its post in
// each group and the replies to it; a technician answers the requester
// by replying to the post and hears back there, and a note stays among
// staff; "/report" sent in reply to a message with a photo makes a
// report from it, filled in and sent.
func TestTelegramThreads(t *testing.T) {
	t.Parallel() // each runs its own program, and mostly waits on it
	srv := telegramtestServer(t)
	tg := tgPeople(t, srv)
	root, alice, tom, sue := tg(900, "Root"), tg(101, "Alice"), tg(201, "Tom"), tg(301, "Sue")
	env := telegramEnv(srv)
	env["WEB_CHAT"], env["ADMINS"] = "false", root.account()
	startDesk(t, env)
	for _, p := range []*tgPerson{root, alice, tom, sue} {
		register(p, p.phone(), "Campus")
	}
	grant(root, tom.account(), "+ Technician")
	grant(root, sue.account(), "+ Supervisor")
	gs, th := tgGroups{srv}, tgThreads{srv}
	everyStateInThreads(t, gs, th, alice, tom, sue, alice.phone())

	// Sue posts a photo in the lounge; Alice answers it with /report.
	lounge := telegramtest.Group(telegramLounge, "Lounge")
	shot := []byte("\xff\xd8\xff\xe0 heater photo")
	said := srv.MessageID(srv.SendPhoto(sue.user, lounge, shot, "The heater in room 301 is cold."))
	n := alice.seen()
	srv.Reply(alice.user, lounge, said, "/report")
	alice.expect(n, "Reporting this message as a fault")
	alice.expect(n, "Which zone?")
	fromMessageToSummary(alice, alice.phone())
	alice.expect(0, "Photos: 1")
	alice.press("✅ Submit", "Submitted", "#1002")
	waitForPost(t, gs, dispatch, "#1002 with its photo", func(p post) bool { return strings.Contains(p.body, "#1002") })
	if got := srv.MessagesTo(telegramLounge); len(got) != 0 {
		t.Errorf("the bot wrote in the lounge: %+v", got)
	}
	tom.pressIn(dispatch, "🙋 接单 Claim", "You claimed #1002")
	repliesThroughThread(t, th, alice, tom, "#1002")
}
