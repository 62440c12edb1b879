package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/bots/slack/fakeslack"
)

// slackGeneral is a channel the desk is in where people talk.
const slackGeneral = "C0GENERAL"

// slThreads are the fake Slack's threads.
type slThreads struct{ srv *fakeslack.Server }

var _ threads = slThreads{}

// post finds the top-level post of ref in g.
func (th slThreads) post(g group, ref string) (fakeslack.Message, bool) {
	for _, m := range th.srv.TopLevel(slackChannel(g)) {
		if m.User == th.srv.BotUser && len(m.Blocks) > 0 && strings.Contains(m.Body(), ref) {
			return m, true
		}
	}
	return fakeslack.Message{}, false
}

func (th slThreads) thread(g group, ref string) (string, []string, []string) {
	head, ok := th.post(g, ref)
	if !ok {
		return "", nil, nil
	}
	var replies, others []string
	for _, m := range th.srv.Thread(head.Channel, head.TS) {
		replies = append(replies, m.Body())
	}
	for _, m := range th.srv.TopLevel(head.Channel) {
		// The post's photos go before it, as file shares.
		if m.User == th.srv.BotUser && m.TS != head.TS && len(m.Files) == 0 && strings.Contains(m.Body(), ref) {
			others = append(others, m.Body())
		}
	}
	return head.Body(), replies, others
}

func (th slThreads) replyIn(p person, g group, ref, text string) {
	sp := p.(*slPerson)
	head, ok := th.post(g, ref)
	if !ok {
		sp.t.Fatalf("no post of %s in %s", ref, slackChannel(g))
	}
	th.srv.ReplyIn(sp.user.ID, head.Channel, head.TS, text)
}

// TestSlackThreads: on Slack, a ticket's whole life is its post in each
// channel and the thread under it; a technician answers the requester
// in the thread and hears back there, and a note stays among staff; a
// 🎫 on a message and the "Report as a fault" shortcut each make a
// report from it, filled in and sent.
func TestSlackThreads(t *testing.T) {
	t.Parallel() // each runs its own program, and mostly waits on it
	srv := newFakeSlack(t)
	srv.AddChannel(slackGeneral, "general")
	root := slackPerson(t, srv, "U0ROOT", "Root")
	alice := slackPerson(t, srv, "U0ALICE", "Alice")
	tom := slackPerson(t, srv, "U0TOM", "Tom")
	sue := slackPerson(t, srv, "U0SUE", "Sue")
	env := slackEnv(srv)
	env["WEB_CHAT"], env["ADMINS"] = "false", root.account()
	startDesk(t, env)
	for i, p := range []*slPerson{root, alice, tom, sue} {
		register(p, fmt.Sprintf("1390000%04d", i), "Campus")
	}
	grant(root, tom.account(), "+ Technician")
	grant(root, sue.account(), "+ Supervisor")
	gs, th := slGroups{srv}, slThreads{srv}
	everyStateInThreads(t, gs, th, alice, tom, sue, "13900000001")

	// A 🎫 on what Alice said in a channel: her report, in her DM.
	said, _ := srv.Say(alice.user.ID, slackGeneral, "The heater in room 301 is cold.")
	n := alice.seen()
	srv.React(tom.user.ID, said, "ticket")
	alice.expect(n, "Reporting this message as a fault")
	alice.expect(n, "Which zone?")
	fromMessageToSummary(alice, "13900000001")
	alice.press("✅ Submit", "Submitted", "#1002")
	waitForPost(t, gs, dispatch, "#1002 in the dispatch channel", func(p post) bool { return strings.Contains(p.body, "#1002") })
	tom.pressIn(dispatch, "🙋 接单 Claim", "You claimed #1002")
	repliesThroughThread(t, th, alice, tom, "#1002")

	// The shortcut on a message with a picture: the form, filled in.
	shot := []byte("\x89PNG\r\n\x1a\n projector")
	said, _ = srv.Say(sue.user.ID, slackGeneral, "The projector in room 105 flickers.",
		fakeslack.File{Name: "projector.png", Mimetype: "image/png", Data: shot})
	before := len(srv.Modals())
	srv.Shortcut(alice.user.ID, said, "report_message")
	waitUntil(t, "the report form", func() bool { return len(srv.Modals()) > before }, alice.transcript)
	form := srv.Modals()[len(srv.Modals())-1]
	if form.User != alice.user.ID {
		t.Fatalf("form: %+v", form)
	}
	for _, b := range form.Blocks {
		if b.BlockID == "title" && (b.Element == nil || b.Element.InitialValue != "The projector in room 105 flickers.") {
			t.Errorf("the form's title: %+v", b.Element)
		}
	}
	alice.do(func() {
		srv.Submit(alice.user.ID, form, map[string]string{"where": "A区 North|A1 教学楼 Teaching", "problem": "电气 Electrical"})
	}, "Submitted", "#1003")
	waitForPost(t, gs, dispatch, "#1003 with the message's picture", func(p post) bool { return strings.Contains(p.body, "#1003") })
	uploads := srv.Uploads()
	if n := len(uploads); n == 0 || string(uploads[n-1].Data) != string(shot) {
		t.Errorf("the picture of the reported message did not go with #1003: %d uploads", n)
	}
}
