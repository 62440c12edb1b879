package main

import (
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/bots/slack/fakeslack"
)

// The tests here kill the desk (SIGKILL) while it is handling inputs, as
// a crash or a power cut would, and start it again on the same data:
// each input must be answered after the restart, and act once.

// Alice's Submit, whose answer was on its way, and Bob's photo, whose
// download was under way, when the desk died: after the restart Alice is
// given her ticket's number, and one ticket is open; Bob's photo is
// downloaded again and joins his report.
func TestTelegramInputsSurviveCrash(t *testing.T) {
	t.Parallel()
	srv := telegramtestServer(t)
	alice := &tgPerson{t, srv, tgUser(101, "Alice")}
	bob := &tgPerson{t, srv, tgUser(102, "Bob")}
	env := telegramEnv(srv)
	env["WEB_CHAT"] = "false"
	dir := t.TempDir()
	desk := startDeskIn(t, env, dir)
	// Each person's chat is paced on its own: taking turns, they go as
	// fast as one.
	for _, step := range []func(p *tgPerson){
		func(p *tgPerson) { p.command("start", "name?") },
		func(p *tgPerson) { p.press(p.name(), "phone") },
		func(p *tgPerson) { p.sharePhone(p.phone(), "department") },
		func(p *tgPerson) { p.say("Campus", "registered") },
		func(p *tgPerson) { p.command("report", "Which zone?") },
		func(p *tgPerson) { p.press("A区 North", "which building?") },
		func(p *tgPerson) { p.press("A1 教学楼 Teaching", "Which room?") },
		func(p *tgPerson) { p.say("101", "Detailed address?") },
		func(p *tgPerson) { p.press("Skip", "What kind of problem?") },
		func(p *tgPerson) { p.press("门窗 Doors & windows", "title") },
		func(p *tgPerson) { p.say("Door lock broken", "Describe the fault") },
		func(p *tgPerson) { p.say("The lock of room 101 does not close.", "photos") },
	} {
		step(alice)
		step(bob)
	}
	alice.press("Skip", "When would you like the repair?")
	alice.press("Any time", "Contact phone?")
	alice.press("Use "+alice.phone(), "Please check your report")

	// Telegram stops answering: the answer to Alice's Submit and the
	// download of Bob's photo hang, and the desk dies while they do.
	srv.Hang("sendMessage", alice.user.ID)
	srv.Hang("getFile", 0)
	m, b := alice.find(alice.user.ID, "✅ Submit")
	aliceSeen, bobSeen := alice.seen(), bob.seen()
	srv.Press(alice.user, m, b.Data)
	srv.SendPhoto(bob.user, bob.chat(), []byte("\xff\xd8\xff\xe0 lock photo"), "")
	waitUntil(t, "the Submit's answer and the photo's download to hang", func() bool { return srv.Hanging() == 2 },
		func() string { return srv.Transcript(alice.user.ID) + srv.Transcript(bob.user.ID) })
	desk.kill(t)
	srv.Unhang()

	startDeskIn(t, env, dir)
	alice.expect(aliceSeen, "Submitted, waiting for a technician", "#1001")
	bob.expect(bobSeen, "Got 1 photo")
	alice.command("mine", "#1001")
	if got := srv.Transcript(alice.user.ID); strings.Contains(got, "#1002") {
		t.Errorf("a second ticket was opened:\n%s", got)
	}
	bob.press("Done", "When would you like the repair?")
}

// A Slack message whose answer was on its way when the desk died is
// answered after the restart, and acts once.
func TestSlackMessageAnsweredAfterCrash(t *testing.T) {
	t.Parallel()
	srv := newFakeSlack(t)
	alice := slackPerson(t, srv, "U0ALICE", "Alice")
	env := slackEnv(srv)
	env["WEB_CHAT"] = "false"
	dir := t.TempDir()
	desk := startDeskIn(t, env, dir)
	alice.command("start", "name?")
	alice.press(alice.name(), "phone")
	alice.sharePhone("13900000001", "department")

	srv.Hang("chat.postMessage", fakeslack.DMOf(alice.user.ID))
	seen := alice.seen()
	srv.SendDM(alice.user.ID, "Campus")
	waitUntil(t, "the answer to be on its way", func() bool { return srv.Hanging() > 0 }, alice.transcript)
	desk.kill(t)
	srv.Unhang()

	startDeskIn(t, env, dir)
	alice.expect(seen, "registered")
	// Taken twice, the department would have been the answer to the
	// next question.
	alice.command("me", "Campus")
}
